package dev.parley.quality;

import java.util.Locale;
import java.util.Objects;

import dev.parley.quality.DiversitySnapshot.Scope;
import dev.parley.recipe.Recipe;

/**
 * A limit on a diversity measure, as a recipe sets it, and what to do when the measure falls past it.
 *
 * @param measure      what is watched
 * @param scope        over the sliding window or over every accepted dialogue
 * @param limit        the value the measure must not fall past
 * @param direction    which side of the limit is healthy
 * @param action       what happens when the measure falls past the limit
 * @param minDialogues the gate speaks only once its scope holds at least this many dialogues
 *                     (measures over a handful of dialogues are noise), ≥ 1
 */
public record DiversityGate(DiversityMeasure measure, Scope scope, double limit, Direction direction, Action action,
        int minDialogues) {

    /** Dialogues a scope must hold before a gate speaks, by default. */
    public static final int DEFAULT_MIN_DIALOGUES = 20;

    /** Which side of the limit is healthy. */
    public enum Direction {
        /** The measure must stay at or above the limit (distinct-n, coverage entropy, length spread). */
        AT_LEAST,
        /** The measure must stay at or below the limit (self-BLEU, compression ratio, opening shares). */
        AT_MOST;

        /** Whether {@code value} is past {@code limit}; a value exactly at the limit is fine. */
        public boolean isPast(double value, double limit) {
            return this == AT_LEAST ? value < limit : value > limit;
        }
    }

    /** What a tripped gate does. */
    public enum Action {
        /** Record a warning in the run's report and log; generation goes on. */
        WARN,
        /** Pause the run with the gate's reason, for a person to decide. */
        PAUSE,
        /**
         * Reject the dialogue that would push the measure past the limit; only for measures taken per
         * dialogue ({@link DiversityMeasure#perDialogue()}), the dedup-like gates.
         */
        REJECT
    }

    public DiversityGate {
        Objects.requireNonNull(measure, "measure");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(action, "action");
        if (!Double.isFinite(limit)) {
            throw new IllegalArgumentException("the limit of the " + measure.key() + " gate must be a number, got " + limit);
        }
        if (minDialogues < 1) {
            throw new IllegalArgumentException("the " + measure.key() + " gate needs min-dialogues ≥ 1, got " + minDialogues);
        }
        if (action == Action.REJECT && !measure.perDialogue()) {
            throw new IllegalArgumentException("the " + measure.key() + " gate cannot reject: a dialogue's share of it"
                    + " cannot be measured alone; use warn or pause (reject works on user-opening-share and"
                    + " assistant-opening-share)");
        }
    }

    /** A gate over the window in the measure's usual direction, speaking from 20 dialogues on. */
    public DiversityGate(DiversityMeasure measure, double limit, Action action) {
        this(measure, Scope.WINDOW, limit, measure.usualDirection(), action, DEFAULT_MIN_DIALOGUES);
    }

    /** The gate a recipe states (already validated by the recipe loader). */
    public static DiversityGate of(Recipe.DiversityRule rule) {
        DiversityMeasure measure = DiversityMeasure.fromKey(rule.measure());
        return new DiversityGate(measure,
                Recipe.DiversityRule.OVERALL.equals(rule.scope()) ? Scope.OVERALL : Scope.WINDOW, rule.limit(),
                rule.direction().map(d -> d.equals("at-most") ? Direction.AT_MOST : Direction.AT_LEAST)
                        .orElse(measure.usualDirection()),
                Action.valueOf(rule.action().toUpperCase(Locale.ROOT)), rule.minDialogues());
    }

    /** The gate's stable name, as recorded on rejected items: {@code diversity:} and the measure's key. */
    public String name() {
        return "diversity:" + measure.key();
    }

    /** Why the gate tripped at {@code value}, for a person reading the run. */
    String reason(double value, int dialogues) {
        return String.format(Locale.ROOT, "%s over %s is %.3f, %s the limit %.3f", measure.key(),
                scope == Scope.WINDOW ? "the last " + dialogues + " dialogues" : "all " + dialogues + " accepted dialogues",
                value, direction == Direction.AT_LEAST ? "below" : "above", limit);
    }
}
