/**
 * Dialogue files a run reads (seed examples, reference and real data) and the inputs stored with a
 * run. It may use {@code dialogue}, {@code recipe}, {@code generate} and {@code quality}.
 */
package dev.parley.corpus;
