package dev.parley.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.parley.bench.OpenAiStubServer;
import dev.parley.bench.OpenAiStubServer.Recorded;
import dev.parley.bench.OpenAiStubServer.Reply;
import dev.parley.dialogue.Dialogue;
import dev.parley.dialogue.Turn;
import dev.parley.llm.CallUsage;
import dev.parley.llm.InjectOpenAiStub;
import dev.parley.llm.ModelGateway;
import dev.parley.llm.OpenAiStubResource;
import dev.parley.recipe.Recipe;
import dev.parley.recipe.RecipeLoader;
import dev.parley.store.ItemRepository;
import dev.parley.store.ItemState;
import dev.parley.store.ItemQueue;
import dev.parley.store.PreferenceCandidate;
import dev.parley.store.PreferenceCandidates;
import dev.parley.store.CandidatePair;
import dev.parley.store.CandidatePair.Source;
import dev.parley.store.RunOptions;
import dev.parley.store.RunRecord;
import dev.parley.store.RunRepository;
import dev.parley.store.RunStatus;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Preference candidates sampled on purpose, against the stub server answering by seed
 * ({@link OpenAiStubServer#seededReply}): role-play replies and whole dialogues give pairs by the recipe's
 * margin, the dialogue goes on with the best, the privacy gate keeps a candidate off every pair, and a run
 * stopped midway resumes without paying for a call twice. Each test uses its own seed, since the seed is part
 * of every request's cache key.
 */
@QuarkusTest
@WithTestResource(OpenAiStubResource.class)
class PreferenceCandidatesStubTest {

    private static final String EMAIL = "budi.santoso@example.co.id";

    @InjectOpenAiStub
    OpenAiStubServer stub;

    @Inject
    RunEngine engine;

    @Inject
    ItemRepository items;

    @Inject
    ItemQueue queue;

    @Inject
    PreferenceCandidates candidates;

    @Inject
    RunRepository runs;

    @BeforeEach
    void resetStub() {
        stub.reset();
        stub.respondWith(OpenAiStubServer::seededReply);
    }

    private static Recipe recipe(String name, long seed, int count, String mode) {
        return RecipeLoader.parse("""
                name: %s
                mode: %s
                language: en
                count: %d
                seed: %d
                turns: { min: 4, max: 4 }
                assistant: { system-prompt: You are the help desk of Stubshop. }
                dimensions:
                  topic: [refund, delivery, voucher]
                # Pairs are about the dialogue as sampled; a revision would rewrite it.
                judge: { recheck: 0, revise: { rounds: 0 } }
                checks: { near-duplicate: 0 }
                preference: { candidates: 3, min-margin: 1.0 }
                """.formatted(name, mode, count, seed));
    }

    private RunRecord completed(Recipe recipe) {
        RunRecord run = engine.create(recipe, RunOptions.DEFAULTS);
        RunOutcome outcome = engine.execute(run.id(), p -> {
        });
        assertThat(outcome.status()).as("%s", outcome.error()).isEqualTo(RunStatus.COMPLETED);
        return run;
    }

    private Dialogue dialogue(String runId, int seq) {
        return items.item(runId, seq).orElseThrow().dialogue().orElseThrow();
    }

    /** The assistant-model requests, by the seed each carried. */
    private Map<Long, Recorded> repliesBySeed() {
        return stub.requests(r -> r.schemaName().isEmpty()).stream()
                .collect(Collectors.toMap(r -> OpenAiStubServer.seedOf(r.body()), r -> r));
    }

    /** The conversation an assistant request sent, without its system prompt. */
    private static List<Turn> conversation(Recorded request) {
        List<Turn> turns = new ArrayList<>();
        for (JsonNode m : request.body().path("messages")) {
            if (!m.path("role").asText().equals("system")) {
                turns.add(new Turn(m.path("role").asText(), m.path("content").asText()));
            }
        }
        return turns;
    }

    private static double best(List<PreferenceCandidate> group) {
        return group.stream().filter(c -> c.gate().isEmpty() && c.score().isPresent())
                .mapToDouble(c -> c.score().getAsDouble()).max().orElseThrow();
    }

    @Test
    void role_play_candidates_give_pairs_above_the_margin_and_the_dialogue_goes_on_with_the_best() {
        RunRecord run = completed(recipe("turn-candidates", 1101, 3, Recipe.ROLE_PLAY));

        Map<Long, Recorded> replies = repliesBySeed();
        assertThat(replies).as("three candidates, each with its own seed, at both assistant turns of three dialogues")
                .hasSize(18);
        List<CandidatePair> pairs = candidates.pairs(run.id());
        assertThat(pairs).isNotEmpty();
        for (CandidatePair pair : pairs) {
            assertThat(pair.source()).isEqualTo(Source.TURN_CANDIDATES);
            assertThat(pair.chosenScore()).isGreaterThanOrEqualTo(pair.rejectedScore() + 1.0);
            assertThat(pair.chosen()).singleElement().extracting(Turn::role).isEqualTo(Turn.ASSISTANT);
            assertThat(pair.rejected()).singleElement().extracting(Turn::role).isEqualTo(Turn.ASSISTANT);
            assertThat(OpenAiStubServer.claimedQuality(pair.chosen().get(0).content()))
                    .isEqualTo((int) pair.chosenScore());
            assertThat(OpenAiStubServer.claimedQuality(pair.rejected().get(0).content()))
                    .isEqualTo((int) pair.rejectedScore());
            Dialogue dialogue = dialogue(run.id(), pair.seq());
            assertThat(pair.history()).as("the history is the dialogue up to the candidates")
                    .isEqualTo(dialogue.turns().subList(0, pair.turnIndex()));
            assertThat(dialogue.turns().get(pair.turnIndex())).as("the dialogue went on with the chosen reply")
                    .isEqualTo(pair.chosen().get(0));
            for (long seed : List.of(pair.chosenSeed(), pair.rejectedSeed())) {
                Recorded sampled = replies.get((long) ModelGateway.requestSeed(seed));
                assertThat(conversation(sampled)).as("both sides were sampled after exactly the history")
                        .isEqualTo(pair.history());
            }
        }
        for (int seq = 0; seq < 3; seq++) {
            Dialogue dialogue = dialogue(run.id(), seq);
            Map<Integer, List<PreferenceCandidate>> groups = candidates.candidates(run.id(), seq);
            assertThat(groups).containsOnlyKeys(1, 3);
            groups.forEach((turnIndex, group) -> {
                assertThat(group).hasSize(3).extracting(PreferenceCandidate::seed).doesNotHaveDuplicates();
                PreferenceCandidate continued = group.stream().filter(PreferenceCandidate::continued).findFirst()
                        .orElseThrow();
                assertThat(dialogue.turns().get(turnIndex)).isEqualTo(continued.turns().get(0));
                assertThat(continued.score().getAsDouble()).as("the best candidate").isEqualTo(best(group));
            });
        }
        CallUsage spent = engine.progress(run.id(), run.planned()).usage();
        assertThat(spent.calls()).as("every call the stub answered is recorded and counted in the run's spend")
                .isEqualTo(stub.requests().size());
        assertThat(spent.inputTokens()).isPositive();
    }

    @Test
    void whole_dialogue_candidates_share_their_opening_and_give_pairs_by_the_same_rule() {
        RunRecord run = completed(recipe("dialogue-candidates", 1102, 3, Recipe.WHOLE));

        List<Recorded> written = stub.requests(r -> OpenAiStubServer.DIALOGUE.equals(r.schemaName()));
        assertThat(written).as("three candidates per plan cell").hasSize(9);
        assertThat(written).filteredOn(r -> r.userText().contains("<opening>")).hasSize(6);
        List<CandidatePair> pairs = candidates.pairs(run.id());
        assertThat(pairs).isNotEmpty();
        for (CandidatePair pair : pairs) {
            Dialogue dialogue = dialogue(run.id(), pair.seq());
            assertThat(pair.source()).isEqualTo(Source.DIALOGUE_CANDIDATES);
            assertThat(pair.chosenScore()).isGreaterThanOrEqualTo(pair.rejectedScore() + 1.0);
            assertThat(pair.turnIndex()).isEqualTo(1);
            assertThat(pair.history()).as("the opening both sides continued").containsExactly(dialogue.turns().get(0));
            assertThat(pair.chosen()).as("the item went on with the chosen dialogue")
                    .isEqualTo(dialogue.turns().subList(1, dialogue.size()));
            assertThat(pair.rejected()).hasSize(3).isNotEqualTo(pair.chosen());
        }
        for (int seq = 0; seq < 3; seq++) {
            List<PreferenceCandidate> group = candidates.candidates(run.id(), seq).get(1);
            assertThat(group).hasSize(3).allSatisfy(c -> assertThat(c.history()).isEqualTo(group.get(0).history()));
            PreferenceCandidate continued = group.stream().filter(PreferenceCandidate::continued).findFirst()
                    .orElseThrow();
            assertThat(continued.score().getAsDouble()).isEqualTo(best(group));
        }
        assertThat(engine.progress(run.id(), run.planned()).usage().calls()).isEqualTo(stub.requests().size());
    }

    @Test
    void a_candidate_the_privacy_gate_turns_away_is_never_a_side_of_a_pair() {
        // The weakest replies also leak an e-mail address: without the privacy rule they would be the rejected sides.
        stub.respondWith(request -> {
            Reply reply = OpenAiStubServer.seededReply(request);
            return OpenAiStubServer.schemaName(request).isEmpty()
                    && OpenAiStubServer.claimedQuality(reply.content()) <= 2
                    ? Reply.ok(reply.content() + " Write to " + EMAIL + " for more.") : reply;
        });
        RunRecord run = completed(recipe("pii-candidates", 1103, 4, Recipe.ROLE_PLAY));

        List<PreferenceCandidate> all = new ArrayList<>();
        for (int seq = 0; seq < 4; seq++) {
            candidates.candidates(run.id(), seq).values().forEach(all::addAll);
        }
        List<PreferenceCandidate> leaking = all.stream().filter(c -> c.turns().get(0).content().contains(EMAIL))
                .toList();
        assertThat(leaking).as("some candidates leak").isNotEmpty().allSatisfy(c -> {
            assertThat(c.gate()).hasValue("pii");
            assertThat(c.side()).isEmpty();
            assertThat(c.score()).as("not judged").isEmpty();
        });
        assertThat(all).as("a dialogue goes on with a leaking reply only when every reply of its turn leaked")
                .filteredOn(c -> c.continued() && c.gate().isPresent())
                .allSatisfy(c -> assertThat(all).filteredOn(o -> o.history().equals(c.history()))
                        .allSatisfy(o -> assertThat(o.gate()).hasValue("pii")));
        assertThat(candidates.pairs(run.id())).isNotEmpty().allSatisfy(pair -> {
            assertThat(pair.rejected().get(0).content()).doesNotContain(EMAIL);
            assertThat(pair.chosen().get(0).content()).doesNotContain(EMAIL);
        });
        for (int seq = 0; seq < 4; seq++) {
            var item = items.item(run.id(), seq).orElseThrow();
            if (item.dialogue().orElseThrow().text().contains(EMAIL)) {
                assertThat(item.state()).isEqualTo(ItemState.REJECTED);
                assertThat(item.gate()).hasValue("pii");
            }
        }
    }

    @Test
    void a_run_stopped_midway_resumes_without_paying_for_a_call_twice() {
        var tight = new RunOptions(true, false, OptionalLong.of(6_000), OptionalDouble.empty());
        RunRecord run = engine.create(recipe("candidates-resume", 1104, 4, Recipe.ROLE_PLAY), tight);

        assertThat(engine.execute(run.id(), p -> {
        }).status()).isEqualTo(RunStatus.STOPPED);
        assertThat(queue.countByState(run.id()).get(ItemState.PLANNED)).as("items left for the resume").isPositive();
        runs.updateOptions(run.id(), RunOptions.DEFAULTS);
        assertThat(engine.execute(run.id(), p -> {
        }).status()).isEqualTo(RunStatus.COMPLETED);

        List<String> sent = stub.requests().stream().map(r -> r.body().toString()).toList();
        assertThat(sent).as("no request reached the model twice").doesNotHaveDuplicates();
        long judged = 0;
        for (int seq = 0; seq < 4; seq++) {
            var groups = candidates.candidates(run.id(), seq);
            assertThat(groups).containsOnlyKeys(1, 3);
            judged += groups.values().stream().flatMap(List::stream).filter(c -> c.score().isPresent()).count();
        }
        // The dialogue's own verdict is the one its last chosen reply got as a candidate: the same request, cached.
        assertThat(sent).as("per dialogue: 2 user turns, 2 × 3 replies; and a verdict per judged candidate")
                .hasSize((int) (4 * 8 + judged));
        assertThat(engine.progress(run.id(), run.planned()).usage().calls()).isEqualTo(sent.size());
    }
}
