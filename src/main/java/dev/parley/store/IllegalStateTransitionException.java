package dev.parley.store;

import dev.parley.store.ItemState;

/** A move between item states that the transition table does not allow. */
public class IllegalStateTransitionException extends IllegalStateException {

    private final ItemState from;
    private final ItemState to;

    public IllegalStateTransitionException(ItemState from, ItemState to) {
        super("an item cannot move from " + from.key() + " to " + to.key());
        this.from = from;
        this.to = to;
    }

    public ItemState from() {
        return from;
    }

    public ItemState to() {
        return to;
    }
}
