package dev.parley.recipe;

import java.util.List;

/**
 * A recipe's {@code preference:} section: how preference pairs are made on purpose.
 *
 * @param candidates how many candidates are sampled where a pair is wanted (1: none sampled, pairs come
 *                   only from revisions)
 * @param minMargin  how far the chosen side's score must lie above the rejected side's for a pair
 * @param turns      in role-play mode, the assistant turns (1 for the first reply, 2 for the second, …) at
 *                   which candidates are sampled; empty for every assistant turn
 */
public record Preference(int candidates, double minMargin, List<Integer> turns) {

    public static final double DEFAULT_MIN_MARGIN = 1.0;
    public static final Preference NONE = new Preference(1, DEFAULT_MIN_MARGIN);

    public Preference {
        if (candidates < 1 || minMargin < 0) {
            throw new IllegalArgumentException("preference needs candidates ≥ 1 and min-margin ≥ 0");
        }
        turns = turns == null ? List.of() : List.copyOf(turns);
        if (turns.stream().anyMatch(t -> t < 1)) {
            throw new IllegalArgumentException("preference turns are numbered from 1");
        }
    }

    /** Candidates at every assistant turn. */
    public Preference(int candidates, double minMargin) {
        this(candidates, minMargin, List.of());
    }

    /** Whether candidates are sampled at all. */
    public boolean samples() {
        return candidates > 1;
    }

    /** How many candidates are sampled for the assistant turn with this number (from 1); 1 means none. */
    public int candidatesAt(int assistantTurn) {
        return turns.isEmpty() || turns.contains(assistantTurn) ? candidates : 1;
    }
}
