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
import java.util.Set;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.parley.config.StoreKind;
import dev.parley.corpus.RunInput;
import dev.parley.llm.CallUsage;
import dev.parley.llm.ModelCall;
import dev.parley.llm.ModelRole;
import dev.parley.llm.ResponseCache.CachedAnswer;
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
    void keeps_the_files_a_run_reads_with_it() {
        RunRecord run = new RunRecord(UUID.randomUUID().toString(), "contract", RunStatus.RUNNING, "{}", "b".repeat(64), "{}",
                "gen-model", "judge-model", 1, RunOptions.DEFAULTS, Optional.empty(), Instant.now().truncatedTo(ChronoUnit.MILLIS),
                Optional.empty());
        String seeds = "{\"messages\": [{\"role\": \"user\", \"content\": \"Halo 👋\"}]}\n".repeat(3);

        store.createRun(run, List.of(new NewItem(0, "topic=a", "{\"topic\":\"a\"}", 1)), List.of(),
                List.of(new RunInput("seeds", "/data/seeds.jsonl", seeds), new RunInput("decontamination", "eval.jsonl", "x")), null);

        assertThat(store.inputs(run.id())).containsExactly(new RunInput("decontamination", "eval.jsonl", "x"),
                new RunInput("seeds", "/data/seeds.jsonl", seeds));
        assertThat(store.inputs("no-such-run")).isEmpty();
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
    void does_not_claim_back_an_item_its_worker_is_still_processing_after_its_lease_ran_out() {
        String id = unclaimedRun(3);
        long now = System.currentTimeMillis();
        assertThat(store.claim(id, "w1", 2, now, 1_000)).extracting(ItemRecord::seq).containsExactly(0, 1);
        assertThat(store.transition(id, 0, "w1", ItemState.PLANNED, ItemState.GENERATING, ItemUpdate.NONE)).isTrue();
        assertThat(store.transition(id, 1, "w1", ItemState.PLANNED, ItemState.GENERATING, ItemUpdate.NONE)).isTrue();

        // w1's heartbeat missed its leases; it is still working on item 0, while item 1's thread is gone.
        assertThat(store.claim(id, "w1", 5, now + 1_001, 1_000, Set.of(0))).extracting(ItemRecord::seq)
                .as("item 0 is left to the thread that has it").containsExactly(1, 2);

        assertThat(item(id, 0).state()).as("not moved back under its thread").isEqualTo(ItemState.GENERATING);
        assertThat(item(id, 1).state()).as("taken up again from the step before").isEqualTo(ItemState.PLANNED);
        assertThat(store.transition(id, 0, "w1", ItemState.GENERATING, ItemState.GENERATED, ItemUpdate.NONE))
                .as("the thread's next move still holds").isTrue();
    }

    @Test
    void another_worker_still_takes_over_an_item_whose_lease_ran_out_while_it_was_processed() {
        String id = unclaimedRun(1);
        long now = System.currentTimeMillis();
        store.claim(id, "w1", 1, now, 1_000);
        assertThat(store.transition(id, 0, "w1", ItemState.PLANNED, ItemState.GENERATING, ItemUpdate.NONE)).isTrue();

        assertThat(store.claim(id, "w1", 1, now + 1_001, 1_000, Set.of(0))).isEmpty();
        assertThat(store.claim(id, "w2", 1, now + 1_001, 1_000, Set.of())).extracting(ItemRecord::seq).containsExactly(0);

        assertThat(store.transition(id, 0, "w1", ItemState.GENERATING, ItemState.GENERATED, ItemUpdate.NONE))
                .as("w1 lost the item").isFalse();
        assertThat(item(id, 0).state()).isEqualTo(ItemState.PLANNED);
    }

    @Test
    void claims_each_item_once_until_its_lease_runs_out() {
        String id = unclaimedRun(3);
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
    void tops_up_concurrent_rejections_exactly_within_the_budget() throws Exception {
        String run = newRun(8);
        for (int seq = 0; seq < 8; seq++) {
            generate(run, seq, "weak " + seq);
        }
        var topUp = new RunStore.TopUp(3, seq -> 1000L + seq);
        var start = new java.util.concurrent.CountDownLatch(1);
        var moved = new java.util.concurrent.atomic.AtomicInteger();
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(8)) {
            for (int seq = 0; seq < 8; seq++) {
                int s = seq;
                pool.submit(() -> {
                    start.await();
                    if (store.transition(run, s, WORKER, ItemState.GENERATED, ItemState.REJECTED,
                            new ItemUpdate(null, null, null, "judge", "weak"), null, topUp)) {
                        moved.incrementAndGet();
                    }
                    return null;
                });
            }
            start.countDown();
        }
        // A rejection that cannot happen again (the item is final) adds nothing either.
        assertThat(store.transition(run, 0, WORKER, ItemState.GENERATED, ItemState.REJECTED, ItemUpdate.NONE, null, topUp))
                .isFalse();

        assertThat(moved).hasValue(8);
        assertThat(store.countByState(run)).containsEntry(ItemState.REJECTED, 8).containsEntry(ItemState.PLANNED, 3);
        List<ItemRecord> topUps = store.items(run, Optional.of(ItemState.PLANNED), 10, 0);
        assertThat(topUps).extracting(ItemRecord::seq).containsExactly(8, 9, 10);
        assertThat(topUps).extracting(ItemRecord::seed).containsExactly(1008L, 1009L, 1010L);
        var replaced = new ArrayList<Integer>();
        try (var c = dataSource.getConnection();
                var ps = c.prepareStatement("SELECT seq, top_up_of, cell_key FROM items WHERE run_id = ? AND seq >= 8 ORDER BY seq")) {
            ps.setString(1, run);
            try (var rs = ps.executeQuery()) {
                while (rs.next()) {
                    replaced.add(rs.getInt(2));
                    assertThat(rs.getString(3)).as("the top-up's cell is its rejected item's").isEqualTo("topic=t" + rs.getInt(2));
                }
            }
        }
        assertThat(replaced).hasSize(3).doesNotHaveDuplicates().allMatch(s -> s >= 0 && s < 8);
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
    void keeps_the_latest_heartbeat_of_a_run_and_none_for_a_run_never_executed() {
        String beating = newRun(1);
        String silent = newRun(1);
        assertThat(store.run(beating).heartbeat()).as("none before an execution reports").isEmpty();
        long first = 1_700_000_000_123L;

        store.heartbeat(beating, first);
        store.heartbeat(beating, first + 6_667);

        assertThat(store.run(beating).heartbeat()).contains(Instant.ofEpochMilli(first + 6_667));
        assertThat(store.run(silent).heartbeat()).isEmpty();
        List<RunSummary> summaries = store.runSummaries(Optional.of(RunStatus.RUNNING), 1000, 0);
        assertThat(summaries).filteredOn(r -> r.id().equals(beating)).singleElement()
                .extracting(RunSummary::heartbeat).isEqualTo(Optional.of(Instant.ofEpochMilli(first + 6_667)));
        assertThat(summaries).filteredOn(r -> r.id().equals(silent)).singleElement()
                .extracting(RunSummary::heartbeat).isEqualTo(Optional.empty());
        store.finishRun(beating, RunStatus.COMPLETED, Optional.empty());
        assertThat(store.run(beating).heartbeat()).as("a final status keeps the last heartbeat")
                .contains(Instant.ofEpochMilli(first + 6_667));
    }

    @Test
    void answers_a_cached_request_with_the_first_answer_stored() {
        String hash = (UUID.randomUUID().toString() + UUID.randomUUID()).replace("-", "");
        assertThat(cache.find(hash)).isEmpty();

        cache.put(hash, "gen-model", new CachedAnswer("{\"first\":true}", 10, 5));
        cache.put(hash, "gen-model", new CachedAnswer("{\"second\":true}", 99, 99));

        assertThat(cache.find(hash)).contains(new CachedAnswer("{\"first\":true}", 10, 5));
    }

    @Test
    void keeps_diversity_snapshots_in_order_and_finds_items_accepted_since_a_moment() {
        String run = newRun(3);
        Instant before = Instant.now().minusSeconds(60);
        for (int seq = 0; seq < 2; seq++) {
            generate(run, seq, "{\"turns\":[]}");
            assertThat(store.transition(run, seq, WORKER, ItemState.GENERATED, ItemState.JUDGING, ItemUpdate.NONE)).isTrue();
            assertThat(store.transition(run, seq, WORKER, ItemState.JUDGING, ItemState.ACCEPTED, ItemUpdate.NONE)).isTrue();
        }
        var at = Instant.parse("2026-01-02T03:04:05Z");
        store.addDiversityPoint(run, new DiversityPoint(2, "{\"overall\":{}}", "[]", WORKER, at));
        store.addDiversityPoint(run, new DiversityPoint(5, "{\"overall\":{\"dialogues\":5}}", "[{}]", "w2", at.plusSeconds(1)));

        assertThat(store.diversityPoints(run)).containsExactly(
                new DiversityPoint(2, "{\"overall\":{}}", "[]", WORKER, at),
                new DiversityPoint(5, "{\"overall\":{\"dialogues\":5}}", "[{}]", "w2", at.plusSeconds(1)));
        assertThat(store.diversityPoints(newRun(1))).isEmpty();
        assertThat(store.acceptedSince(run, before)).extracting(ItemRecord::seq).containsExactly(0, 1);
        assertThat(store.acceptedSince(run, Instant.now().plusSeconds(60))).isEmpty();
    }

    @Test
    void filters_items_by_state_cell_score_and_gate_in_the_database() {
        String run = newRun(List.of("topic=a_b|mood=calm", "topic=axb|mood=calm", "topic=a_b|mood=angry",
                "topic=100%|mood=calm"), Instant.now());
        generate(run, 0, "good");
        store.transition(run, 0, WORKER, ItemState.GENERATED, ItemState.JUDGING, ItemUpdate.NONE);
        store.transition(run, 0, WORKER, ItemState.JUDGING, ItemState.ACCEPTED, new ItemUpdate(null, "{}", 4.5, null, null));
        generate(run, 1, "malformed");
        store.transition(run, 1, WORKER, ItemState.GENERATED, ItemState.REJECTED,
                new ItemUpdate(null, null, null, "structure", "assistant speaks first"));
        generate(run, 2, "weak");
        store.transition(run, 2, WORKER, ItemState.GENERATED, ItemState.JUDGING, ItemUpdate.NONE);
        store.transition(run, 2, WORKER, ItemState.JUDGING, ItemState.REJECTED, new ItemUpdate(null, "{}", 2.0, "judge", "low"));

        // "_" and "%" are LIKE wildcards: they must match only themselves.
        assertThat(seqs(run, filter(Map.of("topic", "a_b")))).containsExactly(0, 2);
        assertThat(seqs(run, filter(Map.of("topic", "a_b", "mood", "angry")))).containsExactly(2);
        assertThat(seqs(run, filter(Map.of("topic", "100%")))).containsExactly(3);
        assertThat(seqs(run, filter(Map.of("topic", "100")))).isEmpty();
        assertThat(seqs(run, filter(Map.of("mood", "calm")))).containsExactly(0, 1, 3);
        assertThat(seqs(run, new ItemFilter(Optional.empty(), Map.of(), Optional.of(3.0), Optional.empty(), Optional.empty())))
                .containsExactly(0);
        assertThat(seqs(run, new ItemFilter(Optional.empty(), Map.of(), Optional.empty(), Optional.of(4.5), Optional.empty())))
                .containsExactly(0, 2);
        ItemFilter judged = new ItemFilter(Optional.of(ItemState.REJECTED), Map.of(), Optional.empty(), Optional.empty(),
                Optional.of("judge"));
        assertThat(seqs(run, judged)).containsExactly(2);
        assertThat(store.countItems(run, judged)).isEqualTo(1);
        assertThat(store.items(run, ItemFilter.ALL, 2, 1)).extracting(ItemRecord::seq).containsExactly(1, 2);
        assertThat(store.countItems(run, ItemFilter.ALL)).isEqualTo(4);
    }

    @Test
    void summarises_runs_newest_first_with_counts_by_state_and_tokens() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        String older = newRun(List.of("topic=a", "topic=b", "topic=c"), now.minusSeconds(60));
        String newer = newRun(List.of("topic=a"), now);
        generate(older, 0, "good");
        store.transition(older, 0, WORKER, ItemState.GENERATED, ItemState.JUDGING, ItemUpdate.NONE);
        store.transition(older, 0, WORKER, ItemState.JUDGING, ItemState.ACCEPTED, new ItemUpdate(null, "{}", 4.5, null, null));
        store.transition(older, 1, WORKER, ItemState.PLANNED, ItemState.GENERATING, ItemUpdate.NONE);
        store.recordCall(older, 0, call(ModelRole.GENERATOR, 120, 40, ModelCall.OK, null));
        store.recordCall(older, 0, call(ModelRole.JUDGE, 300, 25, ModelCall.OK, null));
        store.recordCall(older, 1, call(ModelRole.GENERATOR, 80, 10, ModelCall.OK, null));
        store.finishRun(older, RunStatus.STOPPED, Optional.of("budget"));

        List<RunSummary> all = store.runSummaries(Optional.empty(), 1000, 0);
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

        List<RunSummary> stopped = store.runSummaries(Optional.of(RunStatus.STOPPED), 1000, 0);
        assertThat(stopped).extracting(RunSummary::id).contains(older).doesNotContain(newer);
        assertThat(stopped).extracting(RunSummary::status).containsOnly(RunStatus.STOPPED);
        assertThat(store.countRuns(Optional.of(RunStatus.STOPPED))).isEqualTo(stopped.size());
        assertThat(store.countRuns(Optional.empty())).isEqualTo(all.size());
        assertThat(store.runSummaries(Optional.empty(), 1, ids.indexOf(older))).extracting(RunSummary::id)
                .containsExactly(older);
    }

    @Test
    void lists_the_versions_and_reviews_of_one_item() {
        String run = newRun(2);
        store.addVersion(run, 0, 1, "first", "{\"v\":1}", 2.5);
        store.addVersion(run, 0, 2, "second", null, null);
        store.addReview(run, new Review(0, Review.HUMAN, "ayu", Optional.of(4.0), Optional.of(true), Optional.empty()));
        store.addReview(run, new Review(1, Review.HUMAN, "budi", Optional.empty(), Optional.of(false), Optional.empty()));

        assertThat(store.versions(run, 0)).containsExactly(new ItemVersion(1, "first", "{\"v\":1}", 2.5),
                new ItemVersion(2, "second", null, null));
        assertThat(store.reviews(run, 0)).containsExactly(new Review(0, Review.HUMAN, "ayu", Optional.of(4.0),
                Optional.of(true), Optional.empty()));
        assertThat(store.versions(run, 1)).isEmpty();
    }

    /** Moves a held item through generation and judging to {@code end}, with the dialogue {@code text}. */
    private void finishItem(String run, int seq, ItemState end, String text) {
        store.transition(run, seq, WORKER, ItemState.PLANNED, ItemState.GENERATING, ItemUpdate.NONE);
        store.transition(run, seq, WORKER, ItemState.GENERATING, ItemState.GENERATED, new ItemUpdate(text, null, null, null, null));
        store.transition(run, seq, WORKER, ItemState.GENERATED, ItemState.JUDGING, ItemUpdate.NONE);
        store.transition(run, seq, WORKER, ItemState.JUDGING, end, new ItemUpdate(null, "{}", 4.0,
                end == ItemState.REJECTED ? "judge" : null, end == ItemState.REJECTED ? "too weak" : null),
                new RunStore.NewVersion(1, text, "{}", 4.0));
    }

    private static Decision.Prior priorOf(ItemRecord item) {
        return new Decision.Prior(item.state(), item.gate(), item.reason(), item.dialogue().orElseThrow());
    }

    @Test
    void a_persons_decisions_move_finished_items_and_an_undo_puts_them_back() {
        String run = newRun(2);
        finishItem(run, 0, ItemState.ACCEPTED, "kept");
        finishItem(run, 1, ItemState.REJECTED, "weak");
        ItemRecord accepted = store.item(run, 0).orElseThrow();
        ItemRecord rejected = store.item(run, 1).orElseThrow();

        Decision reject = store.decide(run, new Decision.New(0, Decision.Action.REJECT, "ayu", priorOf(accepted), "kept",
                Optional.of("human"), Optional.of("rejected by ayu"), Optional.of(2.0))).orElseThrow();
        Decision accept = store.decide(run, new Decision.New(1, Decision.Action.ACCEPT, "api-key", priorOf(rejected), "weak",
                Optional.empty(), Optional.empty(), Optional.empty())).orElseThrow();

        assertThat(store.item(run, 0).orElseThrow()).satisfies(i -> {
            assertThat(i.state()).isEqualTo(ItemState.REJECTED);
            assertThat(i.gate()).contains("human");
            assertThat(i.reason()).contains("rejected by ayu");
        });
        assertThat(store.item(run, 1).orElseThrow()).satisfies(i -> {
            assertThat(i.state()).isEqualTo(ItemState.ACCEPTED);
            assertThat(i.gate()).isEmpty();
            assertThat(i.reason()).isEmpty();
        });
        assertThat(store.decisions(run, 0)).singleElement().satisfies(d -> {
            assertThat(d.id()).isEqualTo(reject.id());
            assertThat(d.action()).isEqualTo(Decision.Action.REJECT);
            assertThat(d.by()).isEqualTo("ayu");
            assertThat(d.prior().state()).isEqualTo(ItemState.ACCEPTED);
            assertThat(d.undone()).isFalse();
        });
        assertThat(store.reviews(run, Review.HUMAN)).extracting(Review::seq, Review::accept, Review::score)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(0, Optional.of(false), Optional.of(2.0)),
                        org.assertj.core.groups.Tuple.tuple(1, Optional.of(true), Optional.empty()));
        assertThat(store.decisionCounts(run)).containsEntry("accept", 1).containsEntry("reject", 1).containsEntry("undone", 0);

        Decision undone = store.undo(run, 1, accept.id(), "ayu").orElseThrow();

        assertThat(undone.undoneBy()).contains("ayu");
        assertThat(store.item(run, 1).orElseThrow()).satisfies(i -> {
            assertThat(i.state()).isEqualTo(ItemState.REJECTED);
            assertThat(i.gate()).contains("judge");
            assertThat(i.reason()).contains("too weak");
        });
        assertThat(store.decisions(run, 1)).singleElement().satisfies(d -> assertThat(d.undone()).isTrue());
        assertThat(store.reviews(run, Review.HUMAN)).extracting(Review::seq).containsExactly(0);
        assertThat(store.decisionCounts(run)).containsEntry("accept", 0).containsEntry("reject", 1).containsEntry("undone", 1);
        assertThat(store.undo(run, 1, accept.id(), "ayu")).as("an undone decision is undone once").isEmpty();
    }

    @Test
    void an_edit_is_a_version_by_its_author_and_only_the_latest_decision_can_be_undone() {
        String run = newRun(1);
        finishItem(run, 0, ItemState.ACCEPTED, "first text");
        Decision edit = store.decide(run, new Decision.New(0, Decision.Action.EDIT, "ayu", priorOf(store.item(run, 0)
                .orElseThrow()), "edited text", Optional.empty(), Optional.empty(), Optional.empty())).orElseThrow();
        Decision reject = store.decide(run, new Decision.New(0, Decision.Action.REJECT, "budi", priorOf(store.item(run, 0)
                .orElseThrow()), "edited text", Optional.of("human"), Optional.of("rejected by budi"), Optional.empty()))
                .orElseThrow();

        assertThat(store.versions(run, 0)).extracting(ItemVersion::version, ItemVersion::dialogue, ItemVersion::author)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1, "first text", null),
                        org.assertj.core.groups.Tuple.tuple(2, "edited text", "ayu"));
        assertThat(store.versionScores(run)).as("an edit is no judged version").containsExactly(Map.entry(0, List.of(4.0)));
        assertThat(store.reviews(run, Review.HUMAN)).as("an edit is no verdict").extracting(Review::reviewer)
                .containsExactly("budi");
        assertThat(store.undo(run, 0, edit.id(), "ayu")).as("a later decision holds").isEmpty();
        assertThat(store.item(run, 0).orElseThrow().state()).isEqualTo(ItemState.REJECTED);

        store.undo(run, 0, reject.id(), "ayu").orElseThrow();
        store.undo(run, 0, edit.id(), "ayu").orElseThrow();

        ItemRecord back = store.item(run, 0).orElseThrow();
        assertThat(back.state()).isEqualTo(ItemState.ACCEPTED);
        assertThat(back.dialogue()).contains("first text");
        assertThat(back.gate()).isEmpty();
    }

    @Test
    void a_decision_on_an_item_that_changed_or_is_held_writes_nothing() {
        String run = newRun(2);
        finishItem(run, 0, ItemState.ACCEPTED, "kept");
        ItemRecord seen = store.item(run, 0).orElseThrow();
        store.decide(run, new Decision.New(0, Decision.Action.REJECT, "ayu", priorOf(seen), "kept", Optional.of("human"),
                Optional.of("rejected by ayu"), Optional.empty())).orElseThrow();
        store.transition(run, 1, WORKER, ItemState.PLANNED, ItemState.GENERATING, ItemUpdate.NONE);
        store.transition(run, 1, WORKER, ItemState.GENERATING, ItemState.GENERATED, new ItemUpdate("mid-way", null, null,
                null, null));

        assertThat(store.decide(run, new Decision.New(0, Decision.Action.REJECT, "budi", priorOf(seen), "kept",
                Optional.of("human"), Optional.of("rejected by budi"), Optional.empty()))).as("seen before ayu's").isEmpty();
        assertThat(store.decide(run, new Decision.New(1, Decision.Action.EDIT, "budi", new Decision.Prior(ItemState.GENERATED,
                Optional.empty(), Optional.empty(), "mid-way"), "edited", Optional.empty(), Optional.empty(), Optional.empty())))
                .as("held by a worker").isEmpty();
        assertThat(store.decisions(run, 0)).extracting(Decision::by).containsExactly("ayu");
        assertThat(store.decisions(run, 1)).isEmpty();
        assertThat(store.item(run, 1).orElseThrow().dialogue()).contains("mid-way");
    }

    @Test
    void deletes_a_run_with_everything_stored_for_it_and_nothing_else() {
        String doomed = newRun(2);
        String kept = newRun(1);
        for (String run : List.of(doomed, kept)) {
            store.recordCall(run, 0, call(ModelRole.GENERATOR, 120, 40, ModelCall.OK, null));
            store.addVersion(run, 0, 1, "first", "{}", 4.0);
            store.addReview(run, new Review(0, Review.HUMAN, "ayu", Optional.of(4.0), Optional.empty(), Optional.empty()));
        }

        assertThat(store.deleteRun(doomed)).isTrue();

        assertThat(store.findRun(doomed)).isEmpty();
        assertThat(store.countItems(doomed, ItemFilter.ALL)).isZero();
        assertThat(store.versions(doomed, 0)).isEmpty();
        assertThat(store.reviews(doomed, 0)).isEmpty();
        assertThat(store.usageByRole(doomed)).isEmpty();
        assertThat(store.countItems(kept, ItemFilter.ALL)).isEqualTo(1);
        assertThat(store.versions(kept, 0)).hasSize(1);
        assertThat(store.reviews(kept, 0)).hasSize(1);
        assertThat(store.usageByRole(kept)).containsOnlyKeys("generator");
        assertThat(store.deleteRun(doomed)).isFalse();
    }

    @Test
    void walks_every_item_of_a_large_run_in_plan_order_page_by_page_optionally_in_one_state() {
        int size = 1_203;
        String id = unclaimedRun(size);
        // Items 500 and 1001 (one on each later page) move on.
        store.claim(id, WORKER, size, System.currentTimeMillis(), 600_000);
        for (int seq : List.of(500, 1001)) {
            assertThat(store.transition(id, seq, WORKER, ItemState.PLANNED, ItemState.GENERATING, ItemUpdate.NONE)).isTrue();
        }

        var all = new java.util.ArrayList<Integer>();
        store.forEachItem(id, Optional.empty(), item -> all.add(item.seq()));
        var generating = new java.util.ArrayList<Integer>();
        store.forEachItem(id, Optional.of(ItemState.GENERATING), item -> generating.add(item.seq()));

        assertThat(all).hasSize(size).isSorted().doesNotHaveDuplicates().startsWith(0).endsWith(size - 1);
        assertThat(generating).containsExactly(500, 1001);
        assertThat(store.distinctCells(id)).isEqualTo(size);
    }

    // ---- helpers ---------------------------------------------------------------------------------

    @Test
    void keeps_the_model_settings_a_run_was_created_with() {
        String settings = "{\"generator\":{\"model\":\"gen-model\",\"host\":\"gpu-box\",\"temperature\":0.3}}";
        String with = UUID.randomUUID().toString();
        String without = newRun(1);

        store.createRun(new RunRecord(with, "contract", RunStatus.RUNNING, "{}", "0".repeat(64), "{}", "gen-model",
                "judge-model", 1, RunOptions.DEFAULTS, Optional.empty(), Instant.now(), Optional.empty()),
                List.of(new NewItem(0, "topic=a", "{\"topic\":\"a\"}", 1)), List.of(), List.of(), settings);

        assertThat(store.modelSettings(with)).hasValue(settings);
        assertThat(store.modelSettings(without)).as("created without settings").isEmpty();
        assertThat(store.items(with, Optional.empty(), 10, 0)).hasSize(1);
    }

    /** A new running run with {@code size} planned items, returning its id. */
    private String newRun(int size) {
        String id = unclaimedRun(size);
        // This test process is the worker holding every item.
        assertThat(store.claim(id, WORKER, size, System.currentTimeMillis(), 600_000)).hasSize(size);
        return id;
    }

    /** A new running run with one planned item per cell {@code topic=t<seq>}, claimed by nobody yet. */
    private String unclaimedRun(int size) {
        String id = UUID.randomUUID().toString();
        List<NewItem> items = new ArrayList<>();
        for (int seq = 0; seq < size; seq++) {
            items.add(new NewItem(seq, "topic=t" + seq, "{\"topic\":\"t" + seq + "\"}", 100 + seq));
        }
        store.createRun(new RunRecord(id, "contract", RunStatus.RUNNING, "{}", "0".repeat(64), "{}", "gen-model",
                "judge-model", size, RunOptions.DEFAULTS, Optional.empty(), Instant.now(), Optional.empty()), items);
        return id;
    }

    /** A new running run created at {@code created} with one item per cell key, all held by this worker. */
    private String newRun(List<String> cellKeys, Instant created) {
        String id = UUID.randomUUID().toString();
        List<NewItem> items = new ArrayList<>();
        for (int seq = 0; seq < cellKeys.size(); seq++) {
            items.add(new NewItem(seq, cellKeys.get(seq), "{}", seq));
        }
        store.createRun(new RunRecord(id, "contract", RunStatus.RUNNING, "{}", "0".repeat(64), "{}", "gen-model",
                "judge-model", cellKeys.size(), RunOptions.DEFAULTS, Optional.empty(), created, Optional.empty()), items);
        assertThat(store.claim(id, WORKER, cellKeys.size(), System.currentTimeMillis(), 600_000)).hasSize(cellKeys.size());
        return id;
    }

    private static ItemFilter filter(Map<String, String> cell) {
        return new ItemFilter(Optional.empty(), cell, Optional.empty(), Optional.empty(), Optional.empty());
    }

    private List<Integer> seqs(String run, ItemFilter filter) {
        List<Integer> seqs = store.items(run, filter, 100, 0).stream().map(ItemRecord::seq).toList();
        assertThat(store.countItems(run, filter)).isEqualTo(seqs.size());
        return seqs;
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
