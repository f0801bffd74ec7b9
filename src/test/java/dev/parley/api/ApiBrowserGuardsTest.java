package dev.parley.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.response.Response;

/**
 * What a browser holding a saved login may be made to do by another site, and what every answer
 * tells the browser: security headers, caching of the UI, cross-site state changes, and JSON bodies
 * that arrive without a length.
 */
@QuarkusTest
@TestProfile(ApiBrowserGuardsTest.BasicAuth.class)
class ApiBrowserGuardsTest {

    /** A person's user and password, as a browser saves them; CORS closed, as by default. */
    public static class BasicAuth implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("parley.auth.user", "ayu", "parley.auth.password", "pw", "parley.auth.api-key", "test-api-key");
        }
    }

    private static final String BASIC = "Basic " + Base64.getEncoder().encodeToString("ayu:pw".getBytes(StandardCharsets.UTF_8));

    @Test
    void sends_security_headers_with_every_answer_refusals_included() {
        for (Response response : new Response[] {given().header("Authorization", BASIC).get("/index.html"),
                given().header("Authorization", BASIC).get("/api/runs"), given().get("/api/runs")}) {
            assertThat(response.header("Content-Security-Policy")).contains("frame-ancestors 'none'")
                    .contains("script-src 'self'");
            assertThat(response.header("X-Content-Type-Options")).isEqualTo("nosniff");
            assertThat(response.header("Referrer-Policy")).isEqualTo("no-referrer");
            assertThat(response.header("X-Frame-Options")).isEqualTo("DENY");
        }
    }

    @Test
    void has_the_browser_ask_again_for_the_ui_instead_of_keeping_it_a_day() {
        for (String page : new String[] {"/", "/index.html", "/js/app.js", "/app.css"}) {
            Response response = given().header("Authorization", BASIC).get(page);

            assertThat(response.statusCode()).as(page).isEqualTo(200);
            assertThat(response.header("Cache-Control")).as(page).isEqualTo("no-cache");
        }
    }

    @Test
    void refuses_a_state_change_posted_from_another_site_with_the_saved_login() {
        // given a browser that sends the saved basic-auth login with a form posted from another site
        Response fromForm = given().header("Authorization", BASIC).header("Origin", "https://evil.example")
                .contentType("application/x-www-form-urlencoded").body("x=1").post("/api/runs/some-run/resume");
        Response fetchMetadataOnly = given().header("Authorization", BASIC).header("Sec-Fetch-Site", "cross-site")
                .delete("/api/runs/some-run");
        Response sandboxed = given().header("Authorization", BASIC).header("Origin", "null")
                .post("/api/runs/some-run/cancel");

        // then nothing is done: 403 before the run is even looked up (it does not exist: 404 otherwise)
        for (Response response : new Response[] {fromForm, fetchMetadataOnly, sandboxed}) {
            assertThat(response.statusCode()).isEqualTo(403);
            assertThat(response.jsonPath().getString("type")).isEqualTo("https://parley.dev/problems/cross-site-request");
        }
    }

    @Test
    void serves_state_changes_from_its_own_pages_and_api_clients() {
        String self = "http://localhost:" + RestAssured.port;
        assertThat(given().header("Authorization", BASIC).header("Origin", self).header("Sec-Fetch-Site", "same-origin")
                .post("/api/runs/some-run/cancel").statusCode()).isEqualTo(404);
        assertThat(given().header("X-Api-Key", "test-api-key").header("Sec-Fetch-Site", "cross-site")
                .post("/api/runs/some-run/cancel").statusCode()).as("an API client, not a browser").isEqualTo(404);
        assertThat(given().header("Authorization", BASIC).post("/api/runs/some-run/cancel").statusCode())
                .as("curl sends neither header").isEqualTo(404);
    }

    @Test
    void refuses_a_chunked_json_body_past_the_limit_without_reading_it_all() throws IOException {
        // given a 3 MB recipe text sent in chunks, without Content-Length
        String chunk = "{\"yaml\": \"" + "a".repeat(64 * 1024 - 20);
        RawHttp.Answer answer = RawHttp.send("POST", "/api/recipes/validate", Map.of("Authorization", BASIC,
                "Content-Type", "application/json"), chunk, 48);

        assertThat(answer.status()).isEqualTo(413);
        assertThat(answer.body()).contains("https://parley.dev/problems/body-too-large").contains("1048576");
    }

    @Test
    void still_reads_a_chunked_json_body_within_the_limit() throws IOException {
        RawHttp.Answer answer = RawHttp.send("POST", "/api/recipes/validate", Map.of("Authorization", BASIC,
                "Content-Type", "application/json"), "{\"yaml\": \"name: x\"}", 1);

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.body()).contains("invalid-recipe").contains("count");
    }
}
