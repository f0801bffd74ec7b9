package dev.parley.recipe;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What to make: one validated recipe. Built by {@link RecipeLoader}, which reports every problem
 * with its field path; the compact constructors only guard invariants the loader already checked.
 *
 * @param name        short identifier, used in file names and the API
 * @param description what the dataset is for, in a sentence
 * @param language    language code of the dialogues (e.g. {@code id}, {@code en})
 * @param count       how many dialogues to plan
 * @param seed        seed for planning and for the offline demo model
 * @param turns       messages per dialogue, user and assistant together
 * @param assistant   the target assistant, as it will run in production
 * @param dimensions  the coverage grid: dimension name to its values, in recipe order
 * @param judge       rubric and acceptance threshold
 * @param prompts     folder of prompt templates that replace the packaged ones of the same name (resolved
 *                    against the recipe's folder); empty for the packaged defaults
 * @param models      per-role model names, overriding the configuration
 * @param checks      limits of the cheap checks that run before the judge
 * @param mode        how dialogues are written: {@value #WHOLE} (one structured call) or
 *                    {@value #ROLE_PLAY} (a user simulator and the assistant take turns)
 * @param export      defaults of the training export (formats, split, context length, real data)
 */
public record Recipe(
        String name,
        String description,
        String language,
        int count,
        long seed,
        TurnRange turns,
        Assistant assistant,
        Map<String, List<String>> dimensions,
        JudgeSettings judge,
        Optional<String> prompts,
        ModelNames models,
        Checks checks,
        String mode,
        ExportSettings export) {

    public static final String WHOLE = "whole";
    public static final String ROLE_PLAY = "role-play";


    public Recipe {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(language, "language");
        Objects.requireNonNull(turns, "turns");
        Objects.requireNonNull(assistant, "assistant");
        Objects.requireNonNull(judge, "judge");
        description = description == null ? "" : description;
        prompts = prompts == null ? Optional.empty() : prompts;
        models = models == null ? ModelNames.NONE : models;
        checks = checks == null ? Checks.DEFAULT : checks;
        mode = mode == null ? WHOLE : mode;
        export = export == null ? ExportSettings.NONE : export;
        var copy = new LinkedHashMap<String, List<String>>();
        dimensions.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        dimensions = Collections.unmodifiableMap(copy);
        if (count < 1) {
            throw new IllegalArgumentException("count must be at least 1");
        }
    }

    /** A recipe without an {@code export:} section. */
    public Recipe(String name, String description, String language, int count, long seed, TurnRange turns,
            Assistant assistant, Map<String, List<String>> dimensions, JudgeSettings judge, Optional<String> prompts,
            ModelNames models, Checks checks, String mode) {
        this(name, description, language, count, seed, turns, assistant, dimensions, judge, prompts, models, checks, mode,
                ExportSettings.NONE);
    }

    /** The same recipe with another dialogue count (the CLI's {@code --count}). */
    public Recipe withCount(int newCount) {
        return new Recipe(name, description, language, newCount, seed, turns, assistant, dimensions, judge, prompts,
                models, checks, mode, export);
    }

    /** Messages per dialogue, user and assistant together. */
    public record TurnRange(int min, int max) {
        public TurnRange {
            if (min < 2 || max < min) {
                throw new IllegalArgumentException("turn range must satisfy 2 <= min <= max");
            }
        }

        public boolean contains(int messages) {
            return messages >= min && messages <= max;
        }
    }

    /** The assistant being trained: its production system prompt. */
    public record Assistant(String systemPrompt) {
        public Assistant {
            Objects.requireNonNull(systemPrompt, "systemPrompt");
        }
    }

    /**
     * How dialogues are judged.
     *
     * @param threshold minimum weighted mean rubric score (1..5) for acceptance
     * @param rubric    rubric name under {@code prompts/rubrics/} or a file path
     * @param revise    the critique → revise → re-judge loop
     * @param recheck   how many judged dialogues the judge scores a second time, to measure its consistency
     * @param panel     model names of a panel of judges (empty: the one configured judge)
     * @param combine   how a panel's scores are combined: {@code mean} or {@code min}
     */
    public record JudgeSettings(double threshold, String rubric, Revise revise, int recheck, List<String> panel,
            String combine) {
        public static final String MEAN = "mean";
        public static final String MIN = "min";

        public static final String DEFAULT_RUBRIC = "default";

        public JudgeSettings {
            rubric = rubric == null ? DEFAULT_RUBRIC : rubric;
            revise = revise == null ? Revise.DEFAULT : revise;
            panel = panel == null ? List.of() : List.copyOf(panel);
            combine = combine == null ? MEAN : combine;
        }

        public JudgeSettings(double threshold, String rubric, Revise revise, int recheck) {
            this(threshold, rubric, revise, recheck, List.of(), MEAN);
        }

        public static final int DEFAULT_RECHECK = 10;

        public JudgeSettings(double threshold, String rubric) {
            this(threshold, rubric, Revise.DEFAULT, DEFAULT_RECHECK);
        }
    }

    /**
     * How dialogues that miss the bar are repaired.
     *
     * @param rounds how many times a dialogue may be revised and judged again (0 turns revision off)
     * @param floor  dialogues whose mean score is below this are rejected without revision
     * @param mode   {@code turns}: rewrite only the assistant turns the judge scored low (and, when none
     *               is low, the whole dialogue); {@code whole}: rewrite the whole dialogue
     */
    public record Revise(int rounds, double floor, String mode) {
        public static final String TURNS = "turns";
        public static final String WHOLE = "whole";
        public static final Revise DEFAULT = new Revise(1, 2.5, TURNS);

        public Revise {
            if (rounds < 0) {
                throw new IllegalArgumentException("revise rounds must be ≥ 0");
            }
            mode = mode == null ? TURNS : mode;
        }
    }

    /**
     * Limits of the cheap checks and quality gates that run before the judge.
     *
     * @param stockOpeningRate the largest share of accepted dialogues whose first assistant message
     *                         may open with a stock phrase ("Certainly!"); past it, such dialogues are rejected
     * @param nearDuplicate    Jaccard similarity (word shingles, MinHash/LSH) at which a dialogue counts as a
     *                         near duplicate of one already kept and is rejected; 0 turns the gate off
     * @param pii              what to do with personal data and secrets found: {@code reject}, {@code redact}
     *                         (typed placeholders such as [EMAIL]) or {@code off}
     */
    public record Checks(double stockOpeningRate, double nearDuplicate, String pii) {
        public static final String REJECT = "reject";
        public static final String REDACT = "redact";
        public static final String OFF = "off";
        public static final Checks DEFAULT = new Checks(0.3, 0.7, REJECT);
    }

    /** Model names per role; empty means "as configured". */
    public record ModelNames(Optional<String> generator, Optional<String> judge, Optional<String> user) {
        public static final ModelNames NONE = new ModelNames(Optional.empty(), Optional.empty(), Optional.empty());
    }
}
