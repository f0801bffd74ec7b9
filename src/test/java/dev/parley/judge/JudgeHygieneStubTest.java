package dev.parley.judge;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.parley.export.RunReporter;
import dev.parley.llm.InjectOpenAiStub;
import dev.parley.llm.OpenAiStubResource;
import dev.parley.bench.OpenAiStubServer;
import dev.parley.bench.OpenAiStubServer.Reply;
import dev.parley.recipe.RecipeLoader;
import dev.parley.run.RunEngine;
import dev.parley.store.RunOptions;
import dev.parley.store.RunRecord;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/** Judge hygiene end to end: the consistency recheck, length bias and people's reviews in the report. */
@QuarkusTest
@WithTestResource(OpenAiStubResource.class)
class JudgeHygieneStubTest {

    @InjectOpenAiStub
    OpenAiStubServer stub;

    @Inject
    RunEngine engine;

    @Inject
    RunReporter reporter;

    @BeforeEach
    void resetStub() {
        stub.reset();
    }

    private RunRecord run(String name, long seed, int recheck) {
        return engine.create(RecipeLoader.parse("""
                name: %s
                language: en
                count: 6
                seed: %d
                turns: { min: 4, max: 4 }
                assistant: { system-prompt: You are the help desk of Stubshop. }
                dimensions:
                  topic: [refund, delivery, voucher]
                  persona: [student, retiree]
                judge: { threshold: 3.5, recheck: %d, revise: { rounds: 0 } }
                checks: { near-duplicate: 0 }
                """.formatted(name, seed, recheck)), RunOptions.DEFAULTS);
    }

    @Test
    void rechecks_a_sample_and_flags_a_judge_that_disagrees_with_itself() {
        // The stub judge answers 4 the first time it sees a dialogue and 2 the second time.
        Map<String, AtomicInteger> seen = new ConcurrentHashMap<>();
        stub.respondWith(request -> {
            if (!RubricJudge.VERDICT_SCHEMA.equals(OpenAiStubServer.schemaName(request))) {
                return OpenAiStubServer.defaultReply(request);
            }
            int time = seen.computeIfAbsent(OpenAiStubServer.userMessage(request), k -> new AtomicInteger()).incrementAndGet();
            return Reply.ok(OpenAiStubServer.verdict(OpenAiStubServer.criteria(request), time == 1 ? 4 : 2));
        });
        RunRecord run = run("recheck", 701, 3);

        engine.execute(run.id(), p -> {
        });

        Map<String, Object> hygiene = reporter.report(run.id()).judgeHygiene();
        @SuppressWarnings("unchecked")
        Map<String, Object> consistency = (Map<String, Object>) hygiene.get("consistency");
        assertThat(consistency).containsEntry("dialogues", 3).containsEntry("criterionPairs", 18)
                .containsEntry("exactAgreement", 0.0).containsEntry("withinOneAgreement", 0.0).containsEntry("flagged", true);
        assertThat(stub.requests(r -> r.isJudge())).as("6 verdicts and 3 rechecks").hasSize(9);
    }

    @Test
    void a_consistent_judge_is_not_flagged() {
        RunRecord run = run("consistent", 702, 4);

        engine.execute(run.id(), p -> {
        });

        @SuppressWarnings("unchecked")
        Map<String, Object> consistency = (Map<String, Object>) reporter.report(run.id()).judgeHygiene().get("consistency");
        assertThat(consistency).containsEntry("dialogues", 4).containsEntry("exactAgreement", 1.0)
                .containsEntry("withinOneAgreement", 1.0).containsEntry("flagged", false);
    }

    @Test
    void compares_people_with_the_judge_and_suggests_a_threshold() {
        // The judge scores refund dialogues 5, delivery 4 and voucher 3 (threshold 3.5: voucher rejected).
        stub.respondWith(request -> {
            if (!RubricJudge.VERDICT_SCHEMA.equals(OpenAiStubServer.schemaName(request))) {
                return OpenAiStubServer.defaultReply(request);
            }
            String user = OpenAiStubServer.userMessage(request);
            int score = user.contains("topic: refund") ? 5 : user.contains("topic: delivery") ? 4 : 3;
            return Reply.ok(OpenAiStubServer.verdict(OpenAiStubServer.criteria(request), score));
        });
        RunRecord run = run("people", 703, 0);
        engine.execute(run.id(), p -> {
        });
        JsonPath items = given().when().get("/api/runs/{id}/dialogues", run.id()).then().statusCode(200).extract().jsonPath();

        // People agree with the judge except that they also reject delivery dialogues, and score
        // refund 5, delivery 3, voucher 2.
        for (int i = 0; i < 6; i++) {
            int seq = items.getInt("items[" + i + "].seq");
            String topic = items.getString("items[" + i + "].cell.topic");
            int score = switch (topic) {
                case "refund" -> 5;
                case "delivery" -> 3;
                default -> 2;
            };
            given().contentType(ContentType.JSON)
                    .body(Map.of("score", score, "accept", topic.equals("refund"), "reviewer", "ana"))
                    .when().post("/api/runs/{id}/dialogues/{seq}/review", run.id(), seq)
                    .then().statusCode(201);
        }

        JsonPath report = given().when().get("/api/runs/{id}", run.id()).then().statusCode(200).extract().jsonPath();

        assertThat(report.getInt("judgeHygiene.human.reviews")).isEqualTo(6);
        // Human scores 5,5,3,3,2,2 against judge 5,5,4,4,3,3: same order with ties, Spearman 1.
        assertThat(report.getDouble("judgeHygiene.human.spearman")).isCloseTo(1.0, within(1e-9));
        // Decisions: people accept 2 of 6, the judge 4 of 6; agreement 4/6; pe = 1/3·2/3 + 2/3·1/3 = 4/9;
        // kappa = (2/3 − 4/9) / (1 − 4/9) = 0.4
        assertThat(report.getDouble("judgeHygiene.human.cohensKappa")).isCloseTo(0.4, within(1e-3));
        // Only refund (5) is accepted by people: thresholds 4.1..5.0 match all; 4.1 is closest to 3.5.
        assertThat(report.getDouble("judgeHygiene.human.suggestedThreshold")).isEqualTo(4.1);
        assertThat(report.getInt("judgeHygiene.lengthBias.dialogues")).isEqualTo(6);
    }

    @Test
    void a_panel_of_judges_is_asked_by_model_and_its_disagreement_reported() {
        // judge-a likes everything (5); judge-b likes only refund dialogues.
        stub.respondWith(request -> {
            if (!RubricJudge.VERDICT_SCHEMA.equals(OpenAiStubServer.schemaName(request))) {
                return OpenAiStubServer.defaultReply(request);
            }
            boolean lenient = "judge-a".equals(request.path("model").asText());
            int score = lenient || OpenAiStubServer.userMessage(request).contains("topic: refund") ? 5 : 2;
            return Reply.ok(OpenAiStubServer.verdict(OpenAiStubServer.criteria(request), score));
        });
        RunRecord run = engine.create(RecipeLoader.parse("""
                name: panel
                language: en
                count: 6
                seed: 705
                turns: { min: 4, max: 4 }
                assistant: { system-prompt: You are the help desk of Stubshop. }
                dimensions:
                  topic: [refund, delivery, voucher]
                  persona: [student, retiree]
                judge: { threshold: 3.5, recheck: 0, revise: { rounds: 0 }, panel: [judge-a, judge-b], combine: min }
                checks: { near-duplicate: 0 }
                """), RunOptions.DEFAULTS);

        engine.execute(run.id(), p -> {
        });

        var report = reporter.report(run.id());
        assertThat(report.models().get("judge")).isEqualTo("panel(min): judge-a, judge-b");
        assertThat(report.counts()).containsEntry("accepted", 2).containsEntry("rejectedByJudge", 4);
        @SuppressWarnings("unchecked")
        Map<String, Object> panel = (Map<String, Object>) report.judgeHygiene().get("panel");
        // 4 of 6 dialogues: a accepts (5), b rejects (2); spread of means 3.0 on those, 0 on refunds → 12/6 = 2.0
        assertThat(panel).containsEntry("dialogues", 6).containsEntry("decisionsDiffer", 4)
                .containsEntry("disagreementRate", 0.667).containsEntry("meanScoreSpread", 2.0);
        assertThat(stub.requests(r -> r.isJudge())).extracting(r -> r.body().path("model").asText())
                .containsOnly("judge-a", "judge-b").hasSize(12);
    }

    @Test
    void a_review_without_score_or_decision_is_a_field_error() {
        RunRecord run = run("bad-review", 704, 0);
        engine.execute(run.id(), p -> {
        });

        JsonPath problem = given().contentType(ContentType.JSON).body(Map.of("score", 9))
                .when().post("/api/runs/{id}/dialogues/{seq}/review", run.id(), 0)
                .then().statusCode(400).contentType("application/problem+json").extract().jsonPath();

        assertThat(problem.getString("type")).endsWith("/invalid-request");
        assertThat(problem.getList("errors.field")).containsExactly("score");
        assertThat(problem.getString("errors[0].message")).isEqualTo("must be from 1 to 5, got 9");
        given().contentType(ContentType.JSON).body(Map.of("reviewer", "ana"))
                .when().post("/api/runs/{id}/dialogues/{seq}/review", run.id(), 0)
                .then().statusCode(400).contentType("application/problem+json");
        given().contentType(ContentType.JSON).body(Map.of("accept", true))
                .when().post("/api/runs/{id}/dialogues/{seq}/review", run.id(), 99)
                .then().statusCode(404).contentType("application/problem+json");
    }
}
