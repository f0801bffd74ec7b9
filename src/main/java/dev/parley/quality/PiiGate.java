package dev.parley.quality;

import java.util.Objects;

import dev.parley.recipe.Recipe;

/**
 * The personal-data gate: the recipe's {@link PiiPolicy} (per kind reject, redact or allow, and the values it
 * always allows) applied to a dialogue. A kind to reject turns the dialogue away; kinds to redact are replaced
 * by their placeholders and the dialogue goes on. The same policy holds for a first version, a revision and a
 * person's edit, so a redacting recipe never rejects a revision for what it would have redacted.
 */
public final class PiiGate implements Gate {

    private final PiiPolicy policy;

    public PiiGate(PiiPolicy policy) {
        this.policy = Objects.requireNonNull(policy, "policy");
    }

    /** The gate of a recipe's {@code checks.pii}. */
    public static PiiGate of(Recipe.Checks checks) {
        return new PiiGate(PiiPolicy.of(checks));
    }

    @Override
    public String name() {
        return PiiDetector.GATE;
    }

    @Override
    public Result check(Candidate candidate) {
        PiiPolicy.Screened screened = policy.screen(candidate.dialogue());
        return Result.of(screened.dialogue(), screened.rejection());
    }

    @Override
    public String toString() {
        return "PiiGate[" + policy + "]";
    }
}
