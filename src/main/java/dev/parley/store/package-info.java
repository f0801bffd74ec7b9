/**
 * Persistence of runs, items and their states, versions, reviews, model calls and the response
 * cache, on H2 or PostgreSQL, one repository per aggregate. It may use {@code config}, {@code dialogue},
 * {@code recipe}, {@code llm}, {@code judge} (the verdicts its records carry) and {@code corpus}.
 */
package dev.parley.store;
