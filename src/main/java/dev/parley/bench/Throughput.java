package dev.parley.bench;

import java.time.Duration;
import java.util.Objects;

/**
 * Model calls per second, set against the ideal of an endpoint with a fixed latency that is kept
 * full: {@code concurrency} calls always in flight, each taking {@code latency}.
 *
 * @param calls       calls the endpoint answered (or held until the client gave up)
 * @param window      from the first call's arrival to the last call's end
 * @param concurrency calls the client may have in flight at once
 * @param latency     what each call takes at the endpoint
 */
public record Throughput(long calls, Duration window, int concurrency, Duration latency) {

    public Throughput {
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(latency, "latency");
        if (calls < 0 || concurrency < 1 || window.isNegative() || latency.isNegative()) {
            throw new IllegalArgumentException("calls and times must not be negative, concurrency must be positive");
        }
    }

    /** Calls per second over the window; 0 when nothing was called. */
    public double achievedPerSecond() {
        return calls == 0 || window.isZero() ? 0 : calls / seconds(window);
    }

    /** Concurrency ÷ latency: what a client that keeps every slot busy would reach; NaN without latency. */
    public double idealPerSecond() {
        return latency.isZero() ? Double.NaN : concurrency / seconds(latency);
    }

    /** Achieved ÷ ideal, as a fraction (0.95 is 95 %); NaN without latency. */
    public double ratio() {
        return achievedPerSecond() / idealPerSecond();
    }

    /**
     * Time per call spent outside the endpoint, in milliseconds: window × concurrency ÷ calls −
     * latency. It is what each call slot spent on other work (or idle) per call, on top of the
     * endpoint's latency; NaN when nothing was called.
     */
    public double overheadMillis() {
        return calls == 0 ? Double.NaN : window.toNanos() / 1e6 * concurrency / calls - latency.toNanos() / 1e6;
    }

    private static double seconds(Duration d) {
        return d.toNanos() / 1e9;
    }
}
