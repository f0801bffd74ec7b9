/**
 * Deterministic gates a dialogue must pass: structure, language, PII, duplicates, overlap and
 * diversity. It may use {@code config}, {@code dialogue} and {@code recipe}.
 */
package dev.parley.quality;
