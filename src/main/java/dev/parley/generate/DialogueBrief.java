package dev.parley.generate;

import java.util.List;
import java.util.Objects;

import dev.parley.dialogue.Cell;
import dev.parley.dialogue.Dialogue;

/**
 * What one dialogue should be: everything the writer needs, nothing it must not see.
 *
 * @param systemPrompt the target assistant's system prompt
 * @param language     language code of the dialogue
 * @param cell         the coverage cell to realise
 * @param messages     exact number of messages, user and assistant together
 * @param seed         per-dialogue seed (sent to models that honour it, and used by the offline model)
 * @param examples     real dialogues shown to the writer as style examples (none without seeds)
 */
public record DialogueBrief(String systemPrompt, String language, Cell cell, int messages, long seed,
        List<Dialogue> examples) {
    public DialogueBrief {
        examples = examples == null ? List.of() : List.copyOf(examples);
        Objects.requireNonNull(systemPrompt, "systemPrompt");
        Objects.requireNonNull(language, "language");
        Objects.requireNonNull(cell, "cell");
        if (messages < 2) {
            throw new IllegalArgumentException("a dialogue needs at least 2 messages");
        }
    }

    public DialogueBrief(String systemPrompt, String language, Cell cell, int messages, long seed) {
        this(systemPrompt, language, cell, messages, seed, List.of());
    }

    /** The same brief with another seed: a candidate sampled beside the one the item's own seed gives. */
    public DialogueBrief withSeed(long newSeed) {
        return new DialogueBrief(systemPrompt, language, cell, messages, newSeed, examples);
    }

    /** The same brief with these style examples. */
    public DialogueBrief withExamples(List<Dialogue> newExamples) {
        return new DialogueBrief(systemPrompt, language, cell, messages, seed, newExamples);
    }
}
