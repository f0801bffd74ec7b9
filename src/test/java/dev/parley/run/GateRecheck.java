package dev.parley.run;

import java.util.Optional;

import dev.parley.dialogue.Dialogue;
import dev.parley.store.ItemRecord;
import dev.parley.store.ItemRepository;
import io.quarkus.arc.ClientProxy;

/**
 * Puts a stored dialogue through its run's gate chain again, built exactly as a person's accept or edit builds it
 * ({@link HumanReview}'s own check, every other accepted dialogue of the run held by the gates), without deciding
 * anything.
 */
public final class GateRecheck {

    private GateRecheck() {
    }

    /** Why the gates turn the item's current dialogue away now, or empty when it passes them all. */
    public static Optional<String> rejection(HumanReview review, ItemRepository items, String runId, int seq) {
        ItemRecord item = items.item(runId, seq).orElseThrow(() -> new AssertionError("no item " + seq));
        try {
            ClientProxy.unwrap(review).passGates(runId, item, item.dialogue().orElseThrow());
            return Optional.empty();
        } catch (DecisionException rejected) {
            return Optional.of(rejected.getMessage());
        }
    }
}
