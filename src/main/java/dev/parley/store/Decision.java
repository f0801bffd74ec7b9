package dev.parley.store;

import dev.parley.dialogue.Dialogue;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A person's decision on a dialogue, as stored: accept it, reject it, or replace it with an edit. It records
 * who and when, and what the item was before, so that it can be undone.
 *
 * @param id       the decision's id among the run's reviews
 * @param seq      the item
 * @param action   what the person did
 * @param by       who: the authenticated user, the API key's principal, or {@code anonymous}
 * @param at       when
 * @param prior    the item before the decision, which an undo restores
 * @param undoneBy who undid it, if anyone did
 * @param undoneAt when it was undone
 */
public record Decision(long id, int seq, Action action, String by, Instant at, Prior prior, Optional<String> undoneBy,
        Optional<Instant> undoneAt) {

    public Decision {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(by, "by");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(prior, "prior");
        undoneBy = undoneBy == null ? Optional.empty() : undoneBy;
        undoneAt = undoneAt == null ? Optional.empty() : undoneAt;
    }

    public boolean undone() {
        return undoneAt.isPresent();
    }

    /** The item's state once the decision holds: an edit leaves it as it was. */
    public ItemState after() {
        return action.after(prior.state());
    }

    /** What a person can decide. */
    public enum Action {
        ACCEPT, REJECT, EDIT;

        /** As the API and the store name it. */
        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Action parse(String key) {
            return valueOf(key.strip().toUpperCase(Locale.ROOT));
        }

        /** The item's state after this action on an item in {@code before}. */
        public ItemState after(ItemState before) {
            return switch (this) {
                case ACCEPT -> ItemState.ACCEPTED;
                case REJECT -> ItemState.REJECTED;
                case EDIT -> before;
            };
        }
    }

    /**
     * An item as a decision found it.
     *
     * @param dialogue the dialogue
     */
    public record Prior(ItemState state, Optional<String> gate, Optional<String> reason, Dialogue dialogue) {
        public Prior {
            Objects.requireNonNull(state, "state");
            Objects.requireNonNull(dialogue, "dialogue");
            gate = gate == null ? Optional.empty() : gate;
            reason = reason == null ? Optional.empty() : reason;
        }
    }

    /**
     * A decision to store.
     *
     * @param dialogue the item's dialogue once it holds (the edit, or the gates' redaction of it)
     * @param gate     the gate recorded on the item once it holds (for a rejection), or empty to clear it
     * @param reason   the reason recorded with it
     * @param score    the person's 1..5 score given with it, if any
     */
    public record New(int seq, Action action, String by, Prior prior, Dialogue dialogue, Optional<String> gate,
            Optional<String> reason, Optional<Double> score) {
        public New {
            score = score == null ? Optional.empty() : score;
            Objects.requireNonNull(action, "action");
            Objects.requireNonNull(by, "by");
            Objects.requireNonNull(prior, "prior");
            Objects.requireNonNull(dialogue, "dialogue");
            gate = gate == null ? Optional.empty() : gate;
            reason = reason == null ? Optional.empty() : reason;
        }
    }
}
