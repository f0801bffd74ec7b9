package dev.parley.api;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.parley.store.ItemState;
import dev.parley.run.RunEngine;
import dev.parley.run.RunLiveness;
import dev.parley.store.RunProgress;
import dev.parley.store.RunStatus;
import dev.parley.store.RunRecord;
import dev.parley.store.RunRepository;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/** A run's progress, live, as server-sent events. */
@Path("/api/runs")
@Tag(name = "Runs")
public class RunEventsResource {

    /** How often a run is looked at; an event goes out only when something changed. */
    static final long INTERVAL_MILLIS = 500;

    @Inject
    RunRepository runs;
    @Inject
    RunEngine engine;
    @Inject
    ObjectMapper json;

    /**
     * Where a run is: the data of every {@code progress} and {@code end} event.
     *
     * @param generating items being written now
     * @param judging    items being judged now
     * @param revising   items being revised now
     * @param tokens     tokens spent so far, input and output
     * @param costUsd    what the model calls cost so far, in dollars
     * @param projectedCostUsd what the whole run will cost at the rate so far
     * @param stale      marked running, but no worker has reported for three leases (see {@link RunLiveness})
     * @param batches    the run's batches the provider has not finished with (batch mode), oldest first
     */
    public record ProgressEvent(String runId, String status, int planned, int done, int accepted, int rejected,
            int failed, int generating, int judging, int revising, long tokens, double costUsd,
            double projectedCostUsd, boolean stale, List<BatchProgress> batches) {

        static ProgressEvent of(RunStatus status, boolean stale, RunProgress p) {
            return new ProgressEvent(p.runId(), status.key(), p.planned(), p.done(), p.count(ItemState.ACCEPTED),
                    p.count(ItemState.REJECTED), p.count(ItemState.FAILED), p.count(ItemState.GENERATING),
                    p.count(ItemState.JUDGING), p.count(ItemState.REVISING), p.tokens(), p.cost(), p.projectedCost(),
                    stale, p.openBatches().stream().map(b -> new BatchProgress(b.role().key(), b.batchId().orElse(null),
                            b.status(), b.total(), b.completed(), b.failed())).toList());
        }
    }

    /**
     * An open batch of a run in batch mode, as its provider last reported it.
     *
     * @param role      whose requests it holds
     * @param batchId   the provider's id, null until the provider has made it
     * @param status    {@code uploading}, {@code uploaded}, or the provider's status ({@code validating}, {@code in_progress}, …)
     * @param total     requests in it
     * @param completed requests answered so far
     * @param failed    requests failed so far
     */
    public record BatchProgress(String role, String batchId, String status, int total, int completed, int failed) {
    }

    /**
     * The data of a {@code stale} event: the run is marked running, but no worker has reported on it
     * for three leases.
     *
     * @param heartbeat when an execution of the run last reported; null when none has
     */
    public record StaleEvent(String runId, String status, Instant heartbeat) {
    }

    @GET
    @Path("/{id}/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Blocking
    @Operation(summary = "Follow a run live (server-sent events)", description = "An event named progress with a"
            + " ProgressEvent as JSON once at connect and then about every " + INTERVAL_MILLIS + " ms while it changes;"
            + " when the run is no longer running, an event named end with the same data, and the stream closes."
            + " A finished run gives one progress and one end event. When the run becomes stale (marked running,"
            + " but no worker has reported on it for three leases: see GET /api/runs/{id}), an event named stale"
            + " with a StaleEvent (runId, status, heartbeat) once, and the stream stays open: once the run is"
            + " resumed, progress (with stale false) and end follow as for any run.")
    public Multi<OutboundSseEvent> events(@PathParam("id") String id, @Context Sse sse) {
        runs.run(id);
        return Multi.createFrom().emitter(emitter -> {
            var watch = new Watch(id, sse);
            ScheduledFuture<?> task = Infrastructure.getDefaultWorkerPool().scheduleWithFixedDelay(() -> {
                if (emitter.isCancelled() || watch.ended) {
                    return;
                }
                try {
                    watch.next().forEach(emitter::emit);
                    if (watch.ended) {
                        emitter.complete();
                    }
                } catch (RuntimeException e) {
                    emitter.fail(e);
                }
            }, 0, INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
            emitter.onTermination(() -> task.cancel(false));
        });
    }

    /** One client's view of one run: what it was last sent. */
    private final class Watch {
        private final String runId;
        private final Sse sse;
        private ProgressEvent last;
        /** Whether the client was told the run is stale since it last looked live. */
        private boolean toldStale;
        private volatile boolean ended;

        Watch(String runId, Sse sse) {
            this.runId = runId;
            this.sse = sse;
        }

        /**
         * The events due now: progress if anything changed, stale when the run has just been found
         * without a worker, and end once the run has stopped.
         */
        List<OutboundSseEvent> next() {
            // The status is read first: a run is marked finished only after its items are settled, so
            // the counts read after a final status are final too.
            RunRecord run = runs.run(runId);
            RunLiveness liveness = engine.liveness(run, Instant.now());
            ProgressEvent now = ProgressEvent.of(run.status(), liveness.stale(), engine.progress(runId, run.planned()));
            var events = new ArrayList<OutboundSseEvent>(3);
            if (!now.equals(last)) {
                events.add(sse.newEvent("progress", write(now)));
                last = now;
            }
            if (liveness.stale() && !toldStale) {
                events.add(sse.newEvent("stale", write(new StaleEvent(runId, run.status().key(),
                        liveness.heartbeat().orElse(null)))));
            }
            // Told again should the run, once resumed, lose its worker a second time.
            toldStale = liveness.stale();
            if (run.status() != RunStatus.RUNNING) {
                events.add(sse.newEvent("end", write(now)));
                ended = true;
            }
            return events;
        }

        private String write(Object event) {
            try {
                return json.writeValueAsString(event);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("cannot write a " + event.getClass().getSimpleName(), e);
            }
        }
    }
}
