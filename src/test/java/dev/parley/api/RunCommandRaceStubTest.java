package dev.parley.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.parley.bench.OpenAiStubServer;
import dev.parley.llm.InjectOpenAiStub;
import dev.parley.llm.OpenAiStubResource;
import dev.parley.recipe.RecipeLoader;
import dev.parley.run.RunEngine;
import dev.parley.store.RunOptions;
import dev.parley.store.RunStatus;
import dev.parley.store.RunRepository;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;

/**
 * A resume and a delete of the same stopped run sent at the same moment, many times over: one of them
 * wins, the other is refused, and a deleted run is never left executing. The stub holds every generator
 * request, so a resumed run is certainly still running when the delete is decided.
 */
@QuarkusTest
@WithTestResource(OpenAiStubResource.class)
class RunCommandRaceStubTest {

    private static final int ROUNDS = 30;

    @InjectOpenAiStub
    OpenAiStubServer stub;

    @Inject
    RunEngine engine;

    @Inject
    RunRepository runs;

    private record Outcome(String id, int resume, int delete, String resumeBody, String deleteBody) {
    }

    @Test
    void a_resume_and_a_delete_sent_together_never_both_succeed() throws Exception {
        var release = new CountDownLatch(1);
        stub.reset();
        stub.respondWith(request -> {
            if (OpenAiStubServer.DIALOGUE.equals(OpenAiStubServer.schemaName(request))) {
                RunApi.awaitQuietly(release);
            }
            return OpenAiStubServer.defaultReply(request);
        });
        HttpClient http = HttpClient.newHttpClient();
        List<Outcome> outcomes = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
            for (int round = 0; round < ROUNDS; round++) {
                String id = stoppedRun(round);
                var barrier = new CyclicBarrier(2);
                Future<HttpResponse<String>> resume = pool.submit(() -> send(http, barrier, "POST", id + "/resume"));
                Future<HttpResponse<String>> delete = pool.submit(() -> send(http, barrier, "DELETE", id));
                HttpResponse<String> r = resume.get(30, TimeUnit.SECONDS);
                HttpResponse<String> d = delete.get(30, TimeUnit.SECONDS);
                outcomes.add(new Outcome(id, r.statusCode(), d.statusCode(), r.body(), d.body()));
            }
        } finally {
            for (Outcome o : outcomes) {
                if (o.resume() == 202) {
                    // Clean-up only: the assertions below say what went wrong if the run is gone.
                    given().when().post("/api/runs/{id}/cancel", o.id());
                }
            }
            release.countDown();
        }

        for (Outcome o : outcomes) {
            assertThat(o.resume() == 202 && o.delete() == 204).as("both succeeded: %s", o).isFalse();
            if (o.delete() == 204) {
                assertThat(o.resume()).as("resume of a run deleted meanwhile: %s", o).isIn(404, 409);
                assertThat(runs.findRun(o.id())).as("deleted: %s", o).isEmpty();
                assertThat(engine.isActive(o.id())).as("a deleted run executing: %s", o).isFalse();
            } else {
                assertThat(o.resume()).as("%s", o).isEqualTo(202);
                assertThat(o.delete()).as("%s", o).isEqualTo(409);
                assertThat(o.deleteBody()).as("%s", o).containsAnyOf("is running; cancel it", "a resume of it is under way");
                JsonPath stopped = RunApi.awaitFinished(o.id());
                assertThat(stopped.getString("status")).isEqualTo("stopped");
                assertThat(stopped.getString("error")).isEqualTo(RunEngine.CANCELLED);
            }
        }
        assertThat(outcomes).as("both kinds of winner over %d rounds", ROUNDS)
                .anySatisfy(o -> assertThat(o.delete()).isEqualTo(204));
    }

    /** A run stored as stopped, not executing anywhere: both a resume and a delete may act on it. */
    private String stoppedRun(int round) {
        String id = engine.create(RecipeLoader.parse("""
                name: race-%d
                language: en
                count: 2
                seed: %d
                turns: { min: 2, max: 2 }
                assistant: { system-prompt: You are the help desk of Stubshop. }
                dimensions:
                  topic: [refund, delivery]
                judge: { recheck: 0 }
                checks: { near-duplicate: 0 }
                """.formatted(round, 7000 + round)), RunOptions.DEFAULTS).id();
        runs.finishRun(id, RunStatus.STOPPED, Optional.of("stopped for the test"));
        return id;
    }

    private static HttpResponse<String> send(HttpClient http, CyclicBarrier barrier, String method, String path)
            throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + RestAssured.port + "/api/runs/" + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).build();
        barrier.await(30, TimeUnit.SECONDS);
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
