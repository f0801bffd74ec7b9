package dev.parley.api;

import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.parley.api.RunResource.DialogueDetail;
import dev.parley.api.RunResource.DialogueView;
import dev.parley.api.RunResource.ItemReview;
import dev.parley.api.RunResource.RunSummaryView;
import dev.parley.api.RunResource.RunView;
import dev.parley.api.RunResource.VersionView;
import dev.parley.config.ParleyConfig;
import dev.parley.export.RunReport;
import dev.parley.llm.PriceTable;
import dev.parley.run.RunEngine;
import dev.parley.run.RunLiveness;
import dev.parley.store.ItemFilter;
import dev.parley.store.ItemRecord;
import dev.parley.store.ItemSearch;
import dev.parley.store.ItemState;
import dev.parley.store.ItemVersion;
import dev.parley.store.Review;
import dev.parley.store.RunRecord;
import dev.parley.store.RunStatus;
import dev.parley.store.RunSummary;

/** Turns stored runs and items into what the API shows, and reads the filters of the run endpoints. */
@ApplicationScoped
class RunViews {

    /** Longest gate name a filter may give (the column's width). */
    private static final int MAX_GATE = 50;
    private static final int MAX_SEARCH = 200;

    @Inject
    ObjectMapper json;
    @Inject
    ParleyConfig config;
    @Inject
    RunEngine engine;

    RunSummaryView summary(RunSummary run, Instant now) {
        double cost = new PriceTable(config.prices()).cost(run.tokensByModel());
        RunLiveness liveness = engine.liveness(run.id(), run.status(), run.heartbeat(), now);
        return new RunSummaryView(run.id(), run.name(), run.status().key(), run.planned(), run.done(), run.total(),
                run.count(ItemState.ACCEPTED), run.count(ItemState.REJECTED), run.count(ItemState.FAILED), run.createdAt(),
                run.error().orElse(null), cost, liveness.stale(), liveness.heartbeat().orElse(null));
    }

    /** A run's report, with whether the stored run is stale at {@code now}. */
    RunView run(RunReport report, RunRecord run, Instant now) {
        RunLiveness liveness = engine.liveness(run, now);
        return new RunView(report, liveness.stale(), liveness.heartbeat().orElse(null));
    }

    DialogueView dialogue(ItemRecord item) {
        return dialogue(item, List.of());
    }

    /** The item with the tags people put on it. */
    DialogueView dialogue(ItemRecord item, List<String> tags) {
        return new DialogueView(item.seq(), item.state().key(), cell(item), item.dialogue().orElse(null),
                item.verdict().orElse(null), item.score().orElse(null), item.gate().orElse(null),
                item.reason().orElse(null), tags);
    }

    DialogueDetail detail(ItemRecord item, List<ItemVersion> versions, List<Review> reviews,
            List<RunResource.DecisionView> decisions, List<String> tags) {
        DialogueView view = dialogue(item, tags);
        return new DialogueDetail(view.seq(), view.state(), view.cell(), view.dialogue(), view.verdict(), view.score(),
                view.gate(), view.reason(), tags,
                versions.stream().map(v -> new VersionView(v.version(), v.dialogue(),
                        v.verdict(), v.score(), v.author())).toList(),
                reviews.stream().map(r -> new ItemReview(r.kind(), r.reviewer(), r.score().orElse(null),
                        r.accept().orElse(null))).toList(), decisions);
    }

    /** The {@code status} filter of the run list. */
    static Optional<RunStatus> runStatus(QueryParams params, String status) {
        if (status == null || status.isBlank()) {
            return Optional.empty();
        }
        for (RunStatus s : RunStatus.values()) {
            if (s.key().equalsIgnoreCase(status.strip())) {
                return Optional.of(s);
            }
        }
        params.reject("status", "must be one of " + Arrays.stream(RunStatus.values()).map(RunStatus::key).toList()
                + ", not '" + QueryParams.shorten(status) + "'");
        return Optional.empty();
    }

    /** The filters of the dialogue list; problems go to {@code params}. */
    static ItemFilter itemFilter(QueryParams params, String status, String cell, String minScore, String maxScore,
            String gate) {
        return itemFilter(params, status, cell, minScore, maxScore, gate, null, null);
    }

    /** The filter of a dialogue list, with text search ({@code q}, at most 200 characters) and a tag. */
    static ItemFilter itemFilter(QueryParams params, String status, String cell, String minScore, String maxScore,
            String gate, String text, String tag) {
        Optional<ItemState> state = Optional.empty();
        if (status != null && !status.isBlank()) {
            state = Arrays.stream(ItemState.values()).filter(s -> s.key().equalsIgnoreCase(status.strip())).findFirst();
            if (state.isEmpty()) {
                params.reject("status", "must be one of " + Arrays.stream(ItemState.values()).map(ItemState::key).toList()
                        + ", not '" + QueryParams.shorten(status) + "'");
            }
        }
        Optional<Double> min = params.decimal("minScore", minScore, 0, 5);
        Optional<Double> max = params.decimal("maxScore", maxScore, 0, 5);
        if (min.isPresent() && max.isPresent() && min.get() > max.get()) {
            params.reject("minScore", "must not be above maxScore");
        }
        Optional<String> gateName = Optional.ofNullable(gate).map(String::strip).filter(g -> !g.isEmpty());
        if (gateName.isPresent() && gateName.get().length() > MAX_GATE) {
            params.reject("gate", "must be at most " + MAX_GATE + " characters");
        }
        Optional<String> search = Optional.ofNullable(text).map(String::strip).filter(t -> !t.isEmpty());
        if (search.isPresent() && search.get().length() > MAX_SEARCH) {
            params.reject("q", "must be at most " + MAX_SEARCH + " characters");
        }
        Optional<String> tagged = Optional.ofNullable(tag).map(String::strip).filter(t -> !t.isEmpty());
        tagged.ifPresent(t -> checkTag(params, "tag", t));
        return new ItemFilter(state, cells(params, cell), min, max, gateName, search, tagged);
    }

    /** The longest tag a person can put on a dialogue. */
    static final int MAX_TAG = 100;

    /** A tag is 1 to 100 characters of text on one line; a problem goes to {@code params} under {@code field}. */
    static void checkTag(QueryParams params, String field, String tag) {
        if (tag.isBlank() || tag.length() > MAX_TAG || tag.chars().anyMatch(Character::isISOControl)) {
            params.reject(field, "must be 1 to " + MAX_TAG + " characters on one line");
        }
    }

    /**
     * How a dialogue list is sorted and where its page starts.
     *
     * @param after the cursor of the page before, empty for the first page
     */
    record Sorting(ItemSearch.Sort sort, boolean descending, Optional<ItemSearch.Cursor> after) {
    }

    /** The list's sorting, when {@code sort}, {@code order} or {@code after} is given; problems go to {@code params}. */
    static Optional<Sorting> sorting(QueryParams params, String sort, String order, String after) {
        if (sort == null && order == null && after == null) {
            return Optional.empty();
        }
        ItemSearch.Sort by = ItemSearch.Sort.SEQ;
        if (sort != null) {
            Optional<ItemSearch.Sort> parsed = ItemSearch.Sort.parse(sort);
            if (parsed.isEmpty()) {
                params.reject("sort", "must be one of seq, score, length or date, not '" + QueryParams.shorten(sort) + "'");
                return Optional.empty();
            }
            by = parsed.get();
        }
        boolean descending = false;
        if (order != null) {
            if (!order.strip().equalsIgnoreCase("asc") && !order.strip().equalsIgnoreCase("desc")) {
                params.reject("order", "must be asc or desc, not '" + QueryParams.shorten(order) + "'");
                return Optional.empty();
            }
            descending = order.strip().equalsIgnoreCase("desc");
        }
        Optional<ItemSearch.Cursor> cursor = Optional.empty();
        if (after != null && !after.isBlank()) {
            try {
                cursor = Optional.of(ItemSearch.Cursor.parse(after.strip(), by));
            } catch (IllegalArgumentException e) {
                params.reject("after", e.getMessage());
                return Optional.empty();
            }
        }
        return Optional.of(new Sorting(by, descending, cursor));
    }

    /** {@code dim:value,dim2:value2} as a map, in the order given. */
    private static Map<String, String> cells(QueryParams params, String cell) {
        var values = new LinkedHashMap<String, String>();
        if (cell == null || cell.isBlank()) {
            return values;
        }
        for (String pair : cell.split(",")) {
            int colon = pair.indexOf(':');
            if (colon <= 0 || colon == pair.length() - 1) {
                params.reject("cell", "must be dim:value pairs separated by commas, such as topic:refund,persona:student;"
                        + " not '" + QueryParams.shorten(pair) + "'");
                continue;
            }
            values.put(pair.substring(0, colon).strip(), pair.substring(colon + 1).strip());
        }
        return values;
    }

    /** A dialogue position as given in a path; empty when it is not one. */
    static Optional<Integer> seq(String seq) {
        try {
            int n = Integer.parseInt(seq);
            return n >= 0 ? Optional.of(n) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private Map<String, String> cell(ItemRecord item) {
        return read(item.cell(), new TypeReference<LinkedHashMap<String, String>>() {
        });
    }

    private <T> T read(String text, TypeReference<T> type) {
        try {
            return json.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored " + type.getType().getTypeName() + " is unreadable", e);
        }
    }
}
