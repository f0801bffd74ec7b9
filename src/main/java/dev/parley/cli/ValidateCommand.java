package dev.parley.cli;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

import jakarta.inject.Inject;

import dev.parley.config.ParleyConfig;
import dev.parley.plan.Planner;
import dev.parley.recipe.Recipe;
import dev.parley.recipe.RecipeLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code parley validate RECIPE}: checks a recipe without running it. */
@jakarta.enterprise.context.Dependent
@io.quarkus.arc.Unremovable
@Command(name = "validate", description = "Check a recipe and show its coverage grid, without calling any model.")
public class ValidateCommand implements Callable<Integer>, ParleyCommand.StoreFree {

    @Parameters(index = "0", paramLabel = "RECIPE", description = "Recipe file (YAML).")
    Path recipeFile;

    @picocli.CommandLine.Option(names = "--plan", description = "List every planned cell with its number of dialogues.")
    boolean showPlan;

    /** Set when the application runs the command; validate normally runs before it starts, without it. */
    @Inject
    ParleyConfig config;

    @Override
    public Integer call() {
        Recipe recipe = RecipeLoader.load(recipeFile, extraRoots());
        dev.parley.corpus.RunInputs.load(recipe); // seed, reference and evaluation files must hold readable dialogues
        if (!recipe.coverage().expand().isEmpty()) {
            // No model is called here, so the grid is not known yet.
            System.out.printf("recipe %s is valid: %d dialogues; a model expands %s when a run is created "
                    + "('parley expand' writes them to a file to review first)%n", recipe.name(), recipe.count(),
                    String.join(", ", recipe.coverage().expand().entrySet().stream()
                            .map(e -> e.getKey() + " (" + e.getValue().leaves() + " " + e.getValue().kind() + ")").toList()));
            return 0;
        }
        System.out.printf("recipe %s is valid: %d dialogues over a grid of %d cells (%s)%n", recipe.name(), recipe.count(),
                Planner.gridSize(recipe.dimensions()), String.join(" × ", recipe.dimensions().entrySet().stream()
                        .map(e -> e.getValue().size() + " " + e.getKey()).toList()));
        // The plan's coverage before anything is generated: dialogues per cell.
        var perCell = new java.util.TreeMap<String, Integer>();
        var plan = Planner.plan(recipe);
        plan.forEach(p -> perCell.merge(p.cell().key(), 1, Integer::sum));
        System.out.printf("plan: %d cells get dialogues (%d to %d each)%n", perCell.size(),
                perCell.values().stream().mapToInt(Integer::intValue).min().orElse(0),
                perCell.values().stream().mapToInt(Integer::intValue).max().orElse(0));
        if (recipe.coverage().shapesPlan()) {
            // Weights and rules shape the counts per value: show them.
            recipe.dimensions().forEach((dimension, values) -> System.out.printf("  %s: %s%n", dimension,
                    String.join(", ", values.stream().map(v -> v + " " + plan.stream()
                            .filter(p -> v.equals(p.cell().value(dimension))).count()).toList())));
        }
        if (showPlan) {
            perCell.forEach((cell, n) -> System.out.printf("  %4d  %s%n", n, cell));
        }
        return 0;
    }

    /**
     * The operator's further recipe-file folders: from the configuration when the application runs, else from the
     * system property or environment variable that sets them ({@code parley.recipe-file-roots},
     * {@code PARLEY_RECIPE_FILE_ROOTS}, comma-separated), since validate answers before the application starts.
     */
    private List<Path> extraRoots() {
        if (config != null) {
            return config.recipeFileRoots().orElse(List.of());
        }
        String value = Optional.ofNullable(System.getProperty("parley.recipe-file-roots"))
                .orElse(System.getenv("PARLEY_RECIPE_FILE_ROOTS"));
        return value == null ? List.of() : Arrays.stream(value.split(",")).map(String::strip)
                .filter(s -> !s.isEmpty()).map(Path::of).toList();
    }
}
