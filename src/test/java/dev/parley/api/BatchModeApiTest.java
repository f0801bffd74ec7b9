package dev.parley.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.parley.bench.OpenAiStubServer;
import dev.parley.llm.InjectOpenAiStub;
import dev.parley.llm.OpenAiStubResource;
import dev.parley.store.RunRepository;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/** {@code POST /api/runs} with {@code batch}: the roles named send their requests through the provider's batch API. */
@QuarkusTest
@WithTestResource(OpenAiStubResource.class)
class BatchModeApiTest {

    private static final String YAML = """
            name: api-batch
            language: en
            count: 4
            seed: 931
            turns: { min: 4, max: 4 }
            assistant: { system-prompt: You are the help desk of Stubshop. }
            dimensions:
              topic: [refund, delivery]
              persona: [student, retiree]
            judge: { recheck: 0 }
            checks: { near-duplicate: 0 }
            """;

    @InjectOpenAiStub
    OpenAiStubServer stub;

    @Inject
    RunRepository runs;

    @BeforeEach
    void resetStub() {
        stub.reset();
    }

    @Test
    void a_run_started_with_batch_sends_those_roles_through_batches_and_the_others_directly() {
        String id = RunApi.start(Map.of("yaml", YAML, "batch", List.of("generator")));

        JsonPath report = RunApi.awaitFinished(id);

        assertThat(report.getString("status")).isEqualTo("completed");
        assertThat(report.getInt("counts.accepted")).isEqualTo(4);
        assertThat(stub.batchApi().answeredRequests()).hasSize(4)
                .allMatch(b -> OpenAiStubServer.DIALOGUE.equals(OpenAiStubServer.schemaName(b)));
        assertThat(stub.requests()).hasSize(4).allMatch(OpenAiStubServer.Recorded::isJudge);
        // The switch is stored with the run's recipe, so a resume keeps it.
        assertThat(runs.run(id).recipe()).contains("\"batch\":true");
    }

    @Test
    void rejects_a_batch_role_that_is_not_one() {
        JsonPath problem = given().contentType(ContentType.JSON).body(Map.of("yaml", YAML, "batch", List.of("writer")))
                .when().post("/api/runs")
                .then().statusCode(400).contentType("application/problem+json").extract().jsonPath();

        assertThat(problem.getList("errors.field", String.class)).containsExactly("batch");
        assertThat(problem.getString("detail") + problem.getList("errors.message")).contains("writer");
    }
}
