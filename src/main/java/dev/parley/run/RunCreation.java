package dev.parley.run;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.parley.config.ParleyConfig;
import dev.parley.corpus.RunInputs;
import dev.parley.judge.Rubric;
import dev.parley.llm.CallContext;
import dev.parley.llm.ModelCall;
import dev.parley.llm.ModelCallException;
import dev.parley.llm.ModelEndpoint;
import dev.parley.llm.ModelEndpoints;
import dev.parley.llm.ModelGateway;
import dev.parley.llm.ModelRole;
import dev.parley.llm.PriceTable;
import dev.parley.llm.PromptSet;
import dev.parley.plan.DimensionExpander;
import dev.parley.plan.GridLimit;
import dev.parley.plan.PlannedDialogue;
import dev.parley.plan.Planner;
import dev.parley.recipe.Recipe;
import dev.parley.recipe.RecipeLoader;
import dev.parley.store.CallLedger;
import dev.parley.store.RunModels;
import dev.parley.store.RunOptions;
import dev.parley.store.RunRecord;
import dev.parley.store.RunRepository;
import dev.parley.store.RunStatus;

/**
 * Creates a run: reads its prompt files and inputs, has a model expand the dimensions that ask for it,
 * plans the recipe, and stores the run with its items, expansions, inputs and model settings at once.
 */
@ApplicationScoped
public class RunCreation {

    private final RunRepository runs;
    private final CallLedger ledger;
    private final ModelGateway gateway;
    private final ModelEndpoints endpoints;
    private final StoredJson json;
    private final ParleyConfig config;

    @Inject
    public RunCreation(RunRepository runs, CallLedger ledger, ModelGateway gateway, ModelEndpoints endpoints,
            ObjectMapper json, ParleyConfig config) {
        this.runs = runs;
        this.ledger = ledger;
        this.gateway = gateway;
        this.endpoints = endpoints;
        this.json = new StoredJson(json);
        this.config = config;
    }

    /**
     * Plans a recipe and stores the run with its items, reading the prompt files once.
     *
     * @throws IllegalArgumentException when a prompt file, the rubric or a model setting is unusable
     */
    public RunRecord create(Recipe recipe, RunOptions options) {
        return create(recipe, options, GridLimit.NONE);
    }

    /**
     * {@link #create(Recipe, RunOptions)} with the grid, once a model has expanded its dimensions, held to {@code limit}.
     *
     * @throws dev.parley.recipe.InvalidRecipeException when the expanded grid is past the limit; nothing is stored
     */
    public RunRecord create(Recipe recipe, RunOptions options, GridLimit limit) {
        PromptSet prompts = PromptSet.load(recipe.prompts().map(Path::of), recipe.judge().rubric(),
                !recipe.tools().isEmpty());
        Rubric.parse(prompts.text(PromptSet.RUBRIC));
        DuplicateGates.validate(recipe, runs);
        // The files of real dialogues are read before the expansion calls, so a bad one costs nothing.
        RunInputs inputs = RunInputs.load(recipe);
        ModelEndpoint generator = endpoints.resolve(ModelRole.GENERATOR, recipe.models().generator());
        ModelEndpoint judge = endpoints.resolve(ModelRole.JUDGE, recipe.models().judge());
        // Dimensions a model expands get their values now; the stored recipe holds them, so resume and
        // re-export use the same values, and the trees are kept with the run for review.
        // Their calls count against the run's budget like every other call.
        var expansionCalls = new ArrayList<ModelCall>();
        var budget = new Budget(options, new PriceTable(config.prices()));
        Recipe asked = recipe;
        DimensionExpander.Expanded expanded;
        try {
            expanded = new DimensionExpander(gateway, generator, new CallContext(call -> {
                expansionCalls.add(call);
                budget.charge(call);
            }, options.useCache(), budget::check)).expand(recipe);
        } catch (ModelCallException e) {
            if (e.kind() != ModelCallException.Kind.BUDGET) {
                throw e;
            }
            throw new ModelCallException(e.kind(), "the budget ran out while the generator model expanded the recipe's"
                    + " dimensions, before the run began (" + e.getMessage() + "); nothing was stored, and the answers"
                    + " so far are cached", e);
        }
        limit.checkExpanded(expanded.recipe().dimensions(), expanded.trees().keySet());
        recipe = expanded.recipe();
        RunModels models = RunModels.of(recipe, generator, endpoints.resolve(ModelRole.USER, recipe.models().user()), judge,
                endpoints.resolve(ModelRole.TOOLS, Optional.empty()));
        List<PlannedDialogue> plan = Planner.plan(recipe);
        String recipeJson = json.write(RecipeLoader.toTree(recipe));
        var run = new RunRecord(UUID.randomUUID().toString(), recipe.name(), RunStatus.RUNNING, recipeJson,
                PromptSet.sha256(recipeJson), json.write(prompts.files()), generator.model(),
                recipe.judge().panel().isEmpty() || judge.offline() ? judge.model()
                        : "panel(" + recipe.judge().combine() + "): " + String.join(", ", recipe.judge().panel()),
                plan.size(),
                options, Optional.empty(), Instant.now(), Optional.empty());
        runs.createRun(run, plan.stream()
                .map(p -> new RunRepository.NewItem(p.index(), p.cell().key(), json.write(p.cell().values()), p.seed()))
                .toList(), expanded.trees().entrySet().stream().map(e -> new RunRepository.NewExpansion(e.getKey(),
                        json.write(asked.coverage().expand().get(e.getKey())), json.write(e.getValue().toJson()))).toList(),
                inputs.stored(), models.toJson(json.mapper()));
        expansionCalls.forEach(call -> ledger.recordCall(run.id(), RunEngine.RUN_CALLS_SEQ, call));
        return run;
    }
}
