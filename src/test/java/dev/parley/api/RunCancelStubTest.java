package dev.parley.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.parley.bench.OpenAiStubServer;
import dev.parley.llm.InjectOpenAiStub;
import dev.parley.llm.OpenAiStubResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * Cancelling a run over the REST API while the model is busy: the stub holds every generator
 * request until the test lets it go, so the run is certainly running when it is cancelled.
 */
@QuarkusTest
@WithTestResource(OpenAiStubResource.class)
class RunCancelStubTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int COUNT = 40;

    @InjectOpenAiStub
    OpenAiStubServer stub;

    @BeforeEach
    void resetStub() {
        stub.reset();
    }

    @Test
    void cancels_a_running_run_cleanly_and_resumes_it_to_completion() throws InterruptedException {
        var arrived = new CountDownLatch(1);
        var release = new CountDownLatch(1);
        stub.respondWith(request -> {
            if (OpenAiStubServer.DIALOGUE.equals(OpenAiStubServer.schemaName(request))) {
                arrived.countDown();
                RunApi.awaitQuietly(release);
            }
            return OpenAiStubServer.defaultReply(request);
        });
        String id;
        try {
            id = RunApi.start(recipe("cancel-me", 901));
            assertThat(arrived.await(30, TimeUnit.SECONDS)).as("a generator request reached the stub").isTrue();

            JsonPath refused = given().when().delete("/api/runs/{id}", id).then().statusCode(409)
                    .contentType("application/problem+json").extract().jsonPath();
            assertThat(refused.getString("detail")).contains("running");

            JsonPath cancelled = given().when().post("/api/runs/{id}/cancel", id).then().statusCode(202).extract()
                    .jsonPath();
            assertThat(cancelled.getString("id")).isEqualTo(id);
            assertThat(cancelled.getString("status")).isEqualTo("stopping");
        } finally {
            release.countDown();
        }

        List<ServerSentEvents.Event> events = ServerSentEvents.ofRun(id);
        assertThat(events.getLast().name()).isEqualTo("end");
        assertThat(events.getLast().data().getString("status")).isEqualTo("stopped");

        JsonPath stopped = RunApi.awaitFinished(id);
        assertThat(stopped.getString("status")).isEqualTo("stopped");
        assertThat(stopped.getString("error")).isEqualTo("cancelled by a user");
        int unfinished = stopped.getInt("counts.unfinished");
        assertThat(unfinished).as("items not yet claimed stay for a resume").isPositive();
        assertThat(stopped.getInt("counts.accepted") + unfinished).isEqualTo(COUNT);
        given().when().post("/api/runs/{id}/cancel", id).then().statusCode(409).contentType("application/problem+json");

        given().when().post("/api/runs/{id}/resume", id).then().statusCode(202);
        JsonPath resumed = RunApi.awaitFinished(id);

        assertThat(resumed.getString("status")).isEqualTo("completed");
        assertThat(resumed.getMap("counts", String.class, Integer.class)).containsEntry("accepted", COUNT)
                .containsEntry("unfinished", 0);
        given().when().delete("/api/runs/{id}", id).then().statusCode(204);
    }

    private static ObjectNode recipe(String name, long seed) {
        ObjectNode recipe = JSON.createObjectNode();
        recipe.put("name", name);
        recipe.put("language", "en");
        recipe.put("count", COUNT);
        recipe.put("seed", seed);
        recipe.putObject("turns").put("min", 4).put("max", 6);
        recipe.putObject("assistant").put("system-prompt", "You are the help desk of Stubshop.");
        ObjectNode dimensions = recipe.putObject("dimensions");
        List.of("refund", "late-delivery").forEach(dimensions.putArray("topic")::add);
        List.of("student", "retiree", "shop-owner").forEach(dimensions.putArray("persona")::add);
        recipe.putObject("judge").put("threshold", 3.5).put("recheck", 0);
        recipe.putObject("checks").put("near-duplicate", 0);
        return recipe;
    }
}
