package dev.parley.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import dev.parley.llm.EndpointGovernor.Outcome;
import dev.parley.llm.EndpointGovernor.Permit;

class EndpointGovernorTest {

    private final AtomicLong clock = new AtomicLong(1_000_000);

    private EndpointGovernor governor(int max) {
        return new EndpointGovernor("http://model", max, 3, Duration.ofSeconds(10), 3, clock::get);
    }

    private static Permit take(EndpointGovernor g) {
        try {
            return g.acquire();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private static List<Permit> take(EndpointGovernor g, int n) {
        var permits = new ArrayList<Permit>();
        for (int i = 0; i < n; i++) {
            permits.add(take(g));
        }
        return permits;
    }

    private static void release(EndpointGovernor g, List<Permit> permits, Outcome outcome) {
        permits.forEach(p -> g.release(p, outcome, Optional.empty()));
    }

    /** Starts a caller waiting for a slot on a thread of its own, and returns once it waits. */
    private static CompletableFuture<Permit> waiting(EndpointGovernor g, boolean first) {
        var permit = new CompletableFuture<Permit>();
        Thread caller = Thread.ofVirtual().start(() -> {
            try {
                permit.complete(g.acquire(first));
            } catch (InterruptedException | RuntimeException e) {
                permit.completeExceptionally(e);
            }
        });
        while (caller.getState() != Thread.State.WAITING && !permit.isDone()) {
            Thread.onSpinWait();
        }
        return permit;
    }

    @Test
    void a_caller_that_goes_first_gets_the_next_free_slot_before_one_that_waited_longer() throws Exception {
        EndpointGovernor g = governor(1);
        Permit busy = take(g);
        CompletableFuture<Permit> judge = waiting(g, false);
        CompletableFuture<Permit> writer = waiting(g, true);

        g.release(busy, Outcome.SUCCESS, Optional.empty());

        Permit writers = writer.get(10, TimeUnit.SECONDS);
        assertThat(judge).as("the caller that does not go first still waits").isNotDone();
        assertThat(g.inFlight()).isEqualTo(1);
        g.release(writers, Outcome.SUCCESS, Optional.empty());
        assertThat(judge.get(10, TimeUnit.SECONDS).probe()).isFalse();
        assertThat(g.inFlight()).isEqualTo(1);
    }

    @Test
    void a_free_slot_goes_to_the_others_once_no_caller_that_goes_first_waits() throws Exception {
        EndpointGovernor g = governor(2);
        List<Permit> busy = take(g, 2);
        CompletableFuture<Permit> judge = waiting(g, false);
        CompletableFuture<Permit> writer = waiting(g, true);

        // Both slots free up: the writer takes one, and the judge the other without a third release.
        release(g, busy, Outcome.SUCCESS);

        assertThat(writer.get(10, TimeUnit.SECONDS)).isNotNull();
        assertThat(judge.get(10, TimeUnit.SECONDS)).isNotNull();
        assertThat(g.inFlight()).isEqualTo(2);
    }

    @Test
    void an_answered_call_hands_its_slot_to_a_waiting_caller_before_it_is_recorded() throws Exception {
        EndpointGovernor g = governor(8);
        List<Permit> busy = take(g, 8);
        CompletableFuture<Permit> next = waiting(g, false);

        g.answered(busy.get(0));

        Permit nexts = next.get(10, TimeUnit.SECONDS);
        assertThat(g.inFlight()).as("the answered call no longer counts as in flight").isEqualTo(8);
        // Recording the answer gives back its place among the unrecorded, not a second slot.
        g.release(busy.get(0), Outcome.SUCCESS, Optional.empty());
        assertThat(g.inFlight()).isEqualTo(8);
        g.release(nexts, Outcome.SUCCESS, Optional.empty());
        assertThat(g.inFlight()).isEqualTo(7);
    }

    @Test
    void below_8_slots_an_answered_call_keeps_its_slot_until_it_is_recorded() throws Exception {
        EndpointGovernor g = governor(7);
        List<Permit> busy = take(g, 7);
        CompletableFuture<Permit> next = waiting(g, false);

        g.answered(busy.get(0));

        assertThat(g.inFlight()).as("a kill -9 repeats no more calls than there are slots").isEqualTo(7);
        assertThat(next).isNotDone();
        g.release(busy.get(0), Outcome.SUCCESS, Optional.empty());
        g.release(next.get(10, TimeUnit.SECONDS), Outcome.SUCCESS, Optional.empty());
        assertThat(g.inFlight()).isEqualTo(6);
    }

    @Test
    void at_most_a_quarter_of_the_concurrency_of_answers_wait_to_be_recorded_with_their_slots_given_on() throws Exception {
        EndpointGovernor g = governor(8);
        List<Permit> busy = take(g, 8);
        g.answered(busy.get(0));
        g.answered(busy.get(1));
        assertThat(g.inFlight()).isEqualTo(6);

        // A third answer keeps its slot until one of the first two is recorded.
        var third = new CompletableFuture<Void>();
        Thread caller = Thread.ofVirtual().start(() -> {
            try {
                g.answered(busy.get(2));
                third.complete(null);
            } catch (InterruptedException e) {
                third.completeExceptionally(e);
            }
        });
        while (caller.getState() != Thread.State.WAITING && !third.isDone()) {
            Thread.onSpinWait();
        }
        assertThat(third).isNotDone();
        assertThat(g.inFlight()).isEqualTo(6);

        g.release(busy.get(0), Outcome.SUCCESS, Optional.empty());

        third.get(10, TimeUnit.SECONDS);
        assertThat(g.inFlight()).isEqualTo(5);
    }

    @Test
    void an_answered_probe_keeps_the_circuit_half_open_until_it_is_released() throws Exception {
        EndpointGovernor g = governor(8);
        release(g, take(g, 3), Outcome.FAILURE);
        clock.addAndGet(Duration.ofSeconds(11).toMillis());
        Permit probe = take(g);
        assertThat(probe.probe()).isTrue();

        g.answered(probe);
        CompletableFuture<Permit> next = waiting(g, false);

        assertThat(g.inFlight()).isZero();
        assertThat(next).as("the probe's outcome is not known before it is released").isNotDone();
        g.release(probe, Outcome.SUCCESS, Optional.empty());
        assertThat(next.get(10, TimeUnit.SECONDS).probe()).as("closed again").isFalse();
    }

    @Test
    void many_callers_all_get_their_slots_one_woken_per_slot_and_never_more_in_flight_than_the_limit() throws Exception {
        EndpointGovernor g = governor(8);
        var peak = new java.util.concurrent.atomic.AtomicInteger();
        var done = new java.util.concurrent.atomic.AtomicInteger();
        var callers = new ArrayList<Thread>();
        for (int t = 0; t < 48; t++) {
            boolean first = t % 3 == 0;
            callers.add(Thread.ofVirtual().start(() -> {
                try {
                    for (int call = 0; call < 200; call++) {
                        Permit p = g.acquire(first);
                        peak.accumulateAndGet(g.inFlight(), Math::max);
                        Thread.yield();
                        if (call % 2 == 0) {
                            g.answered(p);
                            Thread.yield();
                        }
                        g.release(p, Outcome.SUCCESS, Optional.empty());
                        done.incrementAndGet();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
        }
        for (Thread caller : callers) {
            assertThat(caller.join(Duration.ofSeconds(60))).as("a caller left waiting with slots free").isTrue();
        }

        assertThat(done.get()).isEqualTo(48 * 200);
        assertThat(peak.get()).isBetween(1, 8);
        assertThat(g.inFlight()).isZero();
    }

    @Test
    void starts_at_the_configured_concurrency() {
        EndpointGovernor g = governor(8);
        assertThat(take(g, 8)).as("no probe while closed").noneMatch(Permit::probe);
        assertThat(g.inFlight()).isEqualTo(8);
        assertThat(g.limit()).isEqualTo(8);
    }

    @Test
    void random_rate_limits_under_the_tolerance_leave_the_limit_alone() {
        EndpointGovernor g = governor(64);
        // 6,400 calls, every tenth rate limited: 10 % in every window, under the 20 % tolerance.
        for (int round = 0; round < 100; round++) {
            List<Permit> permits = take(g, 64);
            for (int i = 0; i < 64; i++) {
                g.release(permits.get(i), i % 10 == 0 ? Outcome.RATE_LIMITED : Outcome.SUCCESS, Optional.empty());
            }
        }
        assertThat(g.limit()).isEqualTo(64);
    }

    @Test
    void a_window_over_the_tolerance_cuts_the_limit_by_a_quarter() {
        EndpointGovernor g = governor(64);
        List<Permit> permits = take(g, 64);
        // 13 of 64 is 20.3 %: over the tolerance, decided when the 64th call of the window ends.
        release(g, permits.subList(0, 13), Outcome.RATE_LIMITED);
        release(g, permits.subList(13, 63), Outcome.SUCCESS);
        assertThat(g.limit()).as("the window is not full yet").isEqualTo(64);
        release(g, permits.subList(63, 64), Outcome.SUCCESS);
        assertThat(g.limit()).isEqualTo(48);
    }

    @Test
    void a_window_at_the_tolerance_does_not_cut() {
        EndpointGovernor g = governor(16);
        // 3 of 16 is 18.75 %.
        for (int i = 0; i < 16; i++) {
            g.release(take(g), i < 3 ? Outcome.RATE_LIMITED : Outcome.SUCCESS, Optional.empty());
        }
        assertThat(g.limit()).isEqualTo(16);
    }

    @Test
    void ignores_rate_limits_of_calls_started_before_the_last_cut() {
        EndpointGovernor g = governor(16);
        List<Permit> first = take(g, 16);
        release(g, first.subList(0, 8), Outcome.RATE_LIMITED);
        List<Permit> sentBeforeTheCut = take(g, 8);
        release(g, first.subList(8, 16), Outcome.RATE_LIMITED);
        assertThat(g.limit()).as("16 of 16 rate limited: 16 × 0.75").isEqualTo(12);

        release(g, sentBeforeTheCut, Outcome.RATE_LIMITED);
        assertThat(g.limit()).as("8 more 429s, all of calls sent at the old limit").isEqualTo(12);

        // Calls sent at the new limit count again: a window is at least 16 calls.
        release(g, take(g, 12), Outcome.RATE_LIMITED);
        assertThat(g.limit()).isEqualTo(12);
        release(g, take(g, 4), Outcome.RATE_LIMITED);
        assertThat(g.limit()).as("12 × 0.75 = 9").isEqualTo(9);
    }

    @Test
    void never_cuts_below_the_floor() {
        EndpointGovernor g = governor(2);
        for (int i = 0; i < 10; i++) {
            for (int j = 0; j < 16; j++) {
                release(g, take(g, 1), Outcome.RATE_LIMITED);
            }
        }
        assertThat(g.limit()).isEqualTo(1);
        assertThat(take(g)).as("one call still goes").isNotNull();
    }

    @Test
    void settles_just_above_a_real_concurrency_limit() {
        // An endpoint that serves 8 calls at once and answers 429 to the rest, in rounds of one
        // latency. The limit falls a quarter per window (at 15 a round is shorter than the 16-call
        // window, so the cut waits a round while successes add 8/15), then swings around 10, where
        // 2 refusals in 10 calls stop being under the tolerance: cut at 11 or 12, grow back from 9.
        // Worked out step by step (limit + 1/limit per success, × 0.75 per cut, floor taken per round).
        EndpointGovernor g = governor(64);
        var limits = new ArrayList<Integer>();
        int calls = 0;
        int rateLimited = 0;
        for (int round = 0; round < 300; round++) {
            int limit = g.limit();
            limits.add(limit);
            List<Permit> permits = take(g, limit);
            for (int i = 0; i < permits.size(); i++) {
                boolean refused = i >= 8;
                g.release(permits.get(i), refused ? Outcome.RATE_LIMITED : Outcome.SUCCESS, Optional.empty());
                if (round >= 100) {
                    calls++;
                    rateLimited += refused ? 1 : 0;
                }
            }
        }
        assertThat(limits.subList(0, 8)).containsExactly(64, 48, 36, 27, 20, 21, 16, 12);
        assertThat(limits.subList(100, 300)).allSatisfy(l -> assertThat(l).isBetween(9, 12));
        assertThat((double) rateLimited / calls).as("share of calls refused once settled").isBetween(0.2, 0.25);
    }

    @Test
    void grows_back_by_one_per_window_of_successes_up_to_the_maximum() {
        EndpointGovernor g = governor(16);
        release(g, take(g, 16), Outcome.RATE_LIMITED);
        assertThat(g.limit()).isEqualTo(12);

        // Additive increase: limit += 1/limit per success, so 13 successes from 12 add one
        // (12 of them add 1/12 + 1/12.08 + … < 1).
        for (int i = 0; i < 12; i++) {
            release(g, take(g, 1), Outcome.SUCCESS);
        }
        assertThat(g.limit()).isEqualTo(12);
        release(g, take(g, 1), Outcome.SUCCESS);
        assertThat(g.limit()).isEqualTo(13);

        for (int i = 0; i < 500; i++) {
            release(g, take(g, 1), Outcome.SUCCESS);
        }
        assertThat(g.limit()).isEqualTo(16);
    }

    @Test
    void a_long_retry_after_pauses_the_whole_endpoint_until_then() {
        EndpointGovernor g = governor(4);
        g.release(take(g), Outcome.RATE_LIMITED, Optional.of(Duration.ofSeconds(30)));

        assertThat(g.pauseReason()).hasValueSatisfying(r -> assertThat(r).contains("paused for 30.0 s").contains("Retry-After"));
        clock.addAndGet(29_999);
        assertThat(g.pauseReason()).isPresent();
        clock.addAndGet(1);
        assertThat(g.pauseReason()).isEmpty();
        assertThat(take(g).probe()).isFalse();
    }

    @Test
    void a_short_retry_after_leaves_other_calls_going() {
        EndpointGovernor g = governor(4);
        g.release(take(g), Outcome.RATE_LIMITED, Optional.of(Duration.ofSeconds(1)));

        assertThat(g.pauseReason()).isEmpty();
        assertThat(g.limit()).as("one 429 is no window: the limit stays").isEqualTo(4);
        assertThat(take(g, 4)).hasSize(4);
    }

    @Test
    void opens_the_circuit_after_consecutive_failures_then_lets_one_probe_through() {
        EndpointGovernor g = governor(4);
        for (int i = 0; i < 3; i++) {
            Permit p = take(g);
            g.noteFailure("HTTP 503");
            g.release(p, Outcome.FAILURE, Optional.empty());
        }
        assertThat(g.pauseReason()).hasValueSatisfying(r -> assertThat(r)
                .contains("circuit open after 3 consecutive failures").contains("HTTP 503").contains("10.0 s"));

        clock.addAndGet(10_000);
        Permit probe = take(g);
        assertThat(probe.probe()).as("the first call after the pause is the probe").isTrue();
        g.release(probe, Outcome.SUCCESS, Optional.empty());

        assertThat(g.pauseReason()).isEmpty();
        assertThat(take(g).probe()).as("closed again: ordinary calls").isFalse();
    }

    @Test
    void a_failed_probe_reopens_the_circuit_for_twice_as_long() {
        EndpointGovernor g = governor(4);
        release(g, take(g, 3), Outcome.FAILURE);
        clock.addAndGet(10_000);
        Permit probe = take(g);
        assertThat(probe.probe()).isTrue();
        g.release(probe, Outcome.FAILURE, Optional.empty());

        assertThat(g.pauseReason()).hasValueSatisfying(r -> assertThat(r).contains("20.0 s"));
    }

    @Test
    void stops_with_the_reason_after_too_many_openings_in_a_row() {
        EndpointGovernor g = governor(4);
        for (int i = 0; i < 3; i++) {
            Permit p = take(g);
            g.noteFailure("connection refused");
            g.release(p, Outcome.FAILURE, Optional.empty());
        }
        for (int opening = 1; opening < 3; opening++) {
            clock.addAndGet(Duration.ofMinutes(10).toMillis());
            Permit probe = take(g);
            assertThat(probe.probe()).isTrue();
            g.release(probe, Outcome.FAILURE, Optional.empty());
        }

        assertThatThrownBy(() -> g.acquire())
                .isInstanceOfSatisfying(ModelCallException.class,
                        e -> assertThat(e.kind()).isEqualTo(ModelCallException.Kind.UNREACHABLE))
                .hasMessageContaining("opened 3 times in a row").hasMessageContaining("connection refused");

        // The give-up lasts one open period; after it, whoever asks starts afresh.
        clock.addAndGet(Duration.ofMinutes(10).toMillis());
        assertThat(take(g).probe()).isFalse();
        assertThat(g.pauseReason()).isEmpty();
    }

    @Test
    void a_refused_request_neither_opens_the_circuit_nor_lowers_the_limit() {
        EndpointGovernor g = governor(4);
        release(g, take(g, 4), Outcome.NEUTRAL);
        release(g, take(g, 4), Outcome.NEUTRAL);
        assertThat(g.pauseReason()).isEmpty();
        assertThat(g.limit()).isEqualTo(4);
    }

    @Test
    void parses_retry_after_seconds_and_dates() {
        assertThat(RetryAfter.parse("2")).contains(Duration.ofSeconds(2));
        assertThat(RetryAfter.parse("0.5")).contains(Duration.ofMillis(500));
        assertThat(RetryAfter.parse("99999")).contains(Duration.ofHours(1));
        assertThat(RetryAfter.parse("Wed, 21 Oct 2015 07:28:00 GMT")).contains(Duration.ZERO);
        assertThat(RetryAfter.parse("soon")).isEmpty();
        assertThat(RetryAfter.parse(null)).isEmpty();
    }
}
