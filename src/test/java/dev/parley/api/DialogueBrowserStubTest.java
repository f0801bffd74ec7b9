package dev.parley.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.parley.bench.OpenAiStubServer;
import dev.parley.bench.OpenAiStubServer.Reply;
import dev.parley.judge.RubricJudge;
import dev.parley.llm.InjectOpenAiStub;
import dev.parley.llm.OpenAiStubResource;
import dev.parley.recipe.RecipeLoader;
import dev.parley.run.RunEngine;
import dev.parley.store.RunOptions;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * The dialogue browser's API: sorting by score, length and date with keyset pages, text search over the
 * turns, and accepting or rejecting a filtered selection through the same path as single decisions.
 *
 * <p>The stub writes one dialogue per topic, of known length, and its judge scores them by topic: refund 5,
 * delivery 4, voucher 3, warranty 2 (under the 2.5 threshold: rejected). The "private" dialogue carries an
 * e-mail address, which the personal-data gate rejects and refuses again on a bulk accept.
 */
@QuarkusTest
@WithTestResource(OpenAiStubResource.class)
class DialogueBrowserStubTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Topic, judge score, and the assistant's reply, whose length orders the dialogues. */
    private static final Map<String, Integer> SCORES = Map.of("refund", 5, "delivery", 4, "voucher", 3, "warranty", 2,
            "private", 5);
    private static final Map<String, String> REPLIES = Map.of(
            "refund", "Your refund was approved yesterday and reaches the card you paid with within five working days,"
                    + " as the bank needs that long to book it; the confirmation is in your mailbox.",
            "delivery", "It arrives tomorrow.",
            "voucher", "The COUPON code works on sale items too, for one more week.",
            "warranty", "The warranty covers the screen for two years from the day you bought it.",
            "private", "Write to budi.santoso@example.co.id and he will call you back.");

    @InjectOpenAiStub
    OpenAiStubServer stub;
    @Inject
    RunEngine engine;

    @BeforeEach
    void answer() {
        stub.reset();
        stub.respondWith(request -> switch (OpenAiStubServer.schemaName(request)) {
            case RubricJudge.VERDICT_SCHEMA -> Reply.ok(OpenAiStubServer.verdict(OpenAiStubServer.criteria(request),
                    SCORES.get(topic(OpenAiStubServer.userMessage(request)))));
            case OpenAiStubServer.DIALOGUE -> Reply.ok(dialogue(topic(OpenAiStubServer.cellValues(request))));
            default -> OpenAiStubServer.defaultReply(request);
        });
    }

    private static String topic(String text) {
        return SCORES.keySet().stream().filter(t -> text.contains("about " + t) || text.contains("topic: " + t))
                .findFirst().orElseThrow(() -> new AssertionError("no topic in " + text));
    }

    private static String dialogue(String topic) {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode list = root.putArray("messages");
        list.addObject().put("role", "user").put("content", "A question about " + topic + ".");
        list.addObject().put("role", "assistant").put("content", REPLIES.get(topic));
        list.addObject().put("role", "user").put("content", "Thanks.");
        list.addObject().put("role", "assistant").put("content", "Glad to help with the " + topic + " question.");
        return root.toString();
    }

    private String finishedRun(String name, long seed) {
        var run = engine.create(RecipeLoader.parse("""
                name: %s
                language: en
                count: 5
                seed: %d
                turns: { min: 4, max: 4 }
                assistant: { system-prompt: You are the help desk of Stubshop. }
                dimensions:
                  topic: [refund, delivery, voucher, warranty, private]
                judge: { threshold: 2.5, recheck: 0, revise: { rounds: 0 } }
                checks: { near-duplicate: 0 }
                """.formatted(name, seed)), RunOptions.DEFAULTS);
        engine.execute(run.id(), p -> {
        });
        return run.id();
    }

    private static JsonPath list(String run, Map<String, Object> query) {
        return given().queryParams(query).when().get("/api/runs/{id}/dialogues", run).then().statusCode(200).extract()
                .jsonPath();
    }

    /** The topics of every page of a sorted list, following next. */
    private static List<String> topicsOf(String run, Map<String, Object> query) {
        List<String> topics = new ArrayList<>();
        String after = null;
        int pages = 0;
        do {
            var q = new java.util.HashMap<>(query);
            q.put("limit", 2);
            if (after != null) {
                q.put("after", after);
            }
            JsonPath page = list(run, q);
            topics.addAll(page.getList("items.cell.topic", String.class));
            after = page.getString("next");
            pages++;
        } while (after != null && pages < 10);
        return topics;
    }

    @Test
    void sorts_by_score_and_length_in_keyset_pages_and_searches_the_turns() {
        String run = finishedRun("browser-sort", 901);

        assertThat(topicsOf(run, Map.of("sort", "score", "order", "desc", "status", "accepted")))
                .containsExactly("refund", "delivery", "voucher");
        assertThat(topicsOf(run, Map.of("sort", "length", "status", "accepted")))
                .containsExactly("delivery", "voucher", "refund");
        assertThat(topicsOf(run, Map.of("sort", "score", "order", "asc")))
                .as("the private dialogue has no score; the gate turned it away before the judge")
                .containsExactly("private", "warranty", "voucher", "delivery", "refund");
        JsonPath found = list(run, Map.of("q", "coupon"));
        assertThat(found.getList("items.cell.topic", String.class)).containsExactly("voucher");
        assertThat(found.getInt("total")).isEqualTo(1);
        assertThat(list(run, Map.of("q", "working days", "status", "accepted")).getList("items.cell.topic", String.class))
                .containsExactly("refund");
        assertThat(list(run, Map.of("q", "no such words")).getInt("total")).isZero();
        JsonPath problem = given().queryParam("sort", "colour").queryParam("order", "up").when()
                .get("/api/runs/{id}/dialogues", run).then().statusCode(400).extract().jsonPath();
        assertThat(problem.getList("errors.field", String.class)).contains("sort");
        given().queryParam("sort", "score").queryParam("after", "nonsense").when().get("/api/runs/{id}/dialogues", run)
                .then().statusCode(400);
    }

    @Test
    void a_search_matches_what_was_said_not_the_keys_and_roles_of_the_stored_dialogue() {
        String run = finishedRun("browser-search", 903);

        for (String structure : List.of("role", "content", "user", "assistant", "turns", "\"role\":\"user\"")) {
            assertThat(list(run, Map.of("q", structure)).getInt("total")).as("searching %s", structure).isZero();
        }
        assertThat(list(run, Map.of("q", "glad to HELP")).getInt("total")).as("said in every dialogue").isEqualTo(5);
        assertThat(list(run, Map.of("q", "question about refund")).getList("items.cell.topic", String.class))
                .containsExactly("refund");
    }

    @Test
    void bulk_reject_and_accept_decide_each_dialogue_of_the_selection_and_name_the_gate_that_refused_one()
            throws Exception {
        String run = finishedRun("browser-bulk", 902);

        JsonPath rejected = given().contentType(ContentType.JSON).body(Map.of("action", "reject", "reviewer", "ana"))
                .queryParam("minScore", 4).when().post("/api/runs/{id}/dialogues/decide", run).then().statusCode(200)
                .extract().jsonPath();

        assertThat(rejected.getInt("selected")).as("refund and delivery").isEqualTo(2);
        assertThat(rejected.getInt("decided")).isEqualTo(2);
        assertThat(rejected.getList("decisions")).hasSize(2);
        assertThat(list(run, Map.of("status", "accepted")).getList("items.cell.topic", String.class))
                .containsExactly("voucher");
        assertThat(list(run, Map.of("sort", "date", "order", "desc", "limit", 2)).getList("items.cell.topic",
                String.class)).as("the latest decisions first").containsExactlyInAnyOrder("refund", "delivery");
        String export = given().queryParam("format", "openai").when().get("/api/runs/{id}/export", run).then()
                .statusCode(200).extract().asString();
        assertThat(export.lines()).hasSize(1).allSatisfy(l -> assertThat(l).contains("COUPON"));

        JsonPath accepted = given().contentType(ContentType.JSON).body(Map.of("action", "accept"))
                .queryParam("status", "rejected").when().post("/api/runs/{id}/dialogues/decide", run).then()
                .statusCode(200).extract().jsonPath();

        assertThat(accepted.getInt("selected")).isEqualTo(4);
        assertThat(accepted.getInt("decided")).as("refund, delivery and warranty pass the gates").isEqualTo(3);
        assertThat(accepted.getList("refused.gate", String.class)).containsExactly("pii");
        assertThat(accepted.getString("refused[0].reason")).isNotBlank();
        int refund = list(run, Map.of("q", "about refund")).getInt("items[0].seq");
        long undo = given().when().get("/api/runs/{id}/dialogues/{seq}", run, refund).then().statusCode(200).extract()
                .jsonPath().getLong("decisions[-1].id");
        assertThat(accepted.getList("decisions", Long.class)).contains(undo);
        given().when().post("/api/runs/{id}/dialogues/{seq}/decisions/{d}/undo", run, refund, undo).then()
                .statusCode(200);
        assertThat(list(run, Map.of("status", "accepted")).getList("items.cell.topic", String.class))
                .containsExactlyInAnyOrder("voucher", "delivery", "warranty");
        JsonPath bad = given().contentType(ContentType.JSON).body(Map.of("action", "maybe")).when()
                .post("/api/runs/{id}/dialogues/decide", run).then().statusCode(400).extract().jsonPath();
        assertThat(bad.getList("errors.field", String.class)).containsExactly("action");
    }

    private static io.restassured.response.ValidatableResponse tag(String run, int seq, String tag) {
        return given().contentType(ContentType.JSON).body(Map.of("tag", tag)).when()
                .post("/api/runs/{id}/dialogues/{seq}/tags", run, seq).then();
    }

    @Test
    void tags_are_stored_shown_filtered_and_carried_in_the_export_provenance() throws Exception {
        String run = finishedRun("browser-tags", 903);
        int voucher = list(run, Map.of("q", "about voucher")).getInt("items[0].seq");
        int delivery = list(run, Map.of("q", "about delivery")).getInt("items[0].seq");

        tag(run, voucher, "check tone").statusCode(200);
        tag(run, voucher, "prices").statusCode(200);
        JsonPath twice = tag(run, voucher, "check tone").statusCode(200).extract().jsonPath();
        tag(run, delivery, "check tone").statusCode(200);
        JsonPath removed = given().queryParam("tag", "check tone").when()
                .delete("/api/runs/{id}/dialogues/{seq}/tags", run, delivery).then().statusCode(200).extract().jsonPath();

        assertThat(twice.getList("tags", String.class)).containsExactly("check tone", "prices");
        assertThat(removed.getList("tags", String.class)).isEmpty();
        JsonPath tagged = list(run, Map.of("tag", "check tone"));
        assertThat(tagged.getList("items.seq", Integer.class)).containsExactly(voucher);
        assertThat(tagged.getList("items[0].tags", String.class)).containsExactly("check tone", "prices");
        assertThat(given().when().get("/api/runs/{id}/dialogues/{seq}", run, voucher).then().statusCode(200).extract()
                .jsonPath().getList("tags", String.class)).containsExactly("check tone", "prices");
        given().queryParam("tag", "check tone").when().delete("/api/runs/{id}/dialogues/{seq}/tags", run, delivery)
                .then()
                .statusCode(404);
        tag(run, voucher, "x".repeat(101))
                .statusCode(400);
        byte[] zip = given().queryParam("split", "1").when().get("/api/runs/{id}/export.zip", run).then()
                .statusCode(200).extract().asByteArray();
        Map<Integer, List<String>> exported = new java.util.HashMap<>();
        try (var in = new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(zip))) {
            for (var entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                if (entry.getName().equals("train.provenance.jsonl")) {
                    for (String line : new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).lines()
                            .toList()) {
                        var p = JSON.readTree(line);
                        List<String> tags = new ArrayList<>();
                        p.get("tags").forEach(t -> tags.add(t.asText()));
                        exported.put(p.get("position").asInt(), tags);
                    }
                }
            }
        }
        assertThat(exported.get(voucher)).containsExactly("check tone", "prices");
        assertThat(exported.get(delivery)).isEmpty();
    }
}
