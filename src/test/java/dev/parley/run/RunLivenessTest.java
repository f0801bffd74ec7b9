package dev.parley.run;

import static dev.parley.store.RunStatus.RUNNING;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.parley.store.RunStatus;

/** The staleness rule, at explicit moments: three leases without a heartbeat, and only for a run nobody here executes. */
class RunLivenessTest {

    private static final Duration LEASE = Duration.ofSeconds(20);
    private static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z");

    @Test
    void a_running_run_with_a_fresh_heartbeat_is_live() {
        assertThat(judged(RUNNING, false, beatAgo(Duration.ofSeconds(7))))
                .isEqualTo(new RunLiveness(false, beatAgo(Duration.ofSeconds(7))));
    }

    @Test
    void a_running_run_whose_heartbeat_is_older_than_three_leases_is_stale() {
        assertThat(judged(RUNNING, false, beatAgo(Duration.ofMinutes(4))))
                .isEqualTo(new RunLiveness(true, beatAgo(Duration.ofMinutes(4))));
    }

    @Test
    void turns_stale_just_after_three_leases() {
        assertThat(judged(RUNNING, false, beatAgo(Duration.ofSeconds(60))).stale()).as("exactly three leases ago").isFalse();
        assertThat(judged(RUNNING, false, beatAgo(Duration.ofMillis(60_001))).stale()).as("a millisecond more").isTrue();
    }

    @Test
    void a_running_run_no_execution_ever_reported_on_is_stale() {
        assertThat(judged(RUNNING, false, Optional.empty())).isEqualTo(new RunLiveness(true, Optional.empty()));
    }

    @Test
    void a_run_this_process_executes_is_never_stale() {
        assertThat(judged(RUNNING, true, Optional.empty()).stale()).isFalse();
        assertThat(judged(RUNNING, true, beatAgo(Duration.ofDays(2))).stale()).isFalse();
    }

    @ParameterizedTest
    @EnumSource(value = RunStatus.class, names = "RUNNING", mode = EnumSource.Mode.EXCLUDE)
    void a_run_that_is_not_running_is_never_stale(RunStatus status) {
        assertThat(judged(status, false, Optional.empty()).stale()).isFalse();
        assertThat(judged(status, false, beatAgo(Duration.ofDays(2))).stale()).isFalse();
    }

    private static RunLiveness judged(RunStatus status, boolean activeHere, Optional<Instant> heartbeat) {
        return RunLiveness.of(status, activeHere, heartbeat, LEASE, NOW);
    }

    private static Optional<Instant> beatAgo(Duration age) {
        return Optional.of(NOW.minus(age));
    }
}
