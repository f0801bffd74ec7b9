package dev.parley.export;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.parley.config.ParleyConfig;
import dev.parley.dialogue.Dialogue;
import dev.parley.dialogue.Turn;
import dev.parley.judge.Rubric;
import dev.parley.llm.ModelEndpoint;
import dev.parley.llm.ModelEndpoints;
import dev.parley.llm.ModelRole;
import dev.parley.llm.PromptSet;
import dev.parley.recipe.Recipe;
import dev.parley.recipe.RecipeLoader;
import dev.parley.store.Decision;
import dev.parley.store.ItemHistory;
import dev.parley.store.ItemRecord;
import dev.parley.store.ItemRepository;
import dev.parley.store.PeopleDecisions;
import dev.parley.store.PreferenceCandidates;
import dev.parley.store.RunModels;
import dev.parley.store.RunRecord;
import dev.parley.store.RunRepository;
import dev.parley.store.Tags;

/**
 * Exports a stored run, from the store alone and without any model call: builds an
 * {@link ExportRecord} per accepted dialogue and the run's {@link PreferencePairs}, and hands them to the
 * {@link DatasetPackager}.
 *
 * <p>Past 300 lines because it is the one place that reads a run for export: records, pairs, provenance and the
 * card's sources all come from the same stored run, recipe and people's decisions, and splitting it would pass
 * those between classes for no reader's benefit.
 */
@ApplicationScoped
public class RunExporter {

    public static final String REPORT = DatasetPackager.REPORT;

    private final RunRepository runs;
    private final ItemRepository items;
    private final ItemHistory history;
    private final PeopleDecisions people;
    private final Tags tags;
    private final PreferenceCandidates candidates;
    private final RunReporter reporter;
    private final ObjectMapper json;
    private final ParleyConfig config;
    private final ModelEndpoints endpoints;
    private final String version;

    @Inject
    public RunExporter(RunRepository runs, ItemRepository items, ItemHistory history, PeopleDecisions people, Tags tags,
            PreferenceCandidates candidates, RunReporter reporter, ObjectMapper json,
            ParleyConfig config, ModelEndpoints endpoints,
            @ConfigProperty(name = "quarkus.application.version", defaultValue = "unknown") String version) {
        this.runs = runs;
        this.items = items;
        this.history = history;
        this.people = people;
        this.tags = tags;
        this.candidates = candidates;
        this.reporter = reporter;
        this.json = json;
        this.config = config;
        this.endpoints = endpoints;
        this.version = version;
    }

    /** Exports the run as OpenAI chat JSONL with everything in train, plus card, charts, report and manifest. */
    public ExportResult export(String runId, Path dir) throws IOException {
        return export(runId, dir, ExportOptions.DEFAULTS);
    }

    /** Exports the run into {@code dir}. Files appear whole or not at all. */
    public ExportResult export(String runId, Path dir, ExportOptions options) throws IOException {
        RunRecord run = runs.run(runId);
        Recipe recipe = recipe(run);
        ExportSource source = source(run, recipe);
        PreferencePairs pairs = options.preferenceFormats().isEmpty() ? PreferencePairs.NONE
                : pairs(run, recipe, options.minMargin(recipe.preference().minMargin()));
        return new DatasetPackager(new ShingleSimilarityGrouping(), json).write(dir, records(run), pairs, source, options,
                options.contextLength().orElse(config.export().contextLength()));
    }

    /**
     * The run's preference pairs whose margin reaches {@code minMargin} (the recipe's {@code preference.min-margin}
     * when empty), from the dialogues that reach the trainer.
     */
    public PreferencePairs pairs(String runId, OptionalDouble minMargin) {
        RunRecord run = runs.run(runId);
        Recipe recipe = recipe(run);
        return pairs(run, recipe, minMargin.orElse(recipe.preference().minMargin()));
    }

    /**
     * The run's preference pairs in one format, as one file (no split), with each prompt's system prompt folded into
     * its first user message when {@code foldSystem} is true.
     */
    public byte[] file(String runId, PreferenceFormat format, OptionalDouble minMargin, boolean foldSystem)
            throws IOException {
        var out = new ByteArrayOutputStream();
        List<PreferencePair> pairs = pairs(runId, minMargin).pairs();
        format.write(foldSystem ? pairs.stream().map(PreferencePair::withSystemFolded).toList() : pairs, out);
        return out.toByteArray();
    }

    /**
     * Every source of preference pairs, gathered: the revisions of the accepted dialogues (people's decisions in
     * force, so a dialogue a person rejected gives none; only dialogues with two or more judged versions are read)
     * and the candidates the run sampled for them.
     */
    private PreferencePairs pairs(RunRecord run, Recipe recipe, double minMargin) {
        Map<Integer, List<Double>> scored = history.versionScores(run.id());
        List<RevisionPairs.Revised> revised = new ArrayList<>();
        Map<Integer, Map<String, String>> acceptedCells = new HashMap<>();
        for (ItemRecord item : reporter.acceptedItems(run.id())) {
            Map<String, String> cell = readMap(item.cell());
            acceptedCells.put(item.seq(), cell);
            if (scored.getOrDefault(item.seq(), List.of()).size() > 1) {
                revised.add(new RevisionPairs.Revised(item.seq(), cell, history.versions(run.id(), item.seq())));
            }
        }
        Optional<String> systemPrompt = Optional.of(recipe.assistant().systemPrompt());
        List<PreferenceSource> sources = List.of(
                new RevisionPairs(run.id(), systemPrompt, recipe.judge().revise().mode(), revised),
                new CandidatePairs(run.id(), systemPrompt, candidates.pairs(run.id()), acceptedCells));
        return PreferencePairs.gather(sources, minMargin);
    }

    /** Exports the run with what the caller asked, the recipe's {@code export:} section filling in the rest. */
    public ExportResult export(String runId, Path dir, ExportRequest request) throws IOException {
        return export(runId, dir, options(runId, request));
    }

    /** The options a request comes to for this run: the request's fields over the stored recipe's {@code export:} section. */
    public ExportOptions options(String runId, ExportRequest request) {
        return request.over(recipe(runs.run(runId)).export());
    }

    /** The run's accepted dialogues in one format, as one file (no split, no mixing). */
    public byte[] file(String runId, DatasetExporter format) throws IOException {
        return file(runId, format, false);
    }

    /**
     * The run's accepted dialogues in one format, as one file, with the system prompt folded into the first
     * user message when {@code foldSystem} is true.
     */
    public byte[] file(String runId, DatasetExporter format, boolean foldSystem) throws IOException {
        return file(runId, format, foldSystem, ReasoningForm.OMIT);
    }

    /**
     * The run's accepted dialogues in one format, as one file, the system prompt folded when {@code foldSystem}
     * is true and the assistant turns' reasoning written in the given form.
     */
    public byte[] file(String runId, DatasetExporter format, boolean foldSystem, ReasoningForm reasoning)
            throws IOException {
        ReasoningForm.check(reasoning, List.of(format));
        List<ExportRecord> records = records(runs.run(runId)).stream().map(r -> r.withReasoning(reasoning)).toList();
        return DatasetPackager.bytes(format, foldSystem ? records.stream().map(ExportRecord::withSystemFolded).toList()
                : records);
    }

    /** The run's accepted dialogues as OpenAI chat JSONL. */
    public String jsonl(String runId) throws IOException {
        return new String(file(runId, new OpenAiChatExporter()), java.nio.charset.StandardCharsets.UTF_8);
    }

    /** The whole export package as a zip: every file {@link #export(String, Path, ExportOptions)} writes. */
    public ExportResult zip(String runId, ExportOptions options, OutputStream out) throws IOException {
        Path dir = Files.createTempDirectory("parley-export-");
        try {
            ExportResult result = export(runId, dir, options);
            try (ZipOutputStream zip = new ZipOutputStream(out)) {
                for (ExportResult.WrittenFile f : result.files()) {
                    zip.putNextEntry(new ZipEntry(f.path()));
                    Files.copy(dir.resolve(f.path()), zip);
                    zip.closeEntry();
                }
            }
            return result;
        } finally {
            try (Stream<Path> paths = Files.walk(dir)) {
                for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    /**
     * One record per accepted item, in plan order. An assistant turn is masked (weight 0) when the
     * stored verdict lists its 1-based message position in {@code maskedTurns}; verdicts without that
     * field (judges that do not score turns) mask nothing. When a person edited the dialogue since the
     * judge saw it, the masks follow the turns the person left unchanged ({@link EditedMasks}).
     */
    List<ExportRecord> records(RunRecord run) {
        Recipe recipe = recipe(run);
        String systemPrompt = recipe.assistant().systemPrompt();
        RunProvenance provenance = provenance(run, recipe);
        Map<Integer, List<Decision>> decisions = people.inForce(run.id());
        Map<Integer, List<String>> tagged = tags.ofRun(run.id());
        List<ExportRecord> records = new ArrayList<>();
        for (ItemRecord item : reporter.acceptedItems(run.id())) {
            Dialogue dialogue = item.dialogue().orElseThrow();
            List<Decision> itemDecisions = decisions.getOrDefault(item.seq(), List.of());
            JsonNode verdict = item.verdict().<JsonNode>map(json::valueToTree).orElse(json.nullNode());
            Set<Integer> masked = masked(verdict, dialogue, itemDecisions);
            List<ExportRecord.Message> messages = new ArrayList<>();
            messages.add(ExportRecord.Message.of(ExportRecord.SYSTEM, systemPrompt));
            for (int i = 0; i < dialogue.turns().size(); i++) {
                Turn t = dialogue.turns().get(i);
                messages.add(ExportRecord.Message.of(t, t.isAssistant() && masked.contains(i + 1) ? 0 : 1));
            }
            Map<String, Integer> scores = scores(verdict);
            records.add(new ExportRecord(run.id() + "/" + item.seq(), messages, readMap(item.cell()),
                    item.score().map(OptionalDouble::of).orElse(OptionalDouble.empty()), scores,
                    provenance.of(item, itemDecisions, tagged.getOrDefault(item.seq(), List.of())),
                    recipe.tools().functions()));
        }
        return records;
    }

    /**
     * The verdict's masked positions in the dialogue as it is now: the judge judged the dialogue the first
     * edit in force found, so after edits the masks are carried to the turns still unchanged.
     */
    private Set<Integer> masked(JsonNode verdict, Dialogue now, List<Decision> decisions) {
        Set<Integer> masked = new HashSet<>();
        verdict.path("maskedTurns").forEach(n -> masked.add(n.asInt()));
        Optional<Decision> firstEdit = decisions.stream().filter(d -> d.action() == Decision.Action.EDIT).findFirst();
        if (masked.isEmpty() || firstEdit.isEmpty()) {
            return masked;
        }
        Dialogue judged = firstEdit.get().prior().dialogue();
        return EditedMasks.carry(judged.turns(), now.turns(), masked);
    }

    private static Map<String, Integer> scores(JsonNode verdict) {
        Map<String, Integer> scores = new LinkedHashMap<>();
        verdict.path("scores").forEach(s -> scores.put(s.path("criterion").asText(), s.path("score").asInt()));
        return scores;
    }

    /**
     * The provenance of one stored item, in any state, with the fields its exported record carries
     * (see {@link ProvenanceSidecar}) plus its state.
     *
     * @throws java.util.NoSuchElementException when the run has no such item
     */
    public JsonNode itemProvenance(String runId, int seq) {
        RunRecord run = runs.run(runId);
        ItemRecord item = items.item(runId, seq).orElseThrow(() -> new java.util.NoSuchElementException(
                "run " + runId + " has no dialogue " + seq));
        ExportRecord.Provenance p = provenance(run, recipe(run)).of(item,
                history.decisions(runId, seq).stream().filter(d -> !d.undone()).toList(), tags.of(runId, seq));
        var node = ProvenanceSidecar.fields(run.id() + "/" + item.seq(), p, readMap(item.cell()),
                item.score().map(OptionalDouble::of).orElse(OptionalDouble.empty()),
                scores(item.verdict().<JsonNode>map(json::valueToTree).orElse(json.nullNode())));
        node.put("offlineDemo", p.offlineDemo());
        node.put("state", item.state().key());
        return node;
    }

    /**
     * What every record of the run shares: recipe hash, prompt hashes, the seeds' synthetic depth and
     * the models and parameters per role as stored when the run was created.
     */
    public JsonNode runProvenance(String runId) {
        RunRecord run = runs.run(runId);
        Recipe recipe = recipe(run);
        var node = json.createObjectNode();
        node.put("runId", run.id());
        node.put("synthetic", true);
        node.put("recipeHash", run.recipeHash());
        var prompts = node.putObject("promptHashes");
        prompts(run).hashes().forEach(prompts::put);
        node.put("seedSyntheticDepth", RunProvenance.seedSyntheticDepth(recipe));
        Optional<RunModels> models = storedModels(run.id());
        if (models.isPresent()) {
            node.set("models", tree(models.get().toJson(json)));
        } else {
            node.putObject("models").put("generator", run.generatorModel()).put("judge", run.judgeModel())
                    .put("note", "the run was stored before Parley kept sampling parameters");
        }
        return node;
    }

    private RunProvenance provenance(RunRecord run, Recipe recipe) {
        return new RunProvenance(run, recipe, storedModels(run.id()), prompts(run).hashes(), history.versionScores(run.id()));
    }

    private PromptSet prompts(RunRecord run) {
        return new PromptSet(readValue(run.prompts(), new TypeReference<Map<String, String>>() {
        }));
    }

    private ExportSource source(RunRecord run, Recipe recipe) {
        PromptSet prompts = prompts(run);
        Optional<Rubric> rubric = prompts.files().containsKey(PromptSet.RUBRIC)
                ? Optional.of(Rubric.parse(prompts.text(PromptSet.RUBRIC)))
                : Optional.empty();
        var models = new LinkedHashMap<String, ExportSource.ModelInfo>();
        Optional<RunModels> stored = storedModels(run.id());
        if (stored.isPresent()) {
            RunModels m = stored.get();
            models.put(ModelRole.GENERATOR.key(), ExportSource.ModelInfo.stored(m.generator().model(), m.generator(), List.of()));
            m.userSimulator().ifPresent(u -> models.put(ModelRole.USER.key(), ExportSource.ModelInfo.stored(u.model(), u, List.of())));
            models.put(ModelRole.JUDGE.key(), ExportSource.ModelInfo.stored(m.judgeName(), m.judge(), m.panel()));
            m.toolSimulator().ifPresent(t -> models.put(ModelRole.TOOLS.key(), ExportSource.ModelInfo.stored(t.model(), t, List.of())));
        } else {
            models.put(ModelRole.GENERATOR.key(), model(ModelRole.GENERATOR, run.generatorModel(), recipe.models().generator()));
            models.put(ModelRole.JUDGE.key(), model(ModelRole.JUDGE, run.judgeModel(), recipe.models().judge()));
        }
        RunReport report = reporter.report(run.id());
        return new ExportSource(report, recipe, run.recipe(), run.recipeHash(), prompts.hashes(),
                rubric, models, report.diversity(), version);
    }

    /** The models and parameters per role the run stored when it was created; empty for runs made before it did. */
    Optional<RunModels> storedModels(String runId) {
        return runs.modelSettings(runId).map(text -> RunModels.parse(text, json));
    }

    /**
     * A run stored before Parley kept sampling parameters has model names only, so the temperature
     * is the one configured now, and only when the configuration still names the same model.
     */
    private ExportSource.ModelInfo model(ModelRole role, String stored, Optional<String> recipeModel) {
        if (ModelEndpoint.OFFLINE_MODEL.equals(stored)) {
            return new ExportSource.ModelInfo(stored, OptionalDouble.empty(), "Parley's offline demo model (not a language model)");
        }
        try {
            ModelEndpoint now = endpoints.resolve(role, recipeModel);
            if (now.model().equals(stored)) {
                return new ExportSource.ModelInfo(stored, OptionalDouble.of(now.temperature()),
                        "temperature as configured at export time (the run stores model names only)");
            }
        } catch (IllegalArgumentException e) {
            // The configuration no longer resolves this role; the parameters are simply unknown.
        }
        return new ExportSource.ModelInfo(stored, OptionalDouble.empty(),
                "parameters unknown: the configuration now names another model");
    }

    private Recipe recipe(RunRecord run) {
        return RecipeLoader.validate(tree(run.recipe()));
    }

    private JsonNode tree(String text) {
        try {
            return json.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored JSON is unreadable: " + e.getOriginalMessage(), e);
        }
    }

    private Map<String, String> readMap(String text) {
        return readValue(text, new TypeReference<LinkedHashMap<String, String>>() {
        });
    }

    private <T> T readValue(String text, TypeReference<T> type) {
        try {
            return json.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored JSON is unreadable: " + e.getOriginalMessage(), e);
        }
    }
}
