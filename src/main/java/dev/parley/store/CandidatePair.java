package dev.parley.store;

import java.util.List;
import java.util.Objects;

import dev.parley.dialogue.Turn;

/**
 * A preference pair made on purpose from sampled candidates: two candidates that saw the same history, the
 * better one chosen and the worse one rejected by the judge's scores.
 *
 * @param seq            the item's plan number
 * @param turnIndex      where the candidates start: the number of messages in the history
 * @param history        the conversation both sides saw, the pair's prompt (without the system prompt)
 * @param chosen         the chosen side: one assistant reply, or the rest of a whole dialogue
 * @param rejected       the rejected side, the same way
 * @param chosenScore    the judge's score of the chosen side
 * @param rejectedScore  the judge's score of the rejected side, at least the recipe's margin lower
 * @param chosenSeed     the seed the chosen side was sampled with
 * @param rejectedSeed   the seed the rejected side was sampled with
 * @param source         what kind of candidates they were
 */
public record CandidatePair(int seq, int turnIndex, List<Turn> history, List<Turn> chosen, List<Turn> rejected,
        double chosenScore, double rejectedScore, long chosenSeed, long rejectedSeed, Source source) {

    /** Where a pair made on purpose comes from. */
    public enum Source {
        /** Assistant replies sampled at one role-play turn. */
        TURN_CANDIDATES("turn candidates"),
        /** Whole dialogues sampled for one plan cell, sharing their opening. */
        DIALOGUE_CANDIDATES("dialogue candidates");

        private final String label;

        Source(String label) {
            this.label = label;
        }

        /** How the source is named in stored rows and exported records. */
        public String label() {
            return label;
        }

        static Source of(String label) {
            for (Source s : values()) {
                if (s.label.equals(label)) {
                    return s;
                }
            }
            throw new StoreException("unknown preference source '" + label + "'", null);
        }
    }

    public CandidatePair {
        history = List.copyOf(history);
        chosen = List.copyOf(chosen);
        rejected = List.copyOf(rejected);
        Objects.requireNonNull(source, "source");
        if (chosen.isEmpty() || rejected.isEmpty()) {
            throw new IllegalArgumentException("both sides of a pair say something");
        }
    }
}
