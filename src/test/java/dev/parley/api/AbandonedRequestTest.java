package dev.parley.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.function.BooleanSupplier;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.parley.recipe.HardGrids;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * With a work budget far larger than the default ({@code parley.api.work-budget}), a request searching an
 * exponential grid stops when its client closes the connection, instead of searching on for nobody; and the
 * larger budget is the one requests get.
 */
@QuarkusTest
@TestProfile(AbandonedRequestTest.LargeBudget.class)
class AbandonedRequestTest {

    private static final Duration DEADLINE = Duration.ofSeconds(30);

    /** A budget no test request would spend in a day. */
    public static class LargeBudget implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("parley.api.work-budget", "1000000000000");
        }
    }

    @Inject
    RequestWork work;

    @Test
    void a_search_stops_when_its_client_goes_away() throws Exception {
        long abandonedBefore = work.abandoned();
        byte[] body = new ObjectMapper().writeValueAsBytes(Map.of("yaml", HardGrids.exponential(44)));
        try (Socket socket = new Socket("localhost", RestAssured.port)) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/recipes/validate HTTP/1.1\r\nHost: localhost:" + RestAssured.port
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
            awaitUntil(() -> work.underWay() > 0, "the search under way");
        }

        awaitUntil(() -> work.underWay() == 0 && work.abandoned() > abandonedBefore, "the search stopped");
    }

    @Test
    void requests_search_within_the_configured_budget() {
        // 2^21 steps: past the default budget (refused as too costly there), well within this one.
        JsonPath problem = given().contentType(ContentType.JSON).body(Map.of("yaml", HardGrids.exponential(21))).when()
                .post("/api/recipes/validate").then().statusCode(400).contentType(Problem.MEDIA_TYPE).extract().jsonPath();

        assertThat(problem.getList("errors.field", String.class)).containsExactly("coverage.exclude");
        assertThat(problem.getString("detail")).contains("excludes every cell of the grid");
    }

    private static void awaitUntil(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waiting for %s", what).isLessThan(deadline);
            Thread.sleep(20);
        }
    }
}
