package dev.parley.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.parley.store.RunRepository;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * Every request's work is bounded: runs larger than {@code parley.api.max-count}, grids larger than
 * {@code parley.api.max-grid-cells} and exclusions whose search outgrows the work budget are 400
 * problems naming the field, answered without doing the work.
 */
@QuarkusTest
class ApiLimitsTest {

    @Inject
    RunRepository runs;

    private static final String RECIPE = """
            name: limits
            count: %d
            language: en
            turns: { min: 2, max: 2 }
            assistant: { system-prompt: You help. }
            judge: { threshold: 3 }
            dimensions:
            %s
            """;

    @Test
    void refuses_a_run_larger_than_the_server_allows() {
        for (Map<String, Object> body : java.util.List.<Map<String, Object>>of(
                Map.of("recipe", "ecommerce-support-id", "count", 20_001),
                Map.of("yaml", RECIPE.formatted(10_000_000, "  topic: [a, b]")))) {
            JsonPath problem = given().contentType(ContentType.JSON).body(body).when().post("/api/runs").then()
                    .statusCode(400).contentType(Problem.MEDIA_TYPE).extract().jsonPath();

            assertThat(problem.getList("errors.field", String.class)).containsExactly("count");
            assertThat(problem.getString("detail")).contains("at most 20000").contains("parley.api.max-count");
        }
    }

    @Test
    void refuses_a_grid_larger_than_the_server_plans() {
        String dims = IntStream.rangeClosed(1, 25).mapToObj(i -> "  d" + i + ": [a, b]").collect(Collectors.joining("\n"));

        JsonPath problem = given().contentType(ContentType.JSON).body(Map.of("yaml", RECIPE.formatted(10, dims))).when()
                .post("/api/recipes/validate").then().statusCode(400).extract().jsonPath();

        assertThat(problem.getList("errors.field", String.class)).containsExactly("dimensions");
        assertThat(problem.getString("detail")).contains("at most 10000000 cells");
    }

    @Test
    void refuses_a_grid_a_model_expanded_past_the_limit_before_storing_anything() {
        // 2^22 = 4,194,304 cells pass the check; the offline model's four personas make it 16,777,216.
        String dims = IntStream.rangeClosed(1, 22).mapToObj(i -> "  d" + i + ": [a, b]").collect(Collectors.joining("\n"))
                + "\n  persona: { expand: { personas: customers of a small web shop, count: 4 } }";
        int runsBefore = runs.countRuns(Optional.empty());

        JsonPath problem = given().contentType(ContentType.JSON).body(Map.of("yaml", RECIPE.formatted(10, dims)))
                .when().post("/api/runs").then().statusCode(400).contentType(Problem.MEDIA_TYPE).extract().jsonPath();

        assertThat(problem.getList("errors.field", String.class)).containsExactly("dimensions.persona");
        assertThat(problem.getString("detail")).contains("expanded by the model to 4 values")
                .contains("16,777,216 cells").contains("at most 10,000,000 (parley.api.max-grid-cells)");
        assertThat(runs.countRuns(Optional.empty())).as("no run stored").isEqualTo(runsBefore);
    }

    @Test
    void answers_exclusions_that_would_search_for_ever_with_a_problem() {
        String dims = IntStream.rangeClosed(1, 34).mapToObj(i -> "  d" + i + ": [a, b]").collect(Collectors.joining("\n"))
                + "\ncoverage:\n  exclude: [{d34: a}, {d34: b}]";

        for (String path : new String[] {"/api/recipes/validate", "/api/runs"}) {
            JsonPath problem = given().contentType(ContentType.JSON).body(Map.of("yaml", RECIPE.formatted(10, dims)))
                    .when().post(path).then().statusCode(400).contentType(Problem.MEDIA_TYPE).extract().jsonPath();

            assertThat(problem.getList("errors.field", String.class)).containsExactly("coverage.exclude");
            assertThat(problem.getString("detail")).contains("too costly to search");
        }
    }

    @Test
    void names_the_setting_of_the_work_budget_when_a_request_spends_it() {
        String dims = IntStream.rangeClosed(1, 21).mapToObj(i -> "  d" + i + ": [a, b]").collect(Collectors.joining("\n"))
                + "\ncoverage:\n  exclude: [{d21: a}, {d21: b}]";

        JsonPath problem = given().contentType(ContentType.JSON).body(Map.of("yaml", RECIPE.formatted(10, dims)))
                .when().post("/api/recipes/validate").then().statusCode(400).contentType(Problem.MEDIA_TYPE).extract()
                .jsonPath();

        assertThat(problem.getList("errors.field", String.class)).containsExactly("coverage.exclude");
        assertThat(problem.getString("detail")).contains("more than 500000 steps (parley.api.work-budget)");
    }
}
