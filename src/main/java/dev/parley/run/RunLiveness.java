package dev.parley.run;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import dev.parley.store.RunStatus;

/**
 * Whether a run that says it is running has a worker behind it. Every execution writes the run's
 * heartbeat when it starts and every third of a lease while it lives; a run left {@code RUNNING} by a
 * process that died (killed, crashed, on another machine sharing the database) gets none, and looks
 * live for ever unless the missing heartbeat is read. Such a run is <em>stale</em>: nothing moves it
 * until someone resumes it.
 *
 * @param stale     running, not executed by this process, and no heartbeat for {@value #MISSED_LEASES} leases
 * @param heartbeat when an execution of the run last reported; empty when none has
 */
public record RunLiveness(boolean stale, Optional<Instant> heartbeat) {

    /** Leases without a heartbeat before a running run counts as stale; a live worker writes three per lease. */
    static final int MISSED_LEASES = 3;

    public RunLiveness {
        heartbeat = heartbeat == null ? Optional.empty() : heartbeat;
    }

    /**
     * Judges a run at {@code now}.
     *
     * @param activeHere whether this process executes the run now: then it is live, whatever the store says
     * @param lease      how long a worker's claim on an item lasts
     */
    static RunLiveness of(RunStatus status, boolean activeHere, Optional<Instant> heartbeat, Duration lease, Instant now) {
        Instant limit = now.minus(lease.multipliedBy(MISSED_LEASES));
        boolean stale = status == RunStatus.RUNNING && !activeHere && heartbeat.map(at -> at.isBefore(limit)).orElse(true);
        return new RunLiveness(stale, heartbeat);
    }
}
