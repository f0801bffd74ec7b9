package dev.parley.generate;

import java.util.Objects;

import dev.parley.plan.Cell;

/**
 * What one dialogue should be: everything the writer needs, nothing it must not see.
 *
 * @param systemPrompt the target assistant's system prompt
 * @param language     language code of the dialogue
 * @param cell         the coverage cell to realise
 * @param messages     exact number of messages, user and assistant together
 * @param seed         per-dialogue seed (sent to models that honour it, and used by the offline model)
 */
public record DialogueBrief(String systemPrompt, String language, Cell cell, int messages, long seed) {
    public DialogueBrief {
        Objects.requireNonNull(systemPrompt, "systemPrompt");
        Objects.requireNonNull(language, "language");
        Objects.requireNonNull(cell, "cell");
        if (messages < 2) {
            throw new IllegalArgumentException("a dialogue needs at least 2 messages");
        }
    }
}
