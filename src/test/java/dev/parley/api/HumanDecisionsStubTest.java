package dev.parley.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.parley.bench.OpenAiStubServer;
import dev.parley.bench.OpenAiStubServer.Reply;
import dev.parley.judge.RubricJudge;
import dev.parley.llm.InjectOpenAiStub;
import dev.parley.llm.OpenAiStubResource;
import dev.parley.recipe.RecipeLoader;
import dev.parley.run.RunEngine;
import dev.parley.store.RunOptions;
import dev.parley.store.RunRecord;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * People decide what the export holds, over REST: a person rejects an accepted dialogue, accepts a rejected
 * one (after the run's gates), or edits one; each decision is recorded with who and when, shown with the
 * dialogue, counted in the report, and undoable. The export is read back after each decision.
 *
 * <p>The stub judge scores every dialogue 5 except the voucher ones (2: rejected, no revision); the generator
 * writes an e-mail address into the "private" dialogue, which the personal-data gate rejects.
 */
@QuarkusTest
@WithTestResource(OpenAiStubResource.class)
class HumanDecisionsStubTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @InjectOpenAiStub
    OpenAiStubServer stub;

    @Inject
    RunEngine engine;

    @BeforeEach
    void answer() {
        stub.reset();
        stub.respondWith(request -> switch (OpenAiStubServer.schemaName(request)) {
            case RubricJudge.VERDICT_SCHEMA -> Reply.ok(OpenAiStubServer.verdict(OpenAiStubServer.criteria(request),
                    OpenAiStubServer.userMessage(request).contains("topic: voucher") ? 2 : 5));
            case OpenAiStubServer.DIALOGUE -> OpenAiStubServer.cellValues(request).contains("private")
                    ? Reply.ok(OpenAiStubServer.dialogue(4, "write to budi.santoso@example.co.id, topic: private"))
                    : OpenAiStubServer.defaultReply(request);
            default -> OpenAiStubServer.defaultReply(request);
        });
    }

    private String finishedRun(String name, long seed) {
        RunRecord run = engine.create(RecipeLoader.parse("""
                name: %s
                language: en
                count: 4
                seed: %d
                turns: { min: 4, max: 4 }
                assistant: { system-prompt: You are the help desk of Stubshop. }
                dimensions:
                  topic: [refund, delivery, voucher, private]
                judge: { threshold: 3.5, recheck: 0, revise: { rounds: 0 } }
                checks: { near-duplicate: 0 }
                """.formatted(name, seed)), RunOptions.DEFAULTS);
        engine.execute(run.id(), p -> {
        });
        return run.id();
    }

    private static int seqOf(String run, String topic) {
        JsonPath list = given().queryParam("cell", "topic:" + topic).when().get("/api/runs/{id}/dialogues", run)
                .then().statusCode(200).extract().jsonPath();
        return list.getInt("items[0].seq");
    }

    private static JsonPath detail(String run, int seq) {
        return given().when().get("/api/runs/{id}/dialogues/{seq}", run, seq).then().statusCode(200).extract().jsonPath();
    }

    /** The first user message of every record of the OpenAI export. */
    private static List<String> exportedOpenings(String run) throws Exception {
        String body = given().queryParam("format", "openai").when().get("/api/runs/{id}/export", run).then().statusCode(200)
                .extract().asString();
        var openings = new java.util.ArrayList<String>();
        for (String line : body.lines().toList()) {
            for (JsonNode m : JSON.readTree(line).get("messages")) {
                if (m.get("role").asText().equals("user")) {
                    openings.add(m.get("content").asText());
                    break;
                }
            }
        }
        return openings;
    }

    /** The dataset card (README.md) of the run's export package. */
    private static String cardOf(String run) throws Exception {
        byte[] zip = given().when().get("/api/runs/{id}/export.zip", run).then().statusCode(200).extract().asByteArray();
        try (var in = new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(zip))) {
            for (var entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                if (entry.getName().endsWith("README.md")) {
                    return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                }
            }
        }
        throw new AssertionError("the export package has no README.md");
    }

    private static JsonPath review(String run, int seq, Map<String, Object> body, int status) {
        return given().contentType(ContentType.JSON).body(body).when()
                .post("/api/runs/{id}/dialogues/{seq}/review", run, seq).then().statusCode(status).extract().jsonPath();
    }

    @Test
    void a_rejected_accepted_dialogue_leaves_the_export_and_an_undo_brings_it_back() throws Exception {
        String run = finishedRun("people-reject", 811);
        int refund = seqOf(run, "refund");
        assertThat(exportedOpenings(run)).anySatisfy(o -> assertThat(o).contains("topic: refund"));

        JsonPath decided = review(run, refund, Map.of("accept", false, "score", 2), 201);

        assertThat(decided.getString("state")).isEqualTo("rejected");
        assertThat(decided.getString("reviewer")).isEqualTo("anonymous");
        assertThat(exportedOpenings(run)).hasSize(1).noneSatisfy(o -> assertThat(o).contains("topic: refund"));
        JsonPath shown = detail(run, refund);
        assertThat(shown.getString("state")).isEqualTo("rejected");
        assertThat(shown.getString("gate")).isEqualTo("human");
        assertThat(shown.getString("decisions[0].action")).isEqualTo("reject");
        assertThat(shown.getString("decisions[0].by")).isEqualTo("anonymous");
        assertThat(shown.getString("decisions[0].at")).isNotBlank();
        assertThat(shown.getString("decisions[0].priorState")).isEqualTo("accepted");
        JsonPath report = given().when().get("/api/runs/{id}", run).then().statusCode(200).extract().jsonPath();
        assertThat(report.getInt("judgeHygiene.human.decisions.reject")).isEqualTo(1);
        assertThat(report.getInt("counts.accepted")).as("the funnel counts the final decision").isEqualTo(1);
        assertThat(cardOf(run)).contains("**People's decisions**: 0 dialogue(s) accepted, 1 rejected and 0 edited by a"
                + " person (0 decision(s) undone)");

        JsonPath undone = given().when().post("/api/runs/{id}/dialogues/{seq}/decisions/{d}/undo", run, refund,
                decided.getLong("decision")).then().statusCode(200).extract().jsonPath();

        assertThat(undone.getString("undoneBy")).isEqualTo("anonymous");
        assertThat(undone.getString("state")).isEqualTo("rejected");
        assertThat(detail(run, refund).getString("state")).isEqualTo("accepted");
        assertThat(exportedOpenings(run)).hasSize(2).anySatisfy(o -> assertThat(o).contains("topic: refund"));
        JsonPath after = given().when().get("/api/runs/{id}", run).then().statusCode(200).extract().jsonPath();
        assertThat(after.getInt("judgeHygiene.human.decisions.reject")).isZero();
        assertThat(after.getInt("judgeHygiene.human.decisions.undone")).isEqualTo(1);
    }

    @Test
    void a_rejected_dialogue_a_person_accepts_enters_the_export_and_an_agreeing_review_changes_nothing() throws Exception {
        String run = finishedRun("people-accept", 812);
        int voucher = seqOf(run, "voucher");
        int delivery = seqOf(run, "delivery");

        JsonPath decided = review(run, voucher, Map.of("accept", true), 201);
        JsonPath agreeing = review(run, delivery, Map.of("accept", true, "reviewer", "ayu"), 201);

        assertThat(decided.getString("state")).isEqualTo("accepted");
        assertThat(decided.get("decision").toString()).isNotBlank();
        assertThat(agreeing.get("decision") == null).as("agreeing with the state decides nothing").isTrue();
        assertThat(agreeing.getString("reviewer")).isEqualTo("ayu");
        assertThat(exportedOpenings(run)).hasSize(3).anySatisfy(o -> assertThat(o).contains("topic: voucher"));
        assertThat(detail(run, voucher).getString("gate")).isNull();
    }

    @Test
    void a_rejected_dialogue_that_fails_a_gate_cannot_be_accepted() throws Exception {
        String run = finishedRun("people-accept-gate", 813);
        int personal = seqOf(run, "private");
        assertThat(detail(run, personal).getString("gate")).isEqualTo("pii");

        JsonPath problem = given().contentType(ContentType.JSON).body(Map.of("accept", true)).when()
                .post("/api/runs/{id}/dialogues/{seq}/review", run, personal).then().statusCode(422)
                .contentType("application/problem+json").extract().jsonPath();

        assertThat(problem.getString("type")).isEqualTo("https://parley.dev/problems/gate-rejected");
        assertThat(problem.getString("detail")).startsWith("the dialogue fails the pii gate: personal data or secrets");
        assertThat(problem.getList("errors.field", String.class)).containsExactly("messages");
        assertThat(detail(run, personal).getString("state")).isEqualTo("rejected");
        assertThat(detail(run, personal).getList("decisions")).isEmpty();
        assertThat(exportedOpenings(run)).hasSize(2);
    }

    @Test
    void an_edit_is_exported_as_the_person_wrote_it_and_can_be_undone() throws Exception {
        String run = finishedRun("people-edit", 814);
        int delivery = seqOf(run, "delivery");
        List<Map<String, String>> messages = List.of(
                Map.of("role", "user", "content", "My parcel from Stubshop has not arrived after ten days, what can I do?"),
                Map.of("role", "assistant", "content", "I am sorry about the wait. When did you order, and to which city?"),
                Map.of("role", "user", "content", "It was placed on the third of May with express shipping to Leeds."),
                Map.of("role", "assistant", "content", "The courier holds it at the Leeds depot; it comes tomorrow morning."));

        JsonPath edit = given().contentType(ContentType.JSON).body(Map.of("messages", messages)).when()
                .post("/api/runs/{id}/dialogues/{seq}/edit", run, delivery).then().statusCode(201).extract().jsonPath();

        assertThat(edit.getString("action")).isEqualTo("edit");
        assertThat(edit.getString("state")).isEqualTo("accepted");
        assertThat(exportedOpenings(run)).contains(messages.get(0).get("content"))
                .noneSatisfy(o -> assertThat(o).contains("topic: delivery"));
        JsonPath shown = detail(run, delivery);
        assertThat(shown.getString("dialogue.turns[3].content")).isEqualTo(messages.get(3).get("content"));
        int last = shown.getList("versions").size() - 1;
        assertThat(shown.getString("versions[" + last + "].author")).isEqualTo("anonymous");
        assertThat(shown.getString("versions[0].author")).isNull();
        JsonPath provenance = given().when().get("/api/runs/{id}/dialogues/{seq}/provenance", run, delivery).then()
                .statusCode(200).extract().jsonPath();
        assertThat(provenance.getString("decisions[0].action")).isEqualTo("edit");
        assertThat(provenance.getString("decisions[0].by")).isEqualTo("anonymous");
        assertThat(provenance.getInt("revisions")).as("an edit is no revision").isZero();

        given().when().post("/api/runs/{id}/dialogues/{seq}/decisions/{d}/undo", run, delivery, edit.getLong("id"))
                .then().statusCode(200);

        assertThat(exportedOpenings(run)).anySatisfy(o -> assertThat(o).contains("topic: delivery"))
                .doesNotContain(messages.get(0).get("content"));
    }

    @Test
    void an_edit_that_fails_a_gate_is_refused_and_changes_nothing() throws Exception {
        String run = finishedRun("people-edit-gate", 815);
        int refund = seqOf(run, "refund");
        String before = detail(run, refund).getString("dialogue.turns[0].content");
        String reply = "Please send the order number and I will look at it.";
        List<Map<String, String>> repeated = List.of(Map.of("role", "user", "content", "Where is my refund for the shoes?"),
                Map.of("role", "assistant", "content", reply), Map.of("role", "user", "content", "It is order A-17."),
                Map.of("role", "assistant", "content", reply));

        JsonPath problem = given().contentType(ContentType.JSON).body(Map.of("messages", repeated)).when()
                .post("/api/runs/{id}/dialogues/{seq}/edit", run, refund).then().statusCode(422)
                .contentType("application/problem+json").extract().jsonPath();

        assertThat(problem.getString("detail")).isEqualTo("the dialogue fails the repetition gate: message 4 (assistant)"
                + " repeats an earlier message word for word");
        assertThat(detail(run, refund).getString("dialogue.turns[0].content")).isEqualTo(before);
        assertThat(detail(run, refund).getList("versions")).hasSize(1);
    }

    @Test
    void refuses_bad_edits_and_undoing_a_decision_a_later_one_overrides() {
        String run = finishedRun("people-refuse", 816);
        int refund = seqOf(run, "refund");

        JsonPath bad = given().contentType(ContentType.JSON).body(Map.of("messages", List.of(Map.of("role", "system",
                "content", "x"), Map.of("role", "user")))).when().post("/api/runs/{id}/dialogues/{seq}/edit", run, refund)
                .then().statusCode(400).contentType("application/problem+json").extract().jsonPath();
        long first = review(run, refund, Map.of("accept", false), 201).getLong("decision");
        long second = review(run, refund, Map.of("accept", true), 201).getLong("decision");
        JsonPath conflict = given().when().post("/api/runs/{id}/dialogues/{seq}/decisions/{d}/undo", run, refund, first)
                .then().statusCode(409).contentType("application/problem+json").extract().jsonPath();

        assertThat(bad.getList("errors.field", String.class)).containsExactly("messages[0].role", "messages[1].content");
        assertThat(conflict.getString("detail")).contains("not the latest decision in force").contains("undo the later");
        assertThat(second).isGreaterThan(first);
        given().when().post("/api/runs/{id}/dialogues/{seq}/decisions/{d}/undo", run, 999, first).then().statusCode(404);
    }
}
