package dev.parley.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import dev.parley.plan.Planner;
import dev.parley.recipe.Recipe;
import dev.parley.recipe.RecipeLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code parley validate RECIPE}: checks a recipe without running it. */
@jakarta.enterprise.context.Dependent
@io.quarkus.arc.Unremovable
@Command(name = "validate", description = "Check a recipe and show its coverage grid, without calling any model.")
public class ValidateCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "RECIPE", description = "Recipe file (YAML).")
    Path recipeFile;

    @Override
    public Integer call() {
        Recipe recipe = RecipeLoader.load(recipeFile);
        System.out.printf("recipe %s is valid: %d dialogues over a grid of %d cells (%s)%n", recipe.name(), recipe.count(),
                Planner.gridSize(recipe.dimensions()), String.join(" × ", recipe.dimensions().entrySet().stream()
                        .map(e -> e.getValue().size() + " " + e.getKey()).toList()));
        return 0;
    }
}
