package dev.parley.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class ThroughputTest {

    @Test
    void sets_achieved_calls_per_second_against_concurrency_over_latency() {
        // 4000 calls in 17.5 s with 64 slots of 250 ms: ideal 256/s, achieved 228.6/s.
        var t = new Throughput(4000, Duration.ofMillis(17_500), 64, Duration.ofMillis(250));

        assertThat(t.idealPerSecond()).isEqualTo(256.0);
        assertThat(t.achievedPerSecond()).isCloseTo(228.571, within(0.001));
        assertThat(t.ratio()).isCloseTo(0.8929, within(0.0001));
        // 17.5 s × 64 slots ÷ 4000 calls = 280 ms per call per slot, 30 ms of it outside the endpoint.
        assertThat(t.overheadMillis()).isCloseTo(30.0, within(1e-9));
    }

    @Test
    void reaches_the_ideal_exactly_when_every_slot_is_always_busy() {
        var t = new Throughput(256, Duration.ofSeconds(1), 64, Duration.ofMillis(250));

        assertThat(t.ratio()).isEqualTo(1.0);
        assertThat(t.overheadMillis()).isZero();
    }

    @Test
    void has_no_ideal_without_latency_and_no_rate_without_calls() {
        assertThat(new Throughput(10, Duration.ofSeconds(1), 8, Duration.ZERO).idealPerSecond()).isNaN();
        var none = new Throughput(0, Duration.ZERO, 8, Duration.ofMillis(250));
        assertThat(none.achievedPerSecond()).isZero();
        assertThat(none.overheadMillis()).isNaN();
    }

    @Test
    void rejects_negative_counts_and_a_concurrency_below_one() {
        assertThatThrownBy(() -> new Throughput(-1, Duration.ZERO, 1, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Throughput(1, Duration.ZERO, 0, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }
}
