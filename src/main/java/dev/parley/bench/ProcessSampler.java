package dev.parley.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Samples another process at a fixed interval until it ends or the sampler is closed: its peak
 * resident memory from {@code /proc/<pid>/status} (Linux) — the kernel's own high-water mark
 * {@code VmHWM}, or {@code VmRSS} if higher — and the CPU time it has used.
 */
public final class ProcessSampler implements AutoCloseable {

    private final ProcessHandle process;
    private final AtomicLong peakKb = new AtomicLong(-1);
    private final AtomicLong cpuNanos = new AtomicLong(-1);
    private final Thread sampler;
    private volatile boolean stopped;

    private ProcessSampler(ProcessHandle process, Duration every) {
        this.process = process;
        Path status = Path.of("/proc", Long.toString(process.pid()), "status");
        sampler = Thread.ofVirtual().name("sampler-" + process.pid()).start(() -> {
            while (!stopped && sample(status)) {
                try {
                    Thread.sleep(every);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
    }

    /** Starts sampling a process every {@code every}. */
    public static ProcessSampler watch(ProcessHandle process, Duration every) {
        return new ProcessSampler(process, every);
    }

    /** The highest resident memory seen, in kB; empty when {@code /proc} could not be read (not Linux). */
    public OptionalLong peakRssKilobytes() {
        long kb = peakKb.get();
        return kb < 0 ? OptionalLong.empty() : OptionalLong.of(kb);
    }

    /** CPU time (user and system) the process had used at the last sample; empty when the platform does not say. */
    public OptionalLong cpuMillis() {
        long nanos = cpuNanos.get();
        return nanos < 0 ? OptionalLong.empty() : OptionalLong.of(nanos / 1_000_000);
    }

    /** Stops sampling; the getters keep the last values. */
    @Override
    public void close() {
        stopped = true;
        sampler.interrupt();
        try {
            sampler.join(Duration.ofSeconds(1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Takes one sample; false once the process is gone. */
    private boolean sample(Path status) {
        process.info().totalCpuDuration().ifPresent(d -> cpuNanos.accumulateAndGet(d.toNanos(), Math::max));
        String text;
        try {
            text = Files.readString(status);
        } catch (IOException e) {
            return false;
        }
        long kb = Math.max(kilobytes(text, "VmHWM").orElse(-1), kilobytes(text, "VmRSS").orElse(-1));
        peakKb.accumulateAndGet(kb, Math::max);
        return true;
    }

    /**
     * A {@code kB} field of a {@code /proc/<pid>/status} text, e.g. {@code VmHWM:   412345 kB}.
     *
     * @return the value in kB, empty when the field is missing (a kernel thread, a zombie)
     */
    public static OptionalLong kilobytes(String status, String field) {
        Matcher m = Pattern.compile("^" + Pattern.quote(field) + ":\\s*(\\d+)\\s*kB\\s*$", Pattern.MULTILINE)
                .matcher(status);
        return m.find() ? OptionalLong.of(Long.parseLong(m.group(1))) : OptionalLong.empty();
    }

    /** The 1-minute load average from {@code /proc/loadavg}, empty when it cannot be read. */
    public static java.util.OptionalDouble loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).strip().split("\\s+");
            return java.util.OptionalDouble.of(Double.parseDouble(parts[0]));
        } catch (IOException | RuntimeException e) {
            return java.util.OptionalDouble.empty();
        }
    }
}
