/**
 * Persistence of runs, items and their states, versions, reviews, model calls and the response
 * cache, on H2 or PostgreSQL. It may use {@code config}, {@code dialogue}, {@code recipe}, {@code llm}
 * and {@code corpus}.
 */
package dev.parley.store;
