/**
 * The coverage grid, expanded dimensions and seeded sampling of the cells to write. It may use
 * {@code config}, {@code dialogue}, {@code recipe} and {@code llm}.
 */
package dev.parley.plan;
