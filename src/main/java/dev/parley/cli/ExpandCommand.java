package dev.parley.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;

import dev.parley.config.ParleyConfig;
import dev.parley.llm.CallContext;
import dev.parley.llm.ModelCall;
import dev.parley.llm.ModelEndpoint;
import dev.parley.llm.ModelEndpoints;
import dev.parley.llm.ModelGateway;
import dev.parley.llm.ModelRole;
import dev.parley.plan.DimensionExpander;
import dev.parley.recipe.Coverage;
import dev.parley.recipe.Recipe;
import dev.parley.recipe.RecipeLoader;
import dev.parley.recipe.ValueTree;
import io.quarkus.arc.Unremovable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code parley expand RECIPE --out values.yaml}: has the generator model write the values of the
 * dimensions the recipe expands, into a file a person reviews, edits, and points the recipe at
 * ({@code topic: { from: values.yaml }}).
 */
@Dependent
@Unremovable
@Command(name = "expand", description = "Have the generator model write the values of the dimensions a recipe expands "
        + "(a topic tree, a persona list) into a values file to review, edit and use with 'from:'.")
public class ExpandCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "RECIPE", description = "Recipe file (YAML) with dimensions given as {expand: ...}.")
    Path recipeFile;

    @Option(names = "--out", paramLabel = "FILE", description = "Values file to write (default: <recipe name>-values.yaml).")
    Path out;

    @Option(names = "--no-cache", description = "Call the model even for requests whose answer is already stored.")
    boolean noCache;

    @Inject
    ModelGateway gateway;

    @Inject
    ModelEndpoints endpoints;

    @Inject
    ParleyConfig config;

    @Override
    public Integer call() throws Exception {
        Recipe recipe = RecipeLoader.load(recipeFile, config.recipeFileRoots().orElse(List.of()));
        if (recipe.coverage().expand().isEmpty()) {
            throw new IllegalArgumentException("recipe " + recipe.name() + " expands no dimension: give one as "
                    + "{expand: {topics: <description>, depth: 2, breadth: 3}} or {expand: {personas: <description>, count: 6}}");
        }
        Path file = out != null ? out : Path.of(recipe.name() + "-values.yaml");
        ModelEndpoint generator = endpoints.resolve(ModelRole.GENERATOR, recipe.models().generator());
        var calls = new AtomicInteger();
        var cached = new AtomicInteger();
        var expanded = new DimensionExpander(gateway, generator, new CallContext(call -> {
            (ModelCall.CACHED.equals(call.outcome()) ? cached : calls).incrementAndGet();
        }, !noCache)).expand(recipe);
        ValueTree.write(file, "Values written by 'parley expand " + recipeFile + "' with the model " + generator.model() + ".\n"
                + "Review and edit freely: plain items are values, 'item:' lists narrower ones under it (only leaves are used).\n"
                + "Use a dimension in a recipe with: <dimension>: { from: " + file.getFileName() + " }", expanded.trees());
        expanded.trees().forEach((dimension, tree) -> {
            Coverage.Expansion e = recipe.coverage().expand().get(dimension);
            System.out.printf("%s: %d values (%s)%n", dimension, tree.leaves().size(), Coverage.Expansion.TOPICS.equals(e.kind())
                    ? "topic tree, depth " + e.depth() + ", breadth " + e.breadth() : "persona list");
        });
        System.out.printf("wrote %s (%d model calls, %d answered from the cache)%n", file, calls.get(), cached.get());
        if (generator.offline()) {
            System.out.println("note: the offline demo model wrote these values; configure a model for real ones");
        }
        return 0;
    }
}
