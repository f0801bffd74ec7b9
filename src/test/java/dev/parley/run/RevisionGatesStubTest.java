package dev.parley.run;

import static dev.parley.run.GateContractTest.CLEAN;
import static dev.parley.run.GateContractTest.cleanWith;
import static dev.parley.run.GateContractTest.dialogue;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.parley.bench.OpenAiStubServer;
import dev.parley.bench.OpenAiStubServer.Reply;
import dev.parley.dialogue.Dialogue;
import dev.parley.judge.ModelDialogueReviser;
import dev.parley.judge.RubricJudge;
import dev.parley.llm.InjectOpenAiStub;
import dev.parley.llm.OpenAiStubResource;
import dev.parley.recipe.RecipeLoader;
import dev.parley.store.ItemRecord;
import dev.parley.store.ItemState;
import dev.parley.store.RunOptions;
import dev.parley.store.RunRecord;
import dev.parley.store.ItemHistory;
import dev.parley.store.ItemQueue;
import dev.parley.store.ItemRepository;
import dev.parley.store.RunStatus;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A revision passes every gate its first version passed. Each case plants one gate's fault in the revised
 * dialogue the local OpenAI-compatible stub returns; the first version is clean and scored 3 (under the
 * threshold, over the revise floor), and anything else the judge sees is scored 5, so a revision that
 * slipped past its gate would be accepted.
 */
@QuarkusTest
@WithTestResource(OpenAiStubResource.class)
class RevisionGatesStubTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final Dialogue SEED = dialogue(
            "Why does my invoice list five seats when only three people in my team use the workspace each week?",
            "Seats stay billed until an admin removes them under Settings, Members, even when nobody signs in with them.",
            "I removed two of them yesterday afternoon, will the next invoice change because of that?",
            "Yes, the next invoice carries a credit for the two removed seats for the days left in this billing month.");
    private static final Dialogue EVALUATION = dialogue(
            "Can I change the owner of a workspace after the person who created it has left the company?",
            "Yes. Any admin can open Settings, Workspace, Ownership and transfer it to another admin in two clicks.",
            "Great, and does the new owner get told about the transfer in some way?",
            "They do: the new owner gets an email confirming the transfer, and the old owner's access ends at once.");
    private static final Dialogue REFERENCE = dialogue(
            "How do I export every comment on a board to a spreadsheet for our quarterly review meeting?",
            "Open the board menu, choose Export, then CSV; each comment becomes a row with its author and date.",
            "Are the replies to comments in that file as well, or only the first comment of each thread?",
            "Replies are rows too, each with the id of the comment it answers, so the threads can be rebuilt.");

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

    @TempDir
    Path dir;

    @BeforeEach
    void resetStub() {
        stub.reset();
    }

    static Stream<Arguments> faults() {
        return Stream.of(
                Arguments.of("structure", new Dialogue(CLEAN.turns().subList(0, 3)), "the dialogue ends with the user"),
                Arguments.of("repetition", cleanWith(4, CLEAN.turns().get(1).content()), "message 4 (assistant) repeats"),
                Arguments.of("stock-phrase", cleanWith(2, "As an AI language model I cannot see parcels, sorry."),
                        "says \"as an ai language model\""),
                Arguments.of("language", dialogue(
                        "Halo kak, paket saya dari Stubshop belum sampai setelah sepuluh hari, apa yang harus saya lakukan?",
                        "Mohon maaf atas keterlambatannya kak, kapan pesanan dibuat supaya saya bisa cek pelacakan kurir?",
                        "Pesanan dibuat tanggal tiga Mei dengan pengiriman ekspres ke Bandung.",
                        "Kurir menunjukkan paket tertahan di gudang Bandung, saya sudah minta diantar besok pagi ya kak."),
                        "reads as Bahasa Indonesia, not English"),
                Arguments.of("role-leakage", cleanWith(3, "User: it was placed on the third of May with express shipping."),
                        "speaker label \"User:\""),
                Arguments.of("memorisation", SEED, "of its words"),
                Arguments.of("decontamination", EVALUATION, "consecutive words with"),
                Arguments.of("pii", cleanWith(3, "Write to me at budi.santoso@example.co.id, it was placed in May."),
                        "personal data or secrets: 1 [EMAIL] in message 3"),
                Arguments.of("exact-duplicate", REFERENCE, "same text as reference line 1"));
    }

    private static String jsonl(Dialogue dialogue) {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode list = root.putArray("messages");
        dialogue.turns().forEach(t -> list.addObject().put("role", t.role()).put("content", t.content()));
        return root + "\n";
    }

    /** A run named and seeded by {@code name}, so no case answers another's requests from the response cache. */
    private RunRecord create(String name, String pii, String topics, String diversity) throws Exception {
        Files.writeString(dir.resolve("seeds.jsonl"), jsonl(SEED));
        Files.writeString(dir.resolve("eval.jsonl"), jsonl(EVALUATION));
        Files.writeString(dir.resolve("reference.jsonl"), jsonl(REFERENCE));
        Path recipe = dir.resolve(name + ".yaml");
        Files.writeString(recipe, """
                name: %s
                language: en
                count: %d
                seed: %d
                turns: { min: 3, max: 4 }
                assistant: { system-prompt: "You are the help desk of Stubshop." }
                dimensions: { topic: [%s] }
                seeds: seeds.jsonl
                judge: { recheck: 0, threshold: 3.5, revise: { rounds: 1, floor: 2.5, mode: whole } }
                checks:
                  near-duplicate: 0
                  pii: %s
                  decontaminate: eval.jsonl
                  dedup-against: { reference: reference.jsonl }
                %s
                """.formatted(name, topics.split(",").length, Math.abs(name.hashCode()), topics, pii, diversity.indent(2).stripTrailing()));
        return engine.create(RecipeLoader.load(recipe), RunOptions.DEFAULTS);
    }

    /** First versions of {@code weak} score 3 and are revised into {@code revision}; everything else scores 5. */
    private void answer(String weak, Dialogue revision, Runnable beforeRevising) {
        stub.respondWith(request -> switch (OpenAiStubServer.schemaName(request)) {
            case RubricJudge.VERDICT_SCHEMA -> {
                String user = OpenAiStubServer.userMessage(request);
                boolean firstVersionOfWeak = user.contains("topic: " + weak) && user.contains("Hello, I need help");
                yield Reply.ok(OpenAiStubServer.verdict(OpenAiStubServer.criteria(request), firstVersionOfWeak ? 3 : 5));
            }
            case ModelDialogueReviser.REVISED_DIALOGUE_SCHEMA -> {
                beforeRevising.run();
                yield Reply.ok(jsonl(revision).strip());
            }
            // Every first version opens its assistant messages with its own topic, so openings differ.
            case OpenAiStubServer.DIALOGUE -> {
                String topic = OpenAiStubServer.cellValues(request).replace("topic: ", "");
                yield Reply.ok(jsonl(dialogue("Hello, I need help (topic: " + topic + ").",
                        topic + " reply here: tell me the order date.", "It was in May.",
                        topic + " reply again: it arrives on Monday.")).strip());
            }
            default -> OpenAiStubServer.defaultReply(request);
        });
    }

    private ItemRecord only(RunRecord run, String topic) {
        return items.items(run.id(), Optional.empty(), 10, 0).stream().filter(i -> i.cellKey().equals("topic=" + topic))
                .findFirst().orElseThrow();
    }

    private Dialogue stored(ItemRecord item) throws Exception {
        return item.dialogue().orElseThrow();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("faults")
    void rejects_a_revision_that_fails_a_gate(String gate, Dialogue revision, String reason) throws Exception {
        answer("fault", revision, () -> {
        });
        RunRecord run = create("revision-" + gate, "reject", "fault", "");

        assertThat(engine.execute(run.id(), p -> {
        }).status()).isEqualTo(RunStatus.COMPLETED);

        ItemRecord item = only(run, "fault");
        assertThat(item.state()).isEqualTo(ItemState.REJECTED);
        assertThat(item.gate()).as(item.reason().orElse("")).contains(gate);
        assertThat(item.reason().orElseThrow()).startsWith("the revision broke the dialogue: ").contains(reason);
        assertThat(stub.requests(r -> r.schemaName().equals(RubricJudge.VERDICT_SCHEMA)))
                .as("the broken revision is never judged").hasSize(1);
    }

    @Test
    void accepts_a_clean_revision_through_the_same_gates() throws Exception {
        answer("fault", CLEAN, () -> {
        });
        RunRecord run = create("revision-clean", "reject", "fault", "");

        engine.execute(run.id(), p -> {
        });

        ItemRecord item = only(run, "fault");
        assertThat(item.state()).isEqualTo(ItemState.ACCEPTED);
        assertThat(stored(item)).isEqualTo(CLEAN);
        assertThat(history.versionScores(run.id()).get(item.seq())).containsExactly(3.0, 5.0);
    }

    @Test
    void redacts_personal_data_in_a_revision_when_the_recipe_redacts() throws Exception {
        Dialogue withEmail = cleanWith(3, "Write to me at budi.santoso@example.co.id, it was placed in May.");
        answer("fault", withEmail, () -> {
        });
        RunRecord run = create("revision-redact", "redact", "fault", "");

        engine.execute(run.id(), p -> {
        });

        ItemRecord item = only(run, "fault");
        assertThat(item.state()).isEqualTo(ItemState.ACCEPTED);
        assertThat(stored(item).turns().get(2).content()).isEqualTo("Write to me at [EMAIL], it was placed in May.");
        assertThat(history.versions(run.id(), item.seq()).getLast().dialogue().text()).contains("[EMAIL]").doesNotContain("budi");
    }

    @Test
    void rejects_a_revision_that_the_diversity_reject_gate_turns_away() throws Exception {
        RunRecord[] run = new RunRecord[1];
        // The revision opens as an accepted dialogue does; it is asked for once two are accepted, so its
        // opening would make (1 + 1) / (2 + 1) of the openings, over the limit of a half.
        Dialogue sameOpening = cleanWith(2, "First reply here, and tell me when you ordered it please.");
        answer("fault", sameOpening, () -> awaitAccepted(run[0], 2));
        run[0] = create("revision-diversity", "reject", "first, second, fault", """
                diversity:
                  - { measure: assistant-opening-share, scope: overall, limit: 0.5, action: reject, min-dialogues: 2 }
                """);

        engine.execute(run[0].id(), p -> {
        });

        ItemRecord item = only(run[0], "fault");
        assertThat(item.state()).isEqualTo(ItemState.REJECTED);
        assertThat(item.gate()).contains("diversity:assistant-opening-share");
        assertThat(item.reason().orElseThrow()).startsWith("the revision broke the dialogue: its opening \"first reply here\"");
    }

    /** Waits (bounded) until the run has {@code count} accepted dialogues. */
    private void awaitAccepted(RunRecord run, int count) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (queue.countByState(run.id()).getOrDefault(ItemState.ACCEPTED, 0) < count && Instant.now().isBefore(deadline)) {
            Thread.onSpinWait();
        }
    }

}
