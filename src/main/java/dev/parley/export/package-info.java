/**
 * Training files, dataset card, manifest and report, built from what the store holds. It may use
 * every stage below it and {@code store}, but not {@code run}, {@code api}, {@code cli} or {@code bench}.
 */
package dev.parley.export;
