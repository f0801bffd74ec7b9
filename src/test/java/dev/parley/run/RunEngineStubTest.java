package dev.parley.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.parley.export.RunExporter;
import dev.parley.llm.InjectOpenAiStub;
import dev.parley.llm.OpenAiStubResource;
import dev.parley.bench.OpenAiStubServer;
import dev.parley.bench.OpenAiStubServer.Recorded;
import dev.parley.bench.OpenAiStubServer.Reply;
import dev.parley.recipe.Recipe;
import dev.parley.recipe.RecipeLoader;
import dev.parley.store.ItemRecord;
import dev.parley.store.ItemState;
import dev.parley.store.RunOptions;
import dev.parley.store.RunRecord;
import dev.parley.store.CallLedger;
import dev.parley.store.ItemHistory;
import dev.parley.store.ItemQueue;
import dev.parley.store.ItemRepository;
import dev.parley.store.RunRepository;
import dev.parley.store.RunStatus;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The run engine against a local OpenAI-compatible stub: crash and resume, lease takeover,
 * budget and fail-fast. Each test uses its own seed, since the seed is part of every request's
 * cache key.
 */
@QuarkusTest
@WithTestResource(OpenAiStubResource.class)
class RunEngineStubTest {

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
    ItemHistory history;

    @Inject
    CallLedger ledger;

    @Inject
    RunExporter exporter;

    @Inject
    DataSource dataSource;

    @BeforeEach
    void resetStub() {
        stub.reset();
    }

    private static Recipe recipe(String name, long seed, int count) {
        return RecipeLoader.parse("""
                name: %s
                language: en
                count: %d
                seed: %d
                turns: { min: 4, max: 4 }
                assistant: { system-prompt: You are the help desk of Stubshop. }
                dimensions:
                  topic: [refund, delivery, voucher]
                  persona: [student, retiree]
                judge: { recheck: 0 }
                # The stub's dialogues differ in a few words only: near duplicates by design.
                checks: { near-duplicate: 0 }
                """.formatted(name, count, seed));
    }

    private RunOutcome execute(String runId) {
        return engine.execute(runId, p -> {
        });
    }

    private void sql(String statement, Object... args) throws SQLException {
        try (var c = dataSource.getConnection(); var ps = c.prepareStatement(statement)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            ps.executeUpdate();
        }
    }

    @Test
    void resumes_after_crash_without_new_calls() throws Exception {
        RunRecord run = engine.create(recipe("crash", 501, 6), RunOptions.DEFAULTS);
        assertThat(execute(run.id()).status()).isEqualTo(RunStatus.COMPLETED);
        String exported = exporter.jsonl(run.id());
        int callsBefore = stub.requests().size();
        assertThat(callsBefore).isEqualTo(12);

        // A crash as the store would show it: a dead worker's leases ran out with items mid-step,
        // and the run was never marked finished.
        sql("UPDATE items SET state = 'GENERATING', lease_owner = 'dead-worker', lease_expires = 1 WHERE run_id = ? AND seq IN (0, 1)", run.id());
        sql("UPDATE items SET state = 'JUDGING', lease_owner = 'dead-worker', lease_expires = 1 WHERE run_id = ? AND seq = 2", run.id());
        sql("UPDATE runs SET status = 'RUNNING' WHERE id = ?", run.id());

        RunOutcome resumed = execute(run.id());

        assertThat(resumed.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(stub.requests()).as("every answer needed was already stored").hasSize(callsBefore);
        assertThat(ledger.cacheHits(run.id())).isEqualTo(5);
        assertThat(queue.countByState(run.id()).get(ItemState.ACCEPTED)).isEqualTo(6);
        assertThat(exporter.jsonl(run.id())).isEqualTo(exported);
    }

    @Test
    void with_the_cache_an_item_is_stored_generating_until_the_judge_decides_and_a_crash_before_redoes_it_from_the_cache()
            throws Exception {
        RunRecord run = engine.create(recipe("judged-in-one-move", 503, 1), RunOptions.DEFAULTS);
        var seenByTheJudge = new java.util.concurrent.CopyOnWriteArrayList<String>();
        stub.respondWith(request -> {
            if (OpenAiStubServer.VERDICT.equals(OpenAiStubServer.schemaName(request))) {
                ItemRecord asked = items.item(run.id(), 0).orElseThrow();
                seenByTheJudge.add(asked.state() + " " + asked.dialogue().isPresent());
            }
            return OpenAiStubServer.defaultReply(request);
        });

        assertThat(execute(run.id()).status()).isEqualTo(RunStatus.COMPLETED);

        assertThat(seenByTheJudge).as("the dialogue waits for the judge's decision unstored").containsExactly("GENERATING false");
        ItemRecord accepted = items.item(run.id(), 0).orElseThrow();
        assertThat(accepted.state()).isEqualTo(ItemState.ACCEPTED);
        assertThat(history.versions(run.id(), 0)).singleElement()
                .satisfies(v -> assertThat(v.dialogue()).isEqualTo(accepted.dialogue().orElseThrow()))
                .satisfies(v -> assertThat(v.verdict()).isEqualTo(accepted.verdict().orElseThrow()));
        String exported = exporter.jsonl(run.id());

        // A crash as the store would show it between the judge's answer and the decision's commit: both
        // answers recorded and cached, the item GENERATING under a dead worker, no dialogue, verdict or version.
        sql("DELETE FROM item_versions WHERE run_id = ?", run.id());
        sql("UPDATE items SET state = 'GENERATING', dialogue = NULL, verdict = NULL, score = NULL, "
                + "lease_owner = 'dead-worker', lease_expires = 1 WHERE run_id = ?", run.id());
        sql("UPDATE runs SET status = 'RUNNING' WHERE id = ?", run.id());

        assertThat(execute(run.id()).status()).isEqualTo(RunStatus.COMPLETED);

        assertThat(stub.requests()).as("both steps were answered from the cache").hasSize(2);
        assertThat(ledger.cacheHits(run.id())).isEqualTo(2);
        assertThat(history.versions(run.id(), 0)).extracting(v -> v.version()).containsExactly(1);
        assertThat(exporter.jsonl(run.id())).isEqualTo(exported);
    }

    @Test
    void retries_a_rate_limited_call_no_sooner_than_its_retry_after() {
        var limited = new java.util.concurrent.atomic.AtomicBoolean();
        stub.respondWith(request -> OpenAiStubServer.DIALOGUE.equals(OpenAiStubServer.schemaName(request))
                && limited.compareAndSet(false, true) ? Reply.rateLimited() : OpenAiStubServer.defaultReply(request));
        RunRecord run = engine.create(recipe("retry-after", 510, 1), RunOptions.DEFAULTS);

        RunOutcome outcome = execute(run.id());

        assertThat(outcome.status()).isEqualTo(RunStatus.COMPLETED);
        List<Recorded> generator = stub.requests(Recorded::isGenerator);
        assertThat(generator).hasSize(2);
        long gapNanos = generator.get(1).receivedNanos() - generator.get(0).receivedNanos();
        // The backoff alone is 10 ms in tests; the stub's 429 said Retry-After: 1.
        assertThat(gapNanos).as("nanoseconds between the 429 and its retry")
                .isGreaterThanOrEqualTo(java.time.Duration.ofSeconds(OpenAiStubServer.RETRY_AFTER_SECONDS).toNanos());
        ItemRecord item = items.item(run.id(), 0).orElseThrow();
        assertThat(ledger.usageOfItem(run.id(), 0).calls()).as("the 429, its retry and the judge call").isEqualTo(3);
        assertThat(generator).allSatisfy(r -> assertThat(r.body().path("seed").asInt())
                .as("OpenAI's seed: the item's").isEqualTo(dev.parley.llm.ModelGateway.requestSeed(item.seed())));
        assertThat(queue.countByState(run.id()).get(ItemState.ACCEPTED)).isEqualTo(1);
    }

    @Test
    void takes_over_items_whose_worker_lease_ran_out_and_does_each_once() {
        RunRecord run = engine.create(recipe("takeover", 502, 6), RunOptions.DEFAULTS);
        // Another worker claims three items and dies without renewing its lease (2 s in tests).
        List<ItemRecord> taken = queue.claim(run.id(), "dead-worker", 3, System.currentTimeMillis(), 1_000);
        assertThat(taken).extracting(ItemRecord::seq).containsExactly(0, 1, 2);

        RunOutcome outcome = execute(run.id());

        assertThat(outcome.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(queue.countByState(run.id()).get(ItemState.ACCEPTED)).isEqualTo(6);
        assertThat(stub.requests()).as("one generator and one judge call per item, none repeated").hasSize(12);
        for (int seq = 0; seq < 6; seq++) {
            assertThat(history.versionCount(run.id(), seq)).as("versions of item %d", seq).isEqualTo(1);
        }
    }

    @Test
    void a_worker_that_lost_its_lease_cannot_move_the_item() {
        RunRecord run = engine.create(recipe("lost-lease", 503, 1), RunOptions.DEFAULTS);
        queue.claim(run.id(), "slow-worker", 1, 0, 1);
        List<ItemRecord> takenOver = queue.claim(run.id(), "new-worker", 1, System.currentTimeMillis(), 60_000);
        assertThat(takenOver).hasSize(1);

        boolean moved = queue.transition(run.id(), 0, "slow-worker", ItemState.PLANNED, ItemState.GENERATING,
                ItemQueue.ItemUpdate.NONE);

        assertThat(moved).isFalse();
        assertThat(queue.transition(run.id(), 0, "new-worker", ItemState.PLANNED, ItemState.GENERATING,
                ItemQueue.ItemUpdate.NONE)).isTrue();
    }

    @Test
    void a_token_budget_smaller_than_one_call_stops_the_run_saying_so() {
        var options = new RunOptions(true, false, OptionalLong.of(1), OptionalDouble.empty());
        RunRecord run = engine.create(recipe("budget-of-one", 514, 3), options);

        RunOutcome stopped = execute(run.id());

        assertThat(stopped.status()).isEqualTo(RunStatus.STOPPED);
        RunRecord stored = runs.run(run.id());
        assertThat(stored.status()).isEqualTo(RunStatus.STOPPED);
        assertThat(stored.error()).hasValueSatisfying(e -> assertThat(e)
                .startsWith("token budget reached: the budget of 1 tokens is smaller than one call (~")
                .contains("tokens spent are the calls already under way when it was reached")
                .doesNotContainPattern("[0-9,]+ of 1 tokens spent"));
    }

    @Test
    void a_token_budget_stops_the_run_cleanly_and_resume_with_more_finishes_it() {
        var options = new RunOptions(true, false, OptionalLong.of(1), OptionalDouble.empty());
        RunRecord run = engine.create(recipe("budget", 504, 6), options);

        RunOutcome stopped = execute(run.id());

        assertThat(stopped.status()).isEqualTo(RunStatus.STOPPED);
        assertThat(stopped.error()).hasValueSatisfying(e -> assertThat(e).startsWith("token budget reached"));
        RunRecord stored = runs.run(run.id());
        assertThat(stored.status()).isEqualTo(RunStatus.STOPPED);
        Map<ItemState, Integer> states = queue.countByState(run.id());
        assertThat(states.get(ItemState.PLANNED) + states.get(ItemState.GENERATED)).as("left for later").isPositive();
        assertThat(states.get(ItemState.FAILED)).as("a spent budget fails no item").isZero();
        assertThat(states.get(ItemState.GENERATING) + states.get(ItemState.JUDGING)).as("nothing left mid-step").isZero();

        runs.updateOptions(run.id(), RunOptions.DEFAULTS);
        RunOutcome resumed = execute(run.id());

        assertThat(resumed.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(queue.countByState(run.id()).get(ItemState.ACCEPTED)).isEqualTo(6);
        assertThat(stub.requests()).as("nothing paid for twice").hasSize(12);
    }

    @Test
    void fail_fast_stops_at_the_first_failed_item() {
        stub.respondWith(request -> OpenAiStubServer.DIALOGUE.equals(OpenAiStubServer.schemaName(request))
                ? Reply.ok("this is not JSON")
                : OpenAiStubServer.defaultReply(request));
        var options = new RunOptions(true, true, OptionalLong.empty(), OptionalDouble.empty());
        RunRecord run = engine.create(recipe("fail-fast", 505, 6), options);

        RunOutcome outcome = execute(run.id());

        assertThat(outcome.status()).isEqualTo(RunStatus.FAILED);
        assertThat(outcome.error()).hasValueSatisfying(e -> assertThat(e).startsWith("fail-fast: item ").contains("not valid JSON"));
        assertThat(queue.countByState(run.id()).get(ItemState.FAILED)).isPositive();
        assertThat(queue.countByState(run.id()).get(ItemState.ACCEPTED)).isZero();
    }

    @Test
    void keeps_one_of_identical_dialogues_and_rejects_the_rest_as_duplicates() {
        stub.respondWith(request -> OpenAiStubServer.DIALOGUE.equals(OpenAiStubServer.schemaName(request))
                ? Reply.ok(OpenAiStubServer.dialogue(4, "the same for everyone"))
                : OpenAiStubServer.defaultReply(request));
        RunRecord run = engine.create(recipe("duplicates", 507, 6), RunOptions.DEFAULTS);

        execute(run.id());

        assertThat(queue.countByState(run.id())).containsEntry(ItemState.ACCEPTED, 1).containsEntry(ItemState.REJECTED, 5);
        assertThat(items.rejectionsByGate(run.id())).containsOnlyKeys("exact-duplicate").containsEntry("exact-duplicate", 5);
        assertThat(stub.requests(r -> r.isJudge())).as("duplicates cost no judge call").hasSize(1);
    }

    @Test
    void rejects_or_redacts_personal_data_as_the_recipe_says() throws Exception {
        stub.respondWith(request -> OpenAiStubServer.DIALOGUE.equals(OpenAiStubServer.schemaName(request))
                ? Reply.ok(OpenAiStubServer.dialogue(4, "mail me at budi.santoso@example.co.id, "
                        + OpenAiStubServer.cellValues(request)))
                : OpenAiStubServer.defaultReply(request));
        RunRecord rejecting = engine.create(recipe("pii-reject", 508, 2), RunOptions.DEFAULTS);
        RunRecord redacting = engine.create(RecipeLoader.parse("""
                name: pii-redact
                language: en
                count: 2
                seed: 509
                turns: { min: 4, max: 4 }
                assistant: { system-prompt: You are the help desk of Stubshop. }
                dimensions:
                  topic: [refund, delivery]
                judge: { recheck: 0 }
                checks: { pii: redact, near-duplicate: 0 }
                """), RunOptions.DEFAULTS);

        execute(rejecting.id());
        execute(redacting.id());

        assertThat(items.rejectionsByGate(rejecting.id())).containsEntry("pii", 2);
        assertThat(items.items(rejecting.id(), Optional.empty(), 10, 0)).allSatisfy(i -> assertThat(i.reason())
                .hasValueSatisfying(r -> assertThat(r).isEqualTo("personal data or secrets: 1 [EMAIL] in message 1")));
        assertThat(queue.countByState(redacting.id())).containsEntry(ItemState.ACCEPTED, 2);
        assertThat(exporter.jsonl(redacting.id())).contains("[EMAIL]").doesNotContain("budi.santoso");
    }

    @Test
    void best_effort_goes_on_past_failed_items() {
        stub.respondWith(request -> OpenAiStubServer.DIALOGUE.equals(OpenAiStubServer.schemaName(request))
                && OpenAiStubServer.userMessage(request).contains("refund")
                        ? Reply.ok("this is not JSON")
                        : OpenAiStubServer.defaultReply(request));
        RunRecord run = engine.create(recipe("best-effort", 506, 6), RunOptions.DEFAULTS);

        RunOutcome outcome = execute(run.id());

        assertThat(outcome.status()).isEqualTo(RunStatus.COMPLETED);
        Map<ItemState, Integer> states = queue.countByState(run.id());
        assertThat(states.get(ItemState.FAILED)).isEqualTo(2);
        assertThat(states.get(ItemState.ACCEPTED)).isEqualTo(4);
        assertThat(items.items(run.id(), Optional.of(ItemState.FAILED), 10, 0))
                .allSatisfy(i -> assertThat(i.reason()).hasValueSatisfying(r -> assertThat(r).contains("malformed")));
    }
}
