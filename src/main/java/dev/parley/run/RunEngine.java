package dev.parley.run;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.parley.ParleyConfig;
import dev.parley.generate.Dialogue;
import dev.parley.generate.DialogueBrief;
import dev.parley.generate.ModelDialogueWriter;
import dev.parley.judge.Rubric;
import dev.parley.judge.RubricJudge;
import dev.parley.judge.Verdict;
import dev.parley.llm.CallContext;
import dev.parley.llm.ModelAnswer;
import dev.parley.llm.ModelCallException;
import dev.parley.llm.ModelEndpoint;
import dev.parley.llm.ModelEndpoints;
import dev.parley.llm.ModelGateway;
import dev.parley.llm.ModelRole;
import dev.parley.llm.PromptSet;
import dev.parley.plan.Cell;
import dev.parley.plan.PlannedDialogue;
import dev.parley.plan.Planner;
import dev.parley.quality.Rejection;
import dev.parley.quality.StructureCheck;
import dev.parley.recipe.Recipe;
import dev.parley.recipe.RecipeLoader;
import dev.parley.store.ItemRecord;
import dev.parley.store.RunRecord;
import dev.parley.store.RunStore;

/**
 * Creates runs and drives their items through the flow: generate, check, judge, decide. Items run
 * concurrently on virtual threads, bounded by {@code parley.llm.max-concurrency}; every state
 * change is persisted before the next step starts, so a run interrupted at any point resumes from
 * where its items were.
 */
@ApplicationScoped
public class RunEngine {

    private static final Logger LOG = Logger.getLogger(RunEngine.class);
    /** The gate name recorded for dialogues the judge scored below the threshold. */
    public static final String JUDGE_GATE = "judge";
    /**
     * Least time between two progress reports. A report is two aggregate queries over the whole
     * run, so one after every item made a run's store work grow with the square of its size.
     */
    static final long PROGRESS_EVERY_NANOS = 200_000_000L;

    private final RunStore store;
    private final ModelGateway gateway;
    private final ModelEndpoints endpoints;
    private final ObjectMapper json;
    private final ParleyConfig config;
    private final Set<String> active = ConcurrentHashMap.newKeySet();

    @Inject
    public RunEngine(RunStore store, ModelGateway gateway, ModelEndpoints endpoints, ObjectMapper json, ParleyConfig config) {
        this.store = store;
        this.gateway = gateway;
        this.endpoints = endpoints;
        this.json = json;
        this.config = config;
    }

    /**
     * Plans a recipe and stores the run with its items, reading the prompt files once.
     *
     * @throws IllegalArgumentException when a prompt file, the rubric or a model setting is unusable
     */
    public RunRecord create(Recipe recipe, RunOptions options) {
        PromptSet prompts = PromptSet.load(recipe.prompts().map(java.nio.file.Path::of), recipe.judge().rubric());
        Rubric.parse(prompts.text(PromptSet.RUBRIC));
        ModelEndpoint generator = endpoints.resolve(ModelRole.GENERATOR, recipe.models().generator());
        ModelEndpoint judge = endpoints.resolve(ModelRole.JUDGE, recipe.models().judge());
        List<PlannedDialogue> plan = Planner.plan(recipe);
        String recipeJson = write(RecipeLoader.toTree(recipe));
        var run = new RunRecord(UUID.randomUUID().toString(), recipe.name(), RunStatus.RUNNING, recipeJson,
                PromptSet.sha256(recipeJson), write(prompts.files()), generator.model(), judge.model(), plan.size(),
                options.useCache(), Optional.empty(), Instant.now(), Optional.empty());
        store.createRun(run, plan.stream()
                .map(p -> new RunStore.NewItem(p.index(), p.cell().key(), write(p.cell().values()), p.seed()))
                .toList());
        return run;
    }

    /** Whether this process is executing the run right now. */
    public boolean isActive(String runId) {
        return active.contains(runId);
    }

    /** Executes a run on a background thread; returns at once. */
    public void start(String runId) {
        Thread.ofVirtual().name("run-" + runId).start(() -> {
            try {
                execute(runId, p -> {
                });
            } catch (RuntimeException e) {
                LOG.errorf(e, "run %s stopped", runId);
            }
        });
    }

    /**
     * Executes a run until every item is final or a run-level error stops it. Items left in flight
     * by an earlier process are taken up again.
     *
     * @param progress told when items reach a final state, at most every 200 ms, and once more when every item is final
     */
    public RunOutcome execute(String runId, Consumer<RunProgress> progress) {
        if (!active.add(runId)) {
            throw new IllegalStateException("run " + runId + " is already being executed");
        }
        try {
            return executeItems(runId, progress);
        } finally {
            active.remove(runId);
        }
    }

    private RunOutcome executeItems(String runId, Consumer<RunProgress> progress) {
        RunRecord run = store.run(runId);
        Recipe recipe = RecipeLoader.validate(read(run.recipe()));
        var prompts = new PromptSet(readMap(run.prompts()));
        var rubric = Rubric.parse(prompts.text(PromptSet.RUBRIC));
        ModelEndpoint generator = endpoints.resolve(ModelRole.GENERATOR, recipe.models().generator());
        ModelEndpoint judge = endpoints.resolve(ModelRole.JUDGE, recipe.models().judge());
        store.resetInFlight(runId);
        store.finishRun(runId, RunStatus.RUNNING, Optional.empty());

        var stop = new AtomicReference<ModelCallException>();
        var lastProgress = new AtomicLong(System.nanoTime() - PROGRESS_EVERY_NANOS);
        var slots = new Semaphore(Math.max(1, config.llm().maxConcurrency()));
        List<ItemRecord> unfinished = store.unfinishedItems(runId);
        var remaining = new AtomicInteger(unfinished.size());
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (ItemRecord item : unfinished) {
                if (stop.get() != null) {
                    break;
                }
                slots.acquireUninterruptibly();
                executor.submit(() -> {
                    try {
                        if (stop.get() == null) {
                            process(run, recipe, prompts, rubric, generator, judge, item);
                            // The last item leaves its report to the final one below.
                            boolean lastItem = remaining.decrementAndGet() == 0;
                            long now = System.nanoTime();
                            long last = lastProgress.get();
                            if (!lastItem && now - last >= PROGRESS_EVERY_NANOS && lastProgress.compareAndSet(last, now)) {
                                progress.accept(progress(runId, run.planned()));
                            }
                        }
                    } catch (ModelCallException e) {
                        stop.compareAndSet(null, e);
                    } catch (RuntimeException e) {
                        LOG.errorf(e, "item %d of run %s", item.seq(), runId);
                        stop.compareAndSet(null, new ModelCallException(ModelCallException.Kind.REFUSED,
                                "internal error on item " + item.seq() + ": " + e.getMessage(), e));
                    } finally {
                        slots.release();
                    }
                });
            }
        }
        if (stop.get() != null) {
            store.resetInFlight(runId);
            String error = stop.get().getMessage();
            store.finishRun(runId, RunStatus.FAILED, Optional.of(error));
            return new RunOutcome(runId, RunStatus.FAILED, Optional.of(error));
        }
        progress.accept(progress(runId, run.planned()));
        store.finishRun(runId, RunStatus.COMPLETED, Optional.empty());
        return new RunOutcome(runId, RunStatus.COMPLETED, Optional.empty());
    }

    /** Counts and spend of a run, as stored. */
    public RunProgress progress(String runId, int planned) {
        var usage = store.usageByRole(runId).values().stream().reduce(dev.parley.llm.CallUsage.NONE,
                dev.parley.llm.CallUsage::plus);
        return new RunProgress(runId, planned, store.countByState(runId), usage);
    }

    private void process(RunRecord run, Recipe recipe, PromptSet prompts, Rubric rubric, ModelEndpoint generator,
            ModelEndpoint judgeEndpoint, ItemRecord item) {
        String runId = run.id();
        int seq = item.seq();
        var calls = new CallContext(call -> store.recordCall(runId, seq, call), run.useCache());
        var brief = new DialogueBrief(recipe.assistant().systemPrompt(), recipe.language(),
                new Cell(readStringMap(item.cell())), messagesFor(item.seed(), recipe.turns()), item.seed());
        ItemState state = item.state();
        Dialogue dialogue = item.dialogue().map(d -> readValue(d, Dialogue.class)).orElse(null);

        if (state == ItemState.PLANNED) {
            move(runId, seq, ItemState.PLANNED, ItemState.GENERATING, RunStore.ItemUpdate.NONE);
            ModelAnswer<Dialogue> written;
            try {
                written = new ModelDialogueWriter(gateway, generator, prompts, calls).write(brief);
            } catch (ModelCallException e) {
                fail(runId, seq, ItemState.GENERATING, e);
                return;
            }
            dialogue = written.value();
            move(runId, seq, ItemState.GENERATING, ItemState.GENERATED,
                    new RunStore.ItemUpdate(write(dialogue), null, null, null, null));
            state = ItemState.GENERATED;
        }

        if (state == ItemState.GENERATED) {
            Optional<Rejection> rejection = StructureCheck.check(dialogue, recipe.turns());
            if (rejection.isPresent()) {
                move(runId, seq, ItemState.GENERATED, ItemState.REJECTED,
                        new RunStore.ItemUpdate(null, null, null, rejection.get().gate(), rejection.get().reason()));
                return;
            }
            move(runId, seq, ItemState.GENERATED, ItemState.JUDGING, RunStore.ItemUpdate.NONE);
            ModelAnswer<Verdict> judged;
            try {
                judged = new RubricJudge(gateway, judgeEndpoint, prompts, rubric, recipe.judge().threshold(), calls)
                        .judge(brief, dialogue);
            } catch (ModelCallException e) {
                fail(runId, seq, ItemState.JUDGING, e);
                return;
            }
            Verdict verdict = judged.value();
            String verdictJson = write(verdict);
            store.addVersion(runId, seq, store.versionCount(runId, seq) + 1, write(dialogue), verdictJson, verdict.meanScore());
            if (verdict.accepted()) {
                move(runId, seq, ItemState.JUDGING, ItemState.ACCEPTED,
                        new RunStore.ItemUpdate(null, verdictJson, verdict.meanScore(), null, null));
            } else {
                move(runId, seq, ItemState.JUDGING, ItemState.REJECTED, new RunStore.ItemUpdate(null, verdictJson,
                        verdict.meanScore(), JUDGE_GATE, String.format(java.util.Locale.ROOT,
                                "mean score %.2f is below the threshold %.2f: %s", verdict.meanScore(),
                                recipe.judge().threshold(), lowest(verdict))));
            }
        }
    }

    /** An item whose model call failed: the run stops for endpoint-wide errors, otherwise only the item fails. */
    private void fail(String runId, int seq, ItemState from, ModelCallException e) {
        if (e.kind().stopsRun()) {
            throw e;
        }
        move(runId, seq, from, ItemState.FAILED, new RunStore.ItemUpdate(null, null, null, e.kind().key(), e.getMessage()));
    }

    private void move(String runId, int seq, ItemState from, ItemState to, RunStore.ItemUpdate fields) {
        if (!store.transition(runId, seq, from, to, fields)) {
            throw new IllegalStateException("item " + seq + " of run " + runId + " was not " + from.key()
                    + " when it was to become " + to.key());
        }
    }

    private static String lowest(Verdict verdict) {
        return verdict.scores().stream().min(java.util.Comparator.comparingInt(dev.parley.judge.CriterionScore::score))
                .map(s -> s.criterion() + " " + s.score() + " (" + s.reason() + ")").orElse("");
    }

    /** An even message count within the range, chosen by the item's seed. */
    static int messagesFor(long seed, Recipe.TurnRange turns) {
        int min = turns.min() + turns.min() % 2;
        int max = turns.max() - turns.max() % 2;
        int choices = (max - min) / 2 + 1;
        return min + 2 * new SplittableRandom(seed).nextInt(choices);
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }

    private com.fasterxml.jackson.databind.JsonNode read(String text) {
        try {
            return json.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored JSON is unreadable", e);
        }
    }

    private <T> T readValue(String text, Class<T> type) {
        try {
            return json.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored " + type.getSimpleName() + " is unreadable", e);
        }
    }

    private Map<String, String> readMap(String text) {
        return readStringMap(text);
    }

    private Map<String, String> readStringMap(String text) {
        try {
            return json.readValue(text, new TypeReference<java.util.LinkedHashMap<String, String>>() {
            });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored map is unreadable", e);
        }
    }
}
