package dev.parley.run;

import dev.parley.store.RunStatus;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Why an execution stops before every item is final: a model error that stops the run, the budget, a
 * diversity gate, fail-fast, a person, a signal or another worker. The first reason given wins.
 */
final class Stopping {

    /** The status the run ends in and why. */
    record Stop(RunStatus status, String reason) {
    }

    private final AtomicReference<Stop> stop = new AtomicReference<>();

    /** Asks the execution to stop; nothing changes when it was asked before. */
    void request(RunStatus status, String reason) {
        stop.compareAndSet(null, new Stop(status, reason));
    }

    /** The stop asked for, or null while the execution goes on. */
    Stop current() {
        return stop.get();
    }

    boolean requested() {
        return stop.get() != null;
    }
}
