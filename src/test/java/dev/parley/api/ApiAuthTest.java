package dev.parley.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/**
 * The application with an API key, a basic-auth user and CORS opened for one origin: every request
 * needs credentials except health and CORS preflight, and a refusal is a 401 problem.
 */
@QuarkusTest
@TestProfile(ApiAuthTest.Protected.class)
class ApiAuthTest {

    private static final String KEY = "test-api-key";
    private static final String UI_ORIGIN = "https://ui.example";

    /** API key, basic auth and one allowed origin. */
    public static class Protected implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("parley.auth.api-key", KEY, "parley.auth.user", "ayu", "parley.auth.password", "pw",
                    "quarkus.http.cors.enabled", "true", "quarkus.http.cors.origins", UI_ORIGIN);
        }
    }

    @Test
    void refuses_a_request_without_credentials_with_a_401_problem() {
        for (String path : new String[] {"/api/runs", "/api/recipes", "/q/openapi", "/", "/index.html"}) {
            Response response = given().when().get(path);

            assertThat(response.statusCode()).as(path).isEqualTo(401);
            assertThat(response.contentType()).as(path).isEqualTo(Problem.MEDIA_TYPE);
            assertThat(response.header("WWW-Authenticate")).as("browsers ask for the password")
                    .startsWith("Basic realm=\"Parley\"");
            JsonPath problem = response.jsonPath();
            assertThat(problem.getString("type")).isEqualTo("https://parley.dev/problems/unauthorized");
            assertThat(problem.getInt("status")).isEqualTo(401);
            assertThat(problem.getString("detail")).contains("API key").contains("basic auth");
        }
    }

    @Test
    void refuses_wrong_credentials() {
        given().header("Authorization", "Bearer wrong").when().get("/api/runs").then().statusCode(401)
                .contentType(Problem.MEDIA_TYPE);
        given().header("X-Api-Key", "wrong").when().get("/api/runs").then().statusCode(401);
        given().auth().preemptive().basic("ayu", "nope").when().get("/api/runs").then().statusCode(401);
    }

    @Test
    void serves_a_client_with_the_api_key_or_a_person_with_the_password() {
        given().header("Authorization", "Bearer " + KEY).when().get("/api/runs").then().statusCode(200)
                .body("limit", org.hamcrest.Matchers.is(50));
        given().header("X-Api-Key", KEY).when().get("/api/recipes").then().statusCode(200);
        given().auth().preemptive().basic("ayu", "pw").when().get("/q/openapi").then().statusCode(200);
        String id = given().auth().preemptive().basic("ayu", "pw").contentType("application/json")
                .body(Map.of("recipe", "ecommerce-support-id", "count", 1)).when().post("/api/runs").then()
                .statusCode(202).extract().path("id");
        String events = given().header("X-Api-Key", KEY).accept("text/event-stream").when()
                .get("/api/runs/{id}/events", id).then().statusCode(200).extract().asString();
        assertThat(events).contains("event:end").contains(id);
    }

    @Test
    void records_a_review_for_the_signed_in_user_whatever_name_is_typed() throws InterruptedException {
        String id = given().auth().preemptive().basic("ayu", "pw").contentType("application/json")
                .body(Map.of("recipe", "ecommerce-support-id", "count", 1)).when().post("/api/runs").then()
                .statusCode(202).extract().path("id");
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(60).toNanos();
        String status = "";
        while (!status.equals("completed") && System.nanoTime() < deadline) {
            status = given().header("X-Api-Key", KEY).when().get("/api/runs/{id}", id).then().statusCode(200)
                    .extract().path("status");
            Thread.sleep(100);
        }
        assertThat(status).isEqualTo("completed");

        JsonPath who = given().auth().preemptive().basic("ayu", "pw").when().get("/api/runs/reviewer").then()
                .statusCode(200).extract().jsonPath();
        JsonPath review = given().auth().preemptive().basic("ayu", "pw").contentType("application/json")
                .body(Map.of("score", 4, "reviewer", "someone else")).when()
                .post("/api/runs/{id}/dialogues/{seq}/review", id, 0).then().statusCode(201).extract().jsonPath();

        assertThat(who.getString("name")).isEqualTo("ayu");
        assertThat(who.getBoolean("authenticated")).isTrue();
        assertThat(review.getString("reviewer")).isEqualTo("ayu");
        JsonPath shown = given().header("X-Api-Key", KEY).when().get("/api/runs/{id}/dialogues/{seq}", id, 0).then()
                .statusCode(200).extract().jsonPath();
        assertThat(shown.getList("reviews.findAll { it.kind == 'human' }.reviewer", String.class)).containsExactly("ayu");
        assertThat(given().header("X-Api-Key", KEY).when().get("/api/runs/reviewer").then().statusCode(200)
                .extract().jsonPath().getString("name")).isEqualTo("api-key");
    }

    @Test
    void keeps_health_open_for_probes() {
        assertThat(given().when().get("/q/health").statusCode()).isNotEqualTo(401);
    }

    @Test
    void answers_cors_preflight_for_the_configured_origin_only() {
        Response allowed = given().header("Origin", UI_ORIGIN).header("Access-Control-Request-Method", "POST")
                .when().options("/api/runs");
        assertThat(allowed.statusCode()).isLessThan(300);
        assertThat(allowed.header("Access-Control-Allow-Origin")).isEqualTo(UI_ORIGIN);

        Response other = given().header("Origin", "https://evil.example").header("Access-Control-Request-Method", "POST")
                .when().options("/api/runs");
        assertThat(other.header("Access-Control-Allow-Origin")).isNull();
    }
}
