package dev.parley.quality;

import java.util.Objects;

/**
 * A diversity gate whose measure fell past its limit.
 *
 * @param gate   the gate
 * @param value  the measure's value
 * @param reason what happened, for a person reading the run
 */
public record TrippedGate(DiversityGate gate, double value, String reason) {
    public TrippedGate {
        Objects.requireNonNull(gate, "gate");
        Objects.requireNonNull(reason, "reason");
    }
}
