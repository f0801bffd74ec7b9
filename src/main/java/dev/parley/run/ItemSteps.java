package dev.parley.run;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import dev.parley.dialogue.Dialogue;
import dev.parley.generate.DialogueBrief;
import dev.parley.judge.CriterionScore;
import dev.parley.judge.DialogueJudge;
import dev.parley.judge.ModelDialogueReviser;
import dev.parley.judge.Verdict;
import dev.parley.llm.CallContext;
import dev.parley.llm.ModelAnswer;
import dev.parley.llm.ModelCallException;
import dev.parley.quality.Gate;
import dev.parley.quality.Rejection;
import dev.parley.recipe.Recipe;
import dev.parley.store.ItemQueue.ItemUpdate;
import dev.parley.store.ItemQueue;
import dev.parley.store.ItemRecord;
import dev.parley.store.ItemState;
import dev.parley.store.RunStatus;

/**
 * The processing of one claimed item, a step per state: generate a planned item, gate a generated one,
 * judge it, revise it. Each step ends in a move of the item in the {@link ItemQueue}, a compare-and-set
 * that also checks this worker's lease, persisted before the next step starts.
 */
final class ItemSteps {

    private final RunSetup setup;
    private final EngineStores stores;
    private final StoredJson json;
    private final String workerId;

    ItemSteps(RunSetup setup, EngineStores stores, StoredJson json, String workerId) {
        this.setup = setup;
        this.stores = stores;
        this.json = json;
        this.workerId = workerId;
    }

    /** The number of stored versions is not known yet: it is counted in the store when first needed. */
    private static final int VERSIONS_UNKNOWN = -1;

    /**
     * Where an item is between steps: its state, the state the store holds (GENERATING while a written
     * dialogue waits for its gates and, with the cache, for the judge's first decision), its dialogue and
     * latest verdict once it has them, and how many versions of it are stored.
     */
    private static final class Progress {
        ItemState state;
        ItemState stored;
        Dialogue dialogue;
        Verdict verdict;
        int versions;

        Progress(ItemState state, Dialogue dialogue, Verdict verdict) {
            this.state = state;
            this.stored = state;
            this.dialogue = dialogue;
            this.verdict = verdict;
            // The engine stores a version only with the verdict of a move out of JUDGING, and no move takes a verdict
            // away; a person's edit adds one only to a settled item, which is not processed again. An item without a
            // verdict has none, and counting them was a query per judged item.
            this.versions = verdict == null ? 0 : VERSIONS_UNKNOWN;
        }
    }

    /**
     * Takes an item from the state it was claimed in to a final state, or as far as it gets before a
     * model error, a lost lease or a stop. A claimed item's first step is started ({@link ItemQueue#claimAndStart}):
     * a planned item comes GENERATING.
     *
     * @throws ModelCallException when a call failed in a way that stops the run
     * @throws LostLeaseException when another worker took the item over
     */
    void process(ItemRecord item) {
        int seq = item.seq();
        CallContext calls = setup.callsOf(seq);
        DialogueBrief brief = setup.brief(item, item.seed(), json);
        var at = new Progress(item.state(), item.dialogue().orElse(null), item.verdict().orElse(null));
        boolean going = true;
        while (going) {
            going = switch (at.state) {
                case GENERATING -> generate(seq, brief, calls, at);
                case GENERATED -> gate(seq, brief, at);
                case JUDGING -> judge(item, brief, calls, at);
                case REVISING -> revise(seq, brief, calls, at);
                default -> throw new IllegalStateException("item " + seq + " cannot be processed in state "
                        + at.state.key());
            };
        }
    }

    /** GENERATING (a planned item, which the claim started): the writer writes the dialogue. */
    private boolean generate(int seq, DialogueBrief brief, CallContext calls, Progress at) {
        if (setup.recipe.preference().samples()) {
            // Candidates an earlier attempt stored go: this attempt stores its own (the same, from the cache).
            stores.candidates().clear(setup.runId, seq);
        }
        ModelAnswer<Dialogue> written;
        try {
            written = setup.writerOf(calls, seq).write(brief);
        } catch (ModelCallException e) {
            fail(seq, ItemState.GENERATING, e);
            return false;
        }
        at.dialogue = written.value();
        at.state = ItemState.GENERATED;
        if (calls.useCache()) {
            // The dialogue is stored with the gates' decision, the item going through GENERATED in one move:
            // a crash before that leaves it GENERATING for the next claim, and the writer's answer comes back from
            // the cache.
            at.stored = ItemState.GENERATING;
            return true;
        }
        move(seq, ItemState.GENERATING, ItemState.GENERATED, new ItemUpdate(at.dialogue, null, null, null, null));
        at.stored = ItemState.GENERATED;
        return true;
    }

    /** GENERATED: every deterministic gate checks the dialogue; a redacted one is the one kept from here on. */
    private boolean gate(int seq, DialogueBrief brief, Progress at) {
        Gate.Result checked = setup.gates.check(seq, at.dialogue, brief.language(), brief.cell());
        // A redacted dialogue is the one kept, judged and exported, rejected or not.
        boolean unstored = at.stored == ItemState.GENERATING;
        Dialogue changed = !unstored && checked.dialogue().equals(at.dialogue) ? null : checked.dialogue();
        at.dialogue = checked.dialogue();
        if (!checked.passed()) {
            Rejection rejection = checked.rejection().get();
            moveFromGenerated(seq, unstored, ItemState.REJECTED, new ItemUpdate(changed, null, null, rejection.gate(),
                    rejection.reason()));
            return false;
        }
        at.state = ItemState.JUDGING;
        if (unstored && setup.batches == null) {
            // The dialogue is stored with the judge's decision, the item going through GENERATED and JUDGING in
            // that one move: a crash before leaves it GENERATING for the next claim, and the writer's and the
            // judge's answers come back from the cache. A run with batches stores it now, as a judge's batch
            // can take hours, and the item is shown as being judged meanwhile.
            return true;
        }
        moveFromGenerated(seq, unstored, ItemState.JUDGING, new ItemUpdate(changed, null, null, null, null));
        at.stored = ItemState.JUDGING;
        return true;
    }

    /** JUDGING: the judge scores the dialogue, which is accepted, sent for a revision, or rejected. */
    private boolean judge(ItemRecord item, DialogueBrief brief, CallContext calls, Progress at) {
        int seq = item.seq();
        ModelAnswer<Verdict> judged;
        try {
            judged = setup.judgeOf(calls).judge(brief, at.dialogue);
        } catch (ModelCallException e) {
            if (e.kind().stopsRun() && at.stored == ItemState.GENERATING) {
                // The run stops with the item mid-judge: its dialogue is kept, and it waits GENERATED for the resume.
                moveFromGenerated(seq, true, ItemState.JUDGING, new ItemUpdate(at.dialogue, null, null, null, null));
                at.stored = ItemState.JUDGING;
            }
            fail(seq, at.stored, unstoredDialogue(at), e);
            return false;
        }
        Verdict verdict = judged.value();
        at.verdict = verdict;
        if (at.versions == VERSIONS_UNKNOWN) {
            at.versions = stores.history().versionCount(setup.runId, seq);
        }
        int version = at.versions + 1;
        // The judged version is stored in the same transaction as the move it decides,
        // so a crash in between leaves neither, and redoing the step adds no version twice.
        var judgedVersion = new ItemQueue.NewVersion(version, at.dialogue, verdict, verdict.meanScore());
        Recipe.Revise revise = setup.recipe.judge().revise();
        Dialogue unstored = unstoredDialogue(at);
        if (verdict.accepted()) {
            moveFromJudging(seq, at, ItemState.ACCEPTED,
                    new ItemUpdate(unstored, verdict, verdict.meanScore(), null, null), judgedVersion);
            setup.stockOpenings.accepted(at.dialogue);
            setup.live.accepted(seq, at.dialogue, item.cellKey(), setup.embedding(seq))
                    .ifPresent(reason -> setup.stopping.request(RunStatus.STOPPED, reason));
            return false;
        }
        if (version - 1 < revise.rounds() && verdict.meanScore() >= revise.floor()) {
            moveFromJudging(seq, at, ItemState.REVISING,
                    new ItemUpdate(unstored, verdict, verdict.meanScore(), null, null), judgedVersion);
            at.versions = version;
            at.state = ItemState.REVISING;
            at.stored = ItemState.REVISING;
            return true;
        }
        moveFromJudging(seq, at, ItemState.REJECTED, new ItemUpdate(unstored, verdict,
                verdict.meanScore(), DialogueJudge.JUDGE_GATE, rejectionReason(verdict, version - 1)), judgedVersion);
        setup.duplicateGates.forget(seq);
        return false;
    }

    /** REVISING: the generator revises the dialogue by the verdict, and the revision passes every gate again. */
    private boolean revise(int seq, DialogueBrief brief, CallContext calls, Progress at) {
        ModelAnswer<Dialogue> revised;
        try {
            revised = new ModelDialogueReviser(setup.gateway, setup.generator, setup.prompts,
                    setup.recipe.judge().revise().mode(), calls, setup.recipe.tools()).revise(brief, at.dialogue, at.verdict);
        } catch (ModelCallException e) {
            fail(seq, ItemState.REVISING, e);
            return false;
        }
        // The revision replaces the version held in the duplicate indexes, and passes every gate
        // the first version passed.
        setup.duplicateGates.forget(seq);
        Gate.Result checked = setup.gates.check(seq, revised.value(), brief.language(), brief.cell());
        at.dialogue = checked.dialogue();
        if (!checked.passed()) {
            Rejection broken = checked.rejection().get();
            move(seq, ItemState.REVISING, ItemState.REJECTED, new ItemUpdate(at.dialogue, null,
                    null, broken.gate(), "the revision broke the dialogue: " + broken.reason()));
            return false;
        }
        move(seq, ItemState.REVISING, ItemState.JUDGING, new ItemUpdate(at.dialogue, null, null, null, null));
        at.state = ItemState.JUDGING;
        at.stored = ItemState.JUDGING;
        return true;
    }

    private String rejectionReason(Verdict verdict, int revisions) {
        String why = verdict.belowFloor().isEmpty()
                ? String.format(Locale.ROOT, "mean score %.2f is below the threshold %.2f", verdict.meanScore(),
                        setup.recipe.judge().threshold())
                : "under the floor on " + String.join(", ", verdict.belowFloor());
        return why + (revisions > 0 ? " after " + revisions + " revision(s)" : "") + ": " + lowest(verdict);
    }

    private static String lowest(Verdict verdict) {
        return verdict.scores().stream().min(Comparator.comparingInt(CriterionScore::score))
                .map(s -> s.criterion() + " " + s.score() + " (" + s.reason() + ")").orElse("");
    }

    /**
     * A model call that gave no usable answer: endpoint-wide errors and the budget stop the run
     * (the item goes back for a later resume); otherwise the item fails with the reason, and
     * with fail-fast the run stops too.
     */
    private void fail(int seq, ItemState from, ModelCallException e) {
        fail(seq, from, null, e);
    }

    /** As {@link #fail(int, ItemState, ModelCallException)}, storing the dialogue the store does not hold yet. */
    private void fail(int seq, ItemState from, Dialogue unstored, ModelCallException e) {
        if (e.kind().stopsRun()) {
            throw e;
        }
        setup.duplicateGates.forget(seq);
        move(seq, from, ItemState.FAILED, new ItemUpdate(unstored, null, null, e.kind().key(), e.getMessage()));
        if (setup.run.options().failFast()) {
            setup.stopping.request(RunStatus.FAILED, "fail-fast: item " + seq + " failed: " + e.getMessage());
        }
    }

    private void move(int seq, ItemState from, ItemState to, ItemUpdate fields) {
        move(seq, from, to, fields, null);
    }

    /** From GENERATED, or from GENERATING through GENERATED when the written dialogue is not stored yet. */
    private void moveFromGenerated(int seq, boolean unstored, ItemState to, ItemUpdate fields) {
        moveAlong(seq, unstored ? List.of(ItemState.GENERATING, ItemState.GENERATED, to) : List.of(ItemState.GENERATED, to),
                fields, null);
    }

    /** The dialogue to store with the judge's decision: the one judged when the store holds the item GENERATING. */
    private static Dialogue unstoredDialogue(Progress at) {
        return at.stored == ItemState.GENERATING ? at.dialogue : null;
    }

    /** From JUDGING, or from GENERATING through GENERATED and JUDGING when the judged dialogue is not stored yet. */
    private void moveFromJudging(int seq, Progress at, ItemState to, ItemUpdate fields, ItemQueue.NewVersion version) {
        moveAlong(seq, at.stored == ItemState.GENERATING
                ? List.of(ItemState.GENERATING, ItemState.GENERATED, ItemState.JUDGING, to)
                : List.of(ItemState.JUDGING, to), fields, version);
    }

    private void move(int seq, ItemState from, ItemState to, ItemUpdate fields, ItemQueue.NewVersion version) {
        moveAlong(seq, List.of(from, to), fields, version);
    }

    /** Moves the item along the path in one statement, or throws when another worker has taken it over. */
    private void moveAlong(int seq, List<ItemState> path, ItemUpdate fields, ItemQueue.NewVersion version) {
        if (!stores.queue().transition(setup.runId, seq, workerId, path, fields, version, setup.topUp)) {
            throw lostLease(seq, path.getLast());
        }
    }

    private LostLeaseException lostLease(int seq, ItemState to) {
        return new LostLeaseException("item " + seq + " of run " + setup.runId + " was taken over by another worker"
                + " (its lease ran out) before it could become " + to.key() + "; that worker finishes it");
    }

    /** This worker no longer holds the item: it lost its lease, and another worker took over. */
    static final class LostLeaseException extends RuntimeException {
        LostLeaseException(String message) {
            super(message);
        }
    }
}
