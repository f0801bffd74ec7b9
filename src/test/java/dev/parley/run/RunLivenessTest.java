package dev.parley.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The staleness rule, at explicit moments: three leases without a heartbeat, and only for a run nobody here executes. */
class RunLivenessTest {

    private static final Duration LEASE = Duration.ofSeconds(20);
    private static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z");

    @Test
    void a_running_run_with_a_fresh_heartbeat_is_live() {
        Optional<Instant> beat = Optional.of(NOW.minusSeconds(7));

        RunLiveness liveness = RunLiveness.of(RunStatus.RUNNING, false, beat, LEASE, NOW);

        assertThat(liveness.stale()).isFalse();
        assertThat(liveness.heartbeat()).isEqualTo(beat);
    }

    @Test
    void a_running_run_whose_heartbeat_is_older_than_three_leases_is_stale() {
        Optional<Instant> beat = Optional.of(NOW.minusSeconds(240));

        RunLiveness liveness = RunLiveness.of(RunStatus.RUNNING, false, beat, LEASE, NOW);

        assertThat(liveness.stale()).isTrue();
        assertThat(liveness.heartbeat()).isEqualTo(beat);
    }

    @Test
    void turns_stale_just_after_three_leases() {
        assertThat(RunLiveness.of(RunStatus.RUNNING, false, Optional.of(NOW.minusSeconds(60)), LEASE, NOW).stale())
                .as("exactly three leases ago").isFalse();
        assertThat(RunLiveness.of(RunStatus.RUNNING, false, Optional.of(NOW.minusSeconds(60).minusMillis(1)), LEASE, NOW)
                .stale()).as("a millisecond more").isTrue();
    }

    @Test
    void a_running_run_no_execution_ever_reported_on_is_stale() {
        RunLiveness liveness = RunLiveness.of(RunStatus.RUNNING, false, Optional.empty(), LEASE, NOW);

        assertThat(liveness.stale()).isTrue();
        assertThat(liveness.heartbeat()).isEmpty();
    }

    @Test
    void a_run_this_process_executes_is_never_stale() {
        assertThat(RunLiveness.of(RunStatus.RUNNING, true, Optional.empty(), LEASE, NOW).stale()).isFalse();
        assertThat(RunLiveness.of(RunStatus.RUNNING, true, Optional.of(NOW.minus(Duration.ofDays(2))), LEASE, NOW).stale())
                .isFalse();
    }

    @ParameterizedTest
    @EnumSource(value = RunStatus.class, names = "RUNNING", mode = EnumSource.Mode.EXCLUDE)
    void a_run_that_is_not_running_is_never_stale(RunStatus status) {
        assertThat(RunLiveness.of(status, false, Optional.empty(), LEASE, NOW).stale()).isFalse();
        assertThat(RunLiveness.of(status, false, Optional.of(NOW.minus(Duration.ofDays(2))), LEASE, NOW).stale()).isFalse();
    }
}
