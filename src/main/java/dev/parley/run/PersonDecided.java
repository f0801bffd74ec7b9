package dev.parley.run;

import java.util.Objects;

import dev.parley.dialogue.Dialogue;
import dev.parley.store.ItemState;

/**
 * A person's decision on a dialogue took effect (or an undo did): the item moved from {@code before} to
 * {@code after}, holding {@code dialogue}. {@link HumanReview} publishes it once the decision is stored, so that
 * an execution of the run in this process updates its live duplicate and diversity state and refills the cell of
 * a dialogue a person took out.
 *
 * @param cellKey the item's plan cell key
 */
public record PersonDecided(String runId, int seq, String cellKey, ItemState before, ItemState after,
        Dialogue dialogue) {

    public PersonDecided {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(cellKey, "cellKey");
        Objects.requireNonNull(before, "before");
        Objects.requireNonNull(after, "after");
        Objects.requireNonNull(dialogue, "dialogue");
    }

    /** The dialogue was in the dataset and is not now. */
    public boolean left() {
        return before == ItemState.ACCEPTED && after != ItemState.ACCEPTED;
    }
}
