/**
 * Rubric judging, judge panels and the revise loop. It may use {@code config}, {@code dialogue},
 * {@code recipe}, {@code llm} and {@code generate}.
 */
package dev.parley.judge;
