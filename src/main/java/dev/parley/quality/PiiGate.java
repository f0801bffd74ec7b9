package dev.parley.quality;

import java.util.Objects;

import dev.parley.generate.Dialogue;
import dev.parley.recipe.Recipe;

/**
 * The personal-data gate, in the recipe's {@code checks.pii} mode: {@code reject} turns away a dialogue
 * holding personal data or secrets, {@code redact} lets it through with each finding replaced by its
 * placeholder, {@code off} lets everything through. The same mode holds for a first version, a revision
 * and a person's edit, so a redacting recipe never rejects a revision for what it would have redacted.
 */
public final class PiiGate implements Gate {

    private final PiiDetector detector;
    private final String mode;

    /**
     * @param mode {@link Recipe.Checks#REJECT}, {@link Recipe.Checks#REDACT} or {@link Recipe.Checks#OFF}
     */
    public PiiGate(PiiDetector detector, String mode) {
        this.detector = Objects.requireNonNull(detector, "detector");
        if (!Recipe.Checks.REJECT.equals(mode) && !Recipe.Checks.REDACT.equals(mode) && !Recipe.Checks.OFF.equals(mode)) {
            throw new IllegalArgumentException("checks.pii must be reject, redact or off, got " + mode);
        }
        this.mode = mode;
    }

    @Override
    public String name() {
        return PiiDetector.GATE;
    }

    @Override
    public Result check(Candidate candidate) {
        Dialogue dialogue = candidate.dialogue();
        return switch (mode) {
            case Recipe.Checks.OFF -> Result.pass(dialogue);
            case Recipe.Checks.REDACT -> Result.pass(detector.count(dialogue).isEmpty() ? dialogue : detector.redact(dialogue));
            default -> Result.of(dialogue, detector.check(dialogue));
        };
    }

    /** Whether this gate may change a dialogue it lets through. */
    public boolean redacts() {
        return Recipe.Checks.REDACT.equals(mode);
    }

    @Override
    public String toString() {
        return "PiiGate[" + mode + "]";
    }
}
