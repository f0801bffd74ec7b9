package dev.parley.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.parley.bench.OpenAiStubServer;
import dev.parley.export.RunReport;
import dev.parley.export.RunReporter;
import dev.parley.llm.BatchStore;
import dev.parley.llm.InjectOpenAiStub;
import dev.parley.llm.OpenAiStubResource;
import dev.parley.llm.RunBatches;
import dev.parley.recipe.Recipe;
import dev.parley.recipe.RecipeLoader;
import dev.parley.store.BatchLedger;
import dev.parley.store.ItemState;
import dev.parley.store.RunOptions;
import dev.parley.store.RunRecord;
import dev.parley.store.RunStatus;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Batch mode against the stub's Files and Batches endpoints: a whole run, a mixed run, an expired batch, a
 * budget that refuses a batch, a stop and resume while a batch is open, and a cancel. Each test uses its own
 * seed, since the seed is part of every request's cache key.
 */
@QuarkusTest
@WithTestResource(OpenAiStubResource.class)
class BatchModeStubTest {

    private static final Duration DEADLINE = Duration.ofSeconds(60);

    @InjectOpenAiStub
    OpenAiStubServer stub;

    @Inject
    RunEngine engine;

    @Inject
    RunReporter reporter;

    @Inject
    BatchLedger batches;

    @BeforeEach
    void resetStub() {
        stub.reset();
    }

    /** A recipe whose generator (and judge, when asked) is gpt-4o-mini in batch mode, so its calls have batch prices. */
    private static Recipe recipe(String name, long seed, int count, boolean judgeInBatch) {
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
                checks: { near-duplicate: 0 }
                models:
                  generator: { name: gpt-4o-mini, batch: true }
                  judge: { name: gpt-4o-mini, batch: %s }
                """.formatted(name, count, seed, judgeInBatch));
    }

    private RunOutcome execute(String runId) {
        return engine.execute(runId, p -> {
        });
    }

    private List<JsonNode> answered(String schema) {
        return stub.batchApi().answeredRequests().stream()
                .filter(b -> schema.equals(OpenAiStubServer.schemaName(b))).toList();
    }

    /** Executes the run on another thread, with batches that stay open, until the stub has one. */
    private CompletableFuture<RunOutcome> executeUntilABatchIsOpen(RunRecord run) throws InterruptedException {
        stub.batchApi().completionDelay(Duration.ofHours(1));
        CompletableFuture<RunOutcome> execution = CompletableFuture.supplyAsync(() -> execute(run.id()));
        await(() -> !stub.batchApi().batches().isEmpty(), "a batch");
        return execution;
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    @Test
    void a_whole_run_goes_through_batches_stage_by_stage_at_batch_prices() {
        RunRecord run = engine.create(recipe("batch-all", 901, 6, true), RunOptions.DEFAULTS);

        assertThat(execute(run.id()).status()).isEqualTo(RunStatus.COMPLETED);

        assertThat(stub.requests()).as("direct chat calls").isEmpty();
        assertThat(answered(OpenAiStubServer.DIALOGUE)).hasSize(6).doesNotHaveDuplicates();
        assertThat(answered(OpenAiStubServer.VERDICT)).hasSize(6).doesNotHaveDuplicates();
        // The six writers' requests wait together and form one batch; the six judges' requests the next one.
        assertThat(stub.batchApi().batches()).extracting(b -> b.path("request_counts").path("total").asInt())
                .containsExactly(6, 6);
        assertThat(stub.batchApi().batches()).allSatisfy(b -> assertThat(b.path("status").asText()).isEqualTo("completed"));
        assertThat(batches.batches(run.id())).extracting(BatchStore.StoredBatch::status).containsExactly("completed", "completed");

        RunReport report = reporter.report(run.id());
        assertThat(report.counts().get("accepted")).isEqualTo(6);
        assertThat(report.costUsd()).isPositive();
        // gpt-4o-mini's batch prices are half its direct ones.
        assertThat(report.costWithoutBatchUsd()).isCloseTo(2 * report.costUsd(), org.assertj.core.data.Offset.offset(2e-6));

        // A re-run is answered from the response cache: no new batch.
        RunRecord again = engine.create(recipe("batch-all", 901, 6, true), RunOptions.DEFAULTS);
        assertThat(execute(again.id()).status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(stub.batchApi().batches()).hasSize(2);
        assertThat(stub.batchApi().uploads()).isEqualTo(2);
    }

    @Test
    void a_judge_not_in_batch_mode_stays_direct() {
        RunRecord run = engine.create(recipe("batch-mixed", 902, 5, false), RunOptions.DEFAULTS);

        assertThat(execute(run.id()).status()).isEqualTo(RunStatus.COMPLETED);

        assertThat(answered(OpenAiStubServer.DIALOGUE)).hasSize(5).doesNotHaveDuplicates();
        assertThat(answered(OpenAiStubServer.VERDICT)).isEmpty();
        assertThat(stub.requests()).hasSize(5).allMatch(OpenAiStubServer.Recorded::isJudge);
        assertThat(stub.batchApi().batches()).hasSize(1);
    }

    @Test
    void an_expired_batch_sends_only_its_unanswered_requests_again() {
        stub.batchApi().expireNextBatch(2);
        RunRecord run = engine.create(recipe("batch-expiry", 903, 5, false), RunOptions.DEFAULTS);

        assertThat(execute(run.id()).status()).isEqualTo(RunStatus.COMPLETED);

        List<JsonNode> created = stub.batchApi().batches();
        assertThat(created).extracting(b -> b.path("status").asText()).containsExactly("expired", "completed");
        assertThat(created).extracting(b -> b.path("request_counts").path("total").asInt()).containsExactly(5, 3);
        assertThat(answered(OpenAiStubServer.DIALOGUE)).hasSize(5).doesNotHaveDuplicates();
        assertThat(reporter.report(run.id()).counts().get("accepted")).isEqualTo(5);
    }

    @Test
    void failed_lines_are_sent_again_in_the_next_batch() {
        stub.batchApi().failEvery(3);
        RunRecord run = engine.create(recipe("batch-partial", 904, 6, false), RunOptions.DEFAULTS);

        assertThat(execute(run.id()).status()).isEqualTo(RunStatus.COMPLETED);

        // Lines 3 and 6 failed with a 500 in the error file; the second batch holds just those two.
        assertThat(stub.batchApi().batches()).extracting(b -> b.path("request_counts").path("total").asInt())
                .containsExactly(6, 2);
        assertThat(stub.batchApi().batches()).extracting(b -> b.path("request_counts").path("failed").asInt())
                .containsExactly(2, 0);
        assertThat(answered(OpenAiStubServer.DIALOGUE)).hasSize(6).doesNotHaveDuplicates();
    }

    @Test
    void a_batch_whose_projected_cost_crosses_the_cap_is_not_submitted() {
        var options = new RunOptions(true, false, OptionalLong.empty(), OptionalDouble.of(0.00001));
        RunRecord run = engine.create(recipe("batch-budget", 905, 6, true), options);

        RunOutcome outcome = execute(run.id());

        assertThat(outcome.status()).isEqualTo(RunStatus.STOPPED);
        assertThat(outcome.error()).hasValueSatisfying(e -> assertThat(e).contains("cost budget").contains("not submitted"));
        assertThat(stub.batchApi().uploads()).isZero();
        assertThat(stub.batchApi().batches()).isEmpty();
        assertThat(batches.batches(run.id())).isEmpty();
    }

    @Test
    void a_run_stopped_while_its_batch_is_open_polls_the_same_batch_when_resumed() throws Exception {
        RunRecord run = engine.create(recipe("batch-resume", 906, 6, false), RunOptions.DEFAULTS);
        CompletableFuture<RunOutcome> first = executeUntilABatchIsOpen(run);
        await(() -> engine.progress(run.id(), 6).openBatches().stream().anyMatch(b -> b.status().equals("in_progress")),
                "the batch polled");
        // The progress line, the dashboard and the event stream show the open batch from here.
        assertThat(RunBatches.describe(engine.progress(run.id(), 6).openBatches()))
                .isEqualTo("generator batch in_progress 0/6");

        engine.stopAll("stopped for the test");

        assertThat(first.get().status()).isEqualTo(RunStatus.STOPPED);
        assertThat(stub.batchApi().batches()).singleElement()
                .satisfies(b -> assertThat(b.path("status").asText()).isIn("validating", "in_progress"));
        assertThat(batches.batches(run.id())).singleElement().satisfies(b -> assertThat(b.ended()).isFalse());
        stub.batchApi().completionDelay(Duration.ZERO);

        assertThat(execute(run.id()).status()).isEqualTo(RunStatus.COMPLETED);

        assertThat(stub.batchApi().batches()).as("no second batch for the writers").hasSize(1);
        assertThat(stub.batchApi().uploads()).isEqualTo(1);
        assertThat(answered(OpenAiStubServer.DIALOGUE)).hasSize(6).doesNotHaveDuplicates();
    }

    @Test
    void a_cancelled_run_cancels_its_open_batch() throws Exception {
        RunRecord run = engine.create(recipe("batch-cancel", 907, 4, false), RunOptions.DEFAULTS);
        CompletableFuture<RunOutcome> first = executeUntilABatchIsOpen(run);

        assertThat(engine.cancel(run.id())).isEqualTo(RunEngine.Cancellation.STOPPING);

        RunOutcome outcome = first.get();
        assertThat(outcome.status()).isEqualTo(RunStatus.STOPPED);
        assertThat(outcome.error()).contains(RunEngine.CANCELLED);
        assertThat(stub.batchApi().batches()).singleElement()
                .satisfies(b -> assertThat(b.path("status").asText()).isEqualTo("cancelled"));
        assertThat(batches.batches(run.id())).extracting(BatchStore.StoredBatch::status).containsExactly("cancelled");
        assertThat(engine.progress(run.id(), 4).states().getOrDefault(ItemState.ACCEPTED, 0)).isZero();
    }
}
