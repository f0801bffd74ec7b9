package dev.parley.run;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import dev.parley.config.ParleyConfig;
import dev.parley.corpus.RunInputs;
import dev.parley.dialogue.Cell;
import dev.parley.generate.DialogueBrief;
import dev.parley.generate.DialogueWriter;
import dev.parley.generate.ModelDialogueWriter;
import dev.parley.generate.RecipeToolResults;
import dev.parley.generate.RolePlayWriter;
import dev.parley.generate.SeedExamples;
import dev.parley.generate.ToolResults;
import dev.parley.judge.DialogueJudge;
import dev.parley.judge.JudgePanel;
import dev.parley.judge.Rubric;
import dev.parley.judge.RubricJudge;
import dev.parley.llm.CallContext;
import dev.parley.llm.ModelCallException;
import dev.parley.llm.ModelEndpoint;
import dev.parley.llm.ModelEndpoints;
import dev.parley.llm.ModelGateway;
import dev.parley.llm.ModelRole;
import dev.parley.llm.PriceTable;
import dev.parley.llm.PromptSet;
import dev.parley.llm.RunBatches;
import dev.parley.plan.Planner;
import dev.parley.quality.HeuristicCheck;
import dev.parley.quality.StructureCheck;
import dev.parley.recipe.Preference;
import dev.parley.recipe.Recipe;
import dev.parley.recipe.RecipeLoader;
import dev.parley.store.ItemQueue;
import dev.parley.store.ItemRecord;
import dev.parley.store.RunRecord;
import dev.parley.store.RunStatus;

/**
 * What one execution of a run works with, read once from the stored run: its recipe, prompts and
 * rubric, its models, its budget, and its gates; and how an item's brief, writer, judge and call
 * ledger are made from them. The supervision, the item steps and the judge recheck share it.
 */
final class RunSetup {

    final RunRecord run;
    final String runId;
    final Recipe recipe;
    final PromptSet prompts;
    final Rubric rubric;
    final ModelEndpoint generator;
    final ModelEndpoint judge;
    final ModelEndpoint userModel;
    final Budget budget;
    final DuplicateGates duplicateGates;
    final LiveDiversity live;
    final StockOpeningGate stockOpenings;
    /** Every deterministic gate, the same for a first version and a revision. */
    final GateChain gates;
    /**
     * The gates that judge a candidate for a preference pair on its own: all but those that know the run's
     * accepted dialogues (stock openings, diversity, duplicates), which the chosen candidate meets at the item's
     * gate step; in role-play, also without the structure check, which a dialogue in the middle cannot pass.
     */
    final GateChain candidateGates;
    final SeedExamples seedExamples;
    /** The files of real dialogues the run stored when it was created. */
    final RunInputs inputs;
    /** Adaptive sampling: a rejected item gets a new attempt for its cell (null when the recipe has no extra budget). */
    final ItemQueue.TopUp topUp;
    final Stopping stopping = new Stopping();
    private final EngineStores stores;
    final ModelGateway gateway;
    /** The run's batch mode, when a role sends its requests through the provider's batch API (else null). */
    final RunBatches batches;
    /** What answers the assistant's tool calls: the recipe's fixtures, then the tool simulator (null without tools). */
    private final ToolResults toolResults;

    RunSetup(RunRecord run, EngineStores stores, ModelGateway gateway, ModelEndpoints endpoints, StoredJson json,
            ParleyConfig config, String workerId, long leaseMillis) {
        this.run = run;
        this.runId = run.id();
        this.stores = stores;
        this.gateway = gateway;
        this.recipe = RecipeLoader.validate(json.tree(run.recipe()));
        this.prompts = new PromptSet(json.stringMap(run.prompts()));
        this.rubric = Rubric.parse(prompts.text(PromptSet.RUBRIC));
        this.generator = endpoints.resolve(ModelRole.GENERATOR, recipe.models().generator(),
                recipe.models().batchOf(ModelRole.GENERATOR.key()));
        this.judge = endpoints.resolve(ModelRole.JUDGE, recipe.models().judge(), recipe.models().batchOf(ModelRole.JUDGE.key()));
        this.userModel = endpoints.resolve(ModelRole.USER, recipe.models().user(), recipe.models().batchOf(ModelRole.USER.key()));
        this.budget = new Budget(run.options(), new PriceTable(config.prices()));
        this.batches = generator.batch() || judge.batch() || userModel.batch()
                ? new RunBatches(runId, stores.batches(), config, json.mapper(), budget::admit, this::stopCheck)
                : null;
        this.toolResults = recipe.tools().isEmpty() ? null : RecipeToolResults.of(recipe, gateway, endpoints, prompts);
        HeuristicCheck heuristics = GateChain.heuristics(recipe, prompts);
        this.stockOpenings = new StockOpeningGate(heuristics, recipe.checks().stockOpeningRate());
        this.duplicateGates = new DuplicateGates(recipe.checks());
        this.live = new LiveDiversity(recipe, stores.items(), stores.snapshots(), runId, workerId, leaseMillis,
                json.mapper(), duplicateGates::check);
        int extra = recipe.coverage().extraBudget(run.planned());
        this.topUp = extra > 0 ? new ItemQueue.TopUp(extra, seq -> Planner.mix(recipe.seed(), seq)) : null;
        this.inputs = RunInputs.ofRun(recipe, stores.runs().inputs(runId));
        this.seedExamples = inputs.seedExamples(recipe);
        this.gates = GateChain.of(recipe, prompts, inputs, stockOpenings, live, duplicateGates, heuristics);
        boolean rolePlay = Recipe.ROLE_PLAY.equals(recipe.mode());
        this.candidateGates = gates.only(g -> g != stockOpenings && g != live && g != duplicateGates
                && !(rolePlay && g instanceof StructureCheck));
    }

    /**
     * What the writer and the judge get for an item: its cell, its language (from the cell when the
     * recipe has several), its length, and the seed examples its seed picks.
     */
    DialogueBrief brief(ItemRecord item, long seed, StoredJson json) {
        Cell cell = new Cell(json.stringMap(item.cell()));
        String language = GateChain.language(recipe, cell.values());
        return new DialogueBrief(recipe.assistant().systemPrompt(), language, cell,
                messagesFor(item.seed(), recipe.turns()), seed, seedExamples.pick(item.seed()));
    }

    /**
     * Whole-dialogue mode, or role-play with the user simulator and the assistant taking turns; with the
     * recipe's {@code preference.candidates}, sampling candidates for preference pairs as it writes.
     */
    DialogueWriter writerOf(CallContext calls, int seq) {
        var whole = new ModelDialogueWriter(gateway, generator, prompts, calls, recipe.tools());
        Preference preference = recipe.preference();
        if (!preference.samples()) {
            return Recipe.ROLE_PLAY.equals(recipe.mode())
                    ? new RolePlayWriter(gateway, userModel, generator, prompts, recipe.turns(), recipe.tools(),
                            toolResults, calls)
                    : whole;
        }
        var sampling = new PreferenceSampling(preference, candidateGates, judgeOf(calls), stores.candidates(), runId,
                seq);
        return Recipe.ROLE_PLAY.equals(recipe.mode())
                ? new RolePlayWriter(gateway, userModel, generator, prompts, recipe.turns(), recipe.tools(), toolResults,
                        calls, sampling)
                : brief -> sampling.write(whole, brief);
    }

    /** The recipe's judge: one rubric judge, or a panel of them combined by mean or minimum. */
    DialogueJudge judgeOf(CallContext calls) {
        double threshold = recipe.judge().threshold();
        if (recipe.judge().panel().isEmpty()) {
            return new RubricJudge(gateway, judge, prompts, rubric, threshold, calls);
        }
        var members = new LinkedHashMap<String, DialogueJudge>();
        for (String model : recipe.judge().panel()) {
            members.put(model, new RubricJudge(gateway, judge.withModel(model), prompts, rubric, threshold, calls));
        }
        return new JudgePanel(members, rubric, threshold, recipe.judge().combine());
    }

    /**
     * Where an item's model calls are recorded and charged; a successful call's record, token
     * sums and cached answer are written in one transaction.
     */
    CallContext callsOf(int seq) {
        return new CallContext(call -> {
            stores.ledger().recordCall(runId, seq, call);
            budget.charge(call);
        }, run.options().useCache(), () -> {
            stopCheck();
            budget.check();
        }, (call, answer) -> {
            stores.ledger().recordAnsweredCall(runId, seq, call, answer);
            budget.charge(call);
        }, batches == null ? null : batches.lane(seq));
    }

    /** @throws ModelCallException of kind {@code STOPPED} once the run is being stopped */
    private void stopCheck() {
        Stopping.Stop stop = stopping.current();
        if (stop != null && stop.status() == RunStatus.STOPPED) {
            throw new ModelCallException(ModelCallException.Kind.STOPPED, stop.reason(), null);
        }
    }

    /** The most calls one of the endpoints the run calls takes at once (the user simulator's only in role-play). */
    int callSlots(ModelGateway gateway) {
        var called = Recipe.ROLE_PLAY.equals(recipe.mode()) ? List.of(generator, judge, userModel) : List.of(generator, judge);
        return called.stream().mapToInt(gateway::slots).max().orElseThrow();
    }

    /** The endpoints of the roles in batch mode, by role. */
    Map<ModelRole, ModelEndpoint> batchEndpoints() {
        var byRole = new EnumMap<ModelRole, ModelEndpoint>(ModelRole.class);
        for (ModelEndpoint endpoint : List.of(generator, judge, userModel)) {
            if (endpoint.batch()) {
                byRole.put(endpoint.role(), endpoint);
            }
        }
        return byRole;
    }

    /** The embedding the duplicate gates hold for an item, if semantic dedup is on. */
    float[] embedding(int seq) {
        return duplicateGates.embedding(seq).orElse(null);
    }

    /** An even message count within the range, chosen by the item's seed. */
    static int messagesFor(long seed, Recipe.TurnRange turns) {
        int min = turns.min() + turns.min() % 2;
        int max = turns.max() - turns.max() % 2;
        int choices = (max - min) / 2 + 1;
        return min + 2 * new SplittableRandom(seed).nextInt(choices);
    }
}
