package dev.parley.api;

import java.nio.file.Files;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.JsonNode;

import dev.parley.config.ParleyConfig;
import dev.parley.dialogue.Dialogue;
import dev.parley.export.RunReport;
import dev.parley.export.RunReporter;
import dev.parley.judge.Verdict;
import dev.parley.plan.GridLimit;
import dev.parley.run.HumanReview;
import dev.parley.run.RunEngine;
import dev.parley.run.RunLiveness;
import dev.parley.store.Decision;
import dev.parley.store.ItemFilter;
import dev.parley.store.ItemHistory;
import dev.parley.store.ItemRecord;
import dev.parley.store.ItemRepository;
import dev.parley.store.ItemState;
import dev.parley.store.ItemSearch;
import dev.parley.store.Tags;
import dev.parley.store.Review;
import dev.parley.store.RunOptions;
import dev.parley.store.RunRecord;
import dev.parley.store.RunRepository;
import dev.parley.store.RunStatus;
import io.vertx.core.http.HttpServerRequest;

/**
 * Runs: start one from a recipe, follow it, read its dialogues (the export is in {@link ExportResource}).
 *
 * <p>Past 300 lines because it states the contract of the run endpoints under {@code /api/runs}: each operation
 * keeps its OpenAPI description and the records it answers with beside it, while {@code RunViews},
 * {@link RunCommands} and {@link HumanReview} do the work.
 */
@jakarta.ws.rs.Path("/api/runs")
@Tag(name = "Runs")
@Produces(MediaType.APPLICATION_JSON)
public class RunResource {

    @Inject
    RunEngine engine;
    @Inject
    RunRepository runs;

    @Inject
    ItemRepository items;

    @Inject
    ItemHistory history;
    @Inject
    ItemSearch search;
    @Inject
    Tags tags;
    @Inject
    RunReporter reporter;
    @Inject
    ParleyConfig config;
    @Inject
    RecipeCatalog catalog;
    @Inject
    RunViews views;
    @Inject
    HumanReview humanReview;
    @Inject
    RunCommands commands;
    @Inject
    RequestWork work;

    /** The answer to starting a run. */
    public record RunStarted(String id, String status, int planned, String generatorModel, String judgeModel) {
    }

    /** One dialogue item as the API shows it. */
    public record DialogueView(int seq, String state, Map<String, String> cell, Dialogue dialogue, Verdict verdict,
            Double score, String gate, String reason, List<String> tags) {
    }

    /**
     * A page of items.
     *
     * @param next where the next page starts, for lists paged by keyset ({@code after}); left out otherwise and on
     *             the last page
     */
    public record Page<T>(List<T> items, int offset, int limit, int total,
            @JsonInclude(JsonInclude.Include.NON_NULL) String next) {
        public Page(List<T> items, int offset, int limit, int total) {
            this(items, offset, limit, total, null);
        }
    }

    /** How the run views describe {@code stale} and {@code heartbeat}. */
    static final String STALE_FIELDS = "stale is true for a run still marked running that no worker reports on: no"
            + " execution in this process holds it and its heartbeat (written by every execution when it starts and"
            + " every third of parley.engine.lease) is missing or older than three leases, as when the process"
            + " executing it was killed. Nothing moves a stale run until POST /api/runs/{id}/resume. heartbeat is"
            + " when an execution last reported (ISO-8601), or null.";

    /**
     * A run in the list: counts by state and cost, without the full report.
     *
     * @param done      items in a final state, counted as the report's {@code counts.done}
     * @param total     items progress counts to (planned and top-ups), as the report's {@code counts.total}
     * @param stale     marked running, but no worker has reported for three leases (see {@link RunLiveness})
     * @param heartbeat when an execution of the run last reported; null when none has
     */
    public record RunSummaryView(String id, String recipe, String status, int planned, int done, int total,
            int accepted,
            int rejected, int failed, Instant createdAt, String error, double costUsd, boolean stale, Instant heartbeat) {
    }

    /**
     * A run as {@code GET /api/runs/{id}} shows it: its report, and whether a worker is behind it.
     *
     * @param stale     marked running, but no worker has reported for three leases (see {@link RunLiveness})
     * @param heartbeat when an execution of the run last reported; null when none has
     */
    public record RunView(@JsonUnwrapped RunReport report, boolean stale, Instant heartbeat) {
    }

    /** One dialogue with all it went through: every version, every review and every decision by a person. */
    public record DialogueDetail(int seq, String state, Map<String, String> cell, Dialogue dialogue, Verdict verdict,
            Double score, String gate, String reason, List<String> tags, List<VersionView> versions, List<ItemReview> reviews,
            List<DecisionView> decisions) {
    }

    /** A version of a dialogue: judged, or (with {@code author}) a person's edit. */
    public record VersionView(int version, Dialogue dialogue, Verdict verdict, Double score, String author) {
    }

    /**
     * A person's decision on a dialogue.
     *
     * @param action     {@code accept}, {@code reject} or {@code edit}
     * @param by         the authenticated user, {@code api-key}, or {@code anonymous}
     * @param priorState the dialogue's state before it, which an undo restores
     * @param state      the dialogue's state while it holds
     */
    public record DecisionView(long id, int seq, String action, String by, Instant at, String priorState, String state,
            String undoneBy, Instant undoneAt) {
        static DecisionView of(Decision d) {
            return new DecisionView(d.id(), d.seq(), d.action().key(), d.by(), d.at(), d.prior().state().key(),
                    d.after().key(), d.undoneBy().orElse(null), d.undoneAt().orElse(null));
        }
    }

    /** A review of a dialogue: by a person ({@code human}) or the judge asked again ({@code judge-recheck}). */
    public record ItemReview(String kind, String reviewer, Double score, Boolean accept) {
    }

    /** The answer to a cancel: the run stops once its items in flight have finished their step. */
    public record RunCancelled(String id, String status) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Start a run", description = "Body: a recipe as JSON, {\"recipe\": \"<name in recipes/>\"}"
            + " or {\"yaml\": \"<recipe text>\"}, the last two with an optional \"count\". With ?cache=false every"
            + " request goes to the model even when an identical one was answered before; failFast stops the run at"
            + " the first failed item; maxTokens and maxCost (dollars) cap what the run may spend. Answers 202 with"
            + " the run id; the run goes on in the background.")
    public Response start(JsonNode body,
            @QueryParam("cache") String cacheParam,
            @QueryParam("failFast") String failFastParam,
            @QueryParam("maxTokens") String maxTokensParam,
            @QueryParam("maxCost") String maxCostParam,
            @Context HttpServerRequest request) {
        var params = new QueryParams();
        boolean cache = params.bool("cache", cacheParam, true);
        boolean failFast = params.bool("failFast", failFastParam, false);
        QueryParams.Budget budget = params.budget(maxTokensParam, maxCostParam);
        params.check();
        var options = new RunOptions(cache, failFast, budget.maxTokens(), budget.maxCost());
        RunRecord run = work.bounded(request, () -> engine.create(catalog.fromRunBody(body), options,
                new GridLimit(config.api().maxGridCells(), "parley.api.max-grid-cells")));
        engine.start(run.id());
        return Response.accepted(new RunStarted(run.id(), run.status().key(), run.planned(), run.generatorModel(),
                run.judgeModel())).header("Location", "/api/runs/" + run.id()).build();
    }

    @POST
    @jakarta.ws.rs.Path("/{id}/resume")
    @Operation(summary = "Resume a run", description = "Continues a stopped, failed or interrupted run where its items"
            + " were; finished items are kept. maxTokens and maxCost replace the run's budget.")
    public Response resume(@PathParam("id") String id, @QueryParam("maxTokens") String maxTokensParam,
            @QueryParam("maxCost") String maxCostParam) {
        var params = new QueryParams();
        QueryParams.Budget budget = params.budget(maxTokensParam, maxCostParam);
        params.check();
        return commands.exclusively(id, "resume", () -> {
            RunRecord run = runs.run(id);
            if (engine.isActive(id)) {
                throw runningHere(id);
            }
            if (budget.maxTokens().isPresent() || budget.maxCost().isPresent()) {
                var o = run.options();
                runs.updateOptions(id, new RunOptions(o.useCache(), o.failFast(),
                        budget.maxTokens().isPresent() ? budget.maxTokens() : o.maxTokens(),
                        budget.maxCost().isPresent() ? budget.maxCost() : o.maxCost()));
            }
            if (!engine.start(id)) {
                throw runningHere(id);
            }
            return Response.accepted(new RunStarted(run.id(), RunStatus.RUNNING.key(), run.planned(),
                    run.generatorModel(), run.judgeModel())).header("Location", "/api/runs/" + id).build();
        });
    }

    private static ConflictException runningHere(String id) {
        return new ConflictException("run " + id + " is already running in this process");
    }

    @GET
    @Operation(summary = "List runs, newest first", description = "A light summary per run (counts by state, cost),"
            + " paged (offset, limit 1..500), optionally only runs in one status (running, completed, stopped, failed);"
            + " GET /api/runs/{id} has the full report. " + STALE_FIELDS)
    public Page<RunSummaryView> list(@QueryParam("offset") String offset, @QueryParam("limit") String limit,
            @QueryParam("status") String status) {
        var params = new QueryParams();
        QueryParams.Paging page = params.paging(offset, limit);
        Optional<RunStatus> wanted = RunViews.runStatus(params, status);
        params.check();
        Instant now = Instant.now();
        List<RunSummaryView> items = runs.runSummaries(wanted, page.limit(), page.offset()).stream()
                .map(run -> views.summary(run, now)).toList();
        return new Page<>(items, page.offset(), page.limit(), runs.countRuns(wanted));
    }

    @GET
    @jakarta.ws.rs.Path("/{id}")
    @Operation(summary = "A run's status and counts", description = "The run's report (the report.json of its"
            + " export) with two more fields. " + STALE_FIELDS)
    public RunView status(@PathParam("id") String id) {
        RunReport report = reporter.latest(id);
        return views.run(report, runs.run(id), Instant.now());
    }

    @GET
    @jakarta.ws.rs.Path("/{id}/dialogues")
    @Operation(summary = "A run's dialogues, in plan order, filtered", description = "Filters, all optional and"
            + " combined: status (an item state: planned, generating, generated, judging, revising, accepted, rejected,"
            + " failed), cell (dim:value pairs separated by commas, e.g. topic:refund,persona:student), minScore and"
            + " maxScore (the judge's weighted mean, 1..5), gate (the gate that rejected it, such as judge,"
            + " near-duplicate or pii, or the failure kind), q (text the dialogue holds, ignoring case; a scan of the"
            + " run's dialogues). total counts the filtered set; paged (offset, limit 1..500). sort (seq, score, length"
            + " or date: when it last changed state) and order (asc or desc) sort it, ties in plan order; a sorted list"
            + " is paged by keyset: each page answers next, which the next request passes as after (offset is then 0).")
    public Page<DialogueView> dialogues(@PathParam("id") String id, @QueryParam("status") String status,
            @QueryParam("cell") String cell, @QueryParam("minScore") String minScore,
            @QueryParam("maxScore") String maxScore, @QueryParam("gate") String gate, @QueryParam("q") String text,
            @QueryParam("tag") String tag,
            @QueryParam("sort") String sort, @QueryParam("order") String order, @QueryParam("after") String after,
            @QueryParam("offset") String offset, @QueryParam("limit") String limit) {
        var params = new QueryParams();
        QueryParams.Paging page = params.paging(offset, limit);
        ItemFilter filter = RunViews.itemFilter(params, status, cell, minScore, maxScore, gate, text, tag);
        Optional<RunViews.Sorting> sorting = RunViews.sorting(params, sort, order, after);
        params.check();
        runs.run(id);
        Map<Integer, List<String>> tagged = tags.ofRun(id);
        java.util.function.Function<ItemRecord, DialogueView> view = i -> views.dialogue(i,
                tagged.getOrDefault(i.seq(), List.of()));
        if (sorting.isPresent()) {
            RunViews.Sorting by = sorting.get();
            ItemSearch.Page sorted = search.page(id, filter, by.sort(), by.descending(), by.after(), page.limit());
            return new Page<>(sorted.items().stream().map(view).toList(), 0, page.limit(), items.countItems(id, filter),
                    sorted.next().map(ItemSearch.Cursor::toString).orElse(null));
        }
        List<DialogueView> dialogues = items.items(id, filter, page.limit(), page.offset()).stream().map(view).toList();
        return new Page<>(dialogues, page.offset(), page.limit(), items.countItems(id, filter));
    }

    @GET
    @jakarta.ws.rs.Path("/{id}/dialogues/{seq}")
    @Operation(summary = "One dialogue with every version and review", description = "The dialogue as it is now, with"
            + " its verdict (per-criterion and per-turn scores with reasons), every judged version (revisions add"
            + " versions), and the reviews of it by people and judge rechecks.")
    public DialogueDetail dialogue(@PathParam("id") String id, @PathParam("seq") String seq) {
        runs.run(id);
        ItemRecord item = RunViews.seq(seq).flatMap(n -> items.item(id, n)).orElseThrow(() -> new NotFoundException(
                "run " + id + " has no dialogue " + QueryParams.shorten(seq)));
        return views.detail(item, history.versions(id, item.seq()), history.reviews(id, item.seq()),
                history.decisions(id, item.seq()).stream().map(DecisionView::of).toList(), tags.of(id, item.seq()));
    }

    @POST
    @jakarta.ws.rs.Path("/{id}/cancel")
    @Operation(summary = "Cancel a running run", description = "Stops the run cleanly: no new model call, calls under"
            + " way are awaited, items mid-step go back a step, then the run is stopped (reason \"" + RunEngine.CANCELLED + "\") and can be resumed. 202 with"
            + " status \"stopping\"; GET /api/runs/{id}/events ends when it has stopped. A stale run (see GET"
            + " /api/runs/{id}) is stopped at once: 202 with status \"stopped\". 409 when this process is not"
            + " executing the run and it is not stale.")
    public Response cancel(@PathParam("id") String id) {
        return commands.exclusively(id, "cancel", () -> {
            RunRecord run = runs.run(id);
            return switch (engine.cancel(id)) {
                case STOPPING -> Response.accepted(new RunCancelled(id, "stopping")).build();
                case STOPPED -> Response.accepted(new RunCancelled(id, RunStatus.STOPPED.key())).build();
                case NOT_HERE -> throw new ConflictException("run " + id + " is not running in this process (it is "
                        + run.status().key() + ")");
            };
        });
    }

    @DELETE
    @jakarta.ws.rs.Path("/{id}")
    @Operation(summary = "Delete a run", description = "Removes the run with its dialogues, versions, model calls and"
            + " reviews; 204. Files already exported stay. 409 while the run is running, unless it is stale; cancel"
            + " it first.")
    public Response delete(@PathParam("id") String id) {
        return commands.exclusively(id, "delete", () -> {
            RunRecord run = runs.run(id);
            if (engine.isActive(id) || run.status() == RunStatus.RUNNING
                    && !engine.liveness(run, Instant.now()).stale()) {
                throw new ConflictException("run " + id + " is running; cancel it before deleting it");
            }
            runs.deleteRun(id);
            return Response.noContent().build();
        });
    }

    /** A person's review of one dialogue: a 1..5 score, an accept/reject decision, or both. */
    public record ReviewRequest(Integer score, Boolean accept, String reviewer) {
    }

    /**
     * A stored review.
     *
     * @param decision the id of the decision it made, when it changed what the export holds (see {@link DecisionView})
     * @param state    the dialogue's state after the review
     */
    public record ReviewView(int seq, String reviewer, Integer score, Boolean accept, Long decision, String state) {
    }

    @POST
    @jakarta.ws.rs.Path("/{id}/dialogues/{seq}/review")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Review a dialogue by hand", description = "A person scores the dialogue (1..5), accepts or"
            + " rejects it, or both. A decision against the dialogue's state decides the export: rejecting an accepted"
            + " dialogue takes it out of every export, accepting a rejected one puts it in once it passes the run's"
            + " gates (422 gate-rejected otherwise); it is stored as a decision and can be undone. Reviews and decisions"
            + " are recorded for the authenticated user or the API key (api-key) when access control is on, else for"
            + " the reviewer named in the body, else anonymous (GET /api/runs/reviewer says which). A decision that"
            + " agrees with the state is a review only. The run's report compares people with the judge (Spearman, Cohen's kappa) and suggests a threshold.")
    public Response review(@PathParam("id") String id, @PathParam("seq") int seq, ReviewRequest body,
            @Context HttpHeaders headers) {
        runs.run(id);
        var errors = new java.util.ArrayList<Problem.FieldError>();
        if (body == null || (body.score() == null && body.accept() == null)) {
            errors.add(new Problem.FieldError("score", "give a score from 1 to 5, an accept decision, or both"));
        } else if (body.score() != null && (body.score() < 1 || body.score() > 5)) {
            errors.add(new Problem.FieldError("score", "must be from 1 to 5, got " + body.score()));
        }
        String reviewer = ApiAccess.actorOf(config.auth(), headers, body == null ? null : body.reviewer());
        if (reviewer.length() > 200) {
            errors.add(new Problem.FieldError("reviewer", "must be at most 200 characters"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        ItemRecord item = item(id, seq);
        if (item.dialogue().isEmpty()) {
            throw new IllegalArgumentException("dialogue " + seq + " of run " + id + " has not been written yet");
        }
        Optional<Double> score = Optional.ofNullable(body.score()).map(Integer::doubleValue);
        boolean decides = body.accept() != null && (body.accept() ? item.state() == ItemState.REJECTED
                : item.state() == ItemState.ACCEPTED);
        if (decides) {
            Decision d = body.accept() ? humanReview.accept(id, seq, reviewer, score)
                    : humanReview.reject(id, seq, reviewer, score);
            return Response.status(201).entity(new ReviewView(seq, reviewer, body.score(), body.accept(), d.id(),
                    d.after().key())).build();
        }
        history.addReview(id, new Review(seq, Review.HUMAN, reviewer, score, Optional.ofNullable(body.accept()),
                Optional.empty()));
        return Response.status(201).entity(new ReviewView(seq, reviewer, body.score(), body.accept(), null,
                item.state().key())).build();
    }

    @POST
    @jakarta.ws.rs.Path("/{id}/dialogues/{seq}/edit")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Edit a dialogue by hand", description = "Replaces an accepted or rejected dialogue with a"
            + " person's edit, once the edit passes the run's gates (the ones its first version passed; 422"
            + " gate-rejected otherwise, and a redacting recipe redacts it). The edit is a new version by that person,"
            + " the export uses it, and it can be undone. Messages are given as the dialogue's turns are returned:"
            + " role (user, assistant or tool) and content, an assistant message's toolCalls ({id, name, arguments"
            + " as JSON text}) and a tool message's toolCallId, so the calls and results of an edited tool dialogue"
            + " are kept and pass the tool gates like the rest.")
    public Response edit(@PathParam("id") String id, @PathParam("seq") int seq, DialogueEdit body,
            @Context HttpHeaders headers) {
        runs.run(id);
        Dialogue edited = (body == null ? new DialogueEdit(null) : body).dialogue();
        item(id, seq);
        Decision d = humanReview.edit(id, seq, edited, who(headers));
        return Response.status(201).entity(DecisionView.of(d)).build();
    }

    @POST
    @jakarta.ws.rs.Path("/{id}/dialogues/{seq}/decisions/{decision}/undo")
    @Operation(summary = "Undo a person's decision", description = "Undoes the dialogue's latest decision in force"
            + " (accept, reject or edit): the dialogue is back as that decision found it. 409 for an earlier decision"
            + " while a later one holds.")
    public DecisionView undo(@PathParam("id") String id, @PathParam("seq") int seq, @PathParam("decision") long decision,
            @Context HttpHeaders headers) {
        runs.run(id);
        item(id, seq);
        return DecisionView.of(humanReview.undo(id, seq, decision, who(headers)));
    }

    private ItemRecord item(String id, int seq) {
        return items.item(id, seq).orElseThrow(() -> new NotFoundException("run " + id + " has no dialogue " + seq));
    }

    /** Who makes a decision: the authenticated user or the API key's principal, else anonymous. */
    private String who(HttpHeaders headers) {
        return ApiAccess.actorOf(config.auth(), headers, null);
    }

    private Optional<String> principal(HttpHeaders headers) {
        return ApiAccess.principalOf(config.auth(), headers);
    }

    /**
     * Who the review page records decisions for.
     *
     * @param name          the principal, when the request authenticated
     * @param authenticated true when access control named the caller, so the typed reviewer name is not used
     */
    public record ReviewerView(String name, boolean authenticated) {
    }

    @GET
    @jakarta.ws.rs.Path("/reviewer")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Who reviews and decisions are recorded for", description = "With access control on, the"
            + " authenticated user or the API key's principal (every review and decision is stored under it); with"
            + " access open, no name: the reviewer name sent with a review is used, else anonymous.")
    public ReviewerView reviewer(@Context HttpHeaders headers) {
        Optional<String> principal = principal(headers);
        return new ReviewerView(principal.orElse(null), principal.isPresent());
    }
}
