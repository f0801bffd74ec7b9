/**
 * Command-line commands. It may use {@code run}, {@code export}, {@code store}, the stages below them
 * and {@code bench} (for the bench command), but not {@code api}.
 */
package dev.parley.cli;
