package dev.parley.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;

import dev.parley.config.ParleyConfig;
import dev.parley.plan.Planner;
import dev.parley.recipe.FileRoots;
import dev.parley.recipe.InvalidRecipeException;
import dev.parley.recipe.Recipe;
import dev.parley.recipe.RecipeLoader;
import dev.parley.recipe.RecipeProblem;

/**
 * The named recipes: the example recipes packaged with Parley, and those in {@code parley.recipes-dir}, which
 * add to them and override one of the same name. Also recipes as request bodies carry them: a
 * recipe as JSON, {@code {"recipe": "<name>"}} or {@code {"yaml": "<text>"}}, with an optional
 * {@code count}. A recipe in a body is read as if it were a file in the recipe folder, so the files
 * it names relative to itself (prompts, rubric, values, seeds, reference and evaluation files) are
 * found there, as for the named recipe it was edited from, not in the server's working folder.
 */
@ApplicationScoped
class RecipeCatalog {

    /** Names a recipe may be saved under: no dots or slashes, so no way out of the folder. */
    static final Pattern SAVE_NAME = Pattern.compile("[a-z0-9-]{1,64}");
    /** Names a recipe file may be read under (the files shipped and hand-written ones). */
    private static final Pattern READ_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
    private static final List<String> EXTENSIONS = List.of(".yaml", ".yml", ".json");
    /** The class-path folder of the packaged example recipes, and its index (one file name a line). */
    static final String PACKAGED = "recipes/";
    private static final String PACKAGED_INDEX = "packaged.txt";

    @Inject
    ParleyConfig config;

    /** A named recipe: its name (the file name without extension), its text, and the recipe or its problems. */
    record Entry(String name, String text, Optional<Recipe> recipe, Optional<InvalidRecipeException> problems) {

        /** The valid recipe, or its problems thrown. */
        Recipe valid() {
            return recipe.orElseThrow(() -> problems.orElseThrow());
        }
    }

    /** Every named recipe, packaged or in the folder, by name. */
    List<Entry> list() {
        var names = new TreeSet<>(packagedNames());
        Path dir = config.recipesDir();
        if (Files.isDirectory(dir)) {
            try (Stream<Path> files = Files.list(dir)) {
                files.filter(Files::isRegularFile).map(f -> f.getFileName().toString())
                        .filter(f -> EXTENSIONS.stream().anyMatch(f::endsWith))
                        .map(f -> f.substring(0, f.lastIndexOf('.'))).filter(n -> READ_NAME.matcher(n).matches())
                        .forEach(names::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return names.stream().map(this::find).flatMap(Optional::stream).toList();
    }

    /** The recipe of that name, valid or not, from the folder or else packaged; empty when there is none. */
    Optional<Entry> find(String name) {
        if (name == null || !READ_NAME.matcher(name).matches()) {
            return Optional.empty();
        }
        for (String ext : EXTENSIONS) {
            Path file = config.recipesDir().resolve(name + ext);
            if (Files.isRegularFile(file) && insideFolder(file)) {
                return Optional.of(read(name, file));
            }
        }
        if (!packagedNames().contains(name)) {
            return Optional.empty();
        }
        // A packaged recipe reads as if it were in the recipes folder, where the files it names are looked for.
        String text = packagedText(name + ".yaml");
        return Optional.of(entry(name, text, () -> RecipeLoader.parse(text, roots())));
    }

    /** The names of the packaged example recipes, from their index (read once: it is part of the build). */
    static List<String> packagedNames() {
        return PackagedIndex.NAMES;
    }

    /** Holds the index, read when a packaged recipe is first asked for. */
    private static final class PackagedIndex {
        static final List<String> NAMES = packagedText(PACKAGED_INDEX).lines().map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#")).map(l -> l.substring(0, l.lastIndexOf('.'))).toList();
    }

    private static String packagedText(String file) {
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(PACKAGED + file)) {
            if (in == null) {
                throw new IllegalStateException("the packaged recipe " + PACKAGED + file + " is missing from the build");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Validates YAML text and saves it as {@code <name>.yaml}, replacing the file atomically.
     *
     * @return the saved entry, and whether the file is new
     * @throws InvalidRecipeException when the text is not a valid recipe; nothing is written then
     */
    Entry save(String name, String yaml) {
        Path dir = config.recipesDir();
        Recipe recipe = RecipeLoader.parse(yaml, roots());
        Path file = dir.resolve(name + ".yaml");
        try {
            Files.createDirectories(dir);
            Path staging = Files.createTempFile(dir, "." + name + "-", ".tmp");
            try {
                Files.writeString(staging, yaml, StandardCharsets.UTF_8);
                readableLikeItsNeighbours(staging, file);
                Files.move(staging, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(staging);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Entry(name, yaml, Optional.of(recipe), Optional.empty());
    }

    /**
     * A staging file is created readable by its owner only; the saved recipe gets the mode of the file
     * it replaces, or rw-r--r-- like the recipes shipped with Parley.
     */
    private static void readableLikeItsNeighbours(Path staging, Path file) throws IOException {
        if (!staging.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return;
        }
        Files.setPosixFilePermissions(staging, Files.exists(file) ? Files.getPosixFilePermissions(file)
                : PosixFilePermissions.fromString("rw-r--r--"));
    }

    /** The recipe a run is started with: as JSON, by name, or as YAML text, each with an optional count. */
    Recipe fromRunBody(JsonNode body) {
        if (body == null || body.isNull() || body.isMissingNode()) {
            throw new InvalidRecipeException("", "the request body must be a recipe, {\"recipe\": \"<name>\"} or"
                    + " {\"yaml\": \"<recipe text>\"}");
        }
        if (body.isObject() && body.has("recipe") && !body.has("name")) {
            knownFields(body, Set.of("recipe", "count", "batch"));
            JsonNode name = body.get("recipe");
            if (!name.isTextual() || !READ_NAME.matcher(name.asText()).matches()) {
                throw new InvalidRecipeException("recipe", "must be the name of a recipe in " + config.recipesDir());
            }
            Entry entry = find(name.asText()).orElseThrow(() -> new InvalidRecipeException("recipe", "names no recipe"
                    + " packaged or in " + config.recipesDir() + " ('" + name.asText() + "')"));
            return withinLimits(withBatch(body, withCount(body, entry.valid())));
        }
        if (isYaml(body)) {
            knownFields(body, Set.of("yaml", "count", "batch"));
            return withinLimits(withBatch(body, withCount(body, RecipeLoader.parse(yamlText(body), roots()))));
        }
        return withinLimits(RecipeLoader.validate(body, roots()));
    }

    /** The recipe with the body's {@code batch} roles (a list of generator, judge, user) in batch mode. */
    private static Recipe withBatch(JsonNode body, Recipe recipe) {
        if (!body.has("batch")) {
            return recipe;
        }
        JsonNode batch = body.get("batch");
        List<String> roles = new ArrayList<>();
        if (batch.isArray()) {
            batch.forEach(role -> roles.add(role.isTextual() ? role.asText() : role.toString()));
        }
        if (!batch.isArray() || roles.isEmpty()) {
            throw new InvalidRecipeException("batch", "must be a list of roles (generator, judge, user)");
        }
        try {
            return recipe.withBatch(roles);
        } catch (InvalidRecipeException e) {
            throw new InvalidRecipeException("batch", e.problems().getFirst().message());
        }
    }

    /** The recipe to validate: {@code {"yaml": "<text>"}} or a recipe as JSON. */
    Recipe fromValidateBody(JsonNode body) {
        if (isYaml(body)) {
            knownFields(body, Set.of("yaml"));
            return withinLimits(RecipeLoader.parse(yamlText(body), roots()));
        }
        if (body == null || body.isNull() || body.isMissingNode()) {
            throw new InvalidRecipeException("", "the request body must be {\"yaml\": \"<recipe text>\"} or a recipe"
                    + " as JSON");
        }
        return withinLimits(RecipeLoader.validate(body, roots()));
    }

    /**
     * The recipe, if this server runs recipes of its count and grid size ({@code parley.api.max-count},
     * {@code parley.api.max-grid-cells}); both problems are reported together.
     */
    private Recipe withinLimits(Recipe recipe) {
        List<RecipeProblem> problems = new ArrayList<>();
        int maxCount = config.api().maxCount();
        if (recipe.count() > maxCount) {
            problems.add(new RecipeProblem("count", "must be at most " + maxCount + " on this server"
                    + " (parley.api.max-count), got " + recipe.count()));
        }
        long maxGrid = config.api().maxGridCells();
        long grid = Planner.gridSize(recipe.dimensions());
        if (grid > maxGrid) {
            problems.add(new RecipeProblem("dimensions", "make a coverage grid larger than this server plans: at most "
                    + maxGrid + " cells (parley.api.max-grid-cells)"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidRecipeException(problems);
        }
        return recipe;
    }

    /** The YAML text of a {@code {"yaml": "…"}} body. */
    private static String yamlText(JsonNode body) {
        JsonNode yaml = body.get("yaml");
        return requireYaml(yaml.isTextual() ? yaml.asText() : null);
    }

    /** The recipe text of a request, which must not be empty. */
    static String requireYaml(String yaml) {
        if (yaml == null || yaml.isBlank()) {
            throw new InvalidRecipeException("yaml", "must be the recipe's YAML text");
        }
        return yaml;
    }

    private static boolean isYaml(JsonNode body) {
        return body != null && body.isObject() && body.has("yaml") && !body.has("name");
    }

    private static void knownFields(JsonNode body, Set<String> known) {
        for (Iterator<String> names = body.fieldNames(); names.hasNext();) {
            String f = names.next();
            if (!known.contains(f)) {
                throw new InvalidRecipeException(f, "is not a known field (known: " + String.join(", ", known.stream()
                        .sorted().toList()) + ")");
            }
        }
    }

    private Recipe withCount(JsonNode body, Recipe recipe) {
        if (!body.has("count")) {
            return recipe;
        }
        JsonNode count = body.get("count");
        if (!count.canConvertToInt() || !count.isIntegralNumber() || count.asInt() < 1
                || count.asInt() > RecipeLoader.MAX_COUNT) {
            throw new InvalidRecipeException("count", "must be a whole number from 1 to " + config.api().maxCount());
        }
        return recipe.withCount(count.asInt());
    }

    /** The recipes folder, where recipes in request bodies are read, and the folders an operator adds. */
    private FileRoots roots() {
        return FileRoots.of(config.recipesDir(), extraRoots());
    }

    private List<Path> extraRoots() {
        return config.recipeFileRoots().orElse(List.of());
    }

    /** A recipe file that is, or (as a link) leads to, a file outside the recipes folder is not one of its recipes. */
    private boolean insideFolder(Path file) {
        try {
            return file.toRealPath().startsWith(config.recipesDir().toRealPath());
        } catch (IOException e) {
            return false;
        }
    }

    private Entry read(String name, Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return entry(name, text, () -> RecipeLoader.load(file, extraRoots()));
    }

    private static Entry entry(String name, String text, Supplier<Recipe> recipe) {
        try {
            return new Entry(name, text, Optional.of(recipe.get()), Optional.empty());
        } catch (InvalidRecipeException e) {
            return new Entry(name, text, Optional.empty(), Optional.of(e));
        }
    }
}
