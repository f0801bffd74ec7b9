package dev.parley.run;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProgressPacingTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void reads_at_once_then_at_most_once_a_second() {
        var pacing = new ProgressPacing(0);

        assertThat(pacing.due(0)).isTrue();
        assertThat(pacing.due(SECOND / 2)).isFalse();
        assertThat(pacing.due(SECOND - 1)).isFalse();
        assertThat(pacing.due(SECOND)).isTrue();
        assertThat(pacing.due(SECOND)).as("a second caller at the same moment").isFalse();
    }

    @Test
    void waits_twenty_times_as_long_as_a_slow_read_took_after_it_ended() {
        var pacing = new ProgressPacing(0);
        assertThat(pacing.due(0)).isTrue();
        // A read of 300 ms ending at 0.3 s: the next is due 6 s after that.
        pacing.took(300_000_000L, 300_000_000L);

        assertThat(pacing.due(SECOND + 300_000_000L)).isFalse();
        assertThat(pacing.due(6 * SECOND + 299_999_999L)).isFalse();
        assertThat(pacing.due(6 * SECOND + 300_000_000L)).isTrue();

        // A quick read brings the gap back to a second.
        pacing.took(1_000_000L, 6 * SECOND + 301_000_000L);
        assertThat(pacing.due(7 * SECOND + 301_000_000L)).isTrue();
    }
}
