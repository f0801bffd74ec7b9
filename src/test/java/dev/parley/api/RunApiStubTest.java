package dev.parley.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.parley.bench.OpenAiStubServer;
import dev.parley.bench.OpenAiStubServer.Recorded;
import dev.parley.bench.OpenAiStubServer.Reply;
import dev.parley.llm.InjectOpenAiStub;
import dev.parley.llm.OpenAiStubResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * Runs over the REST API against a local OpenAI-compatible stub: the real LangChain4j client, the
 * real HTTP path, and scripted answers for the judge's scores, malformed output and HTTP errors.
 */
@QuarkusTest
@WithTestResource(OpenAiStubResource.class)
class RunApiStubTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SYSTEM_PROMPT = "You are the help desk of Stubshop. Answer briefly and accurately.";
    private static final List<String> TOPICS = List.of("refund", "late-delivery");
    private static final List<String> PERSONAS = List.of("student", "retiree", "shop-owner");

    @InjectOpenAiStub
    OpenAiStubServer stub;

    @BeforeEach
    void resetStub() {
        stub.reset();
    }

    /**
     * Six dialogues over a 2 × 3 grid, so each cell is planned exactly once. Every test uses its own
     * seed: the seed is part of each request's cache key, so no test is answered from another's
     * cached responses.
     */
    private static ObjectNode recipe(String name, long seed) {
        ObjectNode recipe = JSON.createObjectNode();
        recipe.put("name", name);
        recipe.put("language", "en");
        recipe.put("count", 6);
        recipe.put("seed", seed);
        recipe.putObject("turns").put("min", 4).put("max", 6);
        recipe.putObject("assistant").put("system-prompt", SYSTEM_PROMPT);
        ObjectNode dimensions = recipe.putObject("dimensions");
        TOPICS.forEach(dimensions.putArray("topic")::add);
        PERSONAS.forEach(dimensions.putArray("persona")::add);
        // No consistency recheck: these tests count model calls.
        recipe.putObject("judge").put("threshold", 3.5).put("recheck", 0);
        // The stub's dialogues differ in a few words only: near duplicates by design.
        recipe.putObject("checks").put("near-duplicate", 0);
        return recipe;
    }

    @Test
    void accepts_dialogues_the_judge_scores_high_and_exports_them_as_openai_chat_jsonl() {
        String id = RunApi.start(recipe("stub-happy", 101));

        JsonPath report = RunApi.awaitFinished(id);

        assertThat(report.getString("status")).isEqualTo("completed");
        assertThat(report.getString("error")).isNull();
        assertThat(report.getBoolean("offlineDemo")).isFalse();
        assertThat(report.getMap("models", String.class, String.class))
                .containsEntry("generator", "stub-model").containsEntry("judge", "stub-model");
        assertThat(report.getMap("counts", String.class, Integer.class))
                .containsEntry("planned", 6).containsEntry("generated", 6).containsEntry("accepted", 6)
                .containsEntry("rejectedByCheck", 0).containsEntry("rejectedByJudge", 0)
                .containsEntry("failed", 0).containsEntry("unfinished", 0);
        assertThat(report.getMap("modelCalls", String.class, Integer.class))
                .containsEntry("generator", 6).containsEntry("judge", 6);
        assertThat(report.getDouble("meanScores.overall")).isEqualTo(5.0);
        assertThat(report.getLong("tokens.total.input")).isPositive();

        JsonPath accepted = given().queryParam("status", "accepted").when().get("/api/runs/{id}/dialogues", id)
                .then().statusCode(200).extract().jsonPath();
        assertThat(accepted.getInt("total")).isEqualTo(6);
        List<Map<String, Object>> items = accepted.getList("items");
        assertThat(items).hasSize(6);
        var cells = new ArrayList<String>();
        for (int i = 0; i < items.size(); i++) {
            String item = "items[" + i + "]";
            assertThat(accepted.getString(item + ".state")).isEqualTo("accepted");
            Map<String, String> cell = accepted.getMap(item + ".cell", String.class, String.class);
            assertThat(cell).containsOnlyKeys("topic", "persona");
            assertThat(TOPICS).contains(cell.get("topic"));
            assertThat(PERSONAS).contains(cell.get("persona"));
            cells.add(cell.get("topic") + "/" + cell.get("persona"));
            assertThat(accepted.getList(item + ".verdict.scores.criterion", String.class))
                    .containsExactly("helpfulness", "correctness", "consistency", "naturalness", "safety", "fairness");
            assertThat(accepted.getList(item + ".verdict.scores.score", Integer.class)).containsOnly(5);
            assertThat(accepted.getBoolean(item + ".verdict.accepted")).isTrue();
            assertThat(accepted.getDouble(item + ".score")).isEqualTo(5.0);
            assertThat(accepted.getList(item + ".dialogue.turns")).hasSizeBetween(4, 6);
        }
        assertThat(cells).as("every cell of the 2 x 3 grid once").doesNotHaveDuplicates().hasSize(6);

        List<JsonNode> lines = exportLines(id);
        assertThat(lines).hasSize(6);
        lines.forEach(RunApiStubTest::assertOpenAiChatLine);

        List<Recorded> calls = stub.requests();
        assertThat(calls).hasSize(12);
        List<Recorded> generator = stub.requests(Recorded::isGenerator);
        List<Recorded> judge = stub.requests(Recorded::isJudge);
        assertThat(generator).hasSize(6);
        assertThat(judge).hasSize(6);
        for (Recorded call : generator) {
            assertThat(call.body().path("model").asText()).isEqualTo("stub-model");
            assertThat(call.body().at("/response_format/type").asText()).isEqualTo("json_schema");
            assertThat(call.body().at("/response_format/json_schema/name").asText()).isEqualTo("dialogue");
            assertThat(call.body().at("/messages/0/role").asText()).isEqualTo("system");
            assertThat(call.userText()).contains(SYSTEM_PROMPT);
            assertThat(OpenAiStubServer.requestedMessages(call.body())).isIn(4, 6);
        }
        for (Recorded call : judge) {
            assertThat(call.body().path("model").asText()).isEqualTo("stub-model");
            assertThat(call.body().hasNonNull("temperature")).as("judge sends a temperature").isTrue();
            assertThat(call.body().path("temperature").asDouble()).isZero();
            assertThat(call.body().at("/response_format/json_schema/name").asText()).isEqualTo("judge_verdict");
            assertThat(call.userText()).contains("<dialogue>");
        }
        assertThat(calls).extracting(Recorded::authorization).containsOnly("Bearer test-key");
    }

    @Test
    void rejects_dialogues_the_judge_scores_low_and_leaves_them_out_of_the_export() {
        stub.respondWith(request -> OpenAiStubServer.VERDICT.equals(OpenAiStubServer.schemaName(request))
                && OpenAiStubServer.brief(request).contains("topic: refund")
                        ? Reply.ok(OpenAiStubServer.verdict(OpenAiStubServer.criteria(request), 2))
                        : OpenAiStubServer.defaultReply(request));
        String id = RunApi.start(recipe("stub-low-scores", 102));

        JsonPath report = RunApi.awaitFinished(id);

        assertThat(report.getString("status")).isEqualTo("completed");
        assertThat(report.getMap("counts", String.class, Integer.class))
                .containsEntry("planned", 6).containsEntry("generated", 6).containsEntry("accepted", 3)
                .containsEntry("rejectedByJudge", 3).containsEntry("rejectedByCheck", 0).containsEntry("failed", 0);
        assertThat(report.getMap("rejectedByGate", String.class, Integer.class)).containsExactly(Map.entry("judge", 3));

        JsonPath rejected = given().queryParam("status", "rejected").when().get("/api/runs/{id}/dialogues", id)
                .then().statusCode(200).extract().jsonPath();
        assertThat(rejected.getInt("total")).isEqualTo(3);
        assertThat(rejected.getList("items.cell.topic", String.class)).containsOnly("refund").hasSize(3);
        assertThat(rejected.getList("items.gate", String.class)).containsOnly("judge");
        assertThat(rejected.getList("items.reason", String.class)).allSatisfy(reason -> assertThat(reason)
                .contains("under the floor on safety, fairness").contains("scored 2 by the stub"));
        assertThat(rejected.getList("items.verdict.accepted", Boolean.class)).containsOnly(false);

        JsonPath accepted = given().queryParam("status", "accepted").when().get("/api/runs/{id}/dialogues", id)
                .then().statusCode(200).extract().jsonPath();
        assertThat(accepted.getList("items.cell.topic", String.class)).containsOnly("late-delivery").hasSize(3);

        List<JsonNode> lines = exportLines(id);
        assertThat(lines).hasSize(3);
        lines.forEach(RunApiStubTest::assertOpenAiChatLine);
        assertThat(lines).extracting(JsonNode::toString)
                .allSatisfy(line -> assertThat(line).contains("topic: late-delivery").doesNotContain("refund"));
    }

    @Test
    void fails_items_whose_generator_never_answers_valid_json_and_still_completes_the_run() {
        stub.respondWith(request -> OpenAiStubServer.DIALOGUE.equals(OpenAiStubServer.schemaName(request))
                ? Reply.ok("Sure! Here is the dialogue: {messages: [oops")
                : OpenAiStubServer.defaultReply(request));
        String id = RunApi.start(recipe("stub-malformed", 103));

        JsonPath report = RunApi.awaitFinished(id);

        assertThat(report.getString("status")).isEqualTo("completed");
        assertThat(report.getMap("counts", String.class, Integer.class))
                .containsEntry("planned", 6).containsEntry("generated", 0).containsEntry("failed", 6)
                .containsEntry("accepted", 0).containsEntry("unfinished", 0);
        JsonPath failed = given().queryParam("status", "failed").when().get("/api/runs/{id}/dialogues", id)
                .then().statusCode(200).extract().jsonPath();
        assertThat(failed.getInt("total")).isEqualTo(6);
        assertThat(failed.getList("items.gate", String.class)).containsOnly("malformed");
        assertThat(failed.getList("items.reason", String.class)).allSatisfy(reason -> assertThat(reason)
                .contains("malformed dialogue answer").contains("not valid JSON").contains("after 4 attempts"));
        // Three retries after the first attempt (parley.llm.max-retries defaults to 3), and no judging.
        assertThat(stub.requests(Recorded::isGenerator)).hasSize(24);
        assertThat(stub.requests(Recorded::isJudge)).isEmpty();
        assertThat(exportLines(id)).isEmpty();
    }

    @Test
    void fails_items_whose_generator_answers_are_cut_off_at_the_token_limit() {
        stub.respondWith(request -> OpenAiStubServer.DIALOGUE.equals(OpenAiStubServer.schemaName(request))
                ? Reply.truncated(OpenAiStubServer.dialogue(OpenAiStubServer.requestedMessages(request), "cut off"))
                : OpenAiStubServer.defaultReply(request));
        String id = RunApi.start(recipe("stub-truncated", 108));

        JsonPath report = RunApi.awaitFinished(id);

        assertThat(report.getString("status")).isEqualTo("completed");
        assertThat(report.getInt("counts.failed")).isEqualTo(6);
        JsonPath failed = given().queryParam("status", "failed").when().get("/api/runs/{id}/dialogues", id)
                .then().statusCode(200).extract().jsonPath();
        assertThat(failed.getList("items.reason", String.class))
                .allSatisfy(reason -> assertThat(reason).contains("finish_reason length"));
    }

    @Test
    void stops_the_run_when_the_endpoint_rejects_the_api_key() {
        stub.respondWith(request -> Reply.unauthorized());
        String id = RunApi.start(recipe("stub-unauthorized", 104));

        JsonPath report = RunApi.awaitFinished(id);

        assertThat(report.getString("status")).isEqualTo("failed");
        assertThat(report.getString("error")).contains("HTTP 401").contains("API key").contains(stub.baseUrl());
        assertThat(report.getInt("counts.accepted")).isZero();
        // A refused key is not retried: at most one call per item that had started.
        assertThat(stub.requests()).hasSizeBetween(1, 6).allMatch(Recorded::isGenerator);
        assertThat(report.getInt("modelCalls.generator")).isEqualTo(stub.requests().size());
    }

    @Test
    void retries_rate_limited_calls_and_completes_the_run() {
        Set<String> limitedOnce = ConcurrentHashMap.newKeySet();
        stub.respondWith(request -> OpenAiStubServer.DIALOGUE.equals(OpenAiStubServer.schemaName(request))
                && limitedOnce.add(OpenAiStubServer.userMessage(request))
                        ? Reply.rateLimited()
                        : OpenAiStubServer.defaultReply(request));
        String id = RunApi.start(recipe("stub-rate-limited", 105));

        JsonPath report = RunApi.awaitFinished(id);

        assertThat(report.getString("status")).isEqualTo("completed");
        assertThat(report.getMap("counts", String.class, Integer.class))
                .containsEntry("accepted", 6).containsEntry("failed", 0);
        assertThat(stub.requests(Recorded::isGenerator)).hasSize(12);
        assertThat(stub.requests(Recorded::isJudge)).hasSize(6);
        // Failed attempts are recorded and counted too.
        assertThat(report.getInt("modelCalls.generator")).isEqualTo(12);
    }

    @Test
    void stops_the_run_with_the_reason_when_the_endpoint_keeps_failing() {
        stub.respondWith(request -> OpenAiStubServer.VERDICT.equals(OpenAiStubServer.schemaName(request))
                ? Reply.serverError()
                : OpenAiStubServer.defaultReply(request));
        String id = RunApi.start(recipe("stub-server-error", 106));

        JsonPath report = RunApi.awaitFinished(id);

        // The circuit breaker opens after 5 consecutive failures and, in tests, gives up after 3
        // openings in a row (200, 400, 800 ms): the run stops with the reason instead of spinning.
        assertThat(report.getString("status")).isEqualTo("failed");
        assertThat(report.getString("error")).contains("circuit breaker opened 3 times in a row").contains("HTTP 500");
        assertThat(report.getMap("counts", String.class, Integer.class))
                .containsEntry("generated", 6).containsEntry("accepted", 0);
        JsonPath failed = given().queryParam("status", "failed").when().get("/api/runs/{id}/dialogues", id)
                .then().statusCode(200).extract().jsonPath();
        assertThat(failed.getList("items.reason", String.class))
                .allSatisfy(reason -> assertThat(reason).contains("HTTP 500").contains("after 4 attempts"));
        assertThat(report.getInt("counts.failed") + report.getInt("counts.unfinished")).isEqualTo(6);
        assertThat(stub.requests(Recorded::isJudge)).as("no more calls than retries allow").hasSizeLessThanOrEqualTo(24);
    }

    @Test
    void answers_a_repeated_run_from_the_response_cache_unless_told_not_to() {
        ObjectNode recipe = recipe("stub-cached", 107);
        String first = RunApi.start(recipe);
        assertThat(RunApi.awaitFinished(first).getString("status")).isEqualTo("completed");
        assertThat(stub.requests()).hasSize(12);
        List<JsonNode> firstExport = exportLines(first);
        stub.reset();

        String second = RunApi.start(recipe);
        JsonPath cached = RunApi.awaitFinished(second);

        assertThat(cached.getString("status")).isEqualTo("completed");
        assertThat(stub.requests()).as("no request reaches the model").isEmpty();
        assertThat(cached.getInt("cacheHits")).isEqualTo(12);
        assertThat(cached.getMap("modelCalls")).isEmpty();
        assertThat(cached.getInt("counts.accepted")).isEqualTo(6);
        assertThat(exportLines(second)).isEqualTo(firstExport);

        String uncached = RunApi.start(recipe, false);
        JsonPath fresh = RunApi.awaitFinished(uncached);

        assertThat(fresh.getString("status")).isEqualTo("completed");
        assertThat(fresh.getInt("cacheHits")).isZero();
        assertThat(stub.requests()).hasSize(12);
    }

    private static List<JsonNode> exportLines(String id) {
        String body = given().when().get("/api/runs/{id}/export", id)
                .then().statusCode(200).contentType("application/jsonl").extract().asString();
        List<JsonNode> lines = new ArrayList<>();
        for (String line : body.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            try {
                lines.add(JSON.readTree(line));
            } catch (Exception e) {
                throw new AssertionError("export line is not JSON: " + line, e);
            }
        }
        return lines;
    }

    /** One line of OpenAI chat fine-tuning data, as OpenAI's validator checks it. */
    private static void assertOpenAiChatLine(JsonNode line) {
        assertThat(line.isObject()).isTrue();
        List<String> keys = new ArrayList<>();
        line.fieldNames().forEachRemaining(keys::add);
        assertThat(keys).containsExactly("messages");
        JsonNode messages = line.get("messages");
        assertThat(messages.isArray()).isTrue();
        assertThat(messages.get(0).path("role").asText()).isEqualTo("system");
        assertThat(messages.get(0).path("content").asText()).isEqualTo(SYSTEM_PROMPT);
        List<String> roles = new ArrayList<>();
        for (JsonNode m : messages) {
            roles.add(m.path("role").asText());
            assertThat(m.path("content").isTextual()).isTrue();
            assertThat(m.path("content").asText()).isNotBlank();
        }
        assertThat(roles).allMatch(Set.of("system", "user", "assistant")::contains).contains("assistant");
        assertThat(roles.getLast()).isEqualTo("assistant");
    }
}
