package dev.parley.store;

import java.time.Instant;
import java.util.Objects;

/**
 * One stored diversity snapshot of a run.
 *
 * @param accepted accepted dialogues the worker's meter held when it was taken
 * @param measures the measures as JSON: {@code {"window": {…}, "overall": {…}}}
 * @param tripped  the diversity gates past their limits, as a JSON list
 * @param worker   the worker that took it
 * @param at       when
 */
public record DiversityPoint(int accepted, String measures, String tripped, String worker, Instant at) {
    public DiversityPoint {
        Objects.requireNonNull(measures, "measures");
        Objects.requireNonNull(tripped, "tripped");
        Objects.requireNonNull(at, "at");
    }
}
