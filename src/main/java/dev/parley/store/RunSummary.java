package dev.parley.store;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A run as a list shows it: what the run table holds, its items counted by state, and its tokens
 * per model, without reading the items themselves.
 *
 * @param id            the run
 * @param name          recipe name
 * @param status        where the run is
 * @param planned       planned items
 * @param states        items per state (every state present)
 * @param tokensByModel input and output tokens per model
 * @param createdAt     when it was created
 * @param error         why it stopped, if it did not complete
 * @param heartbeat     when an execution of it last reported; empty when none has
 */
public record RunSummary(String id, String name, RunStatus status, int planned, Map<ItemState, Integer> states,
        Map<String, long[]> tokensByModel, Instant createdAt, Optional<String> error, Optional<Instant> heartbeat) {

    public RunSummary {
        Objects.requireNonNull(id, "id");
        states = Map.copyOf(states);
        tokensByModel = Map.copyOf(tokensByModel);
        error = error == null ? Optional.empty() : error;
        heartbeat = heartbeat == null ? Optional.empty() : heartbeat;
    }

    public int count(ItemState state) {
        return states.getOrDefault(state, 0);
    }

    /** Items in a final state. */
    public int done() {
        return RunProgress.done(states);
    }

    /** Items progress counts to: planned ones and top-ups. */
    public int total() {
        return RunProgress.total(planned, states);
    }
}
