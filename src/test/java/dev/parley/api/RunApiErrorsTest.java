package dev.parley.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;

/**
 * The runs API on the offline demo model: every error is {@code application/problem+json} without
 * a stack trace or a class name, and a named recipe runs to completion.
 */
@QuarkusTest
class RunApiErrorsTest {

    @jakarta.inject.Inject
    @dev.parley.store.StoreDataSource
    javax.sql.DataSource dataSource;

    private static final String PROBLEM = "application/problem+json";
    private static final String PROBLEMS = "https://parley.dev/problems/";

    @Test
    void rejects_an_invalid_recipe_naming_every_failing_field() {
        String recipe = """
                {
                  "name": "bad recipe!",
                  "language": "en",
                  "count": 3,
                  "turns": {"min": 1, "max": 4},
                  "assistant": {"system-prompt": "You help."},
                  "dimensions": {"topic": []},
                  "colour": "blue"
                }
                """;

        JsonPath problem = problem(given().contentType(ContentType.JSON).body(recipe).when().post("/api/runs").then(),
                400, "invalid-recipe");

        assertThat(problem.getList("errors.field", String.class))
                .containsExactlyInAnyOrder("name", "turns.min", "dimensions.topic", "colour");
        assertThat(problem.getList("errors.message", String.class)).allSatisfy(m -> assertThat(m).isNotBlank());
        assertThat(problem.getString("detail")).contains("4 problem(s)");
    }

    @Test
    void rejects_a_recipe_missing_required_fields() {
        JsonPath problem = problem(given().contentType(ContentType.JSON).body("{\"name\": \"empty\"}")
                .when().post("/api/runs").then(), 400, "invalid-recipe");

        assertThat(problem.getList("errors.field", String.class))
                .contains("language", "count", "turns", "assistant", "dimensions");
    }

    @Test
    void rejects_a_body_that_is_not_json() {
        JsonPath problem = problem(given().contentType(ContentType.JSON).body("{\"name\": \"x\",")
                .when().post("/api/runs").then(), 400, "malformed-json");

        assertThat(problem.getString("detail")).contains("not valid JSON");
    }

    @Test
    void rejects_a_body_with_a_syntax_error_in_the_middle() {
        JsonPath problem = problem(given().contentType(ContentType.JSON).body("{\"name\": 'single-quoted'}")
                .when().post("/api/runs").then(), 400, "malformed-json");

        assertThat(problem.getString("detail")).contains("not valid JSON");
    }

    @Test
    void rejects_an_empty_body() {
        JsonPath problem = problem(given().contentType(ContentType.JSON).when().post("/api/runs").then(), 400,
                "invalid-recipe");

        assertThat(problem.getString("detail")).contains("must be a recipe");
    }

    @Test
    void rejects_a_body_that_is_a_list() {
        JsonPath problem = problem(given().contentType(ContentType.JSON).body("[1, 2]").when().post("/api/runs").then(),
                400, "invalid-recipe");

        assertThat(problem.getString("detail")).contains("must be a mapping");
    }

    @Test
    void rejects_a_body_that_is_not_declared_as_json() {
        problem(given().contentType(ContentType.TEXT).body("name: x").when().post("/api/runs").then(), 415, "http-415");
    }

    @Test
    void rejects_an_unknown_recipe_name() {
        JsonPath problem = problem(given().contentType(ContentType.JSON).body(Map.of("recipe", "no-such"))
                .when().post("/api/runs").then(), 400, "invalid-recipe");

        assertThat(problem.getString("detail")).contains("names no recipe").contains("'no-such'");
        assertThat(problem.getList("errors.field", String.class)).containsExactly("recipe");
    }

    @Test
    void rejects_a_count_out_of_range_for_a_named_recipe() {
        JsonPath problem = problem(given().contentType(ContentType.JSON)
                .body(Map.of("recipe", "ecommerce-support-id", "count", 0)).when().post("/api/runs").then(), 400,
                "invalid-recipe");

        assertThat(problem.getList("errors.field", String.class)).containsExactly("count");
    }

    @Test
    void answers_404_for_an_unknown_run() {
        JsonPath problem = problem(given().when().get("/api/runs/{id}", "no-such-run").then(), 404, "unknown-run");

        assertThat(problem.getString("detail")).contains("no-such-run");
        problem(given().when().get("/api/runs/{id}/dialogues", "no-such-run").then(), 404, "unknown-run");
        problem(given().when().get("/api/runs/{id}/export", "no-such-run").then(), 404, "unknown-run");
    }

    @Test
    void rejects_a_bad_paging_request() {
        JsonPath problem = problem(given().queryParam("limit", 0).when().get("/api/runs").then(), 400, "invalid-request");

        assertThat(problem.getString("detail")).contains("limit");
        assertThat(problem.getList("errors.field", String.class)).containsExactly("limit");
    }

    @Test
    void runs_a_named_recipe_on_the_offline_demo_model_to_completion() {
        // Without the response cache: other tests may have run the same recipe, and this one counts model calls.
        String id = RunApi.start(Map.of("recipe", "ecommerce-support-id", "count", 5), false);

        JsonPath report = RunApi.awaitFinished(id);

        assertThat(report.getString("status")).isEqualTo("completed");
        assertThat(report.getString("recipe")).isEqualTo("ecommerce-support-id");
        assertThat(report.getBoolean("offlineDemo")).isTrue();
        assertThat(report.getString("notice")).contains("NOT FOR TRAINING");
        assertThat(report.getMap("models", String.class, String.class))
                .containsEntry("generator", "offline-demo").containsEntry("judge", "offline-demo");
        Map<String, Integer> counts = report.getMap("counts", String.class, Integer.class);
        assertThat(counts).containsEntry("planned", 5).containsEntry("unfinished", 0);
        assertThat(counts.get("accepted") + counts.get("rejectedByCheck") + counts.get("rejectedByJudge")
                + counts.get("failed")).isEqualTo(5);
        assertThat(report.getInt("modelCalls.generator")).isGreaterThanOrEqualTo(5);

        JsonPath all = given().when().get("/api/runs/{id}/dialogues", id).then().statusCode(200).extract().jsonPath();
        assertThat(all.getInt("total")).isEqualTo(5);
        assertThat(all.getList("items.state", String.class)).hasSize(5)
                .allMatch(s -> s.equals("accepted") || s.equals("rejected") || s.equals("failed"));
    }

    @Test
    void rejects_an_unknown_status_filter() {
        String id = RunApi.start(Map.of("recipe", "ecommerce-support-id", "count", 1));

        JsonPath problem = problem(given().queryParam("status", "bogus").when().get("/api/runs/{id}/dialogues", id)
                .then(), 400, "invalid-request");

        assertThat(problem.getString("detail")).contains("'bogus'").contains("accepted");
        assertThat(problem.getList("errors.field", String.class)).containsExactly("status");
        RunApi.awaitFinished(id);
    }

    @Test
    void names_the_field_of_a_mistyped_body_without_java_types() {
        String id = RunApi.start(Map.of("recipe", "ecommerce-support-id", "count", 1));
        RunApi.awaitFinished(id);

        JsonPath problem = problem(given().contentType(ContentType.JSON).body("{\"score\": \"five\"}")
                .when().post("/api/runs/{id}/dialogues/0/review", id).then(), 400, "invalid-request");

        assertThat(problem.getList("errors.field", String.class)).containsExactly("score");
        assertThat(problem.getString("detail")).isEqualTo("score must be a number");
    }

    @Test
    void refuses_a_json_body_over_the_limit_before_reading_it() {
        String huge = "{\"yaml\": \"" + "a".repeat(2 * 1024 * 1024) + "\"}";

        JsonPath problem = problem(given().contentType(ContentType.JSON).body(huge).when().post("/api/recipes/validate")
                .then(), 413, "body-too-large");

        assertThat(problem.getString("detail")).contains("1048576").contains("parley.api.max-json-body");
    }

    @Test
    void answers_404_problem_for_a_path_the_api_does_not_have() {
        for (String path : new String[] {"/api/nope", "/api/runs/x/y/z/w", "/api/recipes/a/b"}) {
            JsonPath problem = problem(given().when().get(path).then(), 404, "http-404");
            assertThat(problem.getString("detail")).as(path).isNotBlank();
        }
    }

    @Test
    void rejects_bad_run_options_naming_each_before_starting_anything() {
        JsonPath problem = problem(given().contentType(ContentType.JSON).body(Map.of("recipe", "ecommerce-support-id"))
                .queryParam("cache", "maybe").queryParam("maxTokens", "lots").queryParam("maxCost", -1)
                .when().post("/api/runs").then(), 400, "invalid-request");

        assertThat(problem.getList("errors.field", String.class)).containsExactly("cache", "maxTokens", "maxCost");
        problem(given().queryParam("maxTokens", 0).when().post("/api/runs/{id}/resume", "no-such-run").then(), 400,
                "invalid-request");
    }

    @Test
    void a_resumed_run_that_cannot_execute_reads_running_at_once_then_failed_with_the_reason() throws Exception {
        String id = RunApi.start(Map.of("recipe", "ecommerce-support-id", "count", 1), false);
        assertThat(RunApi.awaitFinished(id).getString("status")).isEqualTo("completed");
        try (var connection = dataSource.getConnection();
                var update = connection.prepareStatement("UPDATE runs SET prompts = ? WHERE id = ?")) {
            update.setString(1, "not the stored prompt texts");
            update.setString(2, id);
            assertThat(update.executeUpdate()).isEqualTo(1);
        }

        given().when().post("/api/runs/{id}/resume", id).then().statusCode(202).body("status",
                org.hamcrest.Matchers.is("running"));
        JsonPath failed = RunApi.awaitFinished(id);

        assertThat(failed.getString("status")).isEqualTo("failed");
        assertThat(failed.getString("error")).startsWith("the execution ended in an error: ");
        assertThat(failed.getBoolean("stale")).isFalse();
    }

    /** Asserts a problem answer and returns its body. */
    private static JsonPath problem(ValidatableResponse response, int status, String type) {
        String body = response.statusCode(status).contentType(PROBLEM).extract().asString();
        assertThat(body).doesNotContain("Exception").doesNotContain("at dev.parley").doesNotContain("at io.")
                .doesNotContain("com.fasterxml");
        JsonPath problem = JsonPath.from(body);
        assertThat(problem.getString("type")).isEqualTo(PROBLEMS + type);
        assertThat(problem.getInt("status")).isEqualTo(status);
        assertThat(problem.getString("title")).isNotBlank();
        assertThat(problem.getString("detail")).isNotBlank();
        return problem;
    }
}
