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
 * The peak resident memory of another process, sampled from {@code /proc/<pid>/status} (Linux):
 * the kernel's own high-water mark {@code VmHWM}, and {@code VmRSS}, whichever is higher, read at a
 * fixed interval until the process ends or the watch is closed.
 */
public final class PeakRss implements AutoCloseable {

    private final AtomicLong peakKb = new AtomicLong(-1);
    private final Thread sampler;
    private volatile boolean stopped;

    private PeakRss(long pid, Duration every) {
        Path status = Path.of("/proc", Long.toString(pid), "status");
        sampler = Thread.ofVirtual().name("peak-rss-" + pid).start(() -> {
            while (!stopped) {
                if (!sample(status)) {
                    return;
                }
                try {
                    Thread.sleep(every);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
    }

    /** Starts sampling a process every {@code every}. */
    public static PeakRss watch(long pid, Duration every) {
        return new PeakRss(pid, every);
    }

    /** The highest value seen so far, in kB; empty when {@code /proc} could not be read (not Linux). */
    public OptionalLong peakKilobytes() {
        long kb = peakKb.get();
        return kb < 0 ? OptionalLong.empty() : OptionalLong.of(kb);
    }

    /** Stops sampling; {@link #peakKilobytes()} keeps the last peak. */
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

    /** Reads one sample; false once the process is gone. */
    private boolean sample(Path status) {
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
}
