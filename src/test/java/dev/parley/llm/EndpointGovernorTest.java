package dev.parley.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import dev.parley.llm.EndpointGovernor.Outcome;

class EndpointGovernorTest {

    private final AtomicLong clock = new AtomicLong(1_000_000);

    private EndpointGovernor governor(int max) {
        return new EndpointGovernor("http://model", max, 3, Duration.ofSeconds(10), 3, clock::get);
    }

    private static boolean take(EndpointGovernor g) {
        try {
            return g.acquire();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void starts_at_the_configured_concurrency() {
        EndpointGovernor g = governor(8);
        for (int i = 0; i < 8; i++) {
            assertThat(take(g)).as("no probe while closed").isFalse();
        }
        assertThat(g.inFlight()).isEqualTo(8);
        assertThat(g.limit()).isEqualTo(8);
    }

    @Test
    void halves_the_limit_on_a_rate_limit_and_counts_a_burst_once() {
        EndpointGovernor g = governor(16);
        for (int i = 0; i < 3; i++) {
            take(g);
        }
        g.release(false, Outcome.RATE_LIMITED, Optional.empty());
        g.release(false, Outcome.RATE_LIMITED, Optional.empty());
        assertThat(g.limit()).isEqualTo(8);

        clock.addAndGet(1_000);
        g.release(false, Outcome.RATE_LIMITED, Optional.empty());
        assertThat(g.limit()).isEqualTo(4);
    }

    @Test
    void grows_back_by_one_per_window_of_successes_up_to_the_maximum() {
        EndpointGovernor g = governor(16);
        take(g);
        g.release(false, Outcome.RATE_LIMITED, Optional.empty());
        assertThat(g.limit()).isEqualTo(8);

        // Additive increase: limit += 1/limit per success, so 8 successes at 8 add one.
        for (int i = 0; i < 8; i++) {
            take(g);
            g.release(false, Outcome.SUCCESS, Optional.empty());
        }
        assertThat(g.limit()).isEqualTo(8);
        take(g);
        g.release(false, Outcome.SUCCESS, Optional.empty());
        assertThat(g.limit()).isEqualTo(9);

        for (int i = 0; i < 500; i++) {
            take(g);
            g.release(false, Outcome.SUCCESS, Optional.empty());
        }
        assertThat(g.limit()).isEqualTo(16);
    }

    @Test
    void a_long_retry_after_pauses_the_whole_endpoint_until_then() {
        EndpointGovernor g = governor(4);
        take(g);
        g.release(false, Outcome.RATE_LIMITED, Optional.of(Duration.ofSeconds(30)));

        assertThat(g.pauseReason()).hasValueSatisfying(r -> assertThat(r).contains("paused for 30.0 s").contains("Retry-After"));
        clock.addAndGet(29_999);
        assertThat(g.pauseReason()).isPresent();
        clock.addAndGet(1);
        assertThat(g.pauseReason()).isEmpty();
        assertThat(take(g)).isFalse();
    }

    @Test
    void a_short_retry_after_leaves_other_calls_going() {
        EndpointGovernor g = governor(4);
        take(g);
        g.release(false, Outcome.RATE_LIMITED, Optional.of(Duration.ofSeconds(1)));

        assertThat(g.pauseReason()).isEmpty();
        assertThat(g.limit()).as("the limit halves instead").isEqualTo(2);
    }

    @Test
    void opens_the_circuit_after_consecutive_failures_then_lets_one_probe_through() {
        EndpointGovernor g = governor(4);
        for (int i = 0; i < 3; i++) {
            take(g);
            g.noteFailure("HTTP 503");
            g.release(false, Outcome.FAILURE, Optional.empty());
        }
        assertThat(g.pauseReason()).hasValueSatisfying(r -> assertThat(r)
                .contains("circuit open after 3 consecutive failures").contains("HTTP 503").contains("10.0 s"));

        clock.addAndGet(10_000);
        assertThat(take(g)).as("the first call after the pause is the probe").isTrue();
        g.release(true, Outcome.SUCCESS, Optional.empty());

        assertThat(g.pauseReason()).isEmpty();
        assertThat(take(g)).as("closed again: ordinary calls").isFalse();
    }

    @Test
    void a_failed_probe_reopens_the_circuit_for_twice_as_long() {
        EndpointGovernor g = governor(4);
        for (int i = 0; i < 3; i++) {
            take(g);
            g.release(false, Outcome.FAILURE, Optional.empty());
        }
        clock.addAndGet(10_000);
        assertThat(take(g)).isTrue();
        g.release(true, Outcome.FAILURE, Optional.empty());

        assertThat(g.pauseReason()).hasValueSatisfying(r -> assertThat(r).contains("20.0 s"));
    }

    @Test
    void stops_with_the_reason_after_too_many_openings_in_a_row() {
        EndpointGovernor g = governor(4);
        for (int i = 0; i < 3; i++) {
            take(g);
            g.noteFailure("connection refused");
            g.release(false, Outcome.FAILURE, Optional.empty());
        }
        for (int opening = 1; opening < 3; opening++) {
            clock.addAndGet(Duration.ofMinutes(10).toMillis());
            assertThat(take(g)).isTrue();
            g.release(true, Outcome.FAILURE, Optional.empty());
        }

        assertThatThrownBy(() -> g.acquire())
                .isInstanceOfSatisfying(ModelCallException.class,
                        e -> assertThat(e.kind()).isEqualTo(ModelCallException.Kind.UNREACHABLE))
                .hasMessageContaining("opened 3 times in a row").hasMessageContaining("connection refused");

        // The give-up lasts one open period; after it, whoever asks starts afresh.
        clock.addAndGet(Duration.ofMinutes(10).toMillis());
        assertThat(take(g)).isFalse();
        assertThat(g.pauseReason()).isEmpty();
    }

    @Test
    void a_refused_request_neither_opens_the_circuit_nor_lowers_the_limit() {
        EndpointGovernor g = governor(4);
        for (int i = 0; i < 5; i++) {
            take(g);
            g.release(false, Outcome.NEUTRAL, Optional.empty());
        }
        assertThat(g.pauseReason()).isEmpty();
        assertThat(g.limit()).isEqualTo(4);
    }

    @Test
    void parses_retry_after_seconds_and_dates() {
        assertThat(RetryAfterFilter.parse("2")).contains(Duration.ofSeconds(2));
        assertThat(RetryAfterFilter.parse("0.5")).contains(Duration.ofMillis(500));
        assertThat(RetryAfterFilter.parse("99999")).contains(Duration.ofHours(1));
        assertThat(RetryAfterFilter.parse("Wed, 21 Oct 2015 07:28:00 GMT")).contains(Duration.ZERO);
        assertThat(RetryAfterFilter.parse("soon")).isEmpty();
        assertThat(RetryAfterFilter.parse(null)).isEmpty();
    }
}
