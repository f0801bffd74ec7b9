package dev.parley.quality;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import dev.parley.dialogue.Cell;
import dev.parley.dialogue.Dialogue;

/**
 * One check a dialogue must pass before it is judged or kept. Every gate runs the same way on a first
 * version, a revision and a person's edit: it either turns the dialogue away with a {@link Rejection}, or
 * lets it through, possibly changed (the personal-data gate in {@code redact} mode hands back the
 * redacted dialogue, which the gates after it and the judge then see).
 */
public interface Gate {

    /** The gate's stable name; its rejections carry this name or, for a gate with several findings, a finer one. */
    String name();

    /** Checks one dialogue. */
    Result check(Candidate candidate);

    /**
     * What a gate looks at.
     *
     * @param seq      the item's plan position, under which duplicate gates hold a dialogue that passes
     * @param dialogue the dialogue
     * @param language the language the item was written in (its cell's, or the recipe's)
     * @param cell     the item's plan cell (what the tool gates read the tool scenario from)
     */
    record Candidate(int seq, Dialogue dialogue, String language, Cell cell) {
        public Candidate {
            Objects.requireNonNull(dialogue, "dialogue");
            Objects.requireNonNull(language, "language");
            cell = cell == null ? new Cell(Map.of()) : cell;
        }

        /** An item whose cell no gate needs. */
        public Candidate(int seq, Dialogue dialogue, String language) {
            this(seq, dialogue, language, null);
        }

        /** The same item with another dialogue (what an earlier gate handed on). */
        public Candidate with(Dialogue changed) {
            return new Candidate(seq, changed, language, cell);
        }
    }

    /**
     * A gate's answer.
     *
     * @param dialogue  the dialogue as it goes on (the candidate's, or a changed one)
     * @param rejection why it was turned away, if it was
     */
    record Result(Dialogue dialogue, Optional<Rejection> rejection) {
        public Result {
            Objects.requireNonNull(dialogue, "dialogue");
            Objects.requireNonNull(rejection, "rejection");
        }

        /** Lets the dialogue through as it is. */
        public static Result pass(Dialogue dialogue) {
            return new Result(dialogue, Optional.empty());
        }

        /** Turns the dialogue away, or lets it through when there is no rejection. */
        public static Result of(Dialogue dialogue, Optional<Rejection> rejection) {
            return new Result(dialogue, rejection);
        }

        public boolean passed() {
            return rejection.isEmpty();
        }
    }
}
