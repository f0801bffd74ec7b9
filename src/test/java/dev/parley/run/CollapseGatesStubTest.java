package dev.parley.run;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.parley.bench.OpenAiStubServer;
import dev.parley.bench.OpenAiStubServer.Reply;
import dev.parley.corpus.RunInput;
import dev.parley.corpus.RunInputs;
import dev.parley.export.RunReport;
import dev.parley.export.RunReporter;
import dev.parley.llm.InjectOpenAiStub;
import dev.parley.llm.OpenAiStubResource;
import dev.parley.recipe.RecipeLoader;
import dev.parley.store.ItemRecord;
import dev.parley.store.ItemState;
import dev.parley.store.RunOptions;
import dev.parley.store.RunRecord;
import dev.parley.store.ItemQueue;
import dev.parley.store.ItemRepository;
import dev.parley.store.RunRepository;
import dev.parley.store.RunStatus;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Live diversity, its gates, disparities and dedup against earlier data, through the real engine and a
 * local OpenAI-compatible stub.
 *
 * <p>The stub writes one dialogue per topic word, the same shape every time:
 *
 * <pre>
 *   user       "halo kak X"     assistant "baik soal X"
 *   user       "oke paham"      assistant "siap kak"
 * </pre>
 *
 * with X a five-character topic word, one per plan cell. So the measures over any k accepted dialogues
 * depend on k only, whichever k were accepted first: per dialogue 10 words (7 shared: halo kak baik
 * soal oke paham siap, plus X), 6 bigrams (4 shared: halo-kak, baik-soal, oke-paham, siap-kak; 2 with
 * X: kak-X, soal-X), 2 trigrams (both with X):
 *
 * <pre>
 *   distinct-1 = (7 + k) / 10k     distinct-2 = (4 + 2k) / 6k     distinct-3 = 2k / 2k = 1
 *   every dialogue 14 + 15 + 9 + 8 = 46 characters, so length cv 0
 *   coverage entropy over k of n planned cells (one per topic) = log2(k) / log2(n)
 *   the top assistant opening "baik soal X" is one dialogue's: share 1 / k
 * </pre>
 */
@QuarkusTest
@WithTestResource(OpenAiStubResource.class)
class CollapseGatesStubTest {

    /** Topic words w0001, w0002, …: five characters each. */
    private static final List<String> TOPICS = java.util.stream.IntStream.rangeClosed(1, 40)
            .mapToObj(i -> String.format("w%04d", i)).toList();
    private static final ObjectMapper JSON = new ObjectMapper();

    @InjectOpenAiStub
    OpenAiStubServer stub;

    @Inject
    RunEngine engine;

    @Inject
    RunRepository runs;

    @Inject
    ItemQueue queue;

    @Inject
    ItemRepository items;

    @Inject
    RunReporter reporter;

    @BeforeEach
    void shapedDialogues() {
        stub.reset();
        stub.respondWith(request -> OpenAiStubServer.DIALOGUE.equals(OpenAiStubServer.schemaName(request))
                ? Reply.ok(shaped(topicOf(request), "baik soal " + topicOf(request)))
                : OpenAiStubServer.defaultReply(request));
    }

    /** The topic word of a generator request: its brief's cell line is {@code topic: X}. */
    private static String topicOf(com.fasterxml.jackson.databind.JsonNode request) {
        String cell = OpenAiStubServer.cellValues(request);
        return cell.substring(cell.indexOf(':') + 1).strip();
    }

    static String shaped(String topic, String assistantOpening) {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode messages = root.putArray("messages");
        messages.addObject().put("role", "user").put("content", "halo kak " + topic);
        messages.addObject().put("role", "assistant").put("content", assistantOpening);
        messages.addObject().put("role", "user").put("content", "oke paham");
        messages.addObject().put("role", "assistant").put("content", "siap kak");
        return root.toString();
    }

    private static String recipe(String name, long seed, int count, String checks) {
        return """
                name: %s
                language: id
                count: %d
                seed: %d
                turns: { min: 4, max: 4 }
                assistant: { system-prompt: You are the help desk of Stubshop. }
                dimensions:
                  topic: [%s]
                judge: { recheck: 0 }
                checks:
                  near-duplicate: 0
                %s
                """.formatted(name, count, seed, String.join(", ", TOPICS.subList(0, count)), checks.indent(2).stripTrailing());
    }

    private RunOutcome execute(String runId) {
        return engine.execute(runId, p -> {
        });
    }

    private static double distinct1(int k) {
        return Math.round((7.0 + k) / (10.0 * k) * 1000) / 1000.0;
    }

    private static double distinct2(int k) {
        return Math.round((4.0 + 2 * k) / (6.0 * k) * 1000) / 1000.0;
    }

    @Test
    @SuppressWarnings("unchecked")
    void stores_the_diversity_series_as_the_run_goes_and_records_warn_gates() {
        RunRecord run = engine.create(RecipeLoader.parse(recipe("series", 701, 6, """
                diversity-every: 2
                diversity:
                  - { measure: length-cv, scope: overall, limit: 0.1, action: warn, min-dialogues: 2 }
                """)), RunOptions.DEFAULTS);

        assertThat(execute(run.id()).status()).isEqualTo(RunStatus.COMPLETED);

        RunReport report = reporter.report(run.id());
        List<Map<String, Object>> series = report.diversityOverTime();
        // Items finish concurrently, so a snapshot may count a few more than 2 since the one before.
        assertThat(series).as("a snapshot every 2 accepted or more, and one at the end").isNotEmpty();
        assertThat(series).extracting(p -> (Integer) p.get("accepted")).isSorted().doesNotHaveDuplicates()
                .last().isEqualTo(6);
        for (Map<String, Object> point : series) {
            int k = (Integer) point.get("accepted");
            var overall = (Map<String, Object>) point.get("overall");
            assertThat(overall.get("dialogues")).isEqualTo(k);
            assertThat(overall.get("distinct1")).as("distinct-1 at %d", k).isEqualTo(distinct1(k));
            assertThat(overall.get("distinct2")).as("distinct-2 at %d", k).isEqualTo(distinct2(k));
            assertThat(overall.get("distinct3")).isEqualTo(1.0);
            assertThat(overall.get("cvChars")).isEqualTo(0.0);
            assertThat(overall.get("meanChars")).isEqualTo(46.0);
            assertThat((Double) overall.get("coverageEntropyNormalized"))
                    .isCloseTo(Math.log(k) / Math.log(6), within(0.0006));
            assertThat(overall.get("topAssistantOpeningShare")).isEqualTo(Math.round(1000.0 / k) / 1000.0);
            assertThat(point.get("window")).as("the window holds all of a small run").isEqualTo(overall);
            assertThat((List<Map<String, Object>>) point.get("tripped")).singleElement().satisfies(t -> {
                assertThat(t).containsEntry("gate", "diversity:length-cv").containsEntry("action", "warn")
                        .containsEntry("value", 0.0);
                assertThat(t.get("reason")).isEqualTo("length-cv over all " + k
                        + " accepted dialogues is 0.000, below the limit 0.100");
            });
        }
        assertThat(report.warnings()).singleElement().asString()
                .startsWith("diversity gate diversity:length-cv (warn) tripped at " + series.size() + " of "
                        + series.size() + " snapshots; first: length-cv over all ");
        assertThat(report.diversity()).containsEntry("distinct1", distinct1(6)).containsEntry("distinct2", distinct2(6));

        // The run's REST status is the same report.
        var status = given().when().get("/api/runs/{id}", run.id()).then().statusCode(200).extract().jsonPath();
        assertThat(status.getList("diversityOverTime.accepted", Integer.class))
                .isEqualTo(series.stream().map(p -> (Integer) p.get("accepted")).toList());
        assertThat(status.getDouble("diversityOverTime[-1].overall.distinct2")).isEqualTo(distinct2(6));
        assertThat(status.getString("diversityOverTime[0].tripped[0].gate")).isEqualTo("diversity:length-cv");
        assertThat(status.getList("warnings", String.class)).isEqualTo(report.warnings());
        assertThat(status.getMap("rejectedByGate")).isEmpty();
        assertThat(status.getMap("piiFound")).isEmpty();
    }

    @Test
    @SuppressWarnings("unchecked")
    void a_pause_gate_stops_the_run_and_resume_goes_on_with_the_gate_acknowledged() {
        RunRecord run = engine.create(RecipeLoader.parse(recipe("pause", 702, 40, """
                diversity-every: 2
                diversity:
                  - { measure: distinct-2, scope: overall, limit: 0.6, action: pause, min-dialogues: 4 }
                """)), RunOptions.DEFAULTS);

        RunOutcome paused = execute(run.id());

        // distinct-2 is (4 + 2k) / 6k: 0.556 at k = 3, 0.5 at 4; the gate speaks from 4 dialogues on.
        assertThat(paused.status()).isEqualTo(RunStatus.STOPPED);
        assertThat(paused.error()).hasValueSatisfying(e -> assertThat(e)
                .startsWith("diversity gate diversity:distinct-2: distinct-2 over all ")
                .containsPattern("accepted dialogues is 0\\.[345]\\d\\d, below the limit 0\\.600; resume to go on"));
        assertThat(runs.run(run.id()).status()).isEqualTo(RunStatus.STOPPED);
        assertThat(queue.unfinishedCount(run.id())).as("left for a resume").isPositive();
        // Items in flight when the gate tripped still finish, and the last snapshot records them.
        List<Map<String, Object>> beforeResume = reporter.report(run.id()).diversityOverTime();
        assertThat(beforeResume).isNotEmpty().allSatisfy(p -> {
            int k = (Integer) p.get("accepted");
            var tripped = (List<Map<String, Object>>) p.get("tripped");
            if (k < 4) {
                assertThat(tripped).isEmpty();
            } else {
                assertThat(tripped).singleElement().satisfies(t -> assertThat(t).containsEntry("action", "pause")
                        .containsEntry("value", distinct2(k)));
            }
        });

        RunOutcome resumed = execute(run.id());

        assertThat(resumed.status()).as("a person chose to go on: the gate only warns now").isEqualTo(RunStatus.COMPLETED);
        assertThat(queue.countByState(run.id())).containsEntry(ItemState.ACCEPTED, 40);
        RunReport report = reporter.report(run.id());
        assertThat((List<Map<String, Object>>) report.diversityOverTime().getLast().get("tripped")).singleElement()
                .satisfies(t -> assertThat(t).containsEntry("action", "warn").containsEntry("value", distinct2(40)));
        assertThat(report.warnings()).anySatisfy(w -> assertThat(w).startsWith("diversity gate diversity:distinct-2 (pause)"))
                .anySatisfy(w -> assertThat(w).startsWith("diversity gate diversity:distinct-2 (warn)"));
    }

    @Test
    void a_reject_gate_turns_away_dialogues_that_repeat_an_opening() {
        stub.respondWith(request -> OpenAiStubServer.DIALOGUE.equals(OpenAiStubServer.schemaName(request))
                ? Reply.ok(shaped(topicOf(request), "baik kak saya bantu"))
                : OpenAiStubServer.defaultReply(request));
        RunRecord run = engine.create(RecipeLoader.parse(recipe("reject-opening", 703, 40, """
                diversity:
                  - { measure: assistant-opening-share, scope: overall, limit: 0.5, action: reject, min-dialogues: 2 }
                """)), RunOptions.DEFAULTS);

        assertThat(execute(run.id()).status()).isEqualTo(RunStatus.COMPLETED);

        // Once two dialogues are in, a third with the same opening would make its share (2 + 1) / (2 + 1) = 1.
        Map<ItemState, Integer> states = queue.countByState(run.id());
        assertThat(states.get(ItemState.ACCEPTED) + states.get(ItemState.REJECTED)).isEqualTo(40);
        assertThat(states.get(ItemState.REJECTED)).isPositive();
        assertThat(items.rejectionsByGate(run.id())).containsOnlyKeys("diversity:assistant-opening-share");
        assertThat(items.items(run.id(), Optional.of(ItemState.REJECTED), 50, 0)).allSatisfy(i -> assertThat(i.reason())
                .hasValueSatisfying(r -> assertThat(r).matches("its opening \"baik kak saya\" would make 1\\.000 of the first"
                        + " assistant messages over all accepted dialogues, above the limit 0\\.500")));
    }

    @Test
    void flags_a_dimension_value_the_judge_turns_down_more_often() {
        stub.respondWith(request -> OpenAiStubServer.VERDICT.equals(OpenAiStubServer.schemaName(request))
                && OpenAiStubServer.userMessage(request).contains("persona: retiree")
                        ? Reply.ok(OpenAiStubServer.verdict(OpenAiStubServer.criteria(request), 1))
                        : OpenAiStubServer.defaultReply(request));
        RunRecord run = engine.create(RecipeLoader.parse("""
                name: disparity
                language: en
                count: 20
                seed: 704
                turns: { min: 4, max: 4 }
                assistant: { system-prompt: You are the help desk of Stubshop. }
                dimensions:
                  topic: [refund, delivery]
                  persona: [student, retiree]
                judge: { recheck: 0 }
                checks: { near-duplicate: 0, disparity: 0.2 }
                """), RunOptions.DEFAULTS);

        execute(run.id());

        // 4 cells × 5: students 10 of 10 accepted, retirees 0 of 10; the run 10 of 20. Topics match the run.
        RunReport report = reporter.report(run.id());
        assertThat(report.disparities()).containsExactly(
                Map.of("dimension", "persona", "value", "retiree", "finished", 10, "accepted", 0, "rate", 0.0,
                        "runRate", 0.5, "difference", -0.5, "limit", 0.2),
                Map.of("dimension", "persona", "value", "student", "finished", 10, "accepted", 10, "rate", 1.0,
                        "runRate", 0.5, "difference", 0.5, "limit", 0.2));
        assertThat(report.warnings()).contains(
                "disparity: persona=retiree accepted 0 of 10 finished (0%), the run 50%; the judge or the gates may be"
                        + " favouring or penalising it (limit 20 points)");
    }

    @Test
    @SuppressWarnings("unchecked")
    void a_worker_catches_up_on_what_another_worker_accepted_meanwhile() throws Exception {
        RunRecord run = engine.create(RecipeLoader.parse(recipe("two-workers", 709, 6, "diversity-every: 2")),
                RunOptions.DEFAULTS);
        ItemRecord theirs = queue.claim(run.id(), "other-worker", 1, System.currentTimeMillis(), 600_000).getFirst();
        String topic = theirs.cellKey().substring("topic=".length());
        dev.parley.dialogue.Dialogue dialogue = JSON.readTree(shaped(topic, "baik soal " + topic)).get("messages")
                .valueStream().map(m -> new dev.parley.dialogue.Turn(m.get("role").asText(), m.get("content").asText()))
                .collect(java.util.stream.Collectors.collectingAndThen(java.util.stream.Collectors.toList(),
                        dev.parley.dialogue.Dialogue::new));
        var done = new java.util.concurrent.atomic.AtomicBoolean();
        // The other worker accepts its item while this one is generating.
        stub.respondWith(request -> {
            if (done.compareAndSet(false, true)) {
                queue.transition(run.id(), theirs.seq(), "other-worker", ItemState.PLANNED, ItemState.GENERATING,
                        ItemQueue.ItemUpdate.NONE);
                queue.transition(run.id(), theirs.seq(), "other-worker", ItemState.GENERATING, ItemState.GENERATED,
                        new ItemQueue.ItemUpdate(dialogue, null, null, null, null));
                queue.transition(run.id(), theirs.seq(), "other-worker", ItemState.GENERATED, ItemState.JUDGING,
                        ItemQueue.ItemUpdate.NONE);
                queue.transition(run.id(), theirs.seq(), "other-worker", ItemState.JUDGING, ItemState.ACCEPTED,
                        ItemQueue.ItemUpdate.NONE);
            }
            return OpenAiStubServer.DIALOGUE.equals(OpenAiStubServer.schemaName(request))
                    ? Reply.ok(shaped(topicOf(request), "baik soal " + topicOf(request)))
                    : OpenAiStubServer.defaultReply(request);
        });

        assertThat(execute(run.id()).status()).isEqualTo(RunStatus.COMPLETED);

        assertThat(stub.requests(r -> r.isGenerator())).as("this worker wrote five").hasSize(5);
        Map<String, Object> last = reporter.report(run.id()).diversityOverTime().getLast();
        var overall = (Map<String, Object>) last.get("overall");
        assertThat(last.get("accepted")).as("its meter counted the other worker's dialogue too").isEqualTo(6);
        assertThat(overall.get("distinct1")).isEqualTo(distinct1(6));
        assertThat(overall.get("distinct2")).isEqualTo(distinct2(6));
    }

    @Test
    void an_unknown_earlier_run_is_named_when_the_run_is_created() {
        assertThatThrownBy(() -> engine.create(RecipeLoader.parse(recipe("unknown-earlier", 708, 2, """
                dedup-against: { runs: [no-such-run] }
                """)), RunOptions.DEFAULTS)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("checks.dedup-against.runs: there is no run no-such-run");
    }

    @Test
    void rejects_duplicates_of_earlier_runs_and_of_a_reference_file_naming_them(@TempDir Path dir) throws Exception {
        RunRecord first = engine.create(RecipeLoader.parse(recipe("earlier", 705, 3, "")), RunOptions.DEFAULTS);
        assertThat(execute(first.id()).status()).isEqualTo(RunStatus.COMPLETED);
        Map<String, Integer> firstSeqByTopic = new java.util.HashMap<>();
        for (ItemRecord item : items.items(first.id(), Optional.of(ItemState.ACCEPTED), 10, 0)) {
            firstSeqByTopic.put(item.cellKey(), item.seq());
        }

        RunRecord second = engine.create(RecipeLoader.parse(recipe("earlier", 706, 3, """
                dedup-against: { runs: earlier }
                """)), RunOptions.DEFAULTS);
        execute(second.id());

        assertThat(items.rejectionsByGate(second.id())).containsOnly(Map.entry("exact-duplicate", 3));
        for (ItemRecord item : items.items(second.id(), Optional.empty(), 10, 0)) {
            assertThat(item.reason()).contains("same text as run " + first.id() + " item "
                    + firstSeqByTopic.get(item.cellKey()) + " after normalisation");
        }

        // A reference file: line 2 is the w0002 dialogue with other case and punctuation; lines 1 and 3 are unrelated.
        Path reference = dir.resolve("real.jsonl");
        Files.writeString(reference, """
                {"messages": [{"role": "user", "content": "Good morning"}, {"role": "assistant", "content": "Hello!"}]}
                {"conversations": [{"from": "human", "value": "Halo kak W0002!"}, {"from": "gpt", "value": "Baik, soal w0002."}, {"from": "human", "value": "Oke, paham."}, {"from": "gpt", "value": "Siap kak."}]}
                {"messages": [{"role": "user", "content": "Where is my parcel?"}, {"role": "assistant", "content": "On its way."}]}
                """);
        Path recipeFile = dir.resolve("recipe.yaml");
        Files.writeString(recipeFile, recipe("with-reference", 707, 3, """
                dedup-against: { reference: real.jsonl }
                """));
        RunRecord third = engine.create(RecipeLoader.load(recipeFile), RunOptions.DEFAULTS);
        Files.delete(reference);
        execute(third.id());

        assertThat(items.rejectionsByGate(third.id())).containsOnly(Map.entry("exact-duplicate", 1));
        assertThat(items.items(third.id(), Optional.of(ItemState.REJECTED), 10, 0)).singleElement().satisfies(i -> {
            assertThat(i.cellKey()).isEqualTo("topic=w0002");
            assertThat(i.reason()).hasValue("same text as reference line 2 after normalisation");
        });
        assertThat(runs.inputs(third.id())).as("the run checks against the copy it stored, the file being gone")
                .extracting(RunInput::purpose).containsExactly(RunInputs.DEDUP_REFERENCE);
    }
}
