package dev.parley.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;

import dev.parley.config.ParleyConfig;
import dev.parley.recipe.InvalidRecipeException;
import dev.parley.recipe.Recipe;
import dev.parley.recipe.RecipeLoader;
import dev.parley.run.RunEngine;
import dev.parley.store.RunOptions;
import dev.parley.store.RunRecord;
import io.quarkus.arc.Unremovable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code parley generate RECIPE --out DIR}: plans, generates, judges, filters and exports. */
@Dependent
@Unremovable
@Command(name = "generate", description = "Run a recipe: plan, generate, check, judge, and export the accepted dialogues.")
public class GenerateCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "RECIPE", description = "Recipe file (YAML).")
    Path recipeFile;

    @Option(names = "--out", paramLabel = "DIR", description = "Export folder (default: out/<recipe name>).")
    Path out;

    @Option(names = "--count", paramLabel = "N", description = "Number of dialogues, overriding the recipe's count.")
    Integer count;

    @Option(names = "--batch", split = ",", paramLabel = "ROLE", description = "Send these roles' requests (generator,"
            + " judge, user) through the provider's batch API: about half the price, answers within hours.")
    List<String> batch;

    @Mixin
    RunOptionsMixin runOptions;

    @Mixin
    ExportOptionsMixin exportOptions;

    @Inject
    RunEngine engine;

    @Inject
    RunConsole console;

    @Inject
    ParleyConfig config;

    @Override
    public Integer call() throws Exception {
        Recipe recipe = RecipeLoader.load(recipeFile, config.recipeFileRoots().orElse(List.of()));
        var export = exportOptions.options();
        if (count != null) {
            if (count < 1 || count > RecipeLoader.MAX_COUNT) {
                throw new IllegalArgumentException("--count must be from 1 to " + RecipeLoader.MAX_COUNT + ", got " + count);
            }
            recipe = recipe.withCount(count);
        }
        if (batch != null && !batch.isEmpty()) {
            recipe = recipe.withBatch(batch);
        }
        int maxCount = config.cli().maxCount();
        if (recipe.count() > maxCount) {
            throw new InvalidRecipeException("count", String.format(Locale.ROOT, "must be at most %,d for the command"
                    + " line (parley.cli.max-count, or PARLEY_CLI_MAX_COUNT, raises it), got %,d", maxCount,
                    recipe.count()));
        }
        // The options over the recipe's export section (a real-data file that is gone, say) are checked before any call.
        export.over(recipe.export());
        RunRecord run = engine.create(recipe, runOptions.options(RunOptions.DEFAULTS));
        System.out.println("run " + run.id());
        System.out.println("models: generator " + run.generatorModel() + ", judge " + run.judgeModel());
        return console.executeAndExport(run.id(), out != null ? out : Path.of("out", recipe.name()), export);
    }
}
