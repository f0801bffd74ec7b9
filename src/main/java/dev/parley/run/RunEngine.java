package dev.parley.run;

import static dev.parley.judge.DialogueJudge.JUDGE_GATE;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.parley.config.ParleyConfig;
import dev.parley.corpus.RunInputs;
import dev.parley.dialogue.Dialogue;
import dev.parley.generate.DialogueBrief;
import dev.parley.generate.DialogueWriter;
import dev.parley.generate.ModelDialogueWriter;
import dev.parley.generate.RolePlayWriter;
import dev.parley.generate.SeedExamples;
import dev.parley.judge.CriterionScore;
import dev.parley.judge.DialogueJudge;
import dev.parley.judge.JudgePanel;
import dev.parley.judge.ModelDialogueReviser;
import dev.parley.judge.Rubric;
import dev.parley.judge.RubricJudge;
import dev.parley.judge.Verdict;
import dev.parley.llm.CallContext;
import dev.parley.llm.CallUsage;
import dev.parley.llm.ModelAnswer;
import dev.parley.llm.ModelCall;
import dev.parley.llm.ModelCallException;
import dev.parley.llm.ModelEndpoint;
import dev.parley.llm.ModelEndpoints;
import dev.parley.llm.ModelGateway;
import dev.parley.llm.ModelRole;
import dev.parley.llm.PriceTable;
import dev.parley.llm.PromptSet;
import dev.parley.llm.Secrets;
import dev.parley.dialogue.Cell;
import dev.parley.plan.DimensionExpander;
import dev.parley.plan.GridLimit;
import dev.parley.plan.PlannedDialogue;
import dev.parley.plan.Planner;
import dev.parley.quality.Gate;
import dev.parley.quality.HeuristicCheck;
import dev.parley.quality.Rejection;
import dev.parley.recipe.Recipe;
import dev.parley.recipe.RecipeLoader;
import dev.parley.store.ItemRecord;
import dev.parley.store.ItemState;
import dev.parley.store.RunModels;
import dev.parley.store.RunOptions;
import dev.parley.store.RunProgress;
import dev.parley.store.RunRecord;
import dev.parley.store.Review;
import dev.parley.store.RunStatus;
import dev.parley.store.RunStore;

/**
 * Creates runs and drives their items through the flow: generate, check, judge, decide.
 *
 * <p>A worker (this process) claims unfinished items in batches under a lease, processes each on
 * a virtual thread, and renews its leases while it lives; every state change is a compare-and-set
 * that also checks the lease, and is persisted before the next step starts. So a run interrupted
 * at any moment resumes where its items were, and several workers sharing one database never
 * process an item twice: a dead worker's items are taken over when its leases run out.
 */
@ApplicationScoped
public class RunEngine {

    private static final Logger LOG = Logger.getLogger(RunEngine.class);
    /** Progress is three aggregate queries over the run's calls: once a second is plenty for a progress line. */
    private static final long PROGRESS_EVERY_NANOS = 1_000_000_000L;
    /** Item number under which calls made before any item (expanding dimensions) are recorded. */
    public static final int RUN_CALLS_SEQ = -1;
    /** The reason recorded for a run a person cancelled. */
    public static final String CANCELLED = "cancelled by a user";

    private final RunStore store;
    private final ModelGateway gateway;
    private final ModelEndpoints endpoints;
    private final ObjectMapper json;
    private final ParleyConfig config;
    private final String workerId;
    private final Set<String> active = ConcurrentHashMap.newKeySet();
    /** The executions running in this process, so that a person can cancel one and a signal can stop them all. */
    private final Map<String, Execution> executions = new ConcurrentHashMap<>();

    @Inject
    public RunEngine(RunStore store, ModelGateway gateway, ModelEndpoints endpoints, ObjectMapper json, ParleyConfig config) {
        this.store = store;
        this.gateway = gateway;
        this.endpoints = endpoints;
        this.json = json;
        this.config = config;
        // host@pid plus a random part, so that a restarted process never mistakes old leases for its own
        this.workerId = ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID().toString().substring(0, 8);
    }

    /**
     * Plans a recipe and stores the run with its items, reading the prompt files once.
     *
     * @throws IllegalArgumentException when a prompt file, the rubric or a model setting is unusable
     */
    public RunRecord create(Recipe recipe, RunOptions options) {
        return create(recipe, options, GridLimit.NONE);
    }

    /**
     * {@link #create(Recipe, RunOptions)} with the grid, once a model has expanded its dimensions, held to {@code limit}.
     *
     * @throws dev.parley.recipe.InvalidRecipeException when the expanded grid is past the limit; nothing is stored
     */
    public RunRecord create(Recipe recipe, RunOptions options, GridLimit limit) {
        PromptSet prompts = PromptSet.load(recipe.prompts().map(java.nio.file.Path::of), recipe.judge().rubric());
        Rubric.parse(prompts.text(PromptSet.RUBRIC));
        DuplicateGates.validate(recipe, store);
        // The files of real dialogues are read before the expansion calls, so a bad one costs nothing.
        RunInputs inputs = RunInputs.load(recipe);
        ModelEndpoint generator = endpoints.resolve(ModelRole.GENERATOR, recipe.models().generator());
        ModelEndpoint judge = endpoints.resolve(ModelRole.JUDGE, recipe.models().judge());
        // Dimensions a model expands get their values now; the stored recipe holds them, so resume and
        // re-export use the same values, and the trees are kept with the run for review.
        // Their calls count against the run's budget like every other call.
        var expansionCalls = new java.util.ArrayList<ModelCall>();
        var budget = new Budget(options, new PriceTable(config.prices()));
        Recipe asked = recipe;
        DimensionExpander.Expanded expanded;
        try {
            expanded = new DimensionExpander(gateway, generator, new CallContext(call -> {
                expansionCalls.add(call);
                budget.charge(call);
            }, options.useCache(), budget::check)).expand(recipe);
        } catch (ModelCallException e) {
            if (e.kind() != ModelCallException.Kind.BUDGET) {
                throw e;
            }
            throw new ModelCallException(e.kind(), "the budget ran out while the generator model expanded the recipe's"
                    + " dimensions, before the run began (" + e.getMessage() + "); nothing was stored, and the answers"
                    + " so far are cached", e);
        }
        limit.checkExpanded(expanded.recipe().dimensions(), expanded.trees().keySet());
        recipe = expanded.recipe();
        RunModels models = RunModels.of(recipe, generator, endpoints.resolve(ModelRole.USER, recipe.models().user()), judge);
        List<PlannedDialogue> plan = Planner.plan(recipe);
        String recipeJson = write(RecipeLoader.toTree(recipe));
        var run = new RunRecord(UUID.randomUUID().toString(), recipe.name(), RunStatus.RUNNING, recipeJson,
                PromptSet.sha256(recipeJson), write(prompts.files()), generator.model(),
                recipe.judge().panel().isEmpty() || judge.offline() ? judge.model()
                        : "panel(" + recipe.judge().combine() + "): " + String.join(", ", recipe.judge().panel()),
                plan.size(),
                options, Optional.empty(), Instant.now(), Optional.empty());
        store.createRun(run, plan.stream()
                .map(p -> new RunStore.NewItem(p.index(), p.cell().key(), write(p.cell().values()), p.seed()))
                .toList(), expanded.trees().entrySet().stream().map(e -> new RunStore.NewExpansion(e.getKey(),
                        write(asked.coverage().expand().get(e.getKey())), write(e.getValue().toJson()))).toList(),
                inputs.stored(), models.toJson(json));
        expansionCalls.forEach(call -> store.recordCall(run.id(), RUN_CALLS_SEQ, call));
        return run;
    }

    /** This process's worker id, as written into item leases. */
    public String workerId() {
        return workerId;
    }

    /** Whether this process is executing the run right now. */
    public boolean isActive(String runId) {
        return active.contains(runId);
    }

    /** The runs this process is executing right now. */
    public Set<String> activeRuns() {
        return Set.copyOf(active);
    }

    /**
     * Whether a run has a worker behind it, as of {@code now}: the one place the API's views and its
     * event stream decide that a run is stale (see {@link RunLiveness}).
     */
    public RunLiveness liveness(String runId, RunStatus status, Optional<Instant> heartbeat, Instant now) {
        return RunLiveness.of(status, isActive(runId), heartbeat, Duration.ofMillis(leaseMillis()), now);
    }

    /** {@link #liveness(String, RunStatus, Optional, Instant)} of a stored run. */
    public RunLiveness liveness(RunRecord run, Instant now) {
        return liveness(run.id(), run.status(), run.heartbeat(), now);
    }

    /** How long this process's claims on items last, at least a second. */
    private long leaseMillis() {
        return Math.max(1000, config.engine().lease().toMillis());
    }

    /**
     * Executes a run on a background thread; returns at once. The run counts as active from here on, so
     * a run just resumed never looks stale while its thread starts, and a second start is refused; and it
     * is marked running in the store before this returns, so whoever started it reads it as running. An
     * execution that ends in an unexpected error leaves the run failed, with the error, and resumable.
     *
     * @return false when this process is executing the run already
     */
    public boolean start(String runId) {
        if (!active.add(runId)) {
            return false;
        }
        try {
            store.finishRun(runId, RunStatus.RUNNING, Optional.empty());
        } catch (RuntimeException e) {
            active.remove(runId);
            throw e;
        }
        Thread.ofVirtual().name("run-" + runId).start(() -> {
            try {
                executeActive(runId, p -> {
                });
            } catch (RuntimeException e) {
                LOG.errorf(e, "run %s stopped", runId);
            }
        });
        return true;
    }

    /**
     * Takes up the runs left running by a process that stopped (the server does this when it starts):
     * a stale run at once; a run whose heartbeat is still fresh (its process may have died a moment
     * ago, or may be executing it elsewhere, a CLI command or another server on the same database) is
     * watched, once a lease, and taken up only when it goes stale, so a live run is never joined.
     *
     * @return how many runs were taken up at once
     */
    public int resumeInterrupted() {
        int n = 0;
        for (RunRecord run : store.runsWithStatus(RunStatus.RUNNING)) {
            if (isActive(run.id())) {
                continue;
            }
            if (takeUpIfStale(run, Instant.now())) {
                n++;
            } else {
                Thread.ofVirtual().name("watch-" + run.id()).start(() -> watchUntilStale(run.id()));
            }
        }
        return n;
    }

    /**
     * Starts a run that is marked running but stale at {@code now}.
     *
     * @return whether it was started
     */
    boolean takeUpIfStale(String runId, Instant now) {
        return store.findRun(runId).map(run -> takeUpIfStale(run, now)).orElse(false);
    }

    private boolean takeUpIfStale(RunRecord run, Instant now) {
        if (!liveness(run, now).stale()) {
            return false;
        }
        LOG.infof("resuming run %s (%s)", run.id(), run.name());
        return start(run.id());
    }

    /** Looks at a run once a lease until it ends, is taken up here, or goes stale and is taken up. */
    private void watchUntilStale(String runId) {
        try {
            while (true) {
                Thread.sleep(leaseMillis());
                Optional<RunRecord> run = store.findRun(runId);
                if (run.isEmpty() || run.get().status() != RunStatus.RUNNING || isActive(runId)
                        || takeUpIfStale(run.get(), Instant.now())) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warnf("stopped watching run %s: %s", runId, e.getMessage());
        }
    }

    /**
     * Executes a run until every item is final, its budget is spent, or a run-level error stops it.
     * Items another worker holds are left to it; items whose leases ran out are taken over.
     *
     * @param progress told when items reach a final state, at most once a second, and once more at the end
     */
    public RunOutcome execute(String runId, Consumer<RunProgress> progress) {
        if (!active.add(runId)) {
            throw new IllegalStateException("run " + runId + " is already being executed by this process");
        }
        return executeActive(runId, progress);
    }

    /** Executes a run already marked active in this process, and unmarks it at the end. */
    private RunOutcome executeActive(String runId, Consumer<RunProgress> progress) {
        try {
            Execution execution = new Execution(store.run(runId), progress);
            executions.put(runId, execution);
            return execution.run();
        } catch (RuntimeException e) {
            // Not a model's failure (the execution settles those itself): the run must not stay marked running.
            try {
                store.finishRun(runId, RunStatus.FAILED, Optional.of("the execution ended in an error: "
                        + Secrets.redact(e.getMessage())));
            } catch (RuntimeException unrecorded) {
                e.addSuppressed(unrecorded);
            }
            throw e;
        } finally {
            executions.remove(runId);
            active.remove(runId);
        }
    }

    /**
     * A person's decision on a run this process is executing: the execution's live state learns it at once
     * (see {@link Execution#personDecided}); for other runs there is nothing live to update.
     */
    void personDecided(@Observes PersonDecided decided) {
        Execution execution = executions.get(decided.runId());
        if (execution != null) {
            execution.personDecided(decided);
        }
    }

    /**
     * Stops a run this process is executing, cleanly, as {@link #stopAll} does for every run: the run
     * ends as {@code STOPPED} with the reason {@value #CANCELLED}, resumable. A stale run (marked running,
     * no worker behind it) is marked so at once.
     */
    public Cancellation cancel(String runId) {
        Execution execution = executions.get(runId);
        if (execution != null) {
            execution.requestStop(CANCELLED);
            return Cancellation.STOPPING;
        }
        RunRecord run = store.run(runId);
        if (liveness(run, Instant.now()).stale()) {
            // Nobody is behind it: nothing to wait for. A worker that was only starved reads the status at its
            // next heartbeat and stops; the items its dead holders left fall back a step when next claimed.
            store.finishRun(runId, RunStatus.STOPPED, Optional.of(CANCELLED));
            return Cancellation.STOPPED;
        }
        return Cancellation.NOT_HERE;
    }

    /** What a cancel did. */
    public enum Cancellation {
        /** This process executes the run: it stops once the calls under way are back. */
        STOPPING,
        /** The run was stale: it is stopped now. */
        STOPPED,
        /** The run is neither executed here nor stale (finished, or live in another process): nothing done. */
        NOT_HERE
    }

    /**
     * Stops every execution of this process cleanly (SIGTERM): no item is claimed and no model call
     * made from now on, calls under way are awaited, items mid-step go back to the state before the
     * step with their leases released, and the run ends {@code STOPPED} with the reason, to be resumed.
     */
    public void stopAll(String reason) {
        executions.values().forEach(e -> e.requestStop(reason));
    }

    /** Counts and spend of a run, as stored; top-up items (adaptive sampling) count as planned once added. */
    public RunProgress progress(String runId, int planned) {
        CallUsage usage = store.usageByRole(runId).values().stream().reduce(CallUsage.NONE, CallUsage::plus);
        double cost = new PriceTable(config.prices()).cost(store.tokensByModel(runId));
        Map<ItemState, Integer> states = store.countByState(runId);
        return new RunProgress(runId, RunProgress.total(planned, states), states, usage, cost);
    }

    /** Why an execution stopped before every item was final. */
    private record Stop(RunStatus status, String reason) {
    }

    /** One execution of one run by this worker. */
    private final class Execution {
        private final RunRecord run;
        private final String runId;
        private final Consumer<RunProgress> progress;
        private final Recipe recipe;
        private final PromptSet prompts;
        private final Rubric rubric;
        private final ModelEndpoint generator;
        private final ModelEndpoint judge;
        private final ModelEndpoint userModel;
        private final Budget budget;
        private final long leaseMillis = leaseMillis();
        private final AtomicReference<Stop> stop = new AtomicReference<>();
        private final AtomicInteger inFlight = new AtomicInteger();
        /** Plan numbers of the items this execution is processing now: its claims leave them out. */
        private final Set<Integer> working = ConcurrentHashMap.newKeySet();
        /** When progress was last reported: counting items in the store after every item costs too much at speed. */
        private final java.util.concurrent.atomic.AtomicLong lastProgress = new java.util.concurrent.atomic.AtomicLong(
                System.nanoTime() - PROGRESS_EVERY_NANOS);
        private final DuplicateGates duplicateGates;
        private final LiveDiversity live;
        private final StockOpeningGate stockOpenings;
        /** Every deterministic gate, the same for a first version and a revision. */
        private final GateChain gates;
        private final SeedExamples seedExamples;
        /** The files of real dialogues the run stored when it was created. */
        private final RunInputs inputs;
        /** Released by every finished item, so the claim loop wakes when there is room or news. */
        private final Semaphore finished = new Semaphore(0);
        /** Adaptive sampling: a rejected item gets a new attempt for its cell (null when the recipe has no extra budget). */
        private final RunStore.TopUp topUp;

        Execution(RunRecord run, Consumer<RunProgress> progress) {
            this.run = run;
            this.runId = run.id();
            this.progress = progress;
            this.recipe = RecipeLoader.validate(readTree(run.recipe()));
            this.prompts = new PromptSet(readStringMap(run.prompts()));
            this.rubric = Rubric.parse(prompts.text(PromptSet.RUBRIC));
            this.generator = endpoints.resolve(ModelRole.GENERATOR, recipe.models().generator());
            this.judge = endpoints.resolve(ModelRole.JUDGE, recipe.models().judge());
            this.userModel = endpoints.resolve(ModelRole.USER, recipe.models().user());
            this.budget = new Budget(run.options(), new PriceTable(config.prices()));
            HeuristicCheck heuristics = GateChain.heuristics(recipe, prompts);
            this.stockOpenings = new StockOpeningGate(heuristics, recipe.checks().stockOpeningRate());
            this.duplicateGates = new DuplicateGates(recipe.checks());
            this.live = new LiveDiversity(recipe, store, runId, workerId, leaseMillis, json, this::duplicates);
            int extra = recipe.coverage().extraBudget(run.planned());
            this.topUp = extra > 0 ? new RunStore.TopUp(extra, seq -> Planner.mix(recipe.seed(), seq)) : null;
            this.inputs = RunInputs.ofRun(recipe, store.inputs(runId));
            this.seedExamples = inputs.seedExamples(recipe);
            this.gates = GateChain.of(recipe, prompts, inputs, stockOpenings, live, duplicateGates, heuristics);
        }

        RunOutcome run() {
            store.finishRun(runId, RunStatus.RUNNING, Optional.empty());
            store.heartbeat(runId, System.currentTimeMillis());
            // Beating for the whole execution: reloading a large run's accepted dialogues, or rechecking a
            // sample after the items, can take longer than a lease.
            Thread heartbeat = Thread.ofVirtual().name("lease-" + runId).start(this::renewLeases);
            try {
                return runItems();
            } finally {
                heartbeat.interrupt();
            }
        }

        private RunOutcome runItems() {
            budget.reset(store.tokensByModel(runId));
            duplicateGates.preload(recipe.checks().collapse().dedupAgainst(), run, store, json, inputs);
            rememberAccepted();
            live.resumed(run);
            gateway.governor(generator).reset();
            gateway.governor(judge).reset();
            // More items than call slots, so the endpoint stays busy while items do their database work.
            int parallelItems = Math.max(2, 2 * config.llm().maxConcurrency());
            var slots = new Semaphore(parallelItems);
            try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
                while (stop.get() == null) {
                    slots.acquireUninterruptibly();
                    int want = 1 + slots.drainPermits();
                    List<ItemRecord> claimed = store.claim(runId, workerId, want, System.currentTimeMillis(), leaseMillis,
                            working);
                    slots.release(want - claimed.size());
                    if (claimed.isEmpty()) {
                        if (inFlight.get() == 0 && store.unfinishedCount(runId) == 0) {
                            break;
                        }
                        // Wait for one of ours to finish, or for other workers' leases to run out.
                        awaitQuietly(finished, Math.min(1000, leaseMillis / 4));
                        continue;
                    }
                    for (ItemRecord item : claimed) {
                        inFlight.incrementAndGet();
                        working.add(item.seq());
                        executor.submit(() -> {
                            try {
                                processSafely(item);
                            } finally {
                                working.remove(item.seq());
                                inFlight.decrementAndGet();
                                slots.release();
                                finished.release();
                            }
                        });
                    }
                }
            }
            live.finish();
            if (stop.get() == null) {
                recheckSample();
            }
            // The final status is written only once this worker's items are all settled, so a reader
            // who sees it sees every call and state change of the execution.
            Stop stopped = stop.get();
            if (stopped != null) {
                store.releaseLeases(runId, workerId);
                store.finishRun(runId, stopped.status(), Optional.of(stopped.reason()));
                return new RunOutcome(runId, stopped.status(), Optional.of(stopped.reason()));
            }
            progress.accept(progress(runId, run.planned()));
            store.finishRun(runId, RunStatus.COMPLETED, Optional.empty());
            return new RunOutcome(runId, RunStatus.COMPLETED, Optional.empty());
        }

        /**
         * Judge consistency: a seeded sample of judged dialogues is scored again under another seed
         * (so the first verdict's cached answer cannot stand in for it), and the second verdicts are
         * kept as reviews for the report. An identical re-run finds these in the cache too.
         */
        private void recheckSample() {
            int wanted = recipe.judge().recheck();
            var done = new java.util.HashSet<Integer>();
            store.reviews(runId, Review.JUDGE_RECHECK).forEach(r -> done.add(r.seq()));
            if (wanted <= done.size()) {
                return;
            }
            // Plan numbers only: the few dialogues rechecked are read again one by one, not a large run's all.
            var judged = new java.util.ArrayList<Integer>();
            store.forEachItem(runId, Optional.empty(), i -> {
                if (i.verdict().isPresent() && i.dialogue().isPresent()
                        && (i.state() == ItemState.ACCEPTED || i.state() == ItemState.REJECTED)) {
                    judged.add(i.seq());
                }
            });
            judged.sort(java.util.Comparator.comparingLong(seq -> dev.parley.plan.Planner.mix(recipe.seed(), seq)));
            for (int seq : judged) {
                if (done.size() >= wanted || stop.get() != null) {
                    return;
                }
                if (done.contains(seq)) {
                    continue;
                }
                ItemRecord item = store.item(runId, seq).orElseThrow();
                var calls = callsOf(item.seq());
                var brief = brief(item, item.seed() + 1);
                try {
                    Verdict again = judgeOf(calls).judge(brief, readValue(item.dialogue().get(), Dialogue.class)).value();
                    store.addReview(runId, new Review(item.seq(), Review.JUDGE_RECHECK, judge.model(),
                            Optional.of(again.meanScore()), Optional.of(again.accepted()), Optional.of(write(again))));
                    done.add(item.seq());
                } catch (ModelCallException e) {
                    // A recheck that cannot be had leaves the report with fewer pairs; it does not fail the run.
                    LOG.warnf("judge recheck of item %d of run %s: %s", item.seq(), runId, e.getMessage());
                    if (e.kind().stopsRun()) {
                        return;
                    }
                }
            }
        }

        /**
         * Where an item's model calls are recorded and charged; a successful call's record, token
         * sums and cached answer are written in one transaction.
         */
        private CallContext callsOf(int seq) {
            return new CallContext(call -> {
                store.recordCall(runId, seq, call);
                budget.charge(call);
            }, run.options().useCache(), () -> {
                Stop stopping = stop.get();
                if (stopping != null && stopping.status() == RunStatus.STOPPED) {
                    throw new ModelCallException(ModelCallException.Kind.STOPPED, stopping.reason(), null);
                }
                budget.check();
            }, (call, answer) -> {
                store.recordAnsweredCall(runId, seq, call, answer);
                budget.charge(call);
            });
        }

        /** Ends the execution as {@code STOPPED} once the calls under way are back. */
        void requestStop(String reason) {
            stop.compareAndSet(null, new Stop(RunStatus.STOPPED, reason));
            finished.release();
        }

        private void renewLeases() {
            long interval = leaseMillis / 3;
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    Thread.sleep(interval);
                } catch (InterruptedException e) {
                    return;
                }
                try {
                    long at = System.currentTimeMillis();
                    store.renewLeases(runId, workerId, at + leaseMillis);
                    // One row per tick, off the items' path, so a dead process's run can be told from a live one.
                    store.heartbeat(runId, at);
                    RunRecord now = store.run(runId);
                    // Another worker stopped the run (401, budget, fail-fast): stop here too.
                    if (now.status() == RunStatus.FAILED || now.status() == RunStatus.STOPPED) {
                        stop.compareAndSet(null, new Stop(now.status(), now.error().orElse("stopped by another worker")));
                        finished.release();
                    }
                } catch (RuntimeException e) {
                    LOG.warnf("could not renew leases of run %s: %s", runId, e.getMessage());
                }
            }
        }

        private void processSafely(ItemRecord item) {
            try {
                if (stop.get() == null) {
                    process(item);
                    long now = System.nanoTime();
                    long last = lastProgress.get();
                    if (now - last >= PROGRESS_EVERY_NANOS && lastProgress.compareAndSet(last, now)) {
                        progress.accept(progress(runId, run.planned()));
                    }
                }
            } catch (ModelCallException e) {
                RunStatus status = e.kind() == ModelCallException.Kind.BUDGET || e.kind() == ModelCallException.Kind.STOPPED
                        ? RunStatus.STOPPED : RunStatus.FAILED;
                stop.compareAndSet(null, new Stop(status, e.getMessage()));
            } catch (LostLeaseException e) {
                LOG.warnf("%s", e.getMessage());
            } catch (RuntimeException e) {
                LOG.errorf(e, "item %d of run %s", item.seq(), runId);
                stop.compareAndSet(null, new Stop(RunStatus.FAILED, "internal error on item " + item.seq() + ": "
                        + Secrets.redact(e.getMessage())));
            }
        }

        private void process(ItemRecord item) {
            int seq = item.seq();
            var calls = callsOf(seq);
            var brief = brief(item, item.seed());
            ItemState state = item.state();
            Dialogue dialogue = item.dialogue().map(d -> readValue(d, Dialogue.class)).orElse(null);

            if (state == ItemState.PLANNED) {
                move(seq, ItemState.PLANNED, ItemState.GENERATING, RunStore.ItemUpdate.NONE);
                ModelAnswer<Dialogue> written;
                try {
                    written = writerOf(calls).write(brief);
                } catch (ModelCallException e) {
                    fail(seq, ItemState.GENERATING, e);
                    return;
                }
                dialogue = written.value();
                move(seq, ItemState.GENERATING, ItemState.GENERATED, new RunStore.ItemUpdate(write(dialogue), null, null, null, null));
                state = ItemState.GENERATED;
            }

            Verdict verdict = item.verdict().map(v -> readValue(v, Verdict.class)).orElse(null);
            while (true) {
                switch (state) {
                    case GENERATED -> {
                        Gate.Result checked = gates.check(seq, dialogue, brief.language());
                        // A redacted dialogue is the one kept, judged and exported, rejected or not.
                        String changed = checked.dialogue().equals(dialogue) ? null : write(checked.dialogue());
                        dialogue = checked.dialogue();
                        if (!checked.passed()) {
                            Rejection rejection = checked.rejection().get();
                            move(seq, ItemState.GENERATED, ItemState.REJECTED, new RunStore.ItemUpdate(changed, null, null,
                                    rejection.gate(), rejection.reason()));
                            return;
                        }
                        move(seq, ItemState.GENERATED, ItemState.JUDGING, new RunStore.ItemUpdate(changed, null, null, null, null));
                        state = ItemState.JUDGING;
                    }
                    case JUDGING -> {
                        ModelAnswer<Verdict> judged;
                        try {
                            judged = judgeOf(calls).judge(brief, dialogue);
                        } catch (ModelCallException e) {
                            fail(seq, ItemState.JUDGING, e);
                            return;
                        }
                        verdict = judged.value();
                        String verdictJson = write(verdict);
                        int version = store.versionCount(runId, seq) + 1;
                        // The judged version is stored in the same transaction as the move it decides,
                        // so a crash in between leaves neither, and redoing the step adds no version twice.
                        var judgedVersion = new RunStore.NewVersion(version, write(dialogue), verdictJson, verdict.meanScore());
                        Recipe.Revise revise = recipe.judge().revise();
                        if (verdict.accepted()) {
                            move(seq, ItemState.JUDGING, ItemState.ACCEPTED,
                                    new RunStore.ItemUpdate(null, verdictJson, verdict.meanScore(), null, null), judgedVersion);
                            stockOpenings.accepted(dialogue);
                            live.accepted(seq, dialogue, item.cellKey(), duplicateGates.embedding(seq).orElse(null))
                                    .ifPresent(reason -> stop.compareAndSet(null, new Stop(RunStatus.STOPPED, reason)));
                            return;
                        }
                        if (version - 1 < revise.rounds() && verdict.meanScore() >= revise.floor()) {
                            move(seq, ItemState.JUDGING, ItemState.REVISING,
                                    new RunStore.ItemUpdate(null, verdictJson, verdict.meanScore(), null, null), judgedVersion);
                            state = ItemState.REVISING;
                        } else {
                            move(seq, ItemState.JUDGING, ItemState.REJECTED, new RunStore.ItemUpdate(null, verdictJson,
                                    verdict.meanScore(), JUDGE_GATE, rejectionReason(verdict, version - 1)), judgedVersion);
                            forget(seq);
                            return;
                        }
                    }
                    case REVISING -> {
                        ModelAnswer<Dialogue> revised;
                        try {
                            revised = new ModelDialogueReviser(gateway, generator, prompts, recipe.judge().revise().mode(),
                                    calls).revise(brief, dialogue, verdict);
                        } catch (ModelCallException e) {
                            fail(seq, ItemState.REVISING, e);
                            return;
                        }
                        // The revision replaces the version held in the duplicate indexes, and passes every gate
                        // the first version passed.
                        forget(seq);
                        Gate.Result checked = gates.check(seq, revised.value(), brief.language());
                        dialogue = checked.dialogue();
                        if (!checked.passed()) {
                            Rejection broken = checked.rejection().get();
                            move(seq, ItemState.REVISING, ItemState.REJECTED, new RunStore.ItemUpdate(write(dialogue), null,
                                    null, broken.gate(), "the revision broke the dialogue: " + broken.reason()));
                            return;
                        }
                        move(seq, ItemState.REVISING, ItemState.JUDGING,
                                new RunStore.ItemUpdate(write(dialogue), null, null, null, null));
                        state = ItemState.JUDGING;
                    }
                    default -> throw new IllegalStateException("item " + seq + " cannot be processed in state " + state.key());
                }
            }
        }

        /**
         * What the writer and the judge get for an item: its cell, its language (from the cell when the
         * recipe has several), its length, and the seed examples its seed picks.
         */
        private DialogueBrief brief(ItemRecord item, long seed) {
            Cell cell = new Cell(readStringMap(item.cell()));
            String language = GateChain.language(recipe, cell.values());
            return new DialogueBrief(recipe.assistant().systemPrompt(), language, cell,
                    messagesFor(item.seed(), recipe.turns()), seed, seedExamples.pick(item.seed()));
        }

        /** Whole-dialogue mode, or role-play with the user simulator and the assistant taking turns. */
        private DialogueWriter writerOf(CallContext calls) {
            return Recipe.ROLE_PLAY.equals(recipe.mode())
                    ? new RolePlayWriter(gateway, userModel, generator, prompts, recipe.turns(), calls)
                    : new ModelDialogueWriter(gateway, generator, prompts, calls);
        }

        /** The recipe's judge: one rubric judge, or a panel of them combined by mean or minimum. */
        private DialogueJudge judgeOf(CallContext calls) {
            double threshold = recipe.judge().threshold();
            if (recipe.judge().panel().isEmpty()) {
                return new RubricJudge(gateway, judge, prompts, rubric, threshold, calls);
            }
            var members = new java.util.LinkedHashMap<String, DialogueJudge>();
            for (String model : recipe.judge().panel()) {
                members.put(model, new RubricJudge(gateway, judge.withModel(model), prompts, rubric, threshold, calls));
            }
            return new JudgePanel(members, rubric, threshold, recipe.judge().combine());
        }

        /**
         * Duplicates of what the run already keeps and of the earlier data the recipe names: exact,
         * near and (when on) semantic. A dialogue that passes is held in the indexes until it is rejected.
         */
        private Optional<Rejection> duplicates(int seq, Dialogue dialogue) {
            return duplicateGates.check(seq, dialogue);
        }

        private void forget(int seq) {
            duplicateGates.forget(seq);
        }

        /**
         * A dialogue a person took out of the dataset leaves the duplicate and diversity indexes and, as for a
         * gate's reject, its cell gets another attempt if the extra budget allows; one a person put in (or
         * edited) enters them as it now is.
         */
        void personDecided(PersonDecided decided) {
            int seq = decided.seq();
            if (decided.before() == ItemState.ACCEPTED) {
                forget(seq);
                live.forget(seq, s -> duplicateGates.embedding(s).orElse(null));
            }
            if (decided.after() == ItemState.ACCEPTED) {
                duplicates(seq, decided.dialogue());
                live.remember(seq, decided.dialogue(), decided.cellKey(), duplicateGates.embedding(seq).orElse(null));
            } else if (decided.left() && topUp != null && store.addTopUp(runId, seq, topUp)) {
                finished.release();
            }
        }

        /** A resumed run's accepted dialogues go back into the duplicate indexes first. */
        private void rememberAccepted() {
            store.forEachItem(runId, Optional.of(ItemState.ACCEPTED), item -> {
                Dialogue d = readValue(item.dialogue().orElseThrow(), Dialogue.class);
                duplicates(item.seq(), d);
                live.remember(item.seq(), d, item.cellKey(), duplicateGates.embedding(item.seq()).orElse(null));
                stockOpenings.accepted(d);
            });
        }

        private String rejectionReason(Verdict verdict, int revisions) {
            String why = verdict.belowFloor().isEmpty()
                    ? String.format(Locale.ROOT, "mean score %.2f is below the threshold %.2f", verdict.meanScore(),
                            recipe.judge().threshold())
                    : "under the floor on " + String.join(", ", verdict.belowFloor());
            return why + (revisions > 0 ? " after " + revisions + " revision(s)" : "") + ": " + lowest(verdict);
        }

        /**
         * A model call that gave no usable answer: endpoint-wide errors and the budget stop the run
         * (the item goes back for a later resume); otherwise the item fails with the reason, and
         * with fail-fast the run stops too.
         */
        private void fail(int seq, ItemState from, ModelCallException e) {
            if (e.kind().stopsRun()) {
                throw e;
            }
            forget(seq);
            move(seq, from, ItemState.FAILED, new RunStore.ItemUpdate(null, null, null, e.kind().key(), e.getMessage()));
            if (run.options().failFast()) {
                stop.compareAndSet(null, new Stop(RunStatus.FAILED, "fail-fast: item " + seq + " failed: " + e.getMessage()));
            }
        }

        private void move(int seq, ItemState from, ItemState to, RunStore.ItemUpdate fields) {
            move(seq, from, to, fields, null);
        }

        private void move(int seq, ItemState from, ItemState to, RunStore.ItemUpdate fields, RunStore.NewVersion version) {
            if (!store.transition(runId, seq, workerId, from, to, fields, version, topUp)) {
                throw new LostLeaseException("item " + seq + " of run " + runId + " was taken over by another worker"
                        + " (its lease ran out) before it could become " + to.key() + "; that worker finishes it");
            }
        }
    }

    /** This worker no longer holds the item: it lost its lease, and another worker took over. */
    static final class LostLeaseException extends RuntimeException {
        LostLeaseException(String message) {
            super(message);
        }
    }

    private static String lowest(Verdict verdict) {
        return verdict.scores().stream().min(java.util.Comparator.comparingInt(CriterionScore::score))
                .map(s -> s.criterion() + " " + s.score() + " (" + s.reason() + ")").orElse("");
    }

    private static void awaitQuietly(Semaphore semaphore, long millis) {
        try {
            if (semaphore.tryAcquire(millis, TimeUnit.MILLISECONDS)) {
                semaphore.drainPermits();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** An even message count within the range, chosen by the item's seed. */
    static int messagesFor(long seed, Recipe.TurnRange turns) {
        int min = turns.min() + turns.min() % 2;
        int max = turns.max() - turns.max() % 2;
        int choices = (max - min) / 2 + 1;
        return min + 2 * new SplittableRandom(seed).nextInt(choices);
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }

    private JsonNode readTree(String text) {
        try {
            return json.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored JSON is unreadable", e);
        }
    }

    private <T> T readValue(String text, Class<T> type) {
        try {
            return json.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored " + type.getSimpleName() + " is unreadable", e);
        }
    }

    private Map<String, String> readStringMap(String text) {
        try {
            return json.readValue(text, new TypeReference<java.util.LinkedHashMap<String, String>>() {
            });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored map is unreadable", e);
        }
    }
}
