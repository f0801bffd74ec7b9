package dev.parley.recipe;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * Reads recipes from YAML (or JSON, which is YAML too) and validates them, collecting every
 * problem with its field path instead of stopping at the first.
 *
 * <p>Past 300 lines because the sections read here share the {@code Reader}'s one list of problems and its typed
 * field helpers, which give every problem its path; the sections with readers of their own (coverage, export,
 * preference, tools, PII, collapse checks) are in those classes.
 */
public final class RecipeLoader {

    /** Upper bound on {@code count}: a guard against typos, far above any single run's need. */
    public static final int MAX_COUNT = 10_000_000;
    /** Upper bound on messages per dialogue. */
    public static final int MAX_TURNS = 200;
    /** Upper bound on revision rounds. */
    public static final int MAX_REVISE_ROUNDS = 5;
    /** Upper bound on seed examples shown for one dialogue: they all go into one prompt. */
    public static final int MAX_EXAMPLES = 20;
    /** Upper bound on a seed file's declared synthetic depth. */
    public static final int MAX_DEPTH = 100;
    /** Upper bound on the shared-run length of the overlap gates. */
    public static final int MAX_NGRAM = 200;

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
    private static final Pattern LANGUAGE = Pattern.compile("[a-z]{2,3}(-[A-Za-z0-9]{2,8})*");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private RecipeLoader() {
    }

    /** Loads and validates a recipe file; the files it names must be in its folder. */
    public static Recipe load(Path file) {
        return load(file, List.of());
    }

    /**
     * Loads and validates a recipe file; the files it names must be in its folder or in one of the
     * {@code extraRoots} ({@code parley.recipe-file-roots}).
     */
    public static Recipe load(Path file, List<Path> extraRoots) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new InvalidRecipeException("", "recipe file not found: " + file);
        } catch (IOException e) {
            throw new InvalidRecipeException("", "cannot read recipe file " + file + ": " + e.getMessage());
        }
        // Prompt folders, rubric, values and dialogue files are named relative to the recipe, wherever it is run from.
        return parse(text, FileRoots.of(file.toAbsolutePath().getParent(), extraRoots));
    }

    /**
     * Parses and validates recipe text (YAML or JSON); values files are found from the working folder,
     * and the file names it holds are kept as written.
     */
    public static Recipe parse(String text) {
        return read(tree(text), FileRoots.anywhere(Path.of("")));
    }

    /**
     * Parses and validates recipe text as if it were a file in the folder {@code base}: the files it
     * names (prompt folder, rubric, values, seed, reference and evaluation files, export defaults)
     * are resolved against that folder and must be inside it.
     */
    public static Recipe parse(String text, Path base) {
        return parse(text, FileRoots.of(base, List.of()));
    }

    /** Parses and validates recipe text whose files are named relative to, and confined to, {@code roots}. */
    public static Recipe parse(String text, FileRoots roots) {
        return validate(tree(text), roots);
    }

    private static JsonNode tree(String text) {
        JsonNode root;
        try {
            root = YAML.readTree(text);
        } catch (JsonProcessingException e) {
            var location = e.getLocation();
            throw new InvalidRecipeException("", "is not valid YAML " + YamlSyntax.describe(e.getOriginalMessage(),
                    location == null ? 1 : location.getLineNr(), location == null ? 1 : location.getColumnNr()));
        }
        return root;
    }

    /** Validates an already parsed recipe tree (a stored run's recipe), its file names taken as they are. */
    public static Recipe validate(JsonNode root) {
        return read(root, FileRoots.anywhere(Path.of("")));
    }

    /**
     * Validates an already parsed recipe tree (the REST API receives JSON) as if it were a file in the
     * folder {@code base}, as {@link #parse(String, Path)} does.
     */
    public static Recipe validate(JsonNode root, Path base) {
        return validate(root, FileRoots.of(base, List.of()));
    }

    /** Validates an already parsed recipe tree whose files are named relative to, and confined to, {@code roots}. */
    public static Recipe validate(JsonNode root, FileRoots roots) {
        return resolved(read(root, roots), roots);
    }

    private static Recipe read(JsonNode root, FileRoots roots) {
        if (root == null || root.isMissingNode() || root.isNull()) {
            throw new InvalidRecipeException("", "recipe is empty");
        }
        if (!root.isObject()) {
            throw new InvalidRecipeException("", "recipe must be a mapping of fields, not " + kind(root));
        }
        return new Reader((ObjectNode) root, roots).read();
    }

    /**
     * The recipe with every file it names resolved against the recipe's folder, each checked to be a
     * readable file inside the allowed roots before anything reads it.
     */
    private static Recipe resolved(Recipe recipe, FileRoots roots) {
        List<RecipeProblem> problems = new ArrayList<>();
        Optional<String> prompts = recipe.prompts()
                .map(p -> roots.folder("prompts", p, problems).map(Path::toString).orElse(p));
        String rubric = recipe.judge().rubric();
        if (rubric.endsWith(".yaml") || rubric.endsWith(".yml")) {
            rubric = roots.path("judge.rubric", rubric, problems);
        }
        ExportSettings export = recipe.export();
        ExportSettings exportResolved = new ExportSettings(export.formats(), export.split(), export.splitSeed(),
                export.contextLength(), export.realData().map(f -> roots.path("export.real-data", f, problems)),
                export.realRatio(), export.license(), export.foldSystem(), export.reasoning());
        Recipe loaded = new Recipe(recipe.name(), recipe.description(), recipe.language(), recipe.count(), recipe.seed(),
                recipe.turns(), recipe.assistant(), recipe.dimensions(),
                new Recipe.JudgeSettings(recipe.judge().threshold(), rubric, recipe.judge().revise(),
                        recipe.judge().recheck(), recipe.judge().panel(), recipe.judge().combine()), prompts, recipe.models(),
                CollapseChecksReader.resolveReference(recipe.checks(), roots, problems), recipe.mode(), recipe.coverage(),
                recipe.languages(), recipe.seeds(), exportResolved, recipe.preference(), recipe.tools());
        Recipe inputs = RecipeInputs.resolve(loaded, roots, problems);
        if (!problems.isEmpty()) {
            throw new InvalidRecipeException(problems);
        }
        return inputs;
    }

    /** Renders a recipe back to the YAML tree it was read from (stored with every run). */
    public static ObjectNode toTree(Recipe recipe) {
        ObjectNode root = YAML.createObjectNode();
        root.put("name", recipe.name());
        root.put("description", recipe.description());
        if (recipe.languages().size() == 1) {
            root.put("language", recipe.language());
        } else {
            ObjectNode languages = root.putObject("language");
            recipe.languages().forEach(languages::put);
        }
        root.put("count", recipe.count());
        root.put("seed", recipe.seed());
        root.putObject("turns").put("min", recipe.turns().min()).put("max", recipe.turns().max());
        root.putObject("assistant").put("system-prompt", recipe.assistant().systemPrompt());
        ObjectNode dims = root.putObject("dimensions");
        recipe.dimensions().forEach((k, values) -> CoverageReader.writeDimension(dims, k, values, recipe.coverage()));
        ObjectNode judge = root.putObject("judge").put("threshold", recipe.judge().threshold()).put("rubric", recipe.judge().rubric());
        judge.putObject("revise").put("rounds", recipe.judge().revise().rounds()).put("floor", recipe.judge().revise().floor())
                .put("mode", recipe.judge().revise().mode());
        judge.put("recheck", recipe.judge().recheck());
        if (!recipe.judge().panel().isEmpty()) {
            recipe.judge().panel().forEach(judge.putArray("panel")::add);
            judge.put("combine", recipe.judge().combine());
        }
        recipe.prompts().ifPresent(p -> root.put("prompts", p));
        ObjectNode checks = root.putObject("checks").put("stock-opening-rate", recipe.checks().stockOpeningRate())
                .put("near-duplicate", recipe.checks().nearDuplicate());
        PiiChecksReader.write(recipe.checks(), checks);
        RecipeInputs.write(recipe, root);
        CollapseChecksReader.write(recipe.checks().collapse(), checks);
        ObjectNode models = root.putObject("models");
        recipe.models().generator().ifPresent(m -> models.put("generator", m));
        recipe.models().judge().ifPresent(m -> models.put("judge", m));
        recipe.models().user().ifPresent(m -> models.put("user", m));
        recipe.models().batch().forEach((role, batch) -> {
            ObjectNode model = models.putObject(role).put("batch", batch);
            switch (role) {
                case "generator" -> recipe.models().generator().ifPresent(m -> model.put("name", m));
                case "judge" -> recipe.models().judge().ifPresent(m -> model.put("name", m));
                default -> recipe.models().user().ifPresent(m -> model.put("name", m));
            }
        });
        root.put("mode", recipe.mode());
        CoverageReader.writeCoverage(root, recipe.coverage());
        ExportSection.write(recipe.export(), root);
        PreferenceSection.write(recipe.preference(), root);
        ToolsReader.write(recipe.tools(), root);
        return root;
    }

    private static String kind(JsonNode node) {
        if (node.isArray()) {
            return "a list";
        }
        if (node.isObject()) {
            return "a mapping";
        }
        if (node.isNumber()) {
            return "a number";
        }
        if (node.isBoolean()) {
            return "true/false";
        }
        return "text";
    }

    /** One pass over the tree, collecting problems. */
    private static final class Reader {
        private final ObjectNode root;
        private final FileRoots roots;
        private final List<RecipeProblem> problems = new ArrayList<>();
        /** Filled by {@link #dimensions()}: weights other than 1, and dimensions a model expands. */
        private final Map<String, Map<String, Double>> weights = new LinkedHashMap<>();
        private final Map<String, Coverage.Expansion> expansions = new LinkedHashMap<>();

        Reader(ObjectNode root, FileRoots roots) {
            this.root = root;
            this.roots = roots;
        }

        Recipe read() {
            unknownKeys(root, "", Set.of("name", "description", "language", "count", "seed", "turns", "assistant",
                    "dimensions", "judge", "prompts", "models", "checks", "mode", "coverage", "seeds",
                    ExportSection.KEY, PreferenceSection.KEY, ToolsReader.KEY));
            String name = text(root, "", "name", true);
            if (name != null && !NAME.matcher(name).matches()) {
                problem("name", "must be letters, digits, '.', '_' or '-' (at most 100), starting with a letter or digit");
            }
            String description = text(root, "", "description", false);
            Map<String, Double> languages = languages();
            String language = languages.isEmpty() ? null : languages.keySet().iterator().next();
            Integer count = integer(root, "", "count", true, 1, MAX_COUNT);
            Long seed = root.has("seed") ? longValue(root.get("seed"), "seed") : Long.valueOf(0);
            Recipe.TurnRange turns = turns();
            Recipe.Assistant assistant = assistant();
            Map<String, List<String>> dimensions = dimensions();
            if (languages.size() > 1 && dimensions.containsKey(Recipe.LANGUAGE_KEY)) {
                problem("dimensions." + Recipe.LANGUAGE_KEY, "is set by the recipe's languages when there are several;"
                        + " rename the dimension");
            }
            Recipe.JudgeSettings judge = judge();
            Optional<String> prompts = Optional.ofNullable(text(root, "", "prompts", false));
            Recipe.ModelNames models = models();
            Recipe.Checks checks = checks();
            Optional<Recipe.Seeds> seeds = seeds();
            String mode = text(root, "", "mode", false);
            if (mode != null && !mode.equals(Recipe.WHOLE) && !mode.equals(Recipe.ROLE_PLAY)) {
                problem("mode", "must be 'whole' or 'role-play', not '" + mode + "'");
            }
            Coverage coverage = new CoverageReader(problems).read(object(root, "", "coverage", false), dimensions, weights,
                    expansions, count);
            ExportSettings export = ExportSection.read(root.get(ExportSection.KEY), this::problem);
            Preference preference = PreferenceSection.read(root.get(PreferenceSection.KEY), mode, this::problem);
            Tools tools = ToolsReader.read(root.get(ToolsReader.KEY), dimensions, this::problem);
            if (!tools.isEmpty() && !root.path("judge").has("rubric")) {
                // A recipe with tools is judged on its tool use too, unless it names its own rubric.
                judge = new Recipe.JudgeSettings(judge.threshold(), Recipe.JudgeSettings.TOOL_USE_RUBRIC, judge.revise(),
                        judge.recheck(), judge.panel(), judge.combine());
            }
            if (!problems.isEmpty()) {
                throw new InvalidRecipeException(problems);
            }
            return new Recipe(name, description, language, count, seed, turns, assistant, dimensions, judge, prompts,
                    models, checks, mode, coverage, languages, seeds, export, preference, tools);
        }

        /** {@code language}: one code, a list of codes (equal weights), or codes with weights. */
        private Map<String, Double> languages() {
            Map<String, Double> languages = new LinkedHashMap<>();
            JsonNode node = present(root, "language", "language", true);
            if (node == null) {
                return languages;
            }
            if (node.isValueNode()) {
                languageCode("language", node.asText(), 1.0, languages);
            } else if (node.isArray()) {
                for (int i = 0; i < node.size(); i++) {
                    languageCode("language[" + i + "]", node.get(i).asText(), 1.0, languages);
                }
            } else {
                node.fields().forEachRemaining(e -> {
                    JsonNode weight = e.getValue();
                    if (!weight.isNumber() || !(weight.asDouble() > 0) || Double.isInfinite(weight.asDouble())) {
                        problem("language." + e.getKey(), "must be a weight above 0, not " + weight.asText());
                    } else {
                        languageCode("language." + e.getKey(), e.getKey(), weight.asDouble(), languages);
                    }
                });
            }
            if (languages.isEmpty() && problems.stream().noneMatch(p -> p.field().startsWith("language"))) {
                problem("language", "must name at least one language");
            }
            return languages;
        }

        private void languageCode(String path, String code, double weight, Map<String, Double> languages) {
            if (!LANGUAGE.matcher(code).matches()) {
                problem(path, "must be a language code such as 'id' or 'en', not '" + code + "'");
            } else if (languages.putIfAbsent(code, weight) != null) {
                problem(path, "repeats the language '" + code + "'");
            }
        }

        private Recipe.TurnRange turns() {
            ObjectNode turns = object(root, "", "turns", true);
            if (turns == null) {
                return null;
            }
            unknownKeys(turns, "turns", Set.of("min", "max"));
            Integer min = integer(turns, "turns", "min", true, 2, MAX_TURNS);
            Integer max = integer(turns, "turns", "max", true, 2, MAX_TURNS);
            if (min == null || max == null) {
                return null;
            }
            if (max < min) {
                problem("turns.max", "must be ≥ turns.min (" + min + "), got " + max);
                return null;
            }
            if (min == max && min % 2 == 1) {
                problem("turns", "must allow an even number of messages (user and assistant alternate, and the "
                        + "assistant speaks last), but min and max are both " + min);
                return null;
            }
            return new Recipe.TurnRange(min, max);
        }

        private Recipe.Assistant assistant() {
            ObjectNode assistant = object(root, "", "assistant", true);
            if (assistant == null) {
                return null;
            }
            unknownKeys(assistant, "assistant", Set.of("system-prompt"));
            String prompt = text(assistant, "assistant", "system-prompt", true);
            return prompt == null ? null : new Recipe.Assistant(prompt.strip());
        }

        private Map<String, List<String>> dimensions() {
            ObjectNode dims = object(root, "", "dimensions", true);
            Map<String, List<String>> result = new LinkedHashMap<>();
            if (dims == null) {
                return result;
            }
            if (dims.isEmpty()) {
                problem("dimensions", "must name at least one dimension");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = dims.fields(); it.hasNext();) {
                var entry = it.next();
                String path = "dimensions." + entry.getKey();
                if (!NAME.matcher(entry.getKey()).matches()) {
                    problem(path, "is not a usable dimension name (letters, digits, '.', '_' or '-')");
                }
                JsonNode values = entry.getValue();
                // "topic:" with nothing after it reads as null: the author left the list empty.
                if (values.isNull()) {
                    problem(path, "is empty");
                    continue;
                }
                if (values.isObject()) {
                    result.put(entry.getKey(), new CoverageReader(problems).source(entry.getKey(), (ObjectNode) values, path,
                            roots, expansions));
                    continue;
                }
                if (!values.isArray()) {
                    problem(path, "must be a list of values, not " + kind(values));
                    continue;
                }
                if (values.isEmpty()) {
                    problem(path, "is empty");
                    continue;
                }
                List<String> list = new ArrayList<>();
                Set<String> seen = new HashSet<>();
                for (int i = 0; i < values.size(); i++) {
                    JsonNode v = values.get(i);
                    String itemPath = path + "[" + i + "]";
                    if (v.isObject()) {
                        // {value: angry, weight: 2}
                        v = new CoverageReader(problems).weighted(entry.getKey(), (ObjectNode) v, itemPath, weights);
                        if (v == null) {
                            continue;
                        }
                    }
                    if (!v.isValueNode() || v.isNull() || v.asText().isBlank()) {
                        problem(itemPath, "must be a non-empty text value");
                        continue;
                    }
                    String value = v.asText().strip();
                    if (!seen.add(value)) {
                        problem(itemPath, "repeats the value '" + value + "'");
                        continue;
                    }
                    list.add(value);
                }
                result.put(entry.getKey(), list);
            }
            return result;
        }

        private Recipe.JudgeSettings judge() {
            ObjectNode judge = object(root, "", "judge", false);
            if (judge == null) {
                return new Recipe.JudgeSettings(3.5, null);
            }
            unknownKeys(judge, "judge", Set.of("threshold", "rubric", "revise", "recheck", "panel", "combine"));
            double threshold = 3.5;
            JsonNode t = judge.get("threshold");
            if (t != null) {
                if (!t.isNumber()) {
                    problem("judge.threshold", "must be a number from 1 to 5, not " + kind(t));
                } else if (t.asDouble() < 1 || t.asDouble() > 5) {
                    problem("judge.threshold", "must be from 1 to 5, got " + t.asText());
                } else {
                    threshold = t.asDouble();
                }
            }
            Integer recheck = judge.has("recheck") ? integer(judge, "judge", "recheck", false, 0, MAX_COUNT)
                    : Integer.valueOf(Recipe.JudgeSettings.DEFAULT_RECHECK);
            List<String> panel = new ArrayList<>();
            JsonNode p = judge.get("panel");
            if (p != null && !p.isNull()) {
                if (!p.isArray()) {
                    problem("judge.panel", "must be a list of model names, not " + kind(p));
                } else {
                    for (int i = 0; i < p.size(); i++) {
                        if (!p.get(i).isTextual() || p.get(i).asText().isBlank()) {
                            problem("judge.panel[" + i + "]", "must be a model name");
                        } else if (panel.contains(p.get(i).asText().strip())) {
                            problem("judge.panel[" + i + "]", "repeats the model '" + p.get(i).asText().strip() + "'");
                        } else {
                            panel.add(p.get(i).asText().strip());
                        }
                    }
                    if (panel.size() == 1) {
                        problem("judge.panel", "needs at least two models (one judge is set with models.judge)");
                    }
                }
            }
            String combine = text(judge, "judge", "combine", false);
            if (combine != null && !combine.equals(Recipe.JudgeSettings.MEAN) && !combine.equals(Recipe.JudgeSettings.MIN)) {
                problem("judge.combine", "must be 'mean' or 'min', not '" + combine + "'");
                combine = null;
            }
            return new Recipe.JudgeSettings(threshold, text(judge, "judge", "rubric", false), revise(judge),
                    recheck == null ? 0 : recheck, panel, combine);
        }

        private Recipe.Revise revise(ObjectNode judge) {
            ObjectNode revise = object(judge, "judge", "revise", false);
            if (revise == null) {
                return Recipe.Revise.DEFAULT;
            }
            unknownKeys(revise, "judge.revise", Set.of("rounds", "floor", "mode"));
            Integer rounds = revise.has("rounds") ? integer(revise, "judge.revise", "rounds", false, 0, MAX_REVISE_ROUNDS)
                    : Integer.valueOf(Recipe.Revise.DEFAULT.rounds());
            double floor = Recipe.Revise.DEFAULT.floor();
            JsonNode f = revise.get("floor");
            if (f != null) {
                if (!f.isNumber() || f.asDouble() < 1 || f.asDouble() > 5) {
                    problem("judge.revise.floor", "must be a number from 1 to 5, not " + f.asText());
                } else {
                    floor = f.asDouble();
                }
            }
            String mode = text(revise, "judge.revise", "mode", false);
            if (mode != null && !mode.equals(Recipe.Revise.TURNS) && !mode.equals(Recipe.Revise.WHOLE)) {
                problem("judge.revise.mode", "must be 'turns' or 'whole', not '" + mode + "'");
                mode = null;
            }
            return new Recipe.Revise(rounds == null ? 0 : rounds, floor, mode);
        }

        private Recipe.Checks checks() {
            ObjectNode checks = object(root, "", "checks", false);
            if (checks == null) {
                return Recipe.Checks.DEFAULT;
            }
            unknownKeys(checks, "checks", Set.of("stock-opening-rate", "near-duplicate", "pii", "memorisation", "decontaminate",
                    "diversity", "diversity-every", "disparity", "semantic-duplicate", "semantic-word-overlap",
                    "dedup-against"));
            double rate = share(checks, "stock-opening-rate", Recipe.Checks.DEFAULT.stockOpeningRate());
            double near = share(checks, "near-duplicate", Recipe.Checks.DEFAULT.nearDuplicate());
            PiiChecksReader.Read pii = new PiiChecksReader(this::problem).read(checks);
            return new Recipe.Checks(rate, near, pii.action(), memorisation(checks), decontaminate(checks),
                    new CollapseChecksReader(checks, this::problem).read(), pii.rules());
        }

        /** {@code seeds: FILE} or {@code seeds: {file, examples, synthetic-depth}}. */
        private Optional<Recipe.Seeds> seeds() {
            JsonNode node = root.get("seeds");
            if (node == null || node.isNull()) {
                return Optional.empty();
            }
            if (node.isValueNode()) {
                String file = text(root, "", "seeds", true);
                return file == null ? Optional.empty() : Optional.of(new Recipe.Seeds(file, Recipe.Seeds.DEFAULT_EXAMPLES, 0));
            }
            ObjectNode seeds = object(root, "", "seeds", false);
            if (seeds == null) {
                return Optional.empty();
            }
            unknownKeys(seeds, "seeds", Set.of("file", "examples", "synthetic-depth"));
            String file = text(seeds, "seeds", "file", true);
            Integer examples = seeds.has("examples") ? integer(seeds, "seeds", "examples", false, 1, MAX_EXAMPLES)
                    : Integer.valueOf(Recipe.Seeds.DEFAULT_EXAMPLES);
            Integer depth = seeds.has("synthetic-depth") ? integer(seeds, "seeds", "synthetic-depth", false, 0, MAX_DEPTH)
                    : Integer.valueOf(0);
            return file == null || examples == null || depth == null ? Optional.empty()
                    : Optional.of(new Recipe.Seeds(file, examples, depth));
        }

        /** {@code checks.memorisation: {n, limit, reference}}. */
        private Recipe.Memorisation memorisation(ObjectNode checks) {
            ObjectNode memorisation = object(checks, "checks", "memorisation", false);
            Recipe.Memorisation fallback = Recipe.Memorisation.DEFAULT;
            if (memorisation == null) {
                return fallback;
            }
            unknownKeys(memorisation, "checks.memorisation", Set.of("n", "limit", "reference"));
            Integer n = memorisation.has("n") ? integer(memorisation, "checks.memorisation", "n", false, 2, MAX_NGRAM)
                    : Integer.valueOf(fallback.n());
            double limit = fallback.limit();
            JsonNode l = memorisation.get("limit");
            if (l != null && (!l.isNumber() || l.asDouble() < 0 || l.asDouble() > 1)) {
                problem("checks.memorisation.limit", "must be a number from 0 to 1, not " + l.asText());
            } else if (l != null) {
                limit = l.asDouble();
            }
            return new Recipe.Memorisation(n == null ? fallback.n() : n, limit,
                    Optional.ofNullable(text(memorisation, "checks.memorisation", "reference", false)));
        }

        /** {@code checks.decontaminate: FILE} or {@code {file, n}}. */
        private Optional<Recipe.Decontamination> decontaminate(ObjectNode checks) {
            JsonNode node = checks.get("decontaminate");
            if (node == null || node.isNull()) {
                return Optional.empty();
            }
            if (node.isValueNode()) {
                String file = text(checks, "checks", "decontaminate", true);
                return file == null ? Optional.empty() : Optional.of(new Recipe.Decontamination(file, Recipe.Decontamination.DEFAULT_N));
            }
            ObjectNode decontaminate = object(checks, "checks", "decontaminate", false);
            if (decontaminate == null) {
                return Optional.empty();
            }
            unknownKeys(decontaminate, "checks.decontaminate", Set.of("file", "n"));
            String file = text(decontaminate, "checks.decontaminate", "file", true);
            Integer n = decontaminate.has("n") ? integer(decontaminate, "checks.decontaminate", "n", false, 2, MAX_NGRAM)
                    : Integer.valueOf(Recipe.Decontamination.DEFAULT_N);
            return file == null || n == null ? Optional.empty() : Optional.of(new Recipe.Decontamination(file, n));
        }

        private double share(ObjectNode parent, String key, double fallback) {
            JsonNode value = parent.get(key);
            if (value == null) {
                return fallback;
            }
            if (!value.isNumber() || value.asDouble() < 0 || value.asDouble() > 1) {
                problem("checks." + key, "must be a number from 0 to 1, not " + value.asText());
                return fallback;
            }
            return value.asDouble();
        }

        private Recipe.ModelNames models() {
            ObjectNode models = object(root, "", "models", false);
            if (models == null) {
                return Recipe.ModelNames.NONE;
            }
            unknownKeys(models, "models", Set.of("generator", "judge", "user"));
            var batch = new LinkedHashMap<String, Boolean>();
            return new Recipe.ModelNames(modelName(models, "generator", batch), modelName(models, "judge", batch),
                    modelName(models, "user", batch), batch);
        }

        /** A role's model: its name, or {@code {name: …, batch: true|false}}, whose batch switch goes into {@code batch}. */
        private Optional<String> modelName(ObjectNode models, String role, Map<String, Boolean> batch) {
            JsonNode node = models.get(role);
            if (node == null || !node.isObject()) {
                return Optional.ofNullable(text(models, "models", role, false));
            }
            ObjectNode model = (ObjectNode) node;
            String path = "models." + role;
            unknownKeys(model, path, Set.of("name", "batch"));
            JsonNode flag = model.get("batch");
            if (flag != null && !flag.isNull()) {
                if (flag.isBoolean()) {
                    batch.put(role, flag.asBoolean());
                } else {
                    problem(path + ".batch", "must be true or false, not " + kind(flag));
                }
            }
            return Optional.ofNullable(text(model, path, "name", false));
        }

        private void unknownKeys(ObjectNode node, String parent, Set<String> known) {
            node.fieldNames().forEachRemaining(key -> {
                if (!known.contains(key)) {
                    problem(join(parent, key), "is not a known field (known: " + String.join(", ", known.stream().sorted().toList()) + ")");
                }
            });
        }

        /** The field's value, or null when it is absent (a problem when it is required). */
        private JsonNode present(ObjectNode parent, String path, String key, boolean required) {
            JsonNode node = parent.get(key);
            if (node == null || node.isNull()) {
                if (required) {
                    problem(path, "is required");
                }
                return null;
            }
            return node;
        }

        private ObjectNode object(ObjectNode parent, String parentPath, String key, boolean required) {
            String path = join(parentPath, key);
            JsonNode node = present(parent, path, key, required);
            if (node == null) {
                return null;
            }
            if (!node.isObject()) {
                problem(path, "must be a mapping of fields, not " + kind(node));
                return null;
            }
            return (ObjectNode) node;
        }

        private String text(ObjectNode parent, String parentPath, String key, boolean required) {
            String path = join(parentPath, key);
            JsonNode node = present(parent, path, key, required);
            if (node == null) {
                return null;
            }
            if (!node.isValueNode()) {
                problem(path, "must be text, not " + kind(node));
                return null;
            }
            if (node.asText().isBlank()) {
                if (required) {
                    problem(path, "must not be blank");
                }
                return null;
            }
            return node.asText();
        }

        private Integer integer(ObjectNode parent, String parentPath, String key, boolean required, int min, int max) {
            String path = join(parentPath, key);
            JsonNode node = present(parent, path, key, required);
            if (node == null) {
                return null;
            }
            if (!node.isIntegralNumber() || !node.canConvertToInt()) {
                problem(path, "must be a whole number, not " + (node.isNumber() ? node.asText() : kind(node)));
                return null;
            }
            int value = node.asInt();
            if (value < min) {
                problem(path, "must be ≥ " + min + ", got " + value);
                return null;
            }
            if (value > max) {
                problem(path, "must be ≤ " + max + ", got " + value);
                return null;
            }
            return value;
        }

        private Long longValue(JsonNode node, String path) {
            if (!node.isIntegralNumber() || !node.canConvertToLong()) {
                problem(path, "must be a whole number, not " + (node.isNumber() ? node.asText() : kind(node)));
                return 0L;
            }
            return node.asLong();
        }

        private void problem(String field, String message) {
            problems.add(new RecipeProblem(field, message));
        }

        private static String join(String parent, String key) {
            return parent.isEmpty() ? key : parent + "." + key;
        }
    }
}
