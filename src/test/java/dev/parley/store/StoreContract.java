package dev.parley.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import dev.parley.config.StoreKind;
import dev.parley.dialogue.Dialogue;
import dev.parley.dialogue.Turn;
import dev.parley.judge.CriterionScore;
import dev.parley.judge.Verdict;
import dev.parley.llm.ModelCall;
import dev.parley.llm.ModelRole;
import dev.parley.store.ItemQueue.ItemUpdate;
import dev.parley.store.RunRepository.NewItem;

/**
 * What the store must do on every database it runs on, repository by repository: each
 * {@code *Contract} holds one repository's tests and each of those has a subclass per database (H2 and
 * PostgreSQL). Every test makes its own run, so the tests share a database without seeing each other's
 * rows. This class holds the repositories and the helpers the contracts share.
 */
abstract class StoreContract {

    static final String WORKER = "contract-worker";

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
    DiversitySnapshots snapshots;

    @Inject
    JdbcResponseCache cache;

    @Inject
    @StoreDataSource
    DataSource dataSource;

    /** The database the test's configuration selects. */
    abstract StoreKind expectedKind();

    /** Moves a held item through generation and judging to {@code end}, with the dialogue {@code text}. */
    void finishItem(String run, int seq, ItemState end, String text) {
        queue.transition(run, seq, WORKER, ItemState.PLANNED, ItemState.GENERATING, ItemUpdate.NONE);
        queue.transition(run, seq, WORKER, ItemState.GENERATING, ItemState.GENERATED, new ItemUpdate(text(text), null, null, null, null));
        queue.transition(run, seq, WORKER, ItemState.GENERATED, ItemState.JUDGING, ItemUpdate.NONE);
        queue.transition(run, seq, WORKER, ItemState.JUDGING, end, new ItemUpdate(null, verdict("judged"), 4.0,
                end == ItemState.REJECTED ? "judge" : null, end == ItemState.REJECTED ? "too weak" : null),
                new ItemQueue.NewVersion(1, text(text), verdict("judged"), 4.0));
    }

    static Decision.Prior priorOf(ItemRecord item) {
        return new Decision.Prior(item.state(), item.gate(), item.reason(), item.dialogue().orElseThrow());
    }

    /** A new running run with {@code size} planned items, returning its id. */
    String newRun(int size) {
        String id = unclaimedRun(size);
        // This test process is the worker holding every item.
        assertThat(queue.claim(id, WORKER, size, System.currentTimeMillis(), 600_000)).hasSize(size);
        return id;
    }

    /** A new running run with one planned item per cell {@code topic=t<seq>}, claimed by nobody yet. */
    String unclaimedRun(int size) {
        String id = UUID.randomUUID().toString();
        List<NewItem> items = new ArrayList<>();
        for (int seq = 0; seq < size; seq++) {
            items.add(new NewItem(seq, "topic=t" + seq, "{\"topic\":\"t" + seq + "\"}", 100 + seq));
        }
        runs.createRun(new RunRecord(id, "contract", RunStatus.RUNNING, "{}", "0".repeat(64), "{}", "gen-model",
                "judge-model", size, RunOptions.DEFAULTS, Optional.empty(), Instant.now(), Optional.empty()), items);
        return id;
    }

    /** A new running run created at {@code created} with one item per cell key, all held by this worker. */
    String newRun(List<String> cellKeys, Instant created) {
        String id = UUID.randomUUID().toString();
        List<NewItem> items = new ArrayList<>();
        for (int seq = 0; seq < cellKeys.size(); seq++) {
            items.add(new NewItem(seq, cellKeys.get(seq), "{}", seq));
        }
        runs.createRun(new RunRecord(id, "contract", RunStatus.RUNNING, "{}", "0".repeat(64), "{}", "gen-model",
                "judge-model", cellKeys.size(), RunOptions.DEFAULTS, Optional.empty(), created, Optional.empty()), items);
        assertThat(queue.claim(id, WORKER, cellKeys.size(), System.currentTimeMillis(), 600_000)).hasSize(cellKeys.size());
        return id;
    }

    static ItemFilter filter(Map<String, String> cell) {
        return new ItemFilter(Optional.empty(), cell, Optional.empty(), Optional.empty(), Optional.empty());
    }

    List<Integer> seqs(String run, ItemFilter filter) {
        List<Integer> seqs = items.items(run, filter, 100, 0).stream().map(ItemRecord::seq).toList();
        assertThat(items.countItems(run, filter)).isEqualTo(seqs.size());
        return seqs;
    }

    /** Moves a planned item through GENERATING to GENERATED with the given dialogue. */
    void generate(String run, int seq, String dialogue) {
        assertThat(queue.transition(run, seq, WORKER, ItemState.PLANNED, ItemState.GENERATING, ItemUpdate.NONE)).isTrue();
        assertThat(queue.transition(run, seq, WORKER, ItemState.GENERATING, ItemState.GENERATED, dialogue(dialogue))).isTrue();
    }

    ItemRecord item(String run, int seq) {
        return items.item(run, seq).orElseThrow();
    }

    static ItemUpdate dialogue(String line) {
        return new ItemUpdate(text(line), null, null, null, null);
    }

    /** A one-message dialogue saying {@code line}: the store keeps dialogues whatever they say. */
    static Dialogue text(String line) {
        return new Dialogue(List.of(new Turn(Turn.USER, line)));
    }

    /** A verdict told apart from others by its summary. */
    static Verdict verdict(String summary) {
        return new Verdict(List.of(new CriterionScore("helpfulness", 4, "fine")), List.of(), summary, 4.0, true, List.of(),
                List.of());
    }

    static ModelCall call(ModelRole role, long in, long out, String outcome, String error) {
        return new ModelCall(role, role.key() + "-model", "f".repeat(64), in, out, 7, outcome, error);
    }
}
