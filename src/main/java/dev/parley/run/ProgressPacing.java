package dev.parley.run;

import java.util.concurrent.atomic.AtomicLong;

/**
 * When an execution reads its run's progress again: at most once a second, and no sooner than
 * {@value #GAP_FACTOR} times as long as the last read took after it. The read counts every item and
 * call of the run, so on a large run it costs more and comes less often, never more than a
 * twentieth of one thread's time.
 */
final class ProgressPacing {

    static final long MIN_GAP_NANOS = 1_000_000_000L;
    static final int GAP_FACTOR = 20;

    private final AtomicLong last;
    private final AtomicLong gap = new AtomicLong(MIN_GAP_NANOS);

    /** A pacing whose first read is due at once. */
    ProgressPacing(long nowNanos) {
        this.last = new AtomicLong(nowNanos - MIN_GAP_NANOS);
    }

    /** Whether a read is due at {@code nowNanos}; of threads asking at once, one is told yes. */
    boolean due(long nowNanos) {
        long at = last.get();
        return nowNanos - at >= gap.get() && last.compareAndSet(at, nowNanos);
    }

    /** The read just made took this long: the next one waits accordingly after it. */
    void took(long nanos, long nowNanos) {
        gap.set(Math.max(MIN_GAP_NANOS, GAP_FACTOR * nanos));
        last.set(nowNanos);
    }
}
