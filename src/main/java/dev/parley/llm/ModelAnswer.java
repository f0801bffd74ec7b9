package dev.parley.llm;

import java.util.Objects;

/**
 * A parsed structured answer with what it cost.
 *
 * @param value     the answer, parsed into its record type
 * @param usage     tokens and latency of the call that produced it (summed over retries)
 */
public record ModelAnswer<T>(T value, CallUsage usage) {
    public ModelAnswer {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(usage, "usage");
    }
}
