package dev.parley.run;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import org.jboss.logging.Logger;

import dev.parley.dialogue.Dialogue;
import dev.parley.llm.ModelCallException;
import dev.parley.llm.ModelGateway;
import dev.parley.llm.Secrets;
import dev.parley.store.ItemRecord;
import dev.parley.store.ItemState;
import dev.parley.store.RunProgress;
import dev.parley.store.RunRecord;
import dev.parley.store.RunStatus;

/**
 * One execution of one run by this worker: the supervision. It claims unfinished items in batches under
 * a lease, hands each to the {@link ItemSteps} on a virtual thread, renews its leases and the run's
 * heartbeat while it lives, follows a stop asked for here or by another worker, and writes the run's
 * final status once its items are settled.
 */
final class Execution {

    private static final Logger LOG = Logger.getLogger(Execution.class);

    /** Counts and spend of a run as stored, for the progress line. */
    @FunctionalInterface
    interface ProgressReader {
        RunProgress read(String runId, int planned);
    }

    private final RunSetup setup;
    private final EngineStores stores;
    private final ModelGateway gateway;
    private final StoredJson json;
    private final String workerId;
    private final String runId;
    private final RunRecord run;
    private final long leaseMillis;
    /**
     * How often this worker looks for items other workers left (mid-step, or whose leases ran out): a quarter
     * lease, at most a second. A lease runs out only after a whole lease, so looking more often finds nothing more.
     */
    private final long staleLookMillis;
    private final int parallelItems;
    /** How long a claim waits for more item slots to come free (see {@link #awaitMoreSlots}). */
    static final long CLAIM_GATHER_MILLIS = 20;
    private final Consumer<RunProgress> progress;
    private final ProgressReader progressReader;
    private final ItemSteps steps;
    private final AtomicInteger inFlight = new AtomicInteger();
    /** Plan numbers of the items this execution is processing now: its claims leave them out. */
    private final Set<Integer> working = ConcurrentHashMap.newKeySet();
    /** When this worker last looked for items left mid-step, and whether its last claim got fewer than it wanted. */
    private long lastMidStepLook;
    private boolean lastClaimShort = true;
    /** Progress is aggregate queries over the run's items and calls: read after an item only when due. */
    private final ProgressPacing pacing = new ProgressPacing(System.nanoTime());
    /** Released by every finished item, so the claim loop wakes when there is room or news. */
    private final Semaphore finished = new Semaphore(0);

    /**
     * @param parallelItems items processed at once: more than the call slots, so the endpoint stays busy
     *                      while items do their database work
     */
    Execution(RunSetup setup, EngineStores stores, ModelGateway gateway, StoredJson json, String workerId,
            long leaseMillis, int parallelItems, Consumer<RunProgress> progress, ProgressReader progressReader) {
        this.setup = setup;
        this.stores = stores;
        this.gateway = gateway;
        this.json = json;
        this.workerId = workerId;
        this.run = setup.run;
        this.runId = setup.runId;
        this.leaseMillis = leaseMillis;
        this.staleLookMillis = Math.min(1000, leaseMillis / 4);
        this.parallelItems = parallelItems;
        this.progress = progress;
        this.progressReader = progressReader;
        this.steps = new ItemSteps(setup, stores, json, workerId);
    }

    RunOutcome run() {
        stores.runs().finishRun(runId, RunStatus.RUNNING, Optional.empty());
        stores.runs().heartbeat(runId, System.currentTimeMillis());
        // Beating for the whole execution: reloading a large run's accepted dialogues, or rechecking a
        // sample after the items, can take longer than a lease.
        Thread heartbeat = Thread.ofVirtual().name("lease-" + runId).start(this::renewLeases);
        try {
            return runItems();
        } finally {
            heartbeat.interrupt();
        }
    }

    /** Ends the execution as {@code STOPPED} once the calls under way are back. */
    void requestStop(String reason) {
        setup.stopping.request(RunStatus.STOPPED, reason);
        finished.release();
    }

    private RunOutcome runItems() {
        setup.budget.reset(stores.ledger().tokensByModel(runId));
        setup.duplicateGates.preload(setup.recipe.checks().collapse().dedupAgainst(), run, stores.runs(), stores.items(),
                setup.inputs);
        rememberAccepted();
        setup.live.resumed(run);
        gateway.governor(setup.generator).reset();
        gateway.governor(setup.judge).reset();
        var slots = new Semaphore(parallelItems);
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            while (!setup.stopping.requested()) {
                slots.acquireUninterruptibly();
                int want = 1 + awaitMoreSlots(slots) + slots.drainPermits();
                long now = System.currentTimeMillis();
                // Items other workers left mid-step are looked for at most every staleLookMillis, and whenever a
                // claim came back short.
                boolean leftMidStep = lastClaimShort || now - lastMidStepLook >= staleLookMillis;
                if (leftMidStep) {
                    lastMidStepLook = now;
                }
                List<ItemRecord> claimed = stores.queue().claimAndStart(runId, workerId, want, now, leaseMillis,
                        working, leftMidStep);
                lastClaimShort = claimed.size() < want;
                slots.release(want - claimed.size());
                if (claimed.isEmpty()) {
                    if (inFlight.get() == 0 && stores.queue().unfinishedCount(runId) == 0) {
                        break;
                    }
                    // Wait for one of ours to finish, or for other workers' leases to run out.
                    awaitQuietly(finished, staleLookMillis);
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
        closeBatches();
        setup.live.finish();
        if (!setup.stopping.requested()) {
            new JudgeRecheck(setup, stores, json).recheck();
        }
        // The final status is written only once this worker's items are all settled, so a reader
        // who sees it sees every call and state change of the execution.
        Stopping.Stop stopped = setup.stopping.current();
        if (stopped != null) {
            stores.queue().releaseLeases(runId, workerId);
            stores.runs().finishRun(runId, stopped.status(), Optional.of(stopped.reason()));
            return new RunOutcome(runId, stopped.status(), Optional.of(stopped.reason()));
        }
        progress.accept(progressReader.read(runId, run.planned()));
        stores.runs().finishRun(runId, RunStatus.COMPLETED, Optional.empty());
        return new RunOutcome(runId, RunStatus.COMPLETED, Optional.empty());
    }

    /**
     * Ends the run's batch mode once its items are settled; a person's cancel also cancels its open batches
     * at the provider (a stop for any other reason leaves them running, for a resume to collect).
     */
    private void closeBatches() {
        if (setup.batches == null) {
            return;
        }
        setup.batches.close();
        Stopping.Stop stop = setup.stopping.current();
        if (stop != null && RunEngine.CANCELLED.equals(stop.reason())) {
            setup.batches.cancelOpen(setup.batchEndpoints());
        }
    }

    /**
     * A dialogue a person took out of the dataset leaves the duplicate and diversity indexes and, as for a
     * gate's reject, its cell gets another attempt if the extra budget allows; one a person put in (or
     * edited) enters them as it now is.
     */
    void personDecided(PersonDecided decided) {
        int seq = decided.seq();
        if (decided.before() == ItemState.ACCEPTED) {
            setup.duplicateGates.forget(seq);
            setup.live.forget(seq, setup::embedding);
        }
        if (decided.after() == ItemState.ACCEPTED) {
            setup.duplicateGates.check(seq, decided.dialogue());
            setup.live.remember(seq, decided.dialogue(), decided.cellKey(), setup.embedding(seq));
        } else if (decided.left() && setup.topUp != null && stores.queue().addTopUp(runId, seq, setup.topUp)) {
            finished.release();
        }
    }

    /** A resumed run's accepted dialogues go back into the duplicate indexes first. */
    private void rememberAccepted() {
        stores.items().forEachItem(runId, Optional.of(ItemState.ACCEPTED), item -> {
            Dialogue d = item.dialogue().orElseThrow();
            setup.duplicateGates.check(item.seq(), d);
            setup.live.remember(item.seq(), d, item.cellKey(), setup.embedding(item.seq()));
            setup.stockOpenings.accepted(d);
        });
    }

    private void processSafely(ItemRecord item) {
        try {
            if (!setup.stopping.requested()) {
                steps.process(item);
                if (pacing.due(System.nanoTime())) {
                    long start = System.nanoTime();
                    RunProgress read = progressReader.read(runId, run.planned());
                    long end = System.nanoTime();
                    pacing.took(end - start, end);
                    progress.accept(read);
                }
            }
        } catch (ModelCallException e) {
            RunStatus status = e.kind() == ModelCallException.Kind.BUDGET || e.kind() == ModelCallException.Kind.STOPPED
                    ? RunStatus.STOPPED : RunStatus.FAILED;
            setup.stopping.request(status, e.getMessage());
        } catch (ItemSteps.LostLeaseException e) {
            LOG.warnf("%s", e.getMessage());
        } catch (RuntimeException e) {
            LOG.errorf(e, "item %d of run %s", item.seq(), runId);
            setup.stopping.request(RunStatus.FAILED, "internal error on item " + item.seq() + ": "
                    + Secrets.redact(e.getMessage()));
        }
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
                stores.queue().renewLeases(runId, workerId, at + leaseMillis);
                // One row per tick, off the items' path, so a dead process's run can be told from a live one.
                stores.runs().heartbeat(runId, at);
                RunRecord now = stores.runs().run(runId);
                // Another worker stopped the run (401, budget, fail-fast): stop here too.
                if (now.status() == RunStatus.FAILED || now.status() == RunStatus.STOPPED) {
                    setup.stopping.request(now.status(), now.error().orElse("stopped by another worker"));
                    finished.release();
                }
            } catch (RuntimeException e) {
                LOG.warnf("could not renew leases of run %s: %s", runId, e.getMessage());
            }
        }
    }

    /**
     * Waits a little for more free item slots before a claim, so that claims go in batches of an eighth of the
     * items in flight: every claim is a store write, and against a slow endpoint items finish one at a time, each
     * freeing one slot. The items in flight are twice the call slots, so a freed item slot left empty for
     * {@link #CLAIM_GATHER_MILLIS} idles no call slot.
     *
     * @return the slots taken besides the one the caller holds (0 when they did not come in time)
     */
    private int awaitMoreSlots(Semaphore slots) {
        int batch = Math.max(1, parallelItems / 8);
        if (batch == 1 || slots.availablePermits() >= batch - 1) {
            return 0;
        }
        try {
            return slots.tryAcquire(batch - 1, CLAIM_GATHER_MILLIS, TimeUnit.MILLISECONDS) ? batch - 1 : 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
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
}
