package dev.parley.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.parley.llm.CallUsage;
import dev.parley.llm.ModelCall;
import dev.parley.llm.ModelRole;
import dev.parley.llm.ResponseCache.CachedAnswer;
import dev.parley.run.IllegalStateTransitionException;
import dev.parley.run.ItemState;
import dev.parley.run.RunOptions;
import dev.parley.run.RunStatus;
import dev.parley.store.RunStore.ItemUpdate;
import dev.parley.store.RunStore.NewItem;
import io.quarkus.agroal.runtime.AgroalDataSourceUtil;

/**
 * What the store must do on every database it runs on: each subclass runs these tests against one
 * ({@link H2RunStoreTest}, {@link PostgresRunStoreTest}). Every test makes its own run, so the tests
 * share a database without seeing each other's rows.
 */
abstract class RunStoreContract {

    private static final String WORKER = "contract-worker";

    @Inject
    RunStore store;

    @Inject
    JdbcResponseCache cache;

    @Inject
    @StoreDataSource
    DataSource dataSource;

    /** The database the test's configuration selects. */
    abstract StoreKind expectedKind();

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

        store.createRun(run, List.of(new NewItem(0, "topic=a", "{\"topic\":\"a\"}", 11),
                new NewItem(1, "topic=b", "{\"topic\":\"b\"}", 12), new NewItem(2, "topic=c", "{\"topic\":\"c\"}", 13)));

        assertThat(store.run(run.id())).isEqualTo(run);
        List<ItemRecord> items = store.items(run.id(), Optional.empty(), 10, 0);
        assertThat(items).extracting(ItemRecord::seq).containsExactly(0, 1, 2);
        assertThat(items).extracting(ItemRecord::cellKey).containsExactly("topic=a", "topic=b", "topic=c");
        assertThat(items).extracting(ItemRecord::seed).containsExactly(11L, 12L, 13L);
        assertThat(items).allSatisfy(item -> {
            assertThat(item.state()).isEqualTo(ItemState.PLANNED);
            assertThat(item.dialogue()).isEmpty();
            assertThat(item.score()).isEmpty();
            assertThat(item.calls()).isZero();
        });
        assertThat(store.items(run.id(), Optional.of(ItemState.PLANNED), 2, 1)).extracting(ItemRecord::seq)
                .containsExactly(1, 2);
        assertThat(store.unfinishedCount(run.id())).isEqualTo(3);
        assertThatThrownBy(() -> store.run("no-such-run")).isInstanceOf(UnknownRunException.class);
    }

    @Test
    void moves_an_item_only_from_the_state_it_is_in() {
        String run = newRun(2);

        assertThat(store.transition(run, 0, WORKER, ItemState.PLANNED, ItemState.GENERATING, ItemUpdate.NONE)).isTrue();
        // A second writer that still believes the item is PLANNED loses.
        assertThat(store.transition(run, 0, WORKER, ItemState.PLANNED, ItemState.GENERATING, ItemUpdate.NONE)).isFalse();
        assertThat(store.transition(run, 0, WORKER, ItemState.GENERATING, ItemState.GENERATED, dialogue("first"))).isTrue();
        assertThat(store.transition(run, 0, WORKER, ItemState.GENERATING, ItemState.GENERATED, dialogue("second"))).isFalse();
        assertThat(store.transition(run, 1, WORKER, ItemState.JUDGING, ItemState.ACCEPTED, ItemUpdate.NONE)).isFalse();

        ItemRecord moved = item(run, 0);
        assertThat(moved.state()).isEqualTo(ItemState.GENERATED);
        assertThat(moved.dialogue()).contains("first");
        assertThat(item(run, 1).state()).isEqualTo(ItemState.PLANNED);
    }

    @Test
    void keeps_fields_a_later_move_does_not_write() {
        String run = newRun(1);
        generate(run, 0, "the dialogue");

        assertThat(store.transition(run, 0, WORKER, ItemState.GENERATED, ItemState.JUDGING, ItemUpdate.NONE)).isTrue();
        assertThat(store.transition(run, 0, WORKER, ItemState.JUDGING, ItemState.ACCEPTED,
                new ItemUpdate(null, "{\"scores\":[]}", 4.25, null, null))).isTrue();

        ItemRecord accepted = item(run, 0);
        assertThat(accepted.state()).isEqualTo(ItemState.ACCEPTED);
        assertThat(accepted.dialogue()).contains("the dialogue");
        assertThat(accepted.verdict()).contains("{\"scores\":[]}");
        assertThat(accepted.score()).contains(4.25);
        assertThat(accepted.gate()).isEmpty();
        assertThat(store.unfinishedCount(run)).isZero();
    }

    @Test
    void refuses_a_move_the_state_table_forbids() {
        String run = newRun(1);

        assertThatThrownBy(() -> store.transition(run, 0, WORKER, ItemState.PLANNED, ItemState.ACCEPTED, ItemUpdate.NONE))
                .isInstanceOf(IllegalStateTransitionException.class);
        assertThat(item(run, 0).state()).isEqualTo(ItemState.PLANNED);
    }

    @Test
    void a_clean_stop_puts_items_in_flight_back_to_the_state_before() {
        String run = newRun(4);
        String other = newRun(1);
        store.transition(run, 0, WORKER, ItemState.PLANNED, ItemState.GENERATING, ItemUpdate.NONE);
        generate(run, 1, "judged when the worker stopped");
        store.transition(run, 1, WORKER, ItemState.GENERATED, ItemState.JUDGING, ItemUpdate.NONE);
        generate(run, 3, "accepted before the stop");
        store.transition(run, 3, WORKER, ItemState.GENERATED, ItemState.JUDGING, ItemUpdate.NONE);
        store.transition(run, 3, WORKER, ItemState.JUDGING, ItemState.ACCEPTED, new ItemUpdate(null, "{}", 5.0, null, null));
        store.transition(other, 0, WORKER, ItemState.PLANNED, ItemState.GENERATING, ItemUpdate.NONE);

        assertThat(store.releaseLeases(run, WORKER)).as("items 0, 1, 2 were still held").isEqualTo(3);

        assertThat(store.items(run, Optional.empty(), 10, 0)).extracting(ItemRecord::state)
                .containsExactly(ItemState.PLANNED, ItemState.GENERATED, ItemState.PLANNED, ItemState.ACCEPTED);
        assertThat(item(run, 1).dialogue()).contains("judged when the worker stopped");
        assertThat(item(other, 0).state()).as("another run's item").isEqualTo(ItemState.GENERATING);
        assertThat(store.claim(run, "next-worker", 10, System.currentTimeMillis(), 60_000)).extracting(ItemRecord::seq)
                .as("released items are free at once").containsExactly(0, 1, 2);
    }

    @Test
    void claims_each_item_once_until_its_lease_runs_out() {
        String id = UUID.randomUUID().toString();
        store.createRun(new RunRecord(id, "contract", RunStatus.RUNNING, "{}", "0".repeat(64), "{}", "gen-model",
                "judge-model", 3, RunOptions.DEFAULTS, Optional.empty(), Instant.now(), Optional.empty()),
                List.of(new NewItem(0, "a", "{}", 1), new NewItem(1, "b", "{}", 2), new NewItem(2, "c", "{}", 3)));
        long now = System.currentTimeMillis();

        assertThat(store.claim(id, "w1", 2, now, 1_000)).extracting(ItemRecord::seq).containsExactly(0, 1);
        assertThat(store.claim(id, "w2", 5, now, 1_000)).extracting(ItemRecord::seq).containsExactly(2);
        assertThat(store.claim(id, "w3", 5, now + 500, 1_000)).as("leases still live").isEmpty();
        assertThat(store.renewLeases(id, "w1", now + 5_000)).isEqualTo(2);

        assertThat(store.claim(id, "w3", 5, now + 1_001, 1_000)).as("w2's lease ran out; w1 renewed")
                .extracting(ItemRecord::seq).containsExactly(2);
        assertThat(store.transition(id, 2, "w2", ItemState.PLANNED, ItemState.GENERATING, ItemUpdate.NONE))
                .as("w2 lost the item").isFalse();
        assertThat(store.transition(id, 2, "w3", ItemState.PLANNED, ItemState.GENERATING, ItemUpdate.NONE)).isTrue();
    }

    @Test
    void adds_each_call_to_the_item_it_was_made_for() {
        String run = newRun(2);

        store.recordCall(run, 0, call(ModelRole.GENERATOR, 120, 40, ModelCall.OK, null));
        store.recordCall(run, 0, call(ModelRole.GENERATOR, 100, 0, "malformed", "not JSON"));
        store.recordCall(run, 0, call(ModelRole.JUDGE, 300, 25, ModelCall.OK, null));

        ItemRecord item = item(run, 0);
        assertThat(item.calls()).isEqualTo(3);
        assertThat(item.inputTokens()).isEqualTo(520);
        assertThat(item.outputTokens()).isEqualTo(65);
        assertThat(item(run, 1).calls()).isZero();
        assertThat(item(run, 1).inputTokens()).isZero();
    }

    @Test
    void sums_usage_per_role_without_cache_hits() {
        String run = newRun(2);
        store.recordCall(run, 0, call(ModelRole.GENERATOR, 120, 40, ModelCall.OK, null));
        store.recordCall(run, 1, call(ModelRole.GENERATOR, 80, 30, ModelCall.OK, null));
        store.recordCall(run, 0, call(ModelRole.JUDGE, 300, 25, ModelCall.OK, null));
        store.recordCall(run, 1, call(ModelRole.JUDGE, 300, 25, ModelCall.CACHED, null));

        Map<String, CallUsage> usage = store.usageByRole(run);

        assertThat(usage).containsOnlyKeys("generator", "judge");
        assertThat(usage.get("generator").calls()).isEqualTo(2);
        assertThat(usage.get("generator").inputTokens()).isEqualTo(200);
        assertThat(usage.get("generator").outputTokens()).isEqualTo(70);
        assertThat(usage.get("judge").calls()).isEqualTo(1);
        assertThat(store.cacheHits(run)).isEqualTo(1);
    }

    @Test
    void counts_items_by_state_and_rejections_by_gate() {
        String run = newRun(6);
        generate(run, 0, "good");
        store.transition(run, 0, WORKER, ItemState.GENERATED, ItemState.JUDGING, ItemUpdate.NONE);
        store.transition(run, 0, WORKER, ItemState.JUDGING, ItemState.ACCEPTED, new ItemUpdate(null, "{}", 4.5, null, null));
        for (int seq : new int[] { 1, 2 }) {
            generate(run, seq, "malformed");
            store.transition(run, seq, WORKER, ItemState.GENERATED, ItemState.REJECTED,
                    new ItemUpdate(null, null, null, "structure", "assistant speaks first"));
        }
        generate(run, 3, "weak");
        store.transition(run, 3, WORKER, ItemState.GENERATED, ItemState.JUDGING, ItemUpdate.NONE);
        store.transition(run, 3, WORKER, ItemState.JUDGING, ItemState.REJECTED, new ItemUpdate(null, "{}", 2.0, "judge", "below threshold"));
        store.transition(run, 4, WORKER, ItemState.PLANNED, ItemState.GENERATING, ItemUpdate.NONE);
        store.transition(run, 4, WORKER, ItemState.GENERATING, ItemState.FAILED, new ItemUpdate(null, null, null, "malformed", "no JSON"));

        Map<ItemState, Integer> counts = store.countByState(run);

        assertThat(counts).containsOnlyKeys(ItemState.values());
        assertThat(counts).containsEntry(ItemState.PLANNED, 1).containsEntry(ItemState.ACCEPTED, 1)
                .containsEntry(ItemState.REJECTED, 3).containsEntry(ItemState.FAILED, 1)
                .containsEntry(ItemState.GENERATING, 0).containsEntry(ItemState.GENERATED, 0)
                .containsEntry(ItemState.JUDGING, 0);
        assertThat(store.rejectionsByGate(run)).containsExactly(Map.entry("judge", 1), Map.entry("structure", 2));
        assertThat(item(run, 1).reason()).contains("assistant speaks first");
    }

    @Test
    void keeps_every_judged_version() {
        String run = newRun(1);

        store.addVersion(run, 0, 1, "first", "{}", 2.5);
        store.addVersion(run, 0, 2, "second", null, null);

        assertThat(store.versionCount(run, 0)).isEqualTo(2);
    }

    @Test
    void finishes_a_run() {
        String run = newRun(1);
        assertThat(store.runsWithStatus(RunStatus.RUNNING)).extracting(RunRecord::id).contains(run);

        store.finishRun(run, RunStatus.FAILED, Optional.of("endpoint unreachable"));

        RunRecord finished = store.run(run);
        assertThat(finished.status()).isEqualTo(RunStatus.FAILED);
        assertThat(finished.error()).contains("endpoint unreachable");
        assertThat(finished.finishedAt()).isPresent();
        assertThat(store.runsWithStatus(RunStatus.RUNNING)).extracting(RunRecord::id).doesNotContain(run);
        assertThat(store.listRuns(1000, 0)).extracting(RunRecord::id).contains(run);
    }

    @Test
    void answers_a_cached_request_with_the_first_answer_stored() {
        String hash = (UUID.randomUUID().toString() + UUID.randomUUID()).replace("-", "");
        assertThat(cache.find(hash)).isEmpty();

        cache.put(hash, "gen-model", new CachedAnswer("{\"first\":true}", 10, 5));
        cache.put(hash, "gen-model", new CachedAnswer("{\"second\":true}", 99, 99));

        assertThat(cache.find(hash)).contains(new CachedAnswer("{\"first\":true}", 10, 5));
    }

    // ---- helpers ---------------------------------------------------------------------------------

    @Test
    void keeps_the_model_settings_a_run_was_created_with() {
        String settings = "{\"generator\":{\"model\":\"gen-model\",\"host\":\"gpu-box\",\"temperature\":0.3}}";
        String with = UUID.randomUUID().toString();
        String without = newRun(1);

        store.createRun(new RunRecord(with, "contract", RunStatus.RUNNING, "{}", "0".repeat(64), "{}", "gen-model",
                "judge-model", 1, RunOptions.DEFAULTS, Optional.empty(), Instant.now(), Optional.empty()),
                List.of(new NewItem(0, "topic=a", "{\"topic\":\"a\"}", 1)), settings);

        assertThat(store.modelSettings(with)).hasValue(settings);
        assertThat(store.modelSettings(without)).as("created without settings").isEmpty();
        assertThat(store.items(with, Optional.empty(), 10, 0)).hasSize(1);
    }

    /** A new running run with {@code size} planned items, returning its id. */
    private String newRun(int size) {
        String id = UUID.randomUUID().toString();
        List<NewItem> items = new ArrayList<>();
        for (int seq = 0; seq < size; seq++) {
            items.add(new NewItem(seq, "topic=t" + seq, "{\"topic\":\"t" + seq + "\"}", 100 + seq));
        }
        store.createRun(new RunRecord(id, "contract", RunStatus.RUNNING, "{}", "0".repeat(64), "{}", "gen-model",
                "judge-model", size, RunOptions.DEFAULTS, Optional.empty(), Instant.now(), Optional.empty()), items);
        // This test process is the worker holding every item.
        assertThat(store.claim(id, WORKER, size, System.currentTimeMillis(), 600_000)).hasSize(size);
        return id;
    }

    /** Moves a planned item through GENERATING to GENERATED with the given dialogue. */
    private void generate(String run, int seq, String dialogue) {
        assertThat(store.transition(run, seq, WORKER, ItemState.PLANNED, ItemState.GENERATING, ItemUpdate.NONE)).isTrue();
        assertThat(store.transition(run, seq, WORKER, ItemState.GENERATING, ItemState.GENERATED, dialogue(dialogue))).isTrue();
    }

    private ItemRecord item(String run, int seq) {
        return store.item(run, seq).orElseThrow();
    }

    private static ItemUpdate dialogue(String dialogue) {
        return new ItemUpdate(dialogue, null, null, null, null);
    }

    private static ModelCall call(ModelRole role, long in, long out, String outcome, String error) {
        return new ModelCall(role, role.key() + "-model", "f".repeat(64), in, out, 7, outcome, error);
    }
}
