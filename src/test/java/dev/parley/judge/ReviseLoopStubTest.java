package dev.parley.judge;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.parley.dialogue.Dialogue;
import dev.parley.llm.InjectOpenAiStub;
import dev.parley.llm.OpenAiStubResource;
import dev.parley.bench.OpenAiStubServer;
import dev.parley.bench.OpenAiStubServer.Reply;
import dev.parley.recipe.RecipeLoader;
import dev.parley.store.ItemState;
import dev.parley.run.RunEngine;
import dev.parley.store.RunOptions;
import dev.parley.store.RunStatus;
import dev.parley.store.ItemRecord;
import dev.parley.store.RunRecord;
import dev.parley.store.ItemHistory;
import dev.parley.store.ItemQueue;
import dev.parley.store.ItemRepository;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The critique → revise → re-judge loop against a local OpenAI-compatible stub with scripted
 * judge answers: what passes after revision is accepted with both versions kept, what stays below
 * is rejected after the round limit, and a weak turn is masked.
 */
@QuarkusTest
@WithTestResource(OpenAiStubResource.class)
class ReviseLoopStubTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @InjectOpenAiStub
    OpenAiStubServer stub;

    @Inject
    RunEngine engine;

    @Inject
    ItemQueue queue;

    @Inject
    ItemRepository items;

    @Inject
    ItemHistory history;

    @Inject
    dev.parley.export.RunExporter exporter;

    @BeforeEach
    void resetStub() {
        stub.reset();
    }

    private RunRecord run(String name, long seed, String mode) {
        return engine.create(RecipeLoader.parse("""
                name: %s
                language: en
                count: 2
                seed: %d
                turns: { min: 4, max: 4 }
                assistant: { system-prompt: You are the help desk of Stubshop. }
                dimensions:
                  topic: [refund, delivery]
                judge:
                  threshold: 3.5
                  revise: { rounds: 2, floor: 2.5, mode: %s }
                  recheck: 0
                checks: { near-duplicate: 0 }
                """.formatted(name, seed, mode)), RunOptions.DEFAULTS);
    }

    /** A verdict scoring every criterion the same, with per-turn scores for messages 2 and 4. */
    private static String verdict(JsonNode request, int score, int turn2, int turn4) {
        ObjectNode root = (ObjectNode) readTree(OpenAiStubServer.verdict(OpenAiStubServer.criteria(request), score));
        ArrayNode turns = root.putArray("turns");
        turns.addObject().put("turn", 2).put("score", turn2).put("reason", "turn 2 scored " + turn2);
        turns.addObject().put("turn", 4).put("score", turn4).put("reason", "turn 4 scored " + turn4);
        return root.toString();
    }

    private static JsonNode readTree(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private Dialogue dialogue(ItemRecord item) {
        try {
            return item.dialogue().orElseThrow();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private ItemRecord item(RunRecord run, String topic) {
        return items.items(run.id(), Optional.empty(), 10, 0).stream().filter(i -> i.cellKey().contains(topic))
                .findFirst().orElseThrow();
    }

    @Test
    void revises_the_whole_dialogue_until_it_passes_and_keeps_every_version() {
        stub.respondWith(request -> switch (OpenAiStubServer.schemaName(request)) {
            // The refund dialogue stays weak whatever is done to it; the delivery one passes once revised.
            case RubricJudge.VERDICT_SCHEMA -> {
                String user = OpenAiStubServer.userMessage(request);
                boolean revised = user.contains("REVISED");
                yield Reply.ok(verdict(request, revised && user.contains("delivery") ? 5 : 3, 4, 4));
            }
            case ModelDialogueReviser.REVISED_DIALOGUE_SCHEMA -> Reply.ok(OpenAiStubServer
                    .dialogue(OpenAiStubServer.requestedMessages(request), "REVISED " + OpenAiStubServer.cellValues(request)));
            default -> OpenAiStubServer.defaultReply(request);
        });
        RunRecord run = run("revise-whole", 601, "whole");

        assertThat(engine.execute(run.id(), p -> {
        }).status()).isEqualTo(RunStatus.COMPLETED);

        ItemRecord saved = item(run, "delivery");
        assertThat(saved.state()).isEqualTo(ItemState.ACCEPTED);
        assertThat(history.versionScores(run.id()).get(saved.seq())).containsExactly(3.0, 5.0);
        assertThat(dialogue(saved).turns().getFirst().content()).contains("REVISED");

        ItemRecord hopeless = item(run, "refund");
        assertThat(hopeless.state()).isEqualTo(ItemState.REJECTED);
        assertThat(history.versionScores(run.id()).get(hopeless.seq())).as("judged, then revised twice").containsExactly(3.0, 3.0, 3.0);
        assertThat(hopeless.gate()).contains("judge");
        assertThat(hopeless.reason()).hasValueSatisfying(r -> assertThat(r)
                .startsWith("mean score 3.00 is below the threshold 3.50 after 2 revision(s)"));
        assertThat(stub.requests(r -> r.schemaName().equals(ModelDialogueReviser.REVISED_DIALOGUE_SCHEMA)))
                .as("one revision for the saved dialogue, two for the hopeless one").hasSize(3);
        assertThat(stub.requests(r -> r.schemaName().equals(ModelDialogueReviser.REVISED_DIALOGUE_SCHEMA)))
                .allSatisfy(r -> assertThat(r.userText()).contains("<critique>").contains("scored 3 by the stub"));
    }

    @Test
    void rewrites_only_the_weak_assistant_turn_then_accepts() {
        stub.respondWith(request -> switch (OpenAiStubServer.schemaName(request)) {
            case RubricJudge.VERDICT_SCHEMA -> Reply.ok(OpenAiStubServer.userMessage(request).contains("REVISED")
                    ? verdict(request, 5, 5, 5)
                    : verdict(request, 3, 5, 2));
            case ModelDialogueReviser.REVISED_TURNS_SCHEMA -> Reply.ok("{\"turns\":[{\"turn\":4,\"content\":\"REVISED answer with the exact steps.\"}]}");
            default -> OpenAiStubServer.defaultReply(request);
        });
        RunRecord run = run("revise-turns", 602, "turns");

        engine.execute(run.id(), p -> {
        });

        for (ItemRecord item : items.items(run.id(), Optional.empty(), 10, 0)) {
            assertThat(item.state()).isEqualTo(ItemState.ACCEPTED);
            assertThat(history.versionCount(run.id(), item.seq())).isEqualTo(2);
            List<String> contents = dialogue(item).turns().stream().map(t -> t.content()).toList();
            assertThat(contents.get(3)).isEqualTo("REVISED answer with the exact steps.");
            assertThat(contents.get(1)).as("the good turn is kept word for word").isEqualTo("Answer 1: here is what to do next.");
        }
        assertThat(stub.requests(r -> r.schemaName().equals(ModelDialogueReviser.REVISED_TURNS_SCHEMA)))
                .hasSize(2).allSatisfy(r -> assertThat(r.userText()).contains("<turns>4</turns>"));
    }

    @Test
    void accepts_a_good_dialogue_with_one_weak_turn_and_marks_that_turn() throws Exception {
        stub.respondWith(request -> RubricJudge.VERDICT_SCHEMA.equals(OpenAiStubServer.schemaName(request))
                ? Reply.ok(verdict(request, 4, 5, 2))
                : OpenAiStubServer.defaultReply(request));
        RunRecord run = run("weak-turn", 603, "turns");

        engine.execute(run.id(), p -> {
        });

        for (ItemRecord item : items.items(run.id(), Optional.empty(), 10, 0)) {
            assertThat(item.state()).isEqualTo(ItemState.ACCEPTED);
            Verdict verdict = item.verdict().orElseThrow();
            assertThat(verdict.maskedTurns()).containsExactly(4);
            assertThat(verdict.turns()).extracting(TurnScore::turn, TurnScore::score)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(2, 5), org.assertj.core.groups.Tuple.tuple(4, 2));
        }
        assertThat(stub.requests(r -> r.schemaName().startsWith("revised"))).as("accepted at once: no revision").isEmpty();
        // The weak turn stays in the training file for context, with weight 0; no other message has a weight.
        for (String line : exporter.jsonl(run.id()).lines().toList()) {
            JsonNode messages = JSON.readTree(line).get("messages");
            assertThat(messages.get(4).path("role").asText()).isEqualTo("assistant");
            assertThat(messages.get(4).path("weight").asInt(-1)).isZero();
            assertThat(messages.get(2).has("weight")).isFalse();
        }
    }

    @Test
    void rejects_without_revision_below_the_revise_floor_or_under_a_criterion_floor() {
        stub.respondWith(request -> RubricJudge.VERDICT_SCHEMA.equals(OpenAiStubServer.schemaName(request))
                ? Reply.ok(verdict(request, 2, 2, 2))
                : OpenAiStubServer.defaultReply(request));
        RunRecord run = run("hopeless", 604, "turns");

        engine.execute(run.id(), p -> {
        });

        assertThat(queue.countByState(run.id())).containsEntry(ItemState.REJECTED, 2);
        assertThat(stub.requests(r -> r.schemaName().startsWith("revised"))).isEmpty();
        assertThat(items.items(run.id(), Optional.empty(), 10, 0)).allSatisfy(i -> assertThat(i.reason())
                .hasValueSatisfying(r -> assertThat(r).startsWith("under the floor on safety, fairness")));
        Map<Integer, List<Double>> versions = history.versionScores(run.id());
        assertThat(versions.values()).allSatisfy(v -> assertThat(v).hasSize(1));
    }
}
