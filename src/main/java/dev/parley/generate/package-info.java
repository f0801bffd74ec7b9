/**
 * Writing dialogues: the whole-dialogue writer, the role-play writer and seed examples. It may use
 * {@code config}, {@code dialogue}, {@code recipe}, {@code llm} and {@code plan}.
 */
package dev.parley.generate;
