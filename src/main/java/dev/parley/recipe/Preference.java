package dev.parley.recipe;

/**
 * A recipe's {@code preference:} section: how preference pairs are made on purpose.
 *
 * @param candidates how many candidates are sampled where a pair is wanted (1: none sampled, pairs come
 *                   only from revisions)
 * @param minMargin  how far the chosen side's score must lie above the rejected side's for a pair
 */
public record Preference(int candidates, double minMargin) {

    public static final double DEFAULT_MIN_MARGIN = 1.0;
    public static final Preference NONE = new Preference(1, DEFAULT_MIN_MARGIN);

    public Preference {
        if (candidates < 1 || minMargin < 0) {
            throw new IllegalArgumentException("preference needs candidates ≥ 1 and min-margin ≥ 0");
        }
    }
}
