package dev.parley.quality;

import java.util.Objects;

/**
 * Why a gate turned a dialogue away.
 *
 * @param gate   the gate's stable name, e.g. {@code structure}
 * @param reason what it found, for a person reading the run
 */
public record Rejection(String gate, String reason) {
    public Rejection {
        Objects.requireNonNull(gate, "gate");
        Objects.requireNonNull(reason, "reason");
    }
}
