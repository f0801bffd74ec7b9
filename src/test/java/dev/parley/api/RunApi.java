package dev.parley.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/** Starting runs over the REST API and waiting for them, for the API tests. */
final class RunApi {

    /** Long enough for a small run on a slow machine; a healthy one finishes in well under a second. */
    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private static final Duration POLL = Duration.ofMillis(25);

    private RunApi() {
    }

    /** POSTs a run and returns its id, asserting the 202 answer. */
    static String start(Object body) {
        return start(body, true);
    }

    /** POSTs a run, with or without the response cache, and returns its id, asserting the 202 answer. */
    static String start(Object body, boolean cache) {
        Response response = given().contentType(ContentType.JSON).body(body).queryParam("cache", cache)
                .when().post("/api/runs")
                .then().statusCode(202).contentType(ContentType.JSON)
                .extract().response();
        String id = response.path("id");
        assertThat(id).isNotBlank();
        assertThat(response.header("Location")).isEqualTo("/api/runs/" + id);
        return id;
    }

    /**
     * Waits at most a minute for the latch, on a thread that cannot throw (a stub's answer or a progress
     * report the test holds back); a test that never lets go fails on its own deadline.
     */
    static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Polls {@code GET /api/runs/{id}} until the run is no longer running, and returns its report. */
    static JsonPath awaitFinished(String id) {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (true) {
            JsonPath report = given().when().get("/api/runs/{id}", id)
                    .then().statusCode(200).extract().jsonPath();
            if (!"running".equals(report.getString("status"))) {
                return report;
            }
            if (System.nanoTime() > deadline) {
                fail("run %s still running after %s: %s", id, DEADLINE, report.prettify());
            }
            try {
                Thread.sleep(POLL);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted while waiting for run " + id);
            }
        }
    }
}
