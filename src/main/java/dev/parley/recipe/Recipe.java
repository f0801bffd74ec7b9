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
 * <p>Past 300 lines because its nested records are the recipe format's sections, each with its defaults and the
 * names the loader checks against ({@link #PII_KINDS}, {@link #DIVERSITY_MEASURES}): the whole format in one file.
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
 * @param coverage    value weights, excluded and required combinations, model-expanded dimensions and
 *                    adaptive top-ups ({@link Coverage#NONE} for the plain balanced plan)
 * @param languages   language code to its weight, in recipe order; one entry ({@code language} at 1.0) when
 *                    the recipe names one language; {@code language} is the first
 * @param seeds       real example dialogues shown to the generator as style examples, if any
 * @param export      defaults of the training export (formats, split, context length, real data)
 * @param preference  how preference pairs are made on purpose ({@link Preference#NONE}: only the pairs revisions give)
 * @param tools       the functions the assistant may call and how their results are made ({@link Tools#NONE}: none)
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
        Coverage coverage,
        Map<String, Double> languages,
        Optional<Seeds> seeds,
        ExportSettings export,
        Preference preference,
        Tools tools) {

    public static final String WHOLE = "whole";
    public static final String ROLE_PLAY = "role-play";
    /** The cell key under which an item's language is recorded when the recipe has several. */
    public static final String LANGUAGE_KEY = "language";


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
        coverage = coverage == null ? Coverage.NONE : coverage;
        languages = languages == null || languages.isEmpty() ? Map.of(language, 1.0)
                : Collections.unmodifiableMap(new LinkedHashMap<>(languages));
        seeds = seeds == null ? Optional.empty() : seeds;
        export = export == null ? ExportSettings.NONE : export;
        preference = preference == null ? Preference.NONE : preference;
        tools = tools == null ? Tools.NONE : tools;
        var copy = new LinkedHashMap<String, List<String>>();
        dimensions.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        dimensions = Collections.unmodifiableMap(copy);
        if (count < 1) {
            throw new IllegalArgumentException("count must be at least 1");
        }
    }

    /** A recipe in one language, without seed examples or an {@code export:} section, with the plain balanced plan. */
    public Recipe(String name, String description, String language, int count, long seed, TurnRange turns,
            Assistant assistant, Map<String, List<String>> dimensions, JudgeSettings judge, Optional<String> prompts,
            ModelNames models, Checks checks, String mode) {
        this(name, description, language, count, seed, turns, assistant, dimensions, judge, prompts, models, checks, mode,
                Coverage.NONE, null, Optional.empty(), ExportSettings.NONE, Preference.NONE, Tools.NONE);
    }

    /** The same recipe with another dialogue count (the CLI's {@code --count}). */
    public Recipe withCount(int newCount) {
        return new Recipe(name, description, language, newCount, seed, turns, assistant, dimensions, judge, prompts,
                models, checks, mode, coverage, languages, seeds, export, preference, tools);
    }

    /**
     * The same recipe with these roles in batch mode (the CLI's {@code --batch}, the REST {@code batch} field).
     *
     * @throws InvalidRecipeException naming {@code models} when a role is not generator, judge or user
     */
    public Recipe withBatch(java.util.Collection<String> roles) {
        var batch = new java.util.LinkedHashMap<>(models.batch());
        for (String role : roles) {
            if (!List.of("generator", "judge", "user").contains(role)) {
                throw new InvalidRecipeException("models", "batch mode is for the generator, judge or user, not '" + role + "'");
            }
            batch.put(role, true);
        }
        return new Recipe(name, description, language, count, seed, turns, assistant, dimensions, judge, prompts,
                new ModelNames(models.generator(), models.judge(), models.user(), batch), checks, mode, coverage,
                languages, seeds, export, preference, tools);
    }

    /** The same recipe with other dimension values and coverage (expanded dimensions filled in). */
    public Recipe withDimensions(Map<String, List<String>> newDimensions, Coverage newCoverage) {
        return new Recipe(name, description, language, count, seed, turns, assistant, newDimensions, judge, prompts,
                models, checks, mode, newCoverage, languages, seeds, export, preference, tools);
    }

    /** The same recipe with other seeds and checks (the loader resolves their files against the recipe's folder). */
    public Recipe withInputs(Optional<Seeds> newSeeds, Checks newChecks) {
        return new Recipe(name, description, language, count, seed, turns, assistant, dimensions, judge, prompts,
                models, newChecks, mode, coverage, languages, newSeeds, export, preference, tools);
    }

    /**
     * Real example dialogues (JSONL, OpenAI {@code messages} or ShareGPT {@code conversations}), a
     * rotating few of which are shown to the generator as style examples.
     *
     * @param file           the file, resolved against the recipe's folder
     * @param examples       how many are shown for one dialogue
     * @param syntheticDepth how many generations of synthetic data the seeds are removed from real data
     *                       (0: real dialogues), recorded for provenance
     */
    public record Seeds(String file, int examples, int syntheticDepth) {
        public static final int DEFAULT_EXAMPLES = 2;

        public Seeds {
            Objects.requireNonNull(file, "file");
            if (examples < 1 || syntheticDepth < 0) {
                throw new IllegalArgumentException("seeds need examples ≥ 1 and synthetic-depth ≥ 0");
            }
        }
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
        /** The rubric a recipe with tools is judged by when it names none: the default's criteria and tool use. */
        public static final String TOOL_USE_RUBRIC = "tool-use";

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
     * @param memorisation     the gate on long n-gram overlap with seed examples and a reference file
     * @param decontaminate    the gate on overlap with a user-given evaluation set, if any
     * @param collapse         the checks against sameness and drift: live diversity gates, the disparity
     *                         limit, semantic duplicates, duplicates of earlier data
     * @param piiRules         per-kind choices and allowed values of the privacy gate; kinds not named follow
     *                         {@code pii}
     */
    public record Checks(double stockOpeningRate, double nearDuplicate, String pii, Memorisation memorisation,
            Optional<Decontamination> decontaminate, CollapseChecks collapse, PiiRules piiRules) {
        public static final String REJECT = "reject";
        public static final String REDACT = "redact";
        public static final String OFF = "off";
        public static final Checks DEFAULT = new Checks(0.3, 0.7, REJECT);

        public Checks {
            memorisation = memorisation == null ? Memorisation.DEFAULT : memorisation;
            decontaminate = decontaminate == null ? Optional.empty() : decontaminate;
            collapse = collapse == null ? CollapseChecks.DEFAULT : collapse;
            piiRules = piiRules == null ? PiiRules.NONE : piiRules;
        }

        public Checks(double stockOpeningRate, double nearDuplicate, String pii, Memorisation memorisation,
                Optional<Decontamination> decontaminate, CollapseChecks collapse) {
            this(stockOpeningRate, nearDuplicate, pii, memorisation, decontaminate, collapse, PiiRules.NONE);
        }

        public Checks(double stockOpeningRate, double nearDuplicate, String pii) {
            this(stockOpeningRate, nearDuplicate, pii, Memorisation.DEFAULT, Optional.empty(), CollapseChecks.DEFAULT);
        }

        /** The same checks with other memorisation and decontamination gates. */
        public Checks withOverlap(Memorisation newMemorisation, Optional<Decontamination> newDecontaminate) {
            return new Checks(stockOpeningRate, nearDuplicate, pii, newMemorisation, newDecontaminate, collapse,
                    piiRules);
        }

        /** The same checks with other collapse checks. */
        public Checks withCollapse(CollapseChecks newCollapse) {
            return new Checks(stockOpeningRate, nearDuplicate, pii, memorisation, decontaminate, newCollapse, piiRules);
        }
    }

    /** Kinds of personal data a recipe may name in {@code checks.pii.kinds} (the quality module's PII kind keys). */
    public static final List<String> PII_KINDS = List.of("secret", "email", "iban", "card", "nik", "npwp",
            "national-id", "passport", "phone", "ip-address", "date-of-birth", "address", "person-name");

    /**
     * Per-kind choices of the privacy gate.
     *
     * @param kinds per kind of {@link #PII_KINDS}: {@code reject}, {@code redact} or {@code allow}
     * @param allow values left alone wherever they appear, compared without formatting: the shop's own
     *              hotline or support address
     */
    public record PiiRules(Map<String, String> kinds, List<String> allow) {
        public static final String ALLOW = "allow";
        public static final PiiRules NONE = new PiiRules(Map.of(), List.of());

        public PiiRules {
            kinds = kinds == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(kinds));
            allow = allow == null ? List.of() : List.copyOf(allow);
            kinds.forEach((kind, action) -> {
                if (!PII_KINDS.contains(kind) || !List.of(Checks.REJECT, Checks.REDACT, ALLOW).contains(action)) {
                    throw new IllegalArgumentException("pii kind " + kind + " cannot be " + action);
                }
            });
            if (allow.stream().anyMatch(String::isBlank)) {
                throw new IllegalArgumentException("an allowed value must not be blank");
            }
        }
    }

    /** Names of the diversity measures a gate may watch (the quality module's {@code DiversityMeasure} keys). */
    public static final List<String> DIVERSITY_MEASURES = List.of("distinct-1", "distinct-2", "distinct-3",
            "compression-ratio", "self-bleu", "user-opening-share", "assistant-opening-share", "length-cv",
            "coverage-entropy", "embedding-distance");
    /** The measures taken per dialogue, on which a gate may reject the dialogue. */
    public static final List<String> PER_DIALOGUE_MEASURES = List.of("user-opening-share", "assistant-opening-share");

    /**
     * Checks against model collapse, acting while the run goes.
     *
     * @param diversity         gates on live diversity measures
     * @param diversityEvery    a diversity snapshot is stored, and the gates judged, every this many accepted dialogues
     * @param disparity         a dimension value whose acceptance rate differs from the run's by more than this is
     *                          flagged in the report; 0 turns the flag off
     * @param semanticDuplicate cosine similarity of sentence embeddings at which a dialogue counts as a semantic
     *                          duplicate of one already kept; 0 (the default) turns the gate and its model off
     * @param semanticWordOverlap a dialogue that close is a semantic duplicate only when the Jaccard similarity
     *                          of the two dialogues' word sets also reaches this; 0 judges by the cosine alone
     * @param dedupAgainst      earlier data the duplicate gates also compare against
     */
    public record CollapseChecks(List<DiversityRule> diversity, int diversityEvery, double disparity,
            double semanticDuplicate, double semanticWordOverlap, DedupAgainst dedupAgainst) {
        public static final int DEFAULT_EVERY = 50;
        public static final double DEFAULT_DISPARITY = 0.2;
        /** The cosine bar the README recommends, calibrated with {@code parley bench-semantic}. */
        public static final double RECOMMENDED_SEMANTIC_DUPLICATE = 0.97;
        /**
         * The word-overlap bar by default: none. On {@code parley bench-semantic}'s corpus no word-overlap bar added
         * to a lower cosine bar reached the precision that the cosine bar of 0.97 alone reaches.
         */
        public static final double DEFAULT_SEMANTIC_WORD_OVERLAP = 0;
        public static final CollapseChecks DEFAULT = new CollapseChecks(List.of(), DEFAULT_EVERY, DEFAULT_DISPARITY, 0,
                DEFAULT_SEMANTIC_WORD_OVERLAP, DedupAgainst.NONE);

        public CollapseChecks {
            diversity = diversity == null ? List.of() : List.copyOf(diversity);
            dedupAgainst = dedupAgainst == null ? DedupAgainst.NONE : dedupAgainst;
            if (diversityEvery < 1) {
                throw new IllegalArgumentException("diversity-every must be at least 1");
            }
        }
    }

    /**
     * The memorisation gate: a dialogue is rejected when more than {@code limit} of its words lie in
     * runs of {@code n} or more consecutive words shared with a seed example or a reference dialogue.
     *
     * @param n         shared words that make a run count, ≥ 2
     * @param limit     largest share of the dialogue's words that may lie in such runs (0: none may)
     * @param reference a file of real dialogues checked besides the seeds, if any
     */
    public record Memorisation(int n, double limit, Optional<String> reference) {
        public static final Memorisation DEFAULT = new Memorisation(8, 0.2, Optional.empty());

        public Memorisation {
            if (n < 2 || limit < 0 || limit > 1) {
                throw new IllegalArgumentException("memorisation needs n ≥ 2 and a limit from 0 to 1");
            }
            reference = reference == null ? Optional.empty() : reference;
        }
    }

    /**
     * The decontamination gate: a dialogue sharing a run of {@code n} or more consecutive words with
     * any dialogue of an evaluation set is rejected.
     *
     * @param file the evaluation set (JSONL, OpenAI or ShareGPT shape), resolved against the recipe's folder
     * @param n    shared words that reject (13 by default, the usual contamination length)
     */
    public record Decontamination(String file, int n) {
        public static final int DEFAULT_N = 13;

        public Decontamination {
            Objects.requireNonNull(file, "file");
            if (n < 2) {
                throw new IllegalArgumentException("decontamination needs n ≥ 2");
            }
        }
    }

    /**
     * One diversity gate as the recipe states it.
     *
     * @param measure      one of {@link #DIVERSITY_MEASURES}
     * @param scope        {@code window} (the last accepted dialogues) or {@code overall}
     * @param limit        the value the measure must not fall past
     * @param direction    {@code at-least} or {@code at-most}; empty for the measure's usual direction
     * @param action       {@code warn}, {@code pause} or {@code reject}
     * @param minDialogues the gate speaks only once its scope holds this many dialogues
     */
    public record DiversityRule(String measure, String scope, double limit, Optional<String> direction, String action,
            int minDialogues) {
        public static final String WINDOW = "window";
        public static final String OVERALL = "overall";
        public static final List<String> ACTIONS = List.of("warn", "pause", "reject");
        public static final int DEFAULT_MIN_DIALOGUES = 20;

        public DiversityRule {
            Objects.requireNonNull(measure, "measure");
            scope = scope == null ? WINDOW : scope;
            direction = direction == null ? Optional.empty() : direction;
            Objects.requireNonNull(action, "action");
        }
    }

    /**
     * Earlier data the exact, near and semantic duplicate gates also compare against.
     *
     * @param earlierRuns every earlier run of a recipe with this name
     * @param runs        runs named by id
     * @param reference   a JSONL file of dialogues (OpenAI {@code messages} or ShareGPT {@code conversations})
     */
    public record DedupAgainst(boolean earlierRuns, List<String> runs, Optional<String> reference) {
        public static final DedupAgainst NONE = new DedupAgainst(false, List.of(), Optional.empty());

        public DedupAgainst {
            runs = runs == null ? List.of() : List.copyOf(runs);
            reference = reference == null ? Optional.empty() : reference;
        }

        public boolean any() {
            return earlierRuns || !runs.isEmpty() || reference.isPresent();
        }
    }

    /** Model names per role; empty means "as configured". */
    public record ModelNames(Optional<String> generator, Optional<String> judge, Optional<String> user,
            Map<String, Boolean> batch) {
        public static final ModelNames NONE = new ModelNames(Optional.empty(), Optional.empty(), Optional.empty());

        /**
         * @param batch per role ({@code generator}, {@code judge}, {@code user}) whether its requests go through the
         *              provider's batch API, where the recipe says ({@code models.generator: {name: …, batch: true}})
         */
        public ModelNames {
            batch = Map.copyOf(batch);
        }

        public ModelNames(Optional<String> generator, Optional<String> judge, Optional<String> user) {
            this(generator, judge, user, Map.of());
        }

        /** Whether the recipe sends a role's requests through the batch API, if it says. */
        public Optional<Boolean> batchOf(String role) {
            return Optional.ofNullable(batch.get(role));
        }
    }
}
