package dev.parley.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class ProcessSamplerTest {

    /** An excerpt of a real {@code /proc/<pid>/status}. */
    private static final String STATUS = """
            Name:\tjava
            Umask:\t0022
            State:\tS (sleeping)
            Pid:\t4242
            VmPeak:\t 8899424 kB
            VmSize:\t 8833888 kB
            VmLck:\t       0 kB
            VmHWM:\t  568320 kB
            VmRSS:\t  412004 kB
            RssAnon:\t  380000 kB
            Threads:\t55
            """;

    @Test
    void reads_kilobyte_fields_of_proc_status() {
        assertThat(ProcessSampler.kilobytes(STATUS, "VmHWM")).hasValue(568_320);
        assertThat(ProcessSampler.kilobytes(STATUS, "VmRSS")).hasValue(412_004);
        assertThat(ProcessSampler.kilobytes(STATUS, "VmLck")).hasValue(0);
    }

    @Test
    void does_not_mistake_one_field_for_another_or_a_count_for_kilobytes() {
        assertThat(ProcessSampler.kilobytes(STATUS, "RSS")).isEmpty();
        assertThat(ProcessSampler.kilobytes(STATUS, "Threads")).isEmpty();
        assertThat(ProcessSampler.kilobytes("Name:\tkthreadd\nState:\tS (sleeping)\n", "VmHWM")).isEmpty();
    }

    @Test
    void counts_idle_and_iowait_as_not_busy_and_leaves_guest_time_out_of_the_total() {
        String stat = "cpu  100 5 50 800 40 3 2 0 7 0\ncpu0 50 2 25 400 20 1 1 0 3 0\nintr 12345\n";

        long[] ticks = ProcessSampler.machineTicks(stat);

        assertThat(ticks[0]).as("busy: user + nice + system + irq + softirq + steal").isEqualTo(160);
        assertThat(ticks[1]).as("total without guest").isEqualTo(1000);
    }

    @Test
    void samples_a_live_process_when_proc_is_there() throws Exception {
        ProcessSampler sampler = ProcessSampler.watch(ProcessHandle.current(), Duration.ofMillis(10));
        Thread.sleep(100);
        sampler.close();

        if (java.nio.file.Files.isDirectory(java.nio.file.Path.of("/proc/self"))) {
            assertThat(sampler.peakRssKilobytes()).isPresent();
            assertThat(sampler.peakRssKilobytes().getAsLong()).as("a JVM's resident memory, kB").isGreaterThan(10_000);
            assertThat(sampler.cpuBetween(0, System.nanoTime())).hasValueSatisfying(use -> {
                assertThat(use.elapsed()).isPositive();
                assertThat(use.machineCores()).isBetween(0.0, (double) Runtime.getRuntime().availableProcessors());
            });
        }
    }
}
