package dev.parley.quality;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import dev.parley.dialogue.Dialogue;
import dev.parley.recipe.Recipe;

/**
 * What a recipe does with each kind of personal data: reject the dialogue, redact the value, or allow
 * it; and the values it always allows (the shop's own hotline or support address). One rule for every
 * version of a dialogue: a first version, a revision and a person's edit are screened alike, so a
 * revision of a redacted dialogue is redacted again rather than rejected, and its placeholders are
 * never findings.
 */
public final class PiiPolicy {

    /** What happens to a kind of personal data. */
    public enum Action {
        REJECT, REDACT, ALLOW
    }

    /**
     * A dialogue after screening.
     *
     * @param dialogue  the dialogue with the kinds to redact redacted (the input when nothing was)
     * @param rejection why the dialogue is turned away, if a kind to reject was found
     * @param redacted  how many values of each kind were redacted
     */
    public record Screened(Dialogue dialogue, Optional<Rejection> rejection, Map<PiiType, Integer> redacted) {
        public Screened {
            Objects.requireNonNull(dialogue, "dialogue");
            rejection = rejection == null ? Optional.empty() : rejection;
            redacted = redacted == null ? Map.of() : Map.copyOf(redacted);
        }
    }

    private final Map<PiiType, Action> actions;
    private final PiiDetector rejecting;
    private final PiiDetector redacting;

    /** A policy of the given action per kind (every kind must have one) and allowed values. */
    public PiiPolicy(Map<PiiType, Action> actions, Set<String> allowed) {
        if (!actions.keySet().containsAll(EnumSet.allOf(PiiType.class))) {
            throw new IllegalArgumentException("every kind needs an action, missing: "
                    + EnumSet.complementOf(EnumSet.copyOf(actions.keySet())));
        }
        this.actions = new EnumMap<>(actions);
        this.rejecting = new PiiDetector(kinds(Action.REJECT), allowed);
        this.redacting = new PiiDetector(kinds(Action.REDACT), allowed);
    }

    /**
     * The recipe's policy: {@code checks.pii} for every kind ({@code off} allows all), then the kinds
     * {@code checks.pii.kinds} names, and its allowed values.
     */
    public static PiiPolicy of(Recipe.Checks checks) {
        Action fallback = switch (checks.pii()) {
            case Recipe.Checks.REDACT -> Action.REDACT;
            case Recipe.Checks.OFF -> Action.ALLOW;
            default -> Action.REJECT;
        };
        var actions = new EnumMap<PiiType, Action>(PiiType.class);
        for (PiiType t : PiiType.values()) {
            String chosen = checks.piiRules().kinds().get(t.key());
            actions.put(t, chosen == null ? fallback : Action.valueOf(chosen.toUpperCase(Locale.ROOT)));
        }
        return new PiiPolicy(actions, Set.copyOf(checks.piiRules().allow()));
    }

    /** What the policy does with {@code type}. */
    public Action action(PiiType type) {
        return actions.get(type);
    }

    /**
     * Screens a dialogue: rejected if it holds a kind to reject (the reason names kinds and messages,
     * never the data), otherwise returned with the kinds to redact redacted.
     */
    public Screened screen(Dialogue dialogue) {
        Optional<Rejection> rejection = rejecting.check(dialogue);
        if (rejection.isPresent()) {
            return new Screened(dialogue, rejection, Map.of());
        }
        Map<PiiType, Integer> found = redacting.count(dialogue);
        return found.isEmpty() ? new Screened(dialogue, Optional.empty(), Map.of())
                : new Screened(redacting.redact(dialogue), Optional.empty(), found);
    }

    private Set<PiiType> kinds(Action action) {
        var kinds = EnumSet.noneOf(PiiType.class);
        actions.forEach((t, a) -> {
            if (a == action) {
                kinds.add(t);
            }
        });
        return kinds;
    }
}
