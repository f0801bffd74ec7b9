package dev.parley.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.parley.api.ServerSentEvents.Event;
import dev.parley.run.RunEngine;
import dev.parley.run.RunOutcome;
import dev.parley.store.RunStatus;
import dev.parley.run.TestRuns;
import dev.parley.store.ItemRepository;
import dev.parley.store.RunRepository;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * A run left running by a process that died looks stale in the run, the run list and the event
 * stream, and resuming it finishes the items the dead worker held; a run with a worker behind it,
 * in this process or another, is not stale.
 */
@QuarkusTest
class StaleRunApiTest {

    private static final int COUNT = 6;

    @Inject
    RunEngine engine;
    @Inject
    RunRepository runs;

    @Inject
    ItemRepository items;

    @Test
    @Timeout(60)
    void a_run_left_by_a_dead_worker_is_stale_until_resumed() throws Exception {
        Instant lastBeat = Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.MILLIS);
        String id = TestRuns.abandoned(engine, COUNT, lastBeat);

        JsonPath run = run(id);
        assertThat(run.getString("status")).isEqualTo("running");
        assertThat(run.getBoolean("stale")).isTrue();
        assertThat(Instant.parse(run.getString("heartbeat"))).isEqualTo(lastBeat);
        assertThat(run.getInt("counts.unfinished")).isEqualTo(COUNT);
        assertThat(listed(id)).containsEntry("status", "running").containsEntry("stale", true)
                .hasEntrySatisfying("heartbeat", at -> assertThat(Instant.parse((String) at)).isEqualTo(lastBeat));

        Instant resumedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        var resumed = new AtomicBoolean();
        List<Event> events = ServerSentEvents.ofRun(id, event -> {
            if ("stale".equals(event.name()) && !resumed.getAndSet(true)) {
                given().when().post("/api/runs/{id}/resume", id).then().statusCode(202);
            }
        });

        assertThat(events).extracting(Event::name).startsWith("progress", "stale").endsWith("end")
                .containsOnlyOnce("stale");
        JsonPath first = events.get(0).data();
        assertThat(first.getBoolean("stale")).isTrue();
        assertThat(first.getString("status")).isEqualTo("running");
        assertThat(first.getInt("done")).isZero();
        JsonPath stale = events.get(1).data();
        assertThat(stale.getString("runId")).isEqualTo(id);
        assertThat(stale.getString("status")).isEqualTo("running");
        assertThat(Instant.parse(stale.getString("heartbeat"))).isEqualTo(lastBeat);
        assertThat(events.subList(2, events.size())).as("once resumed, the run is live again")
                .allSatisfy(e -> assertThat(e.data().getBoolean("stale")).isFalse());
        JsonPath end = events.getLast().data();
        assertThat(end.getString("status")).isEqualTo("completed");
        assertThat(end.getInt("done")).isEqualTo(COUNT);
        assertThat(end.getInt("accepted") + end.getInt("rejected") + end.getInt("failed")).isEqualTo(COUNT);

        JsonPath finished = run(id);
        assertThat(finished.getString("status")).isEqualTo("completed");
        assertThat(finished.getBoolean("stale")).isFalse();
        assertThat(Instant.parse(finished.getString("heartbeat"))).as("the resumed execution reported")
                .isAfterOrEqualTo(resumedAt);
        Map<String, Integer> counts = finished.getMap("counts", String.class, Integer.class);
        assertThat(counts).containsEntry("planned", COUNT).containsEntry("unfinished", 0);
        assertThat(counts.get("accepted") + counts.get("rejectedByCheck") + counts.get("rejectedByJudge")
                + counts.get("failed")).isEqualTo(COUNT);
        assertThat(counts.get("accepted")).isEqualTo(end.getInt("accepted"));
        assertThat(items.item(id, 0).orElseThrow().state().isTerminal()).as("the item the dead worker was writing")
                .isTrue();
        assertThat(listed(id)).containsEntry("status", "completed").containsEntry("stale", false);
    }

    @Test
    void a_stale_run_can_be_cancelled_at_once_and_then_deleted_while_a_live_one_cannot_be_deleted() {
        String stale = TestRuns.abandoned(engine, 2, Instant.now().minus(Duration.ofHours(1)));
        String live = TestRuns.created(engine, 2);
        try {
            beat(live);
            given().when().delete("/api/runs/{id}", live).then().statusCode(409).contentType("application/problem+json");
            given().when().post("/api/runs/{id}/cancel", live).then().statusCode(409)
                    .contentType("application/problem+json");

            JsonPath cancelled = given().when().post("/api/runs/{id}/cancel", stale).then().statusCode(202).extract()
                    .jsonPath();
            assertThat(cancelled.getString("status")).isEqualTo("stopped");
            JsonPath run = run(stale);
            assertThat(run.getString("status")).isEqualTo("stopped");
            assertThat(run.getString("error")).isEqualTo(RunEngine.CANCELLED);
            assertThat(run.getBoolean("stale")).isFalse();
            assertThat(run.getInt("counts.unfinished")).as("left for a resume").isEqualTo(2);
        } finally {
            runs.deleteRun(live);
        }

        String another = TestRuns.abandoned(engine, 2, Instant.now().minus(Duration.ofHours(1)));
        given().when().delete("/api/runs/{id}", another).then().statusCode(204);
        given().when().get("/api/runs/{id}", another).then().statusCode(404);
        given().when().delete("/api/runs/{id}", stale).then().statusCode(204);
    }

    @Test
    void a_run_another_process_reports_on_is_not_stale() {
        String id = TestRuns.created(engine, 2);
        try {
            // The other process beats just before each look, as a live one does every third of a lease.
            Instant beat = beat(id);
            JsonPath run = run(id);

            assertThat(run.getString("status")).isEqualTo("running");
            assertThat(run.getBoolean("stale")).isFalse();
            assertThat(Instant.parse(run.getString("heartbeat"))).isEqualTo(beat);
            Instant again = beat(id);
            assertThat(listed(id)).containsEntry("stale", false)
                    .hasEntrySatisfying("heartbeat", at -> assertThat(Instant.parse((String) at)).isEqualTo(again));
        } finally {
            runs.deleteRun(id);
        }
    }

    private Instant beat(String id) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        runs.heartbeat(id, now.toEpochMilli());
        return now;
    }

    @Test
    @Timeout(60)
    void a_run_this_process_executes_is_not_stale() throws Exception {
        String id = TestRuns.created(engine, 3);
        var reporting = new CountDownLatch(1);
        var release = new CountDownLatch(1);
        // Holding the first progress report keeps the execution going, so the run is certainly live when read.
        CompletableFuture<RunOutcome> outcome = CompletableFuture.supplyAsync(() -> engine.execute(id, p -> {
            reporting.countDown();
            RunApi.awaitQuietly(release);
        }));
        try {
            assertThat(reporting.await(30, TimeUnit.SECONDS)).as("the execution reported progress").isTrue();

            JsonPath run = run(id);

            assertThat(run.getString("status")).isEqualTo("running");
            assertThat(run.getBoolean("stale")).isFalse();
            assertThat(Instant.parse(run.getString("heartbeat"))).as("written when the execution started")
                    .isAfter(Instant.now().minusSeconds(60));
            assertThat(listed(id)).containsEntry("status", "running").containsEntry("stale", false);
        } finally {
            release.countDown();
        }
        assertThat(outcome.get(30, TimeUnit.SECONDS).status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(run(id).getBoolean("stale")).isFalse();
    }

    private static JsonPath run(String id) {
        return given().when().get("/api/runs/{id}", id).then().statusCode(200).extract().jsonPath();
    }

    /** The run's entry in the run list. */
    private static Map<String, Object> listed(String id) {
        JsonPath page = given().queryParam("limit", 500).when().get("/api/runs").then().statusCode(200).extract()
                .jsonPath();
        Map<String, Object> run = page.getMap("items.find { it.id == '" + id + "' }");
        assertThat(run).as("run %s in the list", id).isNotNull();
        return run;
    }
}
