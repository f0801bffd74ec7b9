package dev.parley.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.parley.bench.OpenAiStubServer;
import dev.parley.bench.OpenAiStubServer.Recorded;
import dev.parley.bench.OpenAiStubServer.Reply;
import dev.parley.corpus.RunInput;
import dev.parley.export.RunReport;
import dev.parley.export.RunReporter;
import dev.parley.dialogue.Dialogue;
import dev.parley.generate.RolePlayWriter;
import dev.parley.generate.SeedExamples;
import dev.parley.dialogue.Turn;
import dev.parley.judge.ModelDialogueReviser;
import dev.parley.judge.RubricJudge;
import dev.parley.llm.InjectOpenAiStub;
import dev.parley.llm.OpenAiStubResource;
import dev.parley.quality.TextNormalizer;
import dev.parley.recipe.RecipeLoader;
import dev.parley.store.ItemRecord;
import dev.parley.store.ItemState;
import dev.parley.store.RunOptions;
import dev.parley.store.RunRecord;
import dev.parley.store.ItemRepository;
import dev.parley.store.RunRepository;
import dev.parley.store.RunStatus;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Seed examples, the memorisation and decontamination gates, and the language gate, end to end
 * against the local OpenAI-compatible stub.
 */
@QuarkusTest
@WithTestResource(OpenAiStubResource.class)
class SeedsAndGatesStubTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<Dialogue> SEEDS = List.of(
            dialogue("Hi, my Tasklane invoice for March shows a charge for five seats but we only have three people.",
                    "Thanks for flagging this. Unused seats are billed until an admin removes them under Settings, Members, Seats.",
                    "I removed them yesterday, will the charge go away?",
                    "Yes, the next invoice will show a prorated credit for the two seats you removed yesterday."),
            dialogue("Hello, the dashboard takes almost a minute to load every morning when I open it.",
                    "Sorry about the wait. Large boards load faster when archived projects are hidden; open View and untick Show archived.",
                    "That helped a lot, thank you.",
                    "Glad it helped. If it slows down again, send us the board name and we will look at it."),
            dialogue("How do I export all tasks of a project to a spreadsheet file?",
                    "Open the project, choose the three-dot menu at the top right, then Export and CSV; the file downloads at once.",
                    "Does it include comments too?",
                    "Comments are left out of the CSV, but the JSON export under the same menu includes them."));
    private static final Dialogue EVALUATION = dialogue(
            "Can I change the owner of a workspace after the person who created it has left the company?",
            "Yes. Any admin can open Settings, Workspace, Ownership and transfer it to another admin in two clicks.",
            "Great, thanks.",
            "You're welcome, the new owner gets an email confirming the transfer.");

    @InjectOpenAiStub
    OpenAiStubServer stub;
    @Inject
    RunEngine engine;
    @Inject
    RunRepository runs;

    @Inject
    ItemRepository items;
    @Inject
    RunReporter reporter;

    @TempDir
    Path dir;

    @BeforeEach
    void resetStub() {
        stub.reset();
    }

    private static Dialogue dialogue(String... messages) {
        List<Turn> turns = new java.util.ArrayList<>();
        for (int i = 0; i < messages.length; i++) {
            turns.add(new Turn(i % 2 == 0 ? Turn.USER : Turn.ASSISTANT, messages[i]));
        }
        return new Dialogue(turns);
    }

    /** One OpenAI JSONL line, or a ShareGPT one. */
    private static String line(Dialogue d, boolean shareGpt) {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode list = root.putArray(shareGpt ? "conversations" : "messages");
        for (Turn t : d.turns()) {
            if (shareGpt) {
                list.addObject().put("from", t.isAssistant() ? "gpt" : "human").put("value", t.content());
            } else {
                list.addObject().put("role", t.role()).put("content", t.content());
            }
        }
        return root.toString();
    }

    private static String answer(Dialogue d) {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode list = root.putArray("messages");
        d.turns().forEach(t -> list.addObject().put("role", t.role()).put("content", t.content()));
        return root.toString();
    }

    private RunRecord create(String mode, String topics) throws Exception {
        Files.writeString(dir.resolve("seeds.jsonl"), line(SEEDS.get(0), false) + "\n" + line(SEEDS.get(1), true) + "\n"
                + line(SEEDS.get(2), false) + "\n");
        Files.writeString(dir.resolve("eval.jsonl"), line(EVALUATION, false) + "\n");
        Path recipe = dir.resolve("recipe.yaml");
        Files.writeString(recipe, """
                name: seeds-and-gates
                mode: %s
                language: en
                count: 4
                seed: 41
                turns: { min: 4, max: 4 }
                assistant: { system-prompt: "You are the support assistant of Tasklane." }
                dimensions: { topic: [%s] }
                seeds: { file: seeds.jsonl, examples: 2 }
                judge: { recheck: 0 }
                checks: { near-duplicate: 0, decontaminate: eval.jsonl }
                """.formatted(mode, topics));
        RunRecord run = engine.create(RecipeLoader.load(recipe), RunOptions.DEFAULTS);
        // The run keeps the files' text: it needs them no more.
        Files.delete(dir.resolve("seeds.jsonl"));
        Files.delete(dir.resolve("eval.jsonl"));
        return run;
    }

    private List<ItemRecord> items(String runId) {
        return items.items(runId, Optional.empty(), 10, 0);
    }

    private static ItemRecord withTopic(List<ItemRecord> items, String topic) {
        return items.stream().filter(i -> i.cellKey().equals("topic=" + topic)).findFirst().orElseThrow();
    }

    @Test
    void shows_rotating_seed_examples_and_rejects_copies_of_seeds_and_of_the_evaluation_set() throws Exception {
        stub.respondWith(request -> {
            String cell = OpenAiStubServer.cellValues(request);
            if (OpenAiStubServer.schemaName(request).equals(OpenAiStubServer.DIALOGUE) && cell.contains("copy-seed")) {
                return Reply.ok(answer(SEEDS.get(1)));
            }
            if (OpenAiStubServer.schemaName(request).equals(OpenAiStubServer.DIALOGUE) && cell.contains("copy-eval")) {
                return Reply.ok(answer(EVALUATION));
            }
            return OpenAiStubServer.defaultReply(request);
        });
        RunRecord run = create("whole", "copy-seed, copy-eval, fresh-a, fresh-b");

        assertThat(engine.execute(run.id(), p -> {
        }).status()).isEqualTo(RunStatus.COMPLETED);

        RunReport report = reporter.report(run.id());
        assertThat(report.rejectedByGate()).containsOnly(java.util.Map.entry("memorisation", 1),
                java.util.Map.entry("decontamination", 1));
        assertThat(report.counts()).containsEntry("accepted", 2).containsEntry("rejectedByCheck", 2);

        List<ItemRecord> items = items(run.id());
        int seedWords = TextNormalizer.words(SEEDS.get(1).text()).size();
        assertThat(withTopic(items, "copy-seed").reason().orElseThrow()).startsWith("100% of its words (" + seedWords + " of "
                + seedWords + ") are in runs of 8 or more words shared with reference dialogues (limit 20%); the longest, "
                + seedWords + " words, with seeds.jsonl:2");
        int evalWords = TextNormalizer.words(EVALUATION.text()).size();
        assertThat(withTopic(items, "copy-eval").reason().orElseThrow())
                .startsWith("shares " + evalWords + " consecutive words with eval.jsonl:1 (limit 12)");

        // Every generator call shows two seeds, the two the item's seed picks, whole.
        var examples = new SeedExamples(SEEDS, 2);
        for (ItemRecord item : items) {
            List<Recorded> calls = stub.requests(r -> r.isGenerator() && r.userText().contains("topic: "
                    + item.cellKey().substring("topic=".length()) + "\n"));
            assertThat(calls).hasSize(1);
            String prompt = calls.getFirst().userText();
            List<Dialogue> picked = examples.pick(item.seed());
            assertThat(picked).hasSize(2);
            for (Dialogue seed : SEEDS) {
                boolean shown = picked.contains(seed);
                assertThat(prompt.contains(JSON.writeValueAsString(seed.turns().get(0).content()))).isEqualTo(shown);
                assertThat(prompt.contains(JSON.writeValueAsString(seed.turns().get(1).content()))).isEqualTo(shown);
            }
            assertThat(prompt).contains("<examples>").contains("Never copy their sentences");
        }
        assertThat(runs.inputs(run.id())).extracting(RunInput::purpose)
                .containsExactly("decontamination", "seeds");
    }

    @Test
    void in_role_play_the_simulator_sees_the_seeds_user_messages_and_the_assistant_sees_none() throws Exception {
        stub.respondWith(request -> {
            String schema = OpenAiStubServer.schemaName(request);
            if (RolePlayWriter.USER_TURN_SCHEMA.equals(schema)) {
                return Reply.ok("{\"message\":\"My board will not open since this morning, what should I try?\",\"done\":false}");
            }
            if (schema.isEmpty()) {
                return Reply.ok("Please reload the page once and tell me whether the board opens now.");
            }
            return OpenAiStubServer.defaultReply(request);
        });
        RunRecord run = create("role-play", "slow board");

        engine.execute(run.id(), p -> {
        });

        List<Recorded> userCalls = stub.requests(r -> RolePlayWriter.USER_TURN_SCHEMA.equals(r.schemaName()));
        assertThat(userCalls).hasSize(8);
        // Each of the four dialogues shows two seeds, the two its seed picks, as user messages only: the calls
        // showing a set of seeds are two per dialogue that picked that set.
        var examples = new SeedExamples(SEEDS, 2);
        var dialoguesPerSet = new java.util.HashMap<java.util.Set<Dialogue>, Integer>();
        items(run.id()).forEach(i -> dialoguesPerSet.merge(java.util.Set.copyOf(examples.pick(i.seed())), 1, Integer::sum));
        var callsPerSet = new java.util.HashMap<java.util.Set<Dialogue>, Integer>();
        for (Recorded call : userCalls) {
            var shown = new java.util.HashSet<Dialogue>();
            for (Dialogue seed : SEEDS) {
                boolean first = call.userText().contains(JSON.writeValueAsString(seed.turns().get(0).content()));
                boolean second = call.userText().contains(JSON.writeValueAsString(seed.turns().get(2).content()));
                assertThat(second).as("both user messages of a seed, or neither").isEqualTo(first);
                assertThat(call.userText()).doesNotContain(seed.turns().get(1).content()).doesNotContain(seed.turns().get(3).content());
                if (first) {
                    shown.add(seed);
                }
            }
            callsPerSet.merge(java.util.Set.copyOf(shown), 1, Integer::sum);
        }
        dialoguesPerSet.replaceAll((set, n) -> 2 * n);
        assertThat(callsPerSet).isEqualTo(dialoguesPerSet);
        List<Recorded> assistantCalls = stub.requests(r -> r.schemaName().isEmpty());
        assertThat(assistantCalls).hasSize(8).allSatisfy(r -> {
            assertThat(r.body().path("messages").get(0).path("content").asText()).isEqualTo("You are the support assistant of Tasklane.");
            assertThat(r.body().toString()).doesNotContain("<examples>").doesNotContain("Tasklane invoice")
                    .doesNotContain("dashboard takes almost a minute").doesNotContain("export all tasks");
        });
    }

    @Test
    void a_revision_that_switches_language_or_copies_a_seed_is_rejected() throws Exception {
        Dialogue indonesian = dialogue("Halo kak, saya mau tanya kenapa tagihan bulan ini ada lima kursi padahal tim kami hanya tiga orang.",
                "Baik kak, kursi yang tidak dipakai tetap ditagih sampai admin menghapusnya di menu Pengaturan.",
                "Oh begitu, sudah saya hapus kemarin. Apakah tagihannya akan berubah?",
                "Ya kak, tagihan berikutnya akan berisi kredit untuk dua kursi yang sudah dihapus.");
        stub.respondWith(request -> switch (OpenAiStubServer.schemaName(request)) {
            // Under the threshold (3.5) but above the revise floor (2.5): every dialogue is revised once.
            case RubricJudge.VERDICT_SCHEMA -> Reply.ok(OpenAiStubServer.verdict(OpenAiStubServer.criteria(request), 3));
            case ModelDialogueReviser.REVISED_DIALOGUE_SCHEMA -> Reply.ok(answer(
                    OpenAiStubServer.userMessage(request).contains("topic: switch") ? indonesian : SEEDS.get(2)));
            default -> OpenAiStubServer.defaultReply(request);
        });
        Path recipe = dir.resolve("revise.yaml");
        Files.writeString(dir.resolve("seeds.jsonl"), line(SEEDS.get(2), false) + "\n");
        Files.writeString(recipe, """
                name: revise-gates
                language: en
                count: 2
                turns: { min: 4, max: 4 }
                assistant: { system-prompt: "You are the support assistant of Tasklane." }
                dimensions: { topic: [switch, copy] }
                seeds: seeds.jsonl
                judge: { recheck: 0, revise: { rounds: 1, mode: whole } }
                checks: { near-duplicate: 0 }
                """);
        RunRecord run = engine.create(RecipeLoader.load(recipe), RunOptions.DEFAULTS);

        engine.execute(run.id(), p -> {
        });

        List<ItemRecord> items = items(run.id());
        assertThat(withTopic(items, "switch").gate()).contains("language");
        assertThat(withTopic(items, "switch").reason().orElseThrow())
                .startsWith("the revision broke the dialogue: reads as Bahasa Indonesia, not English: ");
        assertThat(withTopic(items, "copy").gate()).contains("memorisation");
        assertThat(withTopic(items, "copy").reason().orElseThrow()).startsWith("the revision broke the dialogue: 100% of its words");
    }

    @Test
    void an_unusable_seed_file_is_a_recipe_error_naming_the_field() throws Exception {
        Files.writeString(dir.resolve("bad.jsonl"), line(SEEDS.get(0), false) + "\n{\"text\": \"no dialogue\"}\n");
        String recipe = """
                {"name": "bad-seeds", "language": "en", "count": 1, "turns": {"min": 2, "max": 2},
                 "assistant": {"system-prompt": "You help."}, "dimensions": {"topic": ["refund"]},
                 "seeds": {"file": "%s"}}
                """.formatted(dir.resolve("bad.jsonl"));

        String body = io.restassured.RestAssured.given().contentType("application/json").body(recipe)
                .when().post("/api/runs").then().statusCode(400).contentType("application/problem+json").extract().asString();

        var problem = JSON.readTree(body);
        assertThat(problem.path("type").asText()).isEqualTo("https://parley.dev/problems/invalid-recipe");
        assertThat(problem.path("errors").get(0).path("field").asText()).isEqualTo("seeds.file");
        assertThat(problem.path("errors").get(0).path("message").asText()).isEqualTo("file bad.jsonl line 2: expected a"
                + " \"messages\" (OpenAI) or \"conversations\" (ShareGPT) array");
    }

    @Test
    void rejects_dialogues_in_another_language_than_their_cell_says() throws Exception {
        RunRecord run = engine.create(RecipeLoader.parse("""
                name: two-languages
                language: { en: 1, id: 1 }
                count: 4
                seed: 3
                turns: { min: 4, max: 4 }
                assistant: { system-prompt: "You are a helpful shop assistant." }
                dimensions: { topic: [refund] }
                judge: { recheck: 0 }
                checks: { near-duplicate: 0 }
                """), RunOptions.DEFAULTS);

        engine.execute(run.id(), p -> {
        });

        RunReport report = reporter.report(run.id());
        assertThat(report.rejectedByGate()).containsOnly(java.util.Map.entry("language", 2));
        List<ItemRecord> items = items(run.id());
        assertThat(items).filteredOn(i -> i.cellKey().equals("topic=refund|language=id")).hasSize(2).allSatisfy(i -> {
            // 27 words (8 + 8 + 3 + 8); English stop words: i, need | here, is, what, to, do | – | here, is, what, to, do.
            assertThat(i.reason()).contains("reads as English, not Bahasa Indonesia: 44% of its words are common English words,"
                    + " 0% common Bahasa Indonesia words");
        });
        assertThat(items).filteredOn(i -> i.cellKey().equals("topic=refund|language=en"))
                .extracting(ItemRecord::state).containsOnly(ItemState.ACCEPTED).hasSize(2);
        assertThat(stub.requests(Recorded::isGenerator)).filteredOn(r -> r.userText().contains("language: id (Bahasa Indonesia)"))
                .hasSize(2).allSatisfy(r -> assertThat(r.body().path("messages").get(0).path("content").asText())
                        .contains("Write the whole dialogue in Bahasa Indonesia"));
    }
    @Test
    void a_redact_mode_run_with_revisions_loses_no_dialogue_to_its_own_placeholders() throws Exception {
        // given dialogues holding a token after "Bearer", judged under the bar first, and a reviser that keeps
        // the redacted placeholder in its rewrite
        Function<String, Dialogue> revised = topic -> dialogue("Our " + topic + " sends Authorization:"
                + " Bearer [SECRET] and still gets 401 (revised).",
                "A 401 means the token was revoked: create a new one under Settings, Integrations, then paste it.",
                "Done, it works now. Thanks!", "Glad it works. Tokens never expire unless revoked.");
        var revisions = new AtomicInteger();
        stub.respondWith(request -> switch (OpenAiStubServer.schemaName(request)) {
            case OpenAiStubServer.DIALOGUE -> Reply.ok(answer(dialogue("Our webhook sends Authorization: Bearer "
                    + "sk-proj-A1b2C3d4E5f6G7h8I9j0K1l2M3n4 and gets 401 (" + OpenAiStubServer.cellValues(request) + ").",
                    "Please create a new token.", "How?", "Under Settings, Integrations.")));
            case RubricJudge.VERDICT_SCHEMA -> Reply.ok(OpenAiStubServer.verdict(OpenAiStubServer.criteria(request),
                    OpenAiStubServer.userMessage(request).contains("(revised)") ? 5 : 3));
            case ModelDialogueReviser.REVISED_DIALOGUE_SCHEMA -> Reply.ok(answer(revised.apply("webhook "
                    + revisions.incrementAndGet())));
            default -> OpenAiStubServer.defaultReply(request);
        });
        RunRecord run = engine.create(RecipeLoader.parse("""
                name: redact-revise
                language: en
                count: 2
                turns: { min: 4, max: 4 }
                assistant: { system-prompt: "You are the support assistant of Tasklane." }
                dimensions: { topic: [webhook, token] }
                judge: { recheck: 0, revise: { rounds: 1, mode: whole } }
                checks: { pii: redact, near-duplicate: 0 }
                """), RunOptions.DEFAULTS);

        // when
        engine.execute(run.id(), p -> {
        });

        // then both revisions are accepted, with the placeholder and without the token
        assertThat(items(run.id())).as("gates and reasons: %s", items(run.id()).stream()
                .map(i -> i.gate() + " " + i.reason()).toList())
                .extracting(ItemRecord::state).containsOnly(ItemState.ACCEPTED).hasSize(2);
        assertThat(items(run.id())).allSatisfy(i -> assertThat(i.dialogue().orElseThrow().text()).contains("Bearer [SECRET]")
                .doesNotContain("sk-proj-"));
    }

    @Test
    void a_run_applies_the_recipes_choice_per_kind_and_leaves_allowed_values_alone() throws Exception {
        // given dialogues with the shop's own hotline (allowed), a customer's phone (redacted by kind) and, on
        // one topic, a social security number (rejected, the recipe's default)
        stub.respondWith(request -> switch (OpenAiStubServer.schemaName(request)) {
            case OpenAiStubServer.DIALOGUE -> {
                String topic = OpenAiStubServer.cellValues(request);
                yield Reply.ok(answer(dialogue("My order is late (" + topic + "). Call me on 0812-3456-7890"
                        + (topic.contains("refund") ? ", SSN 078-05-1120 if you need it." : "."),
                        "Sorry about that. You can also reach us on 0800-1-500-600 or +62 21 5555 0100.",
                        "Thanks, I will.", "We will call you today.")));
            }
            default -> OpenAiStubServer.defaultReply(request);
        });
        RunRecord run = engine.create(RecipeLoader.parse("""
                name: pii-per-kind
                language: en
                count: 2
                turns: { min: 4, max: 4 }
                assistant: { system-prompt: "You are the support assistant of TokoKita." }
                dimensions: { topic: [late parcel, refund] }
                judge: { recheck: 0, revise: { rounds: 0 } }
                checks:
                  near-duplicate: 0
                  pii: { action: reject, kinds: { phone: redact }, allow: ["+62 21 5555 0100"] }
                """), RunOptions.DEFAULTS);

        // when
        engine.execute(run.id(), p -> {
        });

        // then the late-parcel dialogue is accepted with the customer's phone redacted and the hotline kept;
        // the refund one is rejected for its national ID
        var byTopic = items(run.id()).stream().collect(java.util.stream.Collectors.toMap(
                i -> i.cellKey().contains("refund") ? "refund" : "late", i -> i));
        assertThat(byTopic.get("late").state()).isEqualTo(ItemState.ACCEPTED);
        assertThat(byTopic.get("late").dialogue().orElseThrow().text()).contains("Call me on [PHONE]")
                .contains("+62 21 5555 0100").doesNotContain("0812-3456-7890");
        assertThat(byTopic.get("refund").state()).isEqualTo(ItemState.REJECTED);
        assertThat(byTopic.get("refund").gate()).hasValue("pii");
        assertThat(byTopic.get("refund").reason()).hasValueSatisfying(r -> assertThat(r).doesNotContain("078-05-1120"));
    }
}
