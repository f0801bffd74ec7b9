package dev.parley.llm;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * Keeps one model endpoint exactly as busy as it allows.
 *
 * <ul>
 * <li><b>Adaptive concurrency</b> (additive increase, multiplicative decrease): calls in flight are
 * bounded by a limit that starts at the configured maximum and grows back by one per limit's worth
 * of successful calls. It is cut by a quarter (never below {@link #FLOOR}) when more than
 * {@link #TOLERANCE} of the calls in a window ({@link #MIN_WINDOW} calls, or the limit if larger)
 * were rate limited. Only calls started since the last cut count, as TCP counts one loss per round
 * trip: the 429s of calls sent at the old limit say nothing about the new one, so one burst cuts
 * once. A steady trickle of 429s that does not grow with the load (a provider's random refusals)
 * thus leaves the limit alone, while a real rate limit, whose 429s rise with every call over it,
 * brings the limit down a quarter per window until the share falls under the tolerance.</li>
 * <li><b>Retry-After</b>: the call that got a 429 or 503 is retried no sooner than it says; one
 * of {@link #ENDPOINT_PAUSE_MIN} or more pauses the whole endpoint until then.</li>
 * <li><b>Circuit breaker</b>: after {@code failureThreshold} consecutive failures the endpoint is
 * left alone for {@code openFor} (doubling with each reopening); then one probe call goes
 * through, and its outcome closes or reopens the circuit. After {@code maxOpenings} openings in a
 * row calls fail with {@link ModelCallException.Kind#UNREACHABLE}, which stops the run with the
 * reason instead of spinning.</li>
 * </ul>
 *
 * <p>Past 300 lines because the adaptive limit, the Retry-After pause and the circuit breaker decide together,
 * under one lock and its wait queues, whether a call may start, and every call's outcome updates all three.
 */
public final class EndpointGovernor {

    /** How a call ended, as far as the endpoint's health is concerned. */
    public enum Outcome {
        /** An answer came (even one that did not parse: the endpoint works). */
        SUCCESS,
        /** HTTP 429. */
        RATE_LIMITED,
        /** 5xx, timeout or connection failure. */
        FAILURE,
        /** Neither: a refused request says nothing about load. */
        NEUTRAL
    }

    /**
     * A slot granted by {@link #acquire()}, handed back to {@link #release}; between the two, {@link #answered}
     * may hand the slot to the next call while the answer waits to be recorded.
     */
    public static final class Permit {
        private final boolean probe;
        private final long epoch;
        private boolean answered;

        Permit(boolean probe, long epoch) {
            this.probe = probe;
            this.epoch = epoch;
        }

        /** Whether this is the half-open circuit's probe. */
        public boolean probe() {
            return probe;
        }

        long epoch() {
            return epoch;
        }
    }

    /** The share of rate-limited calls in a window above which the limit is cut. */
    static final double TOLERANCE = 0.2;
    /** What a cut leaves of the limit. */
    static final double DECREASE = 0.75;
    /** The fewest calls a window needs before it can decide a cut. */
    static final int MIN_WINDOW = 16;
    /** The limit is never cut below this. */
    static final int FLOOR = 1;
    /**
     * A quarter of the configured slots may give themselves on before their answers are recorded
     * ({@link #answered}). About 3 answers wait at a time at 250 ms and 64 slots, but with a core kept busy
     * the group writer's commits come slower and in bursts: an eighth (8 of 64) cost the 250 ms bench 0.7
     * points of the ideal rate there (95.0–95.7 % against 95.6–96.4 %, benches alternating).
     */
    static final int UNRECORDED_SHARE = 4;
    /**
     * Below this many slots no answer waits to be recorded with its slot given on, so that a {@code kill -9}
     * of a small run repeats no more calls than there are slots.
     */
    static final int MIN_SLOTS_TO_HAND_ON = 8;

    private static final long MAX_OPEN_MILLIS = Duration.ofMinutes(5).toMillis();
    /**
     * A Retry-After at least this long pauses the whole endpoint (the provider's limit is spent for
     * everyone); a shorter one only delays the retry of the call that got it, while the lowered
     * concurrency limit eases the pressure.
     */
    static final Duration ENDPOINT_PAUSE_MIN = Duration.ofSeconds(10);

    private final String endpoint;
    private final int maxConcurrency;
    private final int failureThreshold;
    private final long openForMillis;
    private final int maxOpenings;
    private final LongSupplier clock;

    private final ReentrantLock lock = new ReentrantLock();
    /*
     * Waiters are woken one at a time where one slot came free: with a hundred items waiting for 64 slots,
     * waking them all at every answer had each of them take the lock and go back to sleep, for every call.
     */
    /** Callers that go first, waiting for a slot. */
    private final Condition firstCallers = lock.newCondition();
    /** The other callers waiting for a slot. */
    private final Condition others = lock.newCondition();
    /** Answers waiting for a place among those not yet recorded ({@link #answered}). */
    private final Condition recordPlaces = lock.newCondition();
    private double limit;
    private int inFlight;
    /** Answers come back and not yet recorded, whose slots went to the next calls ({@link #answered}). */
    private int unrecorded;
    /** The most answers that may wait to be recorded with their slots given on. */
    private final int maxUnrecorded;
    /** Callers waiting that go first ({@link #acquire(boolean)}). */
    private int firstWaiting;
    private long pausedUntil;
    /** Counts the cuts: a permit remembers the epoch it was granted in. */
    private long epoch;
    /** Calls started in this epoch that ended since the window began, and how many of them were rate limited. */
    private int windowCalls;
    private int windowRateLimited;
    private int consecutiveFailures;
    private int openings;
    private long openUntil;
    private boolean probing;
    private String lastFailure = "";

    public EndpointGovernor(String endpoint, int maxConcurrency, int failureThreshold, Duration openFor, int maxOpenings,
            LongSupplier clock) {
        this.endpoint = endpoint;
        this.maxConcurrency = Math.max(1, maxConcurrency);
        this.failureThreshold = Math.max(1, failureThreshold);
        this.openForMillis = Math.max(1, openFor.toMillis());
        this.maxOpenings = Math.max(1, maxOpenings);
        this.clock = clock;
        this.limit = this.maxConcurrency;
        this.maxUnrecorded = this.maxConcurrency < MIN_SLOTS_TO_HAND_ON ? 0 : this.maxConcurrency / UNRECORDED_SHARE;
    }

    /**
     * Waits for a slot: under the current limit, not paused, and the circuit closed (or this call
     * being the half-open probe).
     *
     * @return the slot, to pass back to {@link #release}; its {@code probe} is true for the half-open probe
     * @throws ModelCallException of kind UNREACHABLE when the circuit has opened too often in a row
     */
    public Permit acquire() throws InterruptedException {
        return acquire(false);
    }

    /**
     * Waits for a slot as {@link #acquire()} does; a caller that goes {@code first} gets a free slot before any
     * other caller waiting. Calls that begin an item's longer remaining work (writing, revising) go first, so
     * that at the end of a run its last items' remaining calls are ready together and fill the slots to the
     * end, instead of the last dialogues still being written while the slots empty.
     */
    public Permit acquire(boolean first) throws InterruptedException {
        lock.lock();
        if (first) {
            firstWaiting++;
        }
        try {
            while (true) {
                if (openings >= maxOpenings && openUntil > clock.getAsLong()) {
                    throw new ModelCallException(ModelCallException.Kind.UNREACHABLE, String.format(Locale.ROOT,
                            "model endpoint %s kept failing: the circuit breaker opened %d times in a row (last error: %s)",
                            endpoint, openings, lastFailure), null);
                }
                long now = clock.getAsLong();
                if (openings >= maxOpenings) {
                    // The give-up lasted one open period; whoever asks after it starts afresh.
                    reset();
                }
                long wait = 0;
                if (pausedUntil > now) {
                    wait = pausedUntil - now;
                } else if (openUntil > now) {
                    wait = openUntil - now;
                } else if (openings > 0 && consecutiveFailures >= failureThreshold) {
                    // Half-open: one probe at a time decides whether the endpoint is back.
                    if (!probing) {
                        probing = true;
                        inFlight++;
                        return new Permit(true, epoch);
                    }
                } else if (slotFree() && (first || firstWaiting == 0)) {
                    inFlight++;
                    return new Permit(false, epoch);
                }
                Condition queue = first ? firstCallers : others;
                if (wait > 0) {
                    queue.awaitNanos(wait * 1_000_000);
                } else {
                    queue.await();
                }
            }
        } finally {
            if (first) {
                firstWaiting--;
            }
            // A slot still free (two came free while this caller woke, or the others stood back while it
            // waited, or it leaves without one) goes to the next caller waiting.
            wakeForSlot();
            lock.unlock();
        }
    }

    /**
     * The call's answer came: its slot goes to the next call while the answer is checked and recorded, so
     * that the endpoint does not idle for the length of a commit. At most a quarter of the configured
     * concurrency of answers wait to be recorded this way; past that the slot stays held (waiting here) until
     * one of them is, so that a {@code kill -9} loses no more answered calls than that quarter, and repeats no
     * more than the calls in flight and that quarter. Below 8 slots that is none: each slot is held until its
     * answer is recorded, and a {@code kill -9} repeats no more calls than there are slots.
     */
    public void answered(Permit permit) throws InterruptedException {
        if (maxUnrecorded == 0) {
            return;
        }
        lock.lock();
        try {
            while (unrecorded >= maxUnrecorded) {
                recordPlaces.await();
            }
            unrecorded++;
            inFlight--;
            permit.answered = true;
            wakeForSlot();
        } finally {
            lock.unlock();
        }
    }

    /** Gives the slot back (or, after {@link #answered}, the answer's place) and learns from how the call ended. */
    public void release(Permit permit, Outcome outcome, Optional<Duration> retryAfter) {
        lock.lock();
        try {
            if (permit.answered) {
                unrecorded--;
                recordPlaces.signal();
            } else {
                inFlight--;
            }
            long now = clock.getAsLong();
            if (outcome != Outcome.NEUTRAL) {
                learn(permit, outcome == Outcome.RATE_LIMITED);
            }
            switch (outcome) {
                case SUCCESS -> {
                    consecutiveFailures = 0;
                    openings = 0;
                    openUntil = 0;
                    limit = Math.min(maxConcurrency, limit + 1.0 / limit);
                }
                case RATE_LIMITED -> {
                    retryAfter.filter(d -> d.compareTo(ENDPOINT_PAUSE_MIN) >= 0)
                            .ifPresent(d -> pausedUntil = Math.max(pausedUntil, now + d.toMillis()));
                }
                case FAILURE -> {
                    consecutiveFailures++;
                    retryAfter.ifPresent(d -> pausedUntil = Math.max(pausedUntil, now + d.toMillis()));
                    if (consecutiveFailures >= failureThreshold && (permit.probe() || openUntil <= now)) {
                        openUntil = now + Math.min(MAX_OPEN_MILLIS, openForMillis << Math.min(openings, 20));
                        openings++;
                    }
                }
                case NEUTRAL -> {
                }
            }
            if (permit.probe()) {
                probing = false;
            }
            if (outcome == Outcome.SUCCESS && !permit.probe()) {
                wakeForSlot();
            } else {
                // The pause, the circuit or the limit may have changed: every waiter looks again.
                wakeAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Wakes one caller waiting for a slot if one is free: one that goes first, if any waits. */
    private void wakeForSlot() {
        if (slotFree()) {
            (firstWaiting > 0 ? firstCallers : others).signal();
        }
    }

    private boolean slotFree() {
        return inFlight < (int) Math.floor(limit);
    }

    private void wakeAll() {
        firstCallers.signalAll();
        others.signalAll();
    }

    /**
     * Counts a call started since the last cut into the window; a full window decides: cut when
     * more than {@link #TOLERANCE} of it was rate limited, and in any case start a new window.
     */
    private void learn(Permit permit, boolean rateLimited) {
        if (permit.epoch() != epoch) {
            return;
        }
        windowCalls++;
        if (rateLimited) {
            windowRateLimited++;
        }
        if (windowCalls < Math.max(MIN_WINDOW, (int) Math.floor(limit))) {
            return;
        }
        if (windowRateLimited > TOLERANCE * windowCalls) {
            limit = Math.max(FLOOR, limit * DECREASE);
            epoch++;
        }
        windowCalls = 0;
        windowRateLimited = 0;
    }

    /**
     * Forgets past failures: the circuit closes and the pauses end (the concurrency limit stays).
     * A run that starts or resumes gives its endpoints this fresh chance.
     */
    public void reset() {
        lock.lock();
        try {
            consecutiveFailures = 0;
            openings = 0;
            openUntil = 0;
            pausedUntil = 0;
            probing = false;
            wakeAll();
        } finally {
            lock.unlock();
        }
    }

    /** Records the text of the last failure, for the report of an open circuit. */
    public void noteFailure(String message) {
        lock.lock();
        try {
            lastFailure = message;
        } finally {
            lock.unlock();
        }
    }

    /** The current concurrency limit. */
    public int limit() {
        lock.lock();
        try {
            return (int) Math.floor(limit);
        } finally {
            lock.unlock();
        }
    }

    /** Calls in flight now. */
    public int inFlight() {
        lock.lock();
        try {
            return inFlight;
        } finally {
            lock.unlock();
        }
    }

    /** Why the endpoint is not taking calls, or empty when it is. */
    public Optional<String> pauseReason() {
        lock.lock();
        try {
            long now = clock.getAsLong();
            if (openUntil > now) {
                return Optional.of(String.format(Locale.ROOT, "%s paused for %.1f s: circuit open after %d consecutive failures (%s)",
                        endpoint, (openUntil - now) / 1000.0, consecutiveFailures, lastFailure));
            }
            if (pausedUntil > now) {
                return Optional.of(String.format(Locale.ROOT, "%s paused for %.1f s as the server asked (Retry-After)",
                        endpoint, (pausedUntil - now) / 1000.0));
            }
            return Optional.empty();
        } finally {
            lock.unlock();
        }
    }
}
