package dev.parley.run;

import java.util.Locale;

/** Where a run is. */
public enum RunStatus {
    /** Being worked on (or interrupted by a crash, until it is resumed). */
    RUNNING,
    /** Every item reached a final state. */
    COMPLETED,
    /** Stopped by an error that concerns the whole run (bad key, unreachable endpoint). */
    FAILED;

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
