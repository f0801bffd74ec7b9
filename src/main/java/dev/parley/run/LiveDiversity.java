package dev.parley.run;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiConsumer;
import java.util.function.IntFunction;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.parley.dialogue.Dialogue;
import dev.parley.quality.DiversityGate;
import dev.parley.quality.DiversityGateEvaluator;
import dev.parley.quality.DiversityMeter;
import dev.parley.quality.DiversitySnapshot;
import dev.parley.quality.Gate;
import dev.parley.quality.Rejection;
import dev.parley.quality.TrippedGate;
import dev.parley.recipe.Recipe;
import dev.parley.store.DiversityPoint;
import dev.parley.store.DiversitySnapshots;
import dev.parley.store.ItemRepository;
import dev.parley.store.ItemState;
import dev.parley.store.RunRecord;
import dev.parley.store.RunStatus;

/**
 * Live diversity of one execution: a {@link DiversityMeter} over the run's accepted dialogues (a sliding
 * window and everything), the recipe's diversity gates, and a snapshot stored every
 * {@code checks.diversity-every} accepted dialogues (and once at the end), which is when the warn and
 * pause gates are judged. Reject gates judge each dialogue before the judge sees it.
 *
 * <p>A pause gate stops the run as {@code STOPPED} with the gate's reason. Resuming means a person saw
 * the reason and chose to go on: the pause gates past their limits at that moment are acknowledged and
 * only warn until their measure is back within the limit, after which they pause again.
 *
 * <p>Several workers: each worker's meter is fed what it accepts, and at a snapshot, once a lease has passed
 * since it last looked, it first catches up on what the others accepted since then (items moved to
 * {@code ACCEPTED} since then, less the lease as a margin for clocks), feeding those to the duplicate gates
 * too. So each worker's window holds the run's recent dialogues in the order it learned of them, and its
 * gates judge the whole run, late by at most a lease and a snapshot interval.
 */
final class LiveDiversity implements Gate {

    /** The chain's name for the diversity reject gates; rejections name the recipe's gate. */
    static final String GATE = "diversity";

    private static final Logger LOG = Logger.getLogger(LiveDiversity.class);
    /** How a run stopped by a pause gate begins its error. */
    static final String PAUSED = "diversity gate ";

    private final ItemRepository items;
    private final DiversitySnapshots snapshots;
    private final ObjectMapper json;
    private final BiConsumer<Integer, Dialogue> othersAccepted;
    private final String runId;
    private final String workerId;
    private final long marginMillis;
    private final int every;
    private final Recipe recipe;
    /** Replaced, never changed in place, when a person takes a dialogue out (see {@link #forget}). */
    private volatile DiversityMeter meter;
    private final DiversityGateEvaluator gates;
    private final Set<Integer> counted = ConcurrentHashMap.newKeySet();
    private final Set<DiversityGate> acknowledged = ConcurrentHashMap.newKeySet();
    private final AtomicInteger sinceSnapshot = new AtomicInteger();
    private final ReentrantLock snapshotting = new ReentrantLock();
    private volatile Instant lastCatchUp = Instant.now();
    /** Accepted dialogues in the last stored snapshot: items finishing together can leave nothing new to store. */
    private int lastStored = -1;

    /**
     * @param othersAccepted told of each dialogue another worker accepted, when this one learns of it
     */
    LiveDiversity(Recipe recipe, ItemRepository items, DiversitySnapshots snapshots, String runId, String workerId, long leaseMillis, ObjectMapper json,
            BiConsumer<Integer, Dialogue> othersAccepted) {
        this.items = items;
        this.snapshots = snapshots;
        this.json = json;
        this.othersAccepted = othersAccepted;
        this.runId = runId;
        this.workerId = workerId;
        this.marginMillis = leaseMillis;
        Recipe.CollapseChecks checks = recipe.checks().collapse();
        this.every = checks.diversityEvery();
        this.recipe = recipe;
        this.meter = newMeter();
        this.gates = new DiversityGateEvaluator(checks.diversity().stream().map(DiversityGate::of).toList());
    }

    private DiversityMeter newMeter() {
        return new DiversityMeter(DiversityMeter.DEFAULT_WINDOW, plannedCells(recipe), DiversityMeter.DEFAULT_BLEU_SAMPLE,
                recipe.seed());
    }

    /** Distinct cells the plan holds: the whole grid, or as many as there are dialogues when it is larger. */
    static int plannedCells(Recipe recipe) {
        long grid = 1;
        for (List<String> values : recipe.dimensions().values()) {
            grid = Math.min(grid * values.size(), Integer.MAX_VALUE);
        }
        return (int) Math.max(1, Math.min(grid, recipe.count()));
    }

    /** Counts an accepted dialogue without judging the gates (rebuilding the meter from the store). */
    void remember(int seq, Dialogue dialogue, String cell, float[] embedding) {
        synchronized (counted) {
            if (counted.add(seq)) {
                meter.add(dialogue, cell, embedding);
            }
        }
    }

    /**
     * Uncounts a dialogue a person took out of the dataset. The meter's measures cannot subtract one dialogue,
     * so it is rebuilt from the accepted dialogues it counts, which reads them from the store.
     *
     * @param embeddings each counted dialogue's sentence embedding, or null
     */
    void forget(int seq, IntFunction<float[]> embeddings) {
        synchronized (counted) {
            if (!counted.remove(seq)) {
                return;
            }
            DiversityMeter fresh = newMeter();
            items.forEachItem(runId, Optional.of(ItemState.ACCEPTED), item -> {
                if (counted.contains(item.seq())) {
                    fresh.add(item.dialogue().orElseThrow(), item.cellKey(),
                            embeddings.apply(item.seq()));
                }
            });
            meter = fresh;
        }
    }

    /**
     * Called once the meter is rebuilt: if the run was paused by a diversity gate, the gates past their
     * limits now are acknowledged.
     */
    void resumed(RunRecord before) {
        lastCatchUp = Instant.now();
        if (before.status() == RunStatus.STOPPED && before.error().orElse("").startsWith(PAUSED)) {
            for (TrippedGate t : gates.evaluate(meter.snapshot()).tripped()) {
                acknowledged.add(t.gate());
            }
        }
    }

    @Override
    public String name() {
        return GATE;
    }

    @Override
    public Result check(Candidate candidate) {
        return Result.of(candidate.dialogue(), check(candidate.dialogue()));
    }

    /** The reject gates on a dialogue before it is judged. */
    Optional<Rejection> check(Dialogue dialogue) {
        return gates.gates().isEmpty() ? Optional.empty() : gates.check(dialogue, meter);
    }

    /**
     * Counts a dialogue this worker accepted; every {@code diversity-every} accepted dialogues, catches
     * up on other workers' (handing each to {@code othersAccepted}), stores a snapshot and judges the gates.
     *
     * @return why the run should pause, when a pause gate tripped
     */
    Optional<String> accepted(int seq, Dialogue dialogue, String cell, float[] embedding) {
        remember(seq, dialogue, cell, embedding);
        if (sinceSnapshot.incrementAndGet() < every || !snapshotting.tryLock()) {
            return Optional.empty();
        }
        try {
            sinceSnapshot.set(0);
            catchUp(false);
            return judge(true);
        } finally {
            snapshotting.unlock();
        }
    }

    /**
     * The last snapshot of an execution, when dialogues were accepted since the one before; it records
     * what the gates say but stops nothing, as the execution is ending anyway.
     */
    void finish() {
        snapshotting.lock();
        try {
            // Caught up at the end whatever this worker accepted since its last snapshot: a snapshot taken by
            // its last dialogue may have skipped the catch-up, a lease not having passed.
            boolean learned = catchUp(true);
            if (sinceSnapshot.getAndSet(0) > 0 || learned) {
                judge(false);
            }
        } finally {
            snapshotting.unlock();
        }
    }

    /**
     * Counts what other workers accepted since the last look, at most once a lease (and at the end): a count
     * of the run's accepted items, and when it is more than this worker counts, the plan numbers accepted
     * since the last look less the lease, and only the items not counted yet. A single worker (the usual
     * case) reads one count a lease; a snapshot every few dialogues of a large run reading every accepted
     * plan number made the catch-up a tenth of a 100,000-dialogue run's CPU.
     *
     * @return whether it counted dialogues other workers accepted
     */
    private boolean catchUp(boolean last) {
        Instant now = Instant.now();
        if (!last && now.isBefore(lastCatchUp.plusMillis(marginMillis))) {
            return false;
        }
        int before = counted.size();
        if (items.acceptedCount(runId) > before) {
            for (int seq : items.acceptedSeqsSince(runId, lastCatchUp.minusMillis(marginMillis))) {
                if (!counted.contains(seq)) {
                    items.item(runId, seq).filter(item -> item.state() == ItemState.ACCEPTED).ifPresent(item -> {
                        Dialogue d = item.dialogue().orElseThrow();
                        othersAccepted.accept(item.seq(), d);
                        remember(item.seq(), d, item.cellKey(), null);
                    });
                }
            }
        }
        lastCatchUp = now;
        return counted.size() > before;
    }

    /** Takes and stores a snapshot, logs the warnings, and says whether to pause. */
    private Optional<String> judge(boolean mayPause) {
        DiversitySnapshot snapshot = meter.snapshot();
        if (snapshot.overall().dialogues() == lastStored) {
            return Optional.empty();
        }
        lastStored = snapshot.overall().dialogues();
        List<TrippedGate> tripped = gates.evaluate(snapshot).tripped();
        acknowledged.removeIf(g -> tripped.stream().noneMatch(t -> t.gate().equals(g)));
        Optional<String> pause = Optional.empty();
        var recorded = new ArrayList<Map<String, Object>>();
        for (TrippedGate t : tripped) {
            boolean pauses = t.gate().action() == DiversityGate.Action.PAUSE && !acknowledged.contains(t.gate());
            String action = pauses ? "pause" : "warn";
            if (!pauses) {
                LOG.warnf("run %s: diversity gate %s: %s", runId, t.gate().name(), t.reason());
            } else if (mayPause && pause.isEmpty()) {
                pause = Optional.of(PAUSED + t.gate().name() + ": " + t.reason() + "; resume to go on (the gate then"
                        + " only warns until " + t.gate().measure().key() + " is back within its limit)");
            }
            var row = new LinkedHashMap<String, Object>();
            row.put("gate", t.gate().name());
            row.put("scope", t.gate().scope().name().toLowerCase(java.util.Locale.ROOT));
            row.put("action", action);
            row.put("value", Math.round(t.value() * 1000) / 1000.0);
            row.put("limit", t.gate().limit());
            row.put("reason", t.reason());
            recorded.add(row);
        }
        var measures = new LinkedHashMap<String, Object>();
        measures.put("window", snapshot.window().asMap());
        measures.put("overall", snapshot.overall().asMap());
        snapshots.addDiversityPoint(runId, new DiversityPoint(snapshot.overall().dialogues(), write(measures), write(recorded),
                workerId, Instant.now()));
        return pause;
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a diversity snapshot", e);
        }
    }
}
