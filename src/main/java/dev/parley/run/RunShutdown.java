package dev.parley.run;

import java.time.Duration;
import java.util.Collections;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import dev.parley.store.RunRepository;
import dev.parley.store.RunRecord;
import dev.parley.store.RunStatus;
import io.quarkus.runtime.ShutdownEvent;

/**
 * A normal stop of the application (SIGTERM, Ctrl-C) while runs execute: every run is stopped as a
 * cancel stops it (no new call, calls under way awaited, items mid-step put back), before the store
 * closes, so the run ends {@code STOPPED} and nothing fails for want of a database. The server takes
 * such runs up again when it next starts.
 */
@ApplicationScoped
public class RunShutdown {

    /** The reason recorded for a run stopped by the application's shutdown. */
    public static final String REASON = "the application was stopped";
    /** How long a shutdown waits for the calls under way; a run still busy then is taken up once stale. */
    static final Duration GRACE = Duration.ofSeconds(20);
    private static final Logger LOG = Logger.getLogger(RunShutdown.class);

    private final RunEngine engine;
    private final RunRepository runs;

    @Inject
    public RunShutdown(RunEngine engine, RunRepository runs) {
        this.engine = engine;
        this.runs = runs;
    }

    void onShutdown(@Observes ShutdownEvent event) {
        stopAll(GRACE);
    }

    /**
     * Stops every run this process executes and waits up to {@code grace} for them to end; logs one line.
     *
     * @return whether every run ended within the grace
     */
    public boolean stopAll(Duration grace) {
        return awaitStopped(requestStop(), grace);
    }

    /** Asks every run this process executes to stop; returns them. */
    Set<String> requestStop() {
        Set<String> runs = engine.activeRuns();
        if (!runs.isEmpty()) {
            engine.stopAll(REASON);
        }
        return runs;
    }

    /** Waits up to {@code grace} for the runs to end, and logs one line on what became of them. */
    boolean awaitStopped(Set<String> runs, Duration grace) {
        if (runs.isEmpty()) {
            return true;
        }
        long deadline = System.nanoTime() + grace.toNanos();
        while (!Collections.disjoint(engine.activeRuns(), runs) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        Set<String> left = new TreeSet<>(engine.activeRuns());
        left.retainAll(runs);
        if (left.isEmpty()) {
            LOG.infof("stopped %d run(s) on shutdown, to be resumed at the next start: %s", runs.size(),
                    String.join(", ", runs));
            return true;
        }
        LOG.warnf("%d run(s) still waiting for model calls after %ss of shutdown: %s; they are taken up once their"
                + " leases run out", left.size(), grace.toSeconds(), String.join(", ", left));
        return false;
    }

    /**
     * Starts again the runs a shutdown stopped (the server does this when it starts).
     *
     * @return how many were started
     */
    public int resumeStopped() {
        int n = 0;
        for (RunRecord run : runs.runsWithStatus(RunStatus.STOPPED)) {
            if (run.error().equals(Optional.of(REASON)) && engine.start(run.id())) {
                LOG.infof("resuming run %s (%s), stopped by the last shutdown", run.id(), run.name());
                n++;
            }
        }
        return n;
    }
}
