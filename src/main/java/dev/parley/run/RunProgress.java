package dev.parley.run;

import java.util.Map;

import dev.parley.llm.CallUsage;

/**
 * A snapshot of a run's progress.
 *
 * @param runId   the run
 * @param planned planned items
 * @param states  items per state
 * @param usage   what the model calls cost so far
 */
public record RunProgress(String runId, int planned, Map<ItemState, Integer> states, CallUsage usage) {

    public RunProgress {
        states = Map.copyOf(states);
    }

    /** Items in a final state. */
    public int done() {
        return states.entrySet().stream().filter(e -> e.getKey().isTerminal()).mapToInt(Map.Entry::getValue).sum();
    }

    public int count(ItemState state) {
        return states.getOrDefault(state, 0);
    }
}
