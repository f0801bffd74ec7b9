package dev.parley.quality;

import java.util.Objects;

/**
 * The diversity of the accepted dialogues at one moment, over the sliding window and over all of
 * them; what a {@link DiversityMeter} reports and {@link DiversityGateEvaluator} judges.
 *
 * @param window  the last accepted dialogues, as many as the meter's window holds
 * @param overall every accepted dialogue
 */
public record DiversitySnapshot(DiversityMeasures window, DiversityMeasures overall) {

    /** Which set of dialogues a measure is taken over. */
    public enum Scope {
        /** The last accepted dialogues: reacts quickly when generation drifts into sameness. */
        WINDOW,
        /** Every accepted dialogue so far. */
        OVERALL
    }

    public DiversitySnapshot {
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(overall, "overall");
    }

    public DiversityMeasures measures(Scope scope) {
        return scope == Scope.WINDOW ? window : overall;
    }
}
