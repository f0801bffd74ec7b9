package dev.parley.store;

import java.util.List;
import java.util.Map;

import dev.parley.llm.BatchStore;
import dev.parley.llm.CallUsage;
import dev.parley.store.ItemState;

/**
 * A snapshot of a run's progress.
 *
 * @param runId   the run
 * @param planned planned items
 * @param states  items per state
 * @param usage   what the model calls cost so far, in tokens
 * @param cost    what they cost in dollars, from the price table
 * @param openBatches the run's batches a provider has not finished with (batch mode), oldest first
 */
public record RunProgress(String runId, int planned, Map<ItemState, Integer> states, CallUsage usage, double cost,
        List<BatchStore.StoredBatch> openBatches) {

    public RunProgress {
        states = Map.copyOf(states);
        openBatches = List.copyOf(openBatches);
    }

    public RunProgress(String runId, int planned, Map<ItemState, Integer> states, CallUsage usage, double cost) {
        this(runId, planned, states, usage, cost, List.of());
    }

    /** Items in a final state. */
    public int done() {
        return done(states);
    }

    /**
     * Items in a final state: what every view of a run (events, runs list, dashboard, report, card)
     * counts as done, so they agree after a cancel and with top-ups.
     */
    public static int done(Map<ItemState, Integer> states) {
        return states.entrySet().stream().filter(e -> e.getKey().isTerminal()).mapToInt(Map.Entry::getValue).sum();
    }

    /** Every item of the run, adaptive top-ups included, and never fewer than planned: the total progress counts to. */
    public static int total(int planned, Map<ItemState, Integer> states) {
        return Math.max(planned, states.values().stream().mapToInt(Integer::intValue).sum());
    }

    public int count(ItemState state) {
        return states.getOrDefault(state, 0);
    }

    public long tokens() {
        return usage.inputTokens() + usage.outputTokens();
    }

    /** Tokens the whole run will have spent at the rate so far; the spend so far until an item is done. */
    public long projectedTokens() {
        return done() == 0 ? tokens() : Math.round((double) tokens() * planned / done());
    }

    /** Dollars the whole run will have cost at the rate so far. */
    public double projectedCost() {
        return done() == 0 ? cost : cost * planned / done();
    }
}
