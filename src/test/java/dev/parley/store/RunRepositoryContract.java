package dev.parley.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.parley.corpus.RunInput;
import dev.parley.config.StoreKind;
import dev.parley.llm.ModelCall;
import dev.parley.llm.ModelRole;
import dev.parley.store.ItemQueue.ItemUpdate;
import dev.parley.store.RunRepository.NewItem;
import io.quarkus.agroal.runtime.AgroalDataSourceUtil;

/**
 * What the runs repository ({@link RunRepository}) must do on every database the store runs on; a subclass per database
 * runs these tests.
 */
abstract class RunRepositoryContract extends StoreContract {

    @Test
    void works_on_the_database_the_configuration_selects_and_on_no_other() throws SQLException {
        try (var c = dataSource.getConnection()) {
            assertThat(c.getMetaData().getDatabaseProductName()).isEqualTo(switch (expectedKind()) {
                case H2 -> "H2";
                case POSTGRESQL -> "PostgreSQL";
            });
        }
        // Each kind's datasource by name: AgroalDataSourceUtil.activeDataSourceNames() sees only the unnamed one.
        for (StoreKind kind : StoreKind.values()) {
            assertThat(AgroalDataSourceUtil.dataSourceIfActive(kind.dataSourceName()).isPresent())
                    .as("%s datasource active", kind.key()).isEqualTo(kind == expectedKind());
        }
    }

    @Test
    void creates_a_run_with_its_planned_items() {
        Instant created = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        RunRecord run = new RunRecord(UUID.randomUUID().toString(), "contract", RunStatus.RUNNING, "{\"name\":\"contract\"}",
                "a".repeat(64), "{\"write\":\"Write.\"}", "gen-model", "judge-model", 3, new RunOptions(false, true, OptionalLong.of(5_000), OptionalDouble.of(1.5)),
                Optional.empty(), created,
                Optional.empty());

        runs.createRun(run, List.of(new NewItem(0, "topic=a", "{\"topic\":\"a\"}", 11),
                new NewItem(1, "topic=b", "{\"topic\":\"b\"}", 12), new NewItem(2, "topic=c", "{\"topic\":\"c\"}", 13)));

        assertThat(runs.run(run.id())).isEqualTo(run);
        List<ItemRecord> planned = items.items(run.id(), Optional.empty(), 10, 0);
        assertThat(planned).extracting(ItemRecord::seq).containsExactly(0, 1, 2);
        assertThat(planned).extracting(ItemRecord::cellKey).containsExactly("topic=a", "topic=b", "topic=c");
        assertThat(planned).extracting(ItemRecord::seed).containsExactly(11L, 12L, 13L);
        assertThat(planned).allSatisfy(item -> {
            assertThat(item.state()).isEqualTo(ItemState.PLANNED);
            assertThat(item.dialogue()).isEmpty();
            assertThat(item.score()).isEmpty();
            assertThat(ledger.usageOfItem(run.id(), item.seq()).calls()).isZero();
        });
        assertThat(items.items(run.id(), Optional.of(ItemState.PLANNED), 2, 1)).extracting(ItemRecord::seq)
                .containsExactly(1, 2);
        assertThat(queue.unfinishedCount(run.id())).isEqualTo(3);
        assertThatThrownBy(() -> runs.run("no-such-run")).isInstanceOf(UnknownRunException.class);
    }

    @Test
    void keeps_the_files_a_run_reads_with_it() {
        RunRecord run = new RunRecord(UUID.randomUUID().toString(), "contract", RunStatus.RUNNING, "{}", "b".repeat(64), "{}",
                "gen-model", "judge-model", 1, RunOptions.DEFAULTS, Optional.empty(), Instant.now().truncatedTo(ChronoUnit.MILLIS),
                Optional.empty());
        String seeds = "{\"messages\": [{\"role\": \"user\", \"content\": \"Halo 👋\"}]}\n".repeat(3);

        runs.createRun(run, List.of(new NewItem(0, "topic=a", "{\"topic\":\"a\"}", 1)), List.of(),
                List.of(new RunInput("seeds", "/data/seeds.jsonl", seeds), new RunInput("decontamination", "eval.jsonl", "x")), null);

        assertThat(runs.inputs(run.id())).containsExactly(new RunInput("decontamination", "eval.jsonl", "x"),
                new RunInput("seeds", "/data/seeds.jsonl", seeds));
        assertThat(runs.inputs("no-such-run")).isEmpty();
    }

    @Test
    void finishes_a_run() {
        String run = newRun(1);
        assertThat(runs.runsWithStatus(RunStatus.RUNNING)).extracting(RunRecord::id).contains(run);

        runs.finishRun(run, RunStatus.FAILED, Optional.of("endpoint unreachable"));

        RunRecord finished = runs.run(run);
        assertThat(finished.status()).isEqualTo(RunStatus.FAILED);
        assertThat(finished.error()).contains("endpoint unreachable");
        assertThat(finished.finishedAt()).isPresent();
        assertThat(runs.runsWithStatus(RunStatus.RUNNING)).extracting(RunRecord::id).doesNotContain(run);
        assertThat(runs.listRuns(1000, 0)).extracting(RunRecord::id).contains(run);
    }

    @Test
    void keeps_the_latest_heartbeat_of_a_run_and_none_for_a_run_never_executed() {
        String beating = newRun(1);
        String silent = newRun(1);
        assertThat(runs.run(beating).heartbeat()).as("none before an execution reports").isEmpty();
        long first = 1_700_000_000_123L;

        runs.heartbeat(beating, first);
        runs.heartbeat(beating, first + 6_667);

        assertThat(runs.run(beating).heartbeat()).contains(Instant.ofEpochMilli(first + 6_667));
        assertThat(runs.run(silent).heartbeat()).isEmpty();
        List<RunSummary> summaries = runs.runSummaries(Optional.of(RunStatus.RUNNING), 1000, 0);
        assertThat(summaries).filteredOn(r -> r.id().equals(beating)).singleElement()
                .extracting(RunSummary::heartbeat).isEqualTo(Optional.of(Instant.ofEpochMilli(first + 6_667)));
        assertThat(summaries).filteredOn(r -> r.id().equals(silent)).singleElement()
                .extracting(RunSummary::heartbeat).isEqualTo(Optional.empty());
        runs.finishRun(beating, RunStatus.COMPLETED, Optional.empty());
        assertThat(runs.run(beating).heartbeat()).as("a final status keeps the last heartbeat")
                .contains(Instant.ofEpochMilli(first + 6_667));
    }

    @Test
    void summarises_runs_newest_first_with_counts_by_state_and_tokens() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        String older = newRun(List.of("topic=a", "topic=b", "topic=c"), now.minusSeconds(60));
        String newer = newRun(List.of("topic=a"), now);
        generate(older, 0, "good");
        queue.transition(older, 0, WORKER, ItemState.GENERATED, ItemState.JUDGING, ItemUpdate.NONE);
        queue.transition(older, 0, WORKER, ItemState.JUDGING, ItemState.ACCEPTED, new ItemUpdate(null, verdict("judged"), 4.5, null, null));
        queue.transition(older, 1, WORKER, ItemState.PLANNED, ItemState.GENERATING, ItemUpdate.NONE);
        ledger.recordCall(older, 0, call(ModelRole.GENERATOR, 120, 40, ModelCall.OK, null));
        ledger.recordCall(older, 0, call(ModelRole.JUDGE, 300, 25, ModelCall.OK, null));
        ledger.recordCall(older, 1, call(ModelRole.GENERATOR, 80, 10, ModelCall.OK, null));
        runs.finishRun(older, RunStatus.STOPPED, Optional.of("budget"));

        List<RunSummary> all = runs.runSummaries(Optional.empty(), 1000, 0);
        List<String> ids = all.stream().map(RunSummary::id).toList();
        assertThat(ids.indexOf(newer)).isNotNegative().isLessThan(ids.indexOf(older));
        RunSummary summary = all.get(ids.indexOf(older));
        assertThat(summary.status()).isEqualTo(RunStatus.STOPPED);
        assertThat(summary.planned()).isEqualTo(3);
        assertThat(summary.createdAt()).isEqualTo(now.minusSeconds(60));
        assertThat(summary.error()).contains("budget");
        assertThat(summary.count(ItemState.ACCEPTED)).isEqualTo(1);
        assertThat(summary.count(ItemState.GENERATING)).isEqualTo(1);
        assertThat(summary.count(ItemState.PLANNED)).isEqualTo(1);
        assertThat(summary.done()).isEqualTo(1);
        assertThat(summary.tokensByModel()).containsOnlyKeys("generator-model", "judge-model");
        assertThat(summary.tokensByModel().get("generator-model")).containsExactly(200L, 50L);
        assertThat(all.get(ids.indexOf(newer)).tokensByModel()).isEmpty();

        List<RunSummary> stopped = runs.runSummaries(Optional.of(RunStatus.STOPPED), 1000, 0);
        assertThat(stopped).extracting(RunSummary::id).contains(older).doesNotContain(newer);
        assertThat(stopped).extracting(RunSummary::status).containsOnly(RunStatus.STOPPED);
        assertThat(runs.countRuns(Optional.of(RunStatus.STOPPED))).isEqualTo(stopped.size());
        assertThat(runs.countRuns(Optional.empty())).isEqualTo(all.size());
        assertThat(runs.runSummaries(Optional.empty(), 1, ids.indexOf(older))).extracting(RunSummary::id)
                .containsExactly(older);
    }

    @Test
    void deletes_a_run_with_everything_stored_for_it_and_nothing_else() {
        String doomed = newRun(2);
        String kept = newRun(1);
        for (String run : List.of(doomed, kept)) {
            ledger.recordCall(run, 0, call(ModelRole.GENERATOR, 120, 40, ModelCall.OK, null));
            history.addVersion(run, 0, 1, text("first"), verdict("judged"), 4.0);
            history.addReview(run, new Review(0, Review.HUMAN, "ayu", Optional.of(4.0), Optional.empty(), Optional.empty()));
        }

        assertThat(runs.deleteRun(doomed)).isTrue();

        assertThat(runs.findRun(doomed)).isEmpty();
        assertThat(items.countItems(doomed, ItemFilter.ALL)).isZero();
        assertThat(history.versions(doomed, 0)).isEmpty();
        assertThat(history.reviews(doomed, 0)).isEmpty();
        assertThat(ledger.usageByRole(doomed)).isEmpty();
        assertThat(items.countItems(kept, ItemFilter.ALL)).isEqualTo(1);
        assertThat(history.versions(kept, 0)).hasSize(1);
        assertThat(history.reviews(kept, 0)).hasSize(1);
        assertThat(ledger.usageByRole(kept)).containsOnlyKeys("generator");
        assertThat(runs.deleteRun(doomed)).isFalse();
    }

    @Test
    void keeps_the_model_settings_a_run_was_created_with() {
        String settings = "{\"generator\":{\"model\":\"gen-model\",\"host\":\"gpu-box\",\"temperature\":0.3}}";
        String with = UUID.randomUUID().toString();
        String without = newRun(1);

        runs.createRun(new RunRecord(with, "contract", RunStatus.RUNNING, "{}", "0".repeat(64), "{}", "gen-model",
                "judge-model", 1, RunOptions.DEFAULTS, Optional.empty(), Instant.now(), Optional.empty()),
                List.of(new NewItem(0, "topic=a", "{\"topic\":\"a\"}", 1)), List.of(), List.of(), settings);

        assertThat(runs.modelSettings(with)).hasValue(settings);
        assertThat(runs.modelSettings(without)).as("created without settings").isEmpty();
        assertThat(items.items(with, Optional.empty(), 10, 0)).hasSize(1);
    }
}
