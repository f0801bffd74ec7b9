package dev.parley.store;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Where a dialogue item is in the flow, with the one table of allowed transitions.
 *
 * <pre>
 * PLANNED ─► GENERATING ─► GENERATED ─► JUDGING ─► ACCEPTED
 *                │             │         ▲  │  └─► REJECTED
 *                │             │         │  ▼
 *                │             │        REVISING ─► REJECTED | FAILED
 *                │             └─► REJECTED (a check turned it away)
 *                └─► FAILED ◄──────────────┘ (no usable model answer)
 * </pre>
 * GENERATING and JUDGING fall back to the state before them when a run resumes after a crash;
 * REVISING is redone from the stored dialogue and verdict.
 */
public enum ItemState {
    PLANNED, GENERATING, GENERATED, JUDGING, REVISING, ACCEPTED, REJECTED, FAILED;

    private static final Map<ItemState, Set<ItemState>> ALLOWED = Map.of(
            PLANNED, EnumSet.of(GENERATING),
            GENERATING, EnumSet.of(GENERATED, FAILED, PLANNED),
            GENERATED, EnumSet.of(JUDGING, REJECTED),
            JUDGING, EnumSet.of(ACCEPTED, REJECTED, FAILED, GENERATED, REVISING),
            REVISING, EnumSet.of(JUDGING, REJECTED, FAILED),
            ACCEPTED, EnumSet.noneOf(ItemState.class),
            REJECTED, EnumSet.noneOf(ItemState.class),
            FAILED, EnumSet.noneOf(ItemState.class));

    public boolean canMoveTo(ItemState next) {
        return ALLOWED.get(this).contains(next);
    }

    /** Throws {@link IllegalStateTransitionException} unless the move is in the table. */
    public void checkMoveTo(ItemState next) {
        if (!canMoveTo(next)) {
            throw new IllegalStateTransitionException(this, next);
        }
    }

    public boolean isTerminal() {
        return ALLOWED.get(this).isEmpty();
    }

    /** Lower-case name, as the API and reports show it. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a lower- or upper-case state name. */
    public static ItemState parse(String s) {
        return valueOf(s.strip().toUpperCase(Locale.ROOT));
    }
}
