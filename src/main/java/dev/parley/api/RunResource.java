package dev.parley.api;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.parley.ParleyConfig;
import dev.parley.export.RunReport;
import dev.parley.export.RunReporter;
import dev.parley.generate.Dialogue;
import dev.parley.judge.Verdict;
import dev.parley.recipe.InvalidRecipeException;
import dev.parley.recipe.Recipe;
import dev.parley.recipe.RecipeLoader;
import dev.parley.run.ItemState;
import dev.parley.run.RunEngine;
import dev.parley.run.RunOptions;
import dev.parley.run.RunStatus;
import dev.parley.store.ItemRecord;
import dev.parley.store.RunRecord;
import dev.parley.store.RunStore;

/** Runs: start one from a recipe, follow it, read its dialogues (the export is in {@link ExportResource}). */
@jakarta.ws.rs.Path("/api/runs")
@Tag(name = "Runs")
@Produces(MediaType.APPLICATION_JSON)
public class RunResource {

    /** Largest page of dialogues one request may ask for. */
    static final int MAX_LIMIT = 500;

    @Inject
    RunEngine engine;
    @Inject
    RunStore store;
    @Inject
    RunReporter reporter;
    @Inject
    ParleyConfig config;
    @Inject
    ObjectMapper json;

    /** The answer to starting a run. */
    public record RunStarted(String id, String status, int planned, String generatorModel, String judgeModel) {
    }

    /** One dialogue item as the API shows it. */
    public record DialogueView(int seq, String state, Map<String, String> cell, Dialogue dialogue, Verdict verdict,
            Double score, String gate, String reason) {
    }

    /** A page of items. */
    public record Page<T>(List<T> items, int offset, int limit, int total) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Start a run", description = "Body: a recipe as JSON, or {\"recipe\": \"<name in recipes/>\"}"
            + " with an optional \"count\". With ?cache=false every request goes to the model even when an identical"
            + " one was answered before; failFast stops the run at the first failed item; maxTokens and maxCost (dollars)"
            + " cap what the run may spend. Answers 202 with the run id; the run goes on in the background.")
    public Response start(JsonNode body,
            @QueryParam("cache") @DefaultValue("true") boolean cache,
            @QueryParam("failFast") @DefaultValue("false") boolean failFast,
            @QueryParam("maxTokens") Long maxTokens,
            @QueryParam("maxCost") Double maxCost) {
        Recipe recipe = recipeFrom(body);
        var options = new RunOptions(cache, failFast,
                maxTokens == null ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(maxTokens),
                maxCost == null ? java.util.OptionalDouble.empty() : java.util.OptionalDouble.of(maxCost));
        RunRecord run = engine.create(recipe, options);
        engine.start(run.id());
        return Response.accepted(new RunStarted(run.id(), run.status().key(), run.planned(), run.generatorModel(),
                run.judgeModel())).header("Location", "/api/runs/" + run.id()).build();
    }

    @POST
    @jakarta.ws.rs.Path("/{id}/resume")
    @Operation(summary = "Resume a run", description = "Continues a stopped, failed or interrupted run where its items"
            + " were; finished items are kept. maxTokens and maxCost replace the run's budget.")
    public Response resume(@PathParam("id") String id, @QueryParam("maxTokens") Long maxTokens,
            @QueryParam("maxCost") Double maxCost) {
        RunRecord run = store.run(id);
        if (engine.isActive(id)) {
            throw new IllegalArgumentException("run " + id + " is already running in this process");
        }
        if (maxTokens != null || maxCost != null) {
            var o = run.options();
            store.updateOptions(id, new RunOptions(o.useCache(), o.failFast(),
                    maxTokens == null ? o.maxTokens() : java.util.OptionalLong.of(maxTokens),
                    maxCost == null ? o.maxCost() : java.util.OptionalDouble.of(maxCost)));
        }
        engine.start(id);
        return Response.accepted(new RunStarted(run.id(), RunStatus.RUNNING.key(), run.planned(), run.generatorModel(),
                run.judgeModel())).header("Location", "/api/runs/" + id).build();
    }

    @GET
    @Operation(summary = "List runs, newest first")
    public Page<RunReport> list(@QueryParam("offset") @DefaultValue("0") int offset,
            @QueryParam("limit") @DefaultValue("50") int limit) {
        checkPage(offset, limit);
        List<RunReport> reports = store.listRuns(limit, offset).stream().map(r -> reporter.report(r.id())).toList();
        return new Page<>(reports, offset, limit, reports.size());
    }

    @GET
    @jakarta.ws.rs.Path("/{id}")
    @Operation(summary = "A run's status and counts")
    public RunReport status(@PathParam("id") String id) {
        return reporter.report(id);
    }

    @GET
    @jakarta.ws.rs.Path("/{id}/dialogues")
    @Operation(summary = "A run's dialogues, in plan order, optionally only those in one state")
    public Page<DialogueView> dialogues(@PathParam("id") String id, @QueryParam("status") String status,
            @QueryParam("offset") @DefaultValue("0") int offset, @QueryParam("limit") @DefaultValue("50") int limit) {
        checkPage(offset, limit);
        RunRecord run = store.run(id);
        Optional<ItemState> state = Optional.ofNullable(status).filter(s -> !s.isBlank()).map(this::state);
        // Every item, top-ups of adaptive sampling included, not just the planned ones.
        Map<ItemState, Integer> counts = store.countByState(id);
        int total = state.map(counts::get).orElse(counts.values().stream().mapToInt(Integer::intValue).sum());
        List<DialogueView> items = store.items(id, state, limit, offset).stream().map(this::view).toList();
        return new Page<>(items, offset, limit, total);
    }

    /** A person's review of one dialogue: a 1..5 score, an accept/reject decision, or both. */
    public record ReviewRequest(Integer score, Boolean accept, String reviewer) {
    }

    /** A stored review. */
    public record ReviewView(int seq, String reviewer, Integer score, Boolean accept) {
    }

    @POST
    @jakarta.ws.rs.Path("/{id}/dialogues/{seq}/review")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Review a dialogue by hand", description = "A person scores the dialogue (1..5), accepts or"
            + " rejects it, or both. The run's report compares people with the judge (Spearman, Cohen's kappa) and"
            + " suggests the threshold that best matches them.")
    public Response review(@PathParam("id") String id, @PathParam("seq") int seq, ReviewRequest body) {
        store.run(id);
        var errors = new java.util.ArrayList<Problem.FieldError>();
        if (body == null || (body.score() == null && body.accept() == null)) {
            errors.add(new Problem.FieldError("score", "give a score from 1 to 5, an accept decision, or both"));
        } else if (body.score() != null && (body.score() < 1 || body.score() > 5)) {
            errors.add(new Problem.FieldError("score", "must be from 1 to 5, got " + body.score()));
        }
        String reviewer = body == null || body.reviewer() == null || body.reviewer().isBlank() ? "anonymous" : body.reviewer().strip();
        if (reviewer.length() > 200) {
            errors.add(new Problem.FieldError("reviewer", "must be at most 200 characters"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        ItemRecord item = store.item(id, seq).orElseThrow(() -> new jakarta.ws.rs.NotFoundException(
                "run " + id + " has no dialogue " + seq));
        if (item.dialogue().isEmpty()) {
            throw new IllegalArgumentException("dialogue " + seq + " of run " + id + " has not been written yet");
        }
        store.addReview(id, new dev.parley.store.Review(seq, dev.parley.store.Review.HUMAN, reviewer,
                Optional.ofNullable(body.score()).map(Integer::doubleValue), Optional.ofNullable(body.accept()),
                Optional.empty()));
        return Response.status(201).entity(new ReviewView(seq, reviewer, body.score(), body.accept())).build();
    }

    private Recipe recipeFrom(JsonNode body) {
        if (body == null || body.isNull() || body.isMissingNode()) {
            throw new InvalidRecipeException("", "the request body must be a recipe, or {\"recipe\": \"<name>\"}");
        }
        if (body.isObject() && body.has("recipe") && !body.has("name")) {
            JsonNode name = body.get("recipe");
            if (!name.isTextual() || !name.asText().matches("[A-Za-z0-9][A-Za-z0-9._-]{0,99}")) {
                throw new InvalidRecipeException("recipe", "must be the name of a recipe in " + config.recipesDir());
            }
            var known = java.util.Set.of("recipe", "count");
            body.fieldNames().forEachRemaining(f -> {
                if (!known.contains(f)) {
                    throw new InvalidRecipeException(f, "is not a known field (known: count, recipe)");
                }
            });
            Path file = findRecipe(name.asText());
            Recipe recipe = RecipeLoader.load(file);
            if (body.has("count")) {
                JsonNode count = body.get("count");
                if (!count.canConvertToInt() || !count.isIntegralNumber() || count.asInt() < 1
                        || count.asInt() > RecipeLoader.MAX_COUNT) {
                    throw new InvalidRecipeException("count", "must be a whole number from 1 to " + RecipeLoader.MAX_COUNT);
                }
                recipe = recipe.withCount(count.asInt());
            }
            return recipe;
        }
        return RecipeLoader.validate(body);
    }

    private Path findRecipe(String name) {
        for (String ext : List.of(".yaml", ".yml", ".json", "")) {
            Path file = config.recipesDir().resolve(name + ext);
            if (Files.isRegularFile(file)) {
                return file;
            }
        }
        throw new InvalidRecipeException("recipe", "names no recipe in " + config.recipesDir() + " ('" + name + "')");
    }

    private ItemState state(String s) {
        try {
            return ItemState.parse(s);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("status must be one of " + java.util.Arrays.stream(ItemState.values())
                    .map(ItemState::key).toList() + ", not '" + s + "'");
        }
    }

    private static void checkPage(int offset, int limit) {
        if (offset < 0) {
            throw new IllegalArgumentException("offset must be ≥ 0");
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be from 1 to " + MAX_LIMIT);
        }
    }

    private DialogueView view(ItemRecord item) {
        try {
            Map<String, String> cell = json.readValue(item.cell(),
                    new com.fasterxml.jackson.core.type.TypeReference<java.util.LinkedHashMap<String, String>>() {
                    });
            Dialogue dialogue = item.dialogue().isPresent() ? json.readValue(item.dialogue().get(), Dialogue.class) : null;
            Verdict verdict = item.verdict().isPresent() ? json.readValue(item.verdict().get(), Verdict.class) : null;
            return new DialogueView(item.seq(), item.state().key(), cell, dialogue, verdict, item.score().orElse(null),
                    item.gate().orElse(null), item.reason().orElse(null));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored item " + item.seq() + " is unreadable", e);
        }
    }
}
