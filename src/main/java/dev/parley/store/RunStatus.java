package dev.parley.store;

import java.util.Locale;

/** Where a run is. */
public enum RunStatus {
    /** Being worked on, or interrupted by a crash until a worker takes it up again. */
    RUNNING,
    /** Every item reached a final state. */
    COMPLETED,
    /** Stopped cleanly by its budget; resume it with a larger one. */
    STOPPED,
    /** Stopped by an error that concerns the whole run (bad key, unreachable endpoint, fail-fast). */
    FAILED;

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
