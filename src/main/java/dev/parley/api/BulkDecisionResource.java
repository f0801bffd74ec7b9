package dev.parley.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.parley.config.ParleyConfig;
import dev.parley.run.DecisionException;
import dev.parley.run.HumanReview;
import dev.parley.store.ItemFilter;
import dev.parley.store.ItemRecord;
import dev.parley.store.ItemSearch;
import dev.parley.store.ItemState;
import dev.parley.store.RunRepository;

/**
 * A person's accept or reject of a whole filtered selection of a run's dialogues: each dialogue goes through
 * {@link HumanReview} as a single decision would, so an accept passes the run's gates and every decision is
 * stored and undoable one by one. The selection is read a page at a time in plan order.
 */
@jakarta.ws.rs.Path("/api/runs")
@Tag(name = "Runs")
public class BulkDecisionResource {

    /** Dialogues read per page of the selection. */
    private static final int PAGE = 200;

    @Inject
    RunRepository runs;
    @Inject
    ItemSearch search;
    @Inject
    HumanReview humanReview;
    @Inject
    ParleyConfig config;

    /** What to decide on the selection: {@code accept} or {@code reject}, and who decides when access is open. */
    public record BulkRequest(String action, String reviewer) {
    }

    /** A dialogue of the selection a gate refused to accept. */
    public record Refusal(int seq, String gate, String reason) {
    }

    /**
     * What a bulk decision did.
     *
     * @param selected  dialogues in the filtered selection
     * @param decided   dialogues whose state the decision changed, each with its own stored decision
     * @param skipped   dialogues already in the state asked for, or not finished
     * @param refused   dialogues a gate refused to accept, with the gate and its reason
     * @param decisions the ids of the stored decisions, for undo
     */
    public record BulkResult(String action, String by, int selected, int decided, int skipped, List<Refusal> refused,
            List<Long> decisions) {
    }

    @POST
    @jakarta.ws.rs.Path("/{id}/dialogues/decide")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Accept or reject a filtered selection of dialogues",
            description = "The selection is the one GET /api/runs/{id}/dialogues lists with the same filters (status,"
                    + " cell, minScore, maxScore, gate, q). reject takes every accepted dialogue of it out of the export;"
                    + " accept puts every rejected one in once it passes the run's gates, and lists those a gate refused"
                    + " with the gate and reason. Each is a decision of its own, stored and undoable. The body:"
                    + " {\"action\": \"accept\"|\"reject\", \"reviewer\": \"…\"} (reviewer as for a single review).")
    public BulkResult decide(@PathParam("id") String id, @QueryParam("status") String status,
            @QueryParam("cell") String cell, @QueryParam("minScore") String minScore,
            @QueryParam("maxScore") String maxScore, @QueryParam("gate") String gate, @QueryParam("q") String text,
            @QueryParam("tag") String tag,
            BulkRequest body, @Context HttpHeaders headers) {
        var params = new QueryParams();
        ItemFilter filter = RunViews.itemFilter(params, status, cell, minScore, maxScore, gate, text, tag);
        String action = body == null || body.action() == null ? "" : body.action().strip();
        if (!action.equals("accept") && !action.equals("reject")) {
            params.reject("action", "must be accept or reject");
        }
        params.check();
        runs.run(id);
        String by = ApiAccess.actorOf(config.auth(), headers, body.reviewer());
        boolean accept = action.equals("accept");
        int selected = 0;
        int skipped = 0;
        List<Refusal> refused = new ArrayList<>();
        List<Long> decisions = new ArrayList<>();
        Optional<ItemSearch.Cursor> after = Optional.empty();
        do {
            ItemSearch.Page page = search.page(id, filter, ItemSearch.Sort.SEQ, false, after, PAGE);
            for (ItemRecord item : page.items()) {
                selected++;
                if (item.state() != (accept ? ItemState.REJECTED : ItemState.ACCEPTED)) {
                    skipped++;
                    continue;
                }
                try {
                    decisions.add((accept ? humanReview.accept(id, item.seq(), by, Optional.empty())
                            : humanReview.reject(id, item.seq(), by, Optional.empty())).id());
                } catch (DecisionException e) {
                    if (e.rejection().isPresent()) {
                        refused.add(new Refusal(item.seq(), e.rejection().get().gate(), e.rejection().get().reason()));
                    } else {
                        skipped++;
                    }
                }
            }
            after = page.next();
        } while (after.isPresent());
        return new BulkResult(action, by, selected, decisions.size(), skipped, refused, decisions);
    }
}
