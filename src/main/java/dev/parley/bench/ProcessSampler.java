package dev.parley.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Samples another process at a fixed interval until it ends or the sampler is closed: its peak
 * resident memory from {@code /proc/<pid>/status} (Linux) — the kernel's own high-water mark
 * {@code VmHWM}, or {@code VmRSS} if higher — the CPU time it has used, and how busy the whole
 * machine's CPUs are ({@code /proc/stat}), so that CPU use can be told for any stretch of the run.
 */
public final class ProcessSampler implements AutoCloseable {

    /**
     * CPU use over a stretch of time.
     *
     * @param elapsed      the stretch, between the samples nearest its ends
     * @param processCpu   CPU time the process used in it
     * @param samplerCpu   CPU time the sampling process (the caller: the bench with its stub) used in it
     * @param machineCores CPU cores the whole machine kept busy on average, both processes included (NaN without {@code /proc/stat})
     */
    public record CpuUse(Duration elapsed, Duration processCpu, Duration samplerCpu, double machineCores) {

        /** Cores the process kept busy on average. */
        public double processCores() {
            return cores(processCpu);
        }

        /** Cores the sampling process kept busy on average. */
        public double samplerCores() {
            return cores(samplerCpu);
        }

        private double cores(Duration cpu) {
            return elapsed.isZero() ? Double.NaN : (double) cpu.toNanos() / elapsed.toNanos();
        }
    }

    /** One sample: when, the two processes' CPU time, and the machine's busy and total CPU ticks (-1 when unknown). */
    private record Sample(long at, long cpuNanos, long samplerCpuNanos, long machineBusy, long machineTotal) {
    }

    private static final Pattern CPU_LINE = Pattern.compile("^cpu\\s+(.*)$", Pattern.MULTILINE);

    private final ProcessHandle process;
    private final AtomicLong peakKb = new AtomicLong(-1);
    private final List<Sample> samples = new ArrayList<>();
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
        long nanos;
        synchronized (samples) {
            nanos = samples.stream().mapToLong(Sample::cpuNanos).max().orElse(-1);
        }
        return nanos < 0 ? OptionalLong.empty() : OptionalLong.of(nanos / 1_000_000);
    }

    /**
     * CPU use between two {@link System#nanoTime()} instants, from the last sample at or before
     * {@code from} to the first at or after {@code to} (the nearest ones when the stretch runs past
     * the samples); empty when there are fewer than two samples in reach.
     */
    public Optional<CpuUse> cpuBetween(long from, long to) {
        Sample start = null;
        Sample end = null;
        synchronized (samples) {
            for (Sample s : samples) {
                if (start == null || s.at() <= from) {
                    start = s;
                }
                if (end == null && s.at() >= to) {
                    end = s;
                }
            }
            if (end == null && !samples.isEmpty()) {
                end = samples.getLast();
            }
        }
        if (start == null || end == null || end.at() <= start.at() || start.cpuNanos() < 0 || end.cpuNanos() < 0) {
            return Optional.empty();
        }
        double machine = start.machineTotal() < 0 || end.machineTotal() <= start.machineTotal() ? Double.NaN
                : Runtime.getRuntime().availableProcessors() * (double) (end.machineBusy() - start.machineBusy())
                        / (end.machineTotal() - start.machineTotal());
        return Optional.of(new CpuUse(Duration.ofNanos(end.at() - start.at()),
                Duration.ofNanos(end.cpuNanos() - start.cpuNanos()),
                Duration.ofNanos(Math.max(0, end.samplerCpuNanos() - start.samplerCpuNanos())), machine));
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
        long cpu = process.info().totalCpuDuration().map(Duration::toNanos).orElse(-1L);
        long own = ProcessHandle.current().info().totalCpuDuration().map(Duration::toNanos).orElse(-1L);
        long[] machine = machineTicks();
        long at = System.nanoTime();
        String text;
        try {
            text = Files.readString(status);
        } catch (IOException e) {
            return false;
        }
        synchronized (samples) {
            samples.add(new Sample(at, cpu, own, machine[0], machine[1]));
        }
        long kb = Math.max(kilobytes(text, "VmHWM").orElse(-1), kilobytes(text, "VmRSS").orElse(-1));
        peakKb.accumulateAndGet(kb, Math::max);
        return true;
    }

    /** Busy and total CPU ticks of the machine since boot, from {@code /proc/stat}; -1s when unreadable. */
    private static long[] machineTicks() {
        try {
            return machineTicks(Files.readString(Path.of("/proc/stat")));
        } catch (IOException | RuntimeException e) {
            return new long[] {-1, -1};
        }
    }

    /**
     * Busy and total ticks from the {@code cpu} line of a {@code /proc/stat} text: busy is all but
     * {@code idle} and {@code iowait} (the 4th and 5th numbers).
     */
    static long[] machineTicks(String stat) {
        Matcher m = CPU_LINE.matcher(stat);
        if (!m.find()) {
            return new long[] {-1, -1};
        }
        String[] fields = m.group(1).strip().split("\\s+");
        long total = 0;
        long idle = 0;
        // guest and guest_nice (9th, 10th) are already counted in user and nice.
        for (int i = 0; i < Math.min(fields.length, 8); i++) {
            long v = Long.parseLong(fields[i]);
            total += v;
            if (i == 3 || i == 4) {
                idle += v;
            }
        }
        return new long[] {total - idle, total};
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
}
