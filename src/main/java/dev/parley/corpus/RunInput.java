package dev.parley.corpus;

/**
 * A file a run reads, stored with it.
 *
 * @param purpose what it is for (seed examples, a reference set), one per run
 * @param file    where it was read from
 * @param content its text
 */
public record RunInput(String purpose, String file, String content) {
}
