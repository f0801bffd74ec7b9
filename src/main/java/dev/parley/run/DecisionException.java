package dev.parley.run;

import java.util.Optional;

import dev.parley.quality.Rejection;

/**
 * A person's decision that cannot be carried out: the item is not in a state it applies to ({@link #rejection()}
 * empty), or the dialogue it would keep fails a gate (the gate's rejection).
 */
public final class DecisionException extends RuntimeException {

    private final transient Optional<Rejection> rejection;

    private DecisionException(String message, Optional<Rejection> rejection) {
        super(message);
        this.rejection = rejection;
    }

    /** The item's state does not allow the decision. */
    static DecisionException conflict(String message) {
        return new DecisionException(message, Optional.empty());
    }

    /** The dialogue the decision would keep fails a gate. */
    static DecisionException rejected(Rejection rejection) {
        return new DecisionException("the dialogue fails the " + rejection.gate() + " gate: " + rejection.reason(),
                Optional.of(rejection));
    }

    /** The gate's rejection, when a gate refused the dialogue. */
    public Optional<Rejection> rejection() {
        return rejection;
    }
}
