package dev.parley.run;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.parley.config.ParleyConfig;
import dev.parley.llm.BatchStore;
import dev.parley.llm.CallUsage;
import dev.parley.llm.ModelEndpoints;
import dev.parley.llm.ModelGateway;
import dev.parley.llm.PriceTable;
import dev.parley.llm.Secrets;
import dev.parley.plan.GridLimit;
import dev.parley.recipe.Recipe;
import dev.parley.store.BatchLedger;
import dev.parley.store.CallLedger;
import dev.parley.store.DiversitySnapshots;
import dev.parley.store.ItemHistory;
import dev.parley.store.ItemQueue;
import dev.parley.store.ItemRepository;
import dev.parley.store.ItemState;
import dev.parley.store.PreferenceCandidates;
import dev.parley.store.RunOptions;
import dev.parley.store.RunProgress;
import dev.parley.store.RunRecord;
import dev.parley.store.RunRepository;
import dev.parley.store.RunStatus;

/**
 * Creates runs and drives their items through the flow: generate, check, judge, decide. The entry the
 * API and the CLI call: it starts, adopts, cancels and stops executions; {@link RunCreation} creates a run,
 * an {@link Execution} supervises one, {@link ItemSteps} takes an item through its states, and
 * {@link JudgeRecheck} rechecks a sample at the end. A little over 300 lines: every way a run is started,
 * adopted, cancelled or stopped is here, so that the one map of this process's executions is kept in one place.
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
    /** Item number under which calls made before any item (expanding dimensions) are recorded. */
    public static final int RUN_CALLS_SEQ = -1;
    /** The reason recorded for a run a person cancelled. */
    public static final String CANCELLED = "cancelled by a user";

    private final RunCreation creation;
    private final EngineStores stores;
    private final ModelGateway gateway;
    private final ModelEndpoints endpoints;
    private final StoredJson json;
    private final ParleyConfig config;
    private final String workerId;
    private final Set<String> active = ConcurrentHashMap.newKeySet();
    /** The executions running in this process, so that a person can cancel one and a signal can stop them all. */
    private final Map<String, Execution> executions = new ConcurrentHashMap<>();

    @Inject
    public RunEngine(RunCreation creation, RunRepository runs, ItemQueue queue, ItemRepository items, ItemHistory history,
            CallLedger ledger, DiversitySnapshots snapshots, PreferenceCandidates candidates, BatchLedger batches,
            ModelGateway gateway, ModelEndpoints endpoints, ObjectMapper json, ParleyConfig config) {
        this.creation = creation;
        this.stores = new EngineStores(runs, queue, items, history, ledger, snapshots, candidates, batches);
        this.gateway = gateway;
        this.endpoints = endpoints;
        this.json = new StoredJson(json);
        this.config = config;
        // host@pid plus a random part, so that a restarted process never mistakes old leases for its own
        this.workerId = ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID().toString().substring(0, 8);
    }

    /**
     * Plans a recipe and stores the run with its items (see {@link RunCreation}).
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
        return creation.create(recipe, options, limit);
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
            stores.runs().finishRun(runId, RunStatus.RUNNING, Optional.empty());
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
        for (RunRecord run : stores.runs().runsWithStatus(RunStatus.RUNNING)) {
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
        return stores.runs().findRun(runId).map(run -> takeUpIfStale(run, now)).orElse(false);
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
                Optional<RunRecord> run = stores.runs().findRun(runId);
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
            var setup = new RunSetup(stores.runs().run(runId), stores, gateway, endpoints, json, config, workerId,
                    leaseMillis());
            // More items than call slots, so the endpoint stays busy while items do their database work; in batch
            // mode enough for a whole stage's requests to wait together and form one batch.
            int parallelItems = Math.max(2, 2 * setup.callSlots(gateway));
            if (setup.batches != null) {
                parallelItems = Math.max(parallelItems, config.llm().batch().itemsInFlight());
            }
            var execution = new Execution(setup, stores, gateway, json, workerId, leaseMillis(), parallelItems, progress,
                    this::progress);
            executions.put(runId, execution);
            return execution.run();
        } catch (RuntimeException e) {
            // Not a model's failure (the execution settles those itself): the run must not stay marked running.
            try {
                stores.runs().finishRun(runId, RunStatus.FAILED, Optional.of("the execution ended in an error: "
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
        RunRecord run = stores.runs().run(runId);
        if (liveness(run, Instant.now()).stale()) {
            // Nobody is behind it: nothing to wait for. A worker that was only starved reads the status at its
            // next heartbeat and stops; the items its dead holders left fall back a step when next claimed.
            stores.runs().finishRun(runId, RunStatus.STOPPED, Optional.of(CANCELLED));
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
        CallUsage usage = stores.ledger().usageByRole(runId).values().stream().reduce(CallUsage.NONE, CallUsage::plus);
        double cost = new PriceTable(config.prices()).cost(stores.ledger().tokensByModel(runId));
        Map<ItemState, Integer> states = stores.queue().countByState(runId);
        List<BatchStore.StoredBatch> open = stores.batches().batches(runId).stream().filter(b -> !b.ended()).toList();
        return new RunProgress(runId, RunProgress.total(planned, states), states, usage, cost, open);
    }
}
