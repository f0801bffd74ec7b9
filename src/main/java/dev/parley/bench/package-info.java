/**
 * The local OpenAI-compatible stub server and the measurements the bench command takes. It may use
 * {@code config}, {@code dialogue}, {@code llm} and {@code store}; only {@code cli} uses it.
 */
package dev.parley.bench;
