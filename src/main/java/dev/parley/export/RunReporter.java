package dev.parley.export;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.parley.ParleyConfig;
import dev.parley.generate.Dialogue;
import dev.parley.judge.CriterionScore;
import dev.parley.quality.DiversityMeter;
import dev.parley.quality.PiiDetector;
import dev.parley.quality.PiiType;
import dev.parley.judge.JudgeStatistics;
import dev.parley.judge.Verdict;
import dev.parley.llm.CallUsage;
import dev.parley.llm.ModelEndpoint;
import dev.parley.llm.PriceTable;
import dev.parley.run.ItemState;
import dev.parley.run.RunEngine;
import dev.parley.store.ItemRecord;
import dev.parley.store.RunRecord;
import dev.parley.store.RunStore;

/** Builds a run's report and export files from what is stored; makes no model call. */
@ApplicationScoped
public class RunReporter {

    /** Items read per page when walking a run. */
    private static final int PAGE = 500;

    private final RunStore store;
    private final ObjectMapper json;
    private final ParleyConfig config;

    @Inject
    public RunReporter(RunStore store, ObjectMapper json, ParleyConfig config) {
        this.store = store;
        this.json = json;
        this.config = config;
    }

    /** The report of a run as stored now. */
    public RunReport report(String runId) {
        RunRecord run = store.run(runId);
        Map<ItemState, Integer> states = store.countByState(runId);
        Map<String, Integer> byGate = store.rejectionsByGate(runId);
        int rejectedByJudge = byGate.getOrDefault(RunEngine.JUDGE_GATE, 0);
        int rejected = states.get(ItemState.REJECTED);
        // Adaptive sampling adds top-up items after the planned ones; the funnel counts every item.
        int items = states.values().stream().mapToInt(Integer::intValue).sum();
        var counts = new LinkedHashMap<String, Integer>();
        counts.put("planned", run.planned());
        counts.put("topUps", Math.max(0, items - run.planned()));
        counts.put("generated", items - states.get(ItemState.PLANNED) - states.get(ItemState.GENERATING)
                - failedBefore(runId));
        counts.put("rejectedByCheck", rejected - rejectedByJudge);
        counts.put("rejectedByJudge", rejectedByJudge);
        counts.put("accepted", states.get(ItemState.ACCEPTED));
        counts.put("failed", states.get(ItemState.FAILED));
        counts.put("unfinished", items - states.get(ItemState.ACCEPTED) - rejected - states.get(ItemState.FAILED));

        Map<String, CallUsage> usage = store.usageByRole(runId);
        var tokens = new LinkedHashMap<String, Map<String, Long>>();
        var calls = new LinkedHashMap<String, Integer>();
        CallUsage total = CallUsage.NONE;
        for (var e : usage.entrySet()) {
            tokens.put(e.getKey(), Map.of("input", e.getValue().inputTokens(), "output", e.getValue().outputTokens()));
            calls.put(e.getKey(), e.getValue().calls());
            total = total.plus(e.getValue());
        }
        tokens.put("total", Map.of("input", total.inputTokens(), "output", total.outputTokens()));

        boolean offline = ModelEndpoint.OFFLINE_MODEL.equals(run.generatorModel())
                || ModelEndpoint.OFFLINE_MODEL.equals(run.judgeModel());
        Instant end = run.finishedAt().orElse(Instant.now());
        var collapse = new CollapseReport(text -> read(text, Object.class));
        List<Map<String, Object>> overTime = collapse.overTime(store.diversityPoints(runId));
        List<Map<String, Object>> disparities = collapse.disparities(action -> forEachItem(runId, action), this::readMap,
                recipeNumber(run, "checks", "disparity", dev.parley.recipe.Recipe.CollapseChecks.DEFAULT_DISPARITY));
        dev.parley.plan.CoverageTally tally = coverageTally(run);
        return new RunReport(runId, run.name(), run.status().key(), run.error().orElse(null), offline,
                offline ? "Made by the offline demo model to show the workflow: NOT FOR TRAINING." : null,
                Map.of("generator", run.generatorModel(), "judge", run.judgeModel()), counts, byGate, meanScores(runId),
                revision(runId), maskedTurns(runId), judgeHygiene(runId, run), coverage(run, tally),
                tally.acceptanceByValue(), diversity(runId), piiFound(runId), tokens, calls, store.cacheHits(runId), cost(runId), unpriced(runId), options(run), Duration.between(run.createdAt(), end).toMillis() / 1000.0,
                overTime, disparities, CollapseReport.warnings(disparities, overTime));
    }

    private double cost(String runId) {
        double cost = new PriceTable(config.prices()).cost(store.tokensByModel(runId));
        return Math.round(cost * 1_000_000) / 1_000_000.0;
    }

    private java.util.List<String> unpriced(String runId) {
        return store.tokensByModel(runId).keySet().stream()
                .filter(m -> !m.equals(ModelEndpoint.OFFLINE_MODEL) && !config.prices().containsKey(m)).toList();
    }

    private static Map<String, Object> options(RunRecord run) {
        var options = new LinkedHashMap<String, Object>();
        options.put("cache", run.options().useCache());
        options.put("failFast", run.options().failFast());
        run.options().maxTokens().ifPresent(t -> options.put("maxTokens", t));
        run.options().maxCost().ifPresent(c -> options.put("maxCostUsd", c));
        return options;
    }

    /** Accepted dialogues in plan order. */
    public List<Dialogue> accepted(String runId) {
        return acceptedItems(runId).stream().map(item -> read(item.dialogue().orElseThrow(), Dialogue.class)).toList();
    }

    /** Accepted items in plan order, with their cell, seed, dialogue and verdict. */
    public List<ItemRecord> acceptedItems(String runId) {
        var items = new java.util.ArrayList<ItemRecord>();
        forEachItem(runId, Optional.of(ItemState.ACCEPTED), items::add);
        return items;
    }

    /** Items that failed while generating never had a dialogue. */
    private int failedBefore(String runId) {
        int[] n = {0};
        forEachItem(runId, Optional.of(ItemState.FAILED), i -> n[0] += i.dialogue().isEmpty() ? 1 : 0);
        return n[0];
    }

    /** How the revise loop did: how many were revised, how many it saved, the mean score gain per round. */
    private Map<String, Object> revision(String runId) {
        Map<Integer, List<Double>> versions = store.versionScores(runId);
        var accepted = new java.util.HashSet<Integer>();
        forEachItem(runId, Optional.of(ItemState.ACCEPTED), i -> accepted.add(i.seq()));
        int revised = 0;
        int saved = 0;
        var gains = new java.util.ArrayList<double[]>();
        for (var e : versions.entrySet()) {
            List<Double> scores = e.getValue();
            if (scores.size() < 2) {
                continue;
            }
            revised++;
            if (accepted.contains(e.getKey())) {
                saved++;
            }
            for (int round = 1; round < scores.size(); round++) {
                while (gains.size() < round) {
                    gains.add(new double[2]);
                }
                gains.get(round - 1)[0] += scores.get(round) - scores.get(round - 1);
                gains.get(round - 1)[1]++;
            }
        }
        var result = new LinkedHashMap<String, Object>();
        result.put("revised", revised);
        result.put("savedByRevision", saved);
        result.put("meanScoreGainPerRound", gains.stream().map(g -> round(g[0] / g[1])).toList());
        return result;
    }

    /** The diversity measures over every accepted dialogue, in plan order. */
    private Map<String, Object> diversity(String runId) {
        var cells = new java.util.HashSet<String>();
        forEachItem(runId, item -> cells.add(item.cellKey()));
        var meter = new DiversityMeter(Math.max(1, cells.size()));
        forEachItem(runId, item -> {
            if (item.state() == ItemState.ACCEPTED) {
                meter.add(read(item.dialogue().orElseThrow(), Dialogue.class), item.cellKey());
            }
        });
        return meter.snapshot().overall().asMap();
    }

    /** Personal data found per type: in rejected dialogues as found, in kept ones as redaction placeholders. */
    private Map<String, Integer> piiFound(String runId) {
        var detector = new PiiDetector();
        var counts = new java.util.TreeMap<String, Integer>();
        forEachItem(runId, item -> {
            if (item.dialogue().isEmpty()) {
                return;
            }
            Dialogue d = read(item.dialogue().get(), Dialogue.class);
            detector.count(d).forEach((type, n) -> counts.merge(type.name().toLowerCase(java.util.Locale.ROOT), n, Integer::sum));
            String text = d.text();
            for (PiiType type : PiiType.values()) {
                int n = countOf(text, type.placeholder());
                if (n > 0) {
                    counts.merge(type.name().toLowerCase(java.util.Locale.ROOT), n, Integer::sum);
                }
            }
        });
        return counts;
    }

    private static int countOf(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + needle.length())) {
            n++;
        }
        return n;
    }

    /**
     * Per plan cell: planned, attempts (with adaptive top-ups), accepted and short-by; the cells that
     * fell short; and the dimension values a model expanded for the run.
     */
    private Map<String, Object> coverage(RunRecord run, dev.parley.plan.CoverageTally tally) {
        int extraBudget;
        try {
            extraBudget = dev.parley.recipe.RecipeLoader.validate(json.readTree(run.recipe())).coverage()
                    .extraBudget(run.planned());
        } catch (JsonProcessingException | RuntimeException e) {
            extraBudget = 0;
        }
        Map<String, Object> result = tally.coverage(extraBudget);
        var expanded = new LinkedHashMap<String, Object>();
        for (RunStore.NewExpansion e : store.expansions(run.id())) {
            try {
                var entry = new LinkedHashMap<String, Object>();
                entry.put("expansion", json.readTree(e.expansion()));
                entry.put("tree", json.readTree(e.tree()));
                expanded.put(e.dimension(), entry);
            } catch (JsonProcessingException ex) {
                throw new IllegalStateException("stored expansion is unreadable", ex);
            }
        }
        if (!expanded.isEmpty()) {
            result.put("expanded", expanded);
        }
        return result;
    }

    /** Items counted per cell and per dimension value. */
    private dev.parley.plan.CoverageTally coverageTally(RunRecord run) {
        var tally = new dev.parley.plan.CoverageTally(run.planned());
        forEachItem(run.id(), item -> tally.add(item.seq(), item.cellKey(), readMap(item.cell()),
                item.state() == ItemState.ACCEPTED));
        return tally;
    }

    private void forEachItem(String runId, java.util.function.Consumer<ItemRecord> action) {
        forEachItem(runId, Optional.empty(), action);
    }

    /** Walks a run's items in plan order, a page at a time, optionally only those in one state. */
    private void forEachItem(String runId, Optional<ItemState> state, java.util.function.Consumer<ItemRecord> action) {
        for (int offset = 0;; offset += PAGE) {
            List<ItemRecord> page = store.items(runId, state, PAGE, offset);
            page.forEach(action);
            if (page.size() < PAGE) {
                return;
            }
        }
    }

    private Map<String, String> readMap(String text) {
        try {
            return json.readValue(text, new com.fasterxml.jackson.core.type.TypeReference<LinkedHashMap<String, String>>() {
            });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored cell is unreadable", e);
        }
    }

    /** Within-one agreement under which the report flags the judge as inconsistent. */
    static final double CONSISTENCY_FLAG = 0.8;

    private Map<String, Object> judgeHygiene(String runId, RunRecord run) {
        Map<Integer, ItemRecord> judged = new java.util.TreeMap<>();
        forEachItem(runId, i -> {
            if (i.verdict().isPresent() && i.dialogue().isPresent()) {
                judged.put(i.seq(), i);
            }
        });
        var result = new LinkedHashMap<String, Object>();

        // Consistency: the same dialogue judged twice, criterion by criterion.
        List<int[]> pairs = new java.util.ArrayList<>();
        for (var review : store.reviews(runId, dev.parley.store.Review.JUDGE_RECHECK)) {
            ItemRecord item = judged.get(review.seq());
            if (item == null || review.verdict().isEmpty()) {
                continue;
            }
            Map<String, Integer> first = new java.util.HashMap<>();
            read(item.verdict().get(), Verdict.class).scores().forEach(s -> first.put(s.criterion(), s.score()));
            for (CriterionScore s : read(review.verdict().get(), Verdict.class).scores()) {
                Integer before = first.get(s.criterion());
                if (before != null) {
                    pairs.add(new int[] {before, s.score()});
                }
            }
        }
        var agreement = JudgeStatistics.agreement(pairs);
        var consistency = new LinkedHashMap<String, Object>();
        consistency.put("dialogues", store.reviews(runId, dev.parley.store.Review.JUDGE_RECHECK).size());
        consistency.put("criterionPairs", agreement.pairs());
        consistency.put("exactAgreement", agreement.pairs() == 0 ? null : round(agreement.exact()));
        consistency.put("withinOneAgreement", agreement.pairs() == 0 ? null : round(agreement.withinOne()));
        consistency.put("flagged", agreement.pairs() > 0 && agreement.withinOne() < CONSISTENCY_FLAG);
        result.put("consistency", consistency);

        // Length bias: does the judge simply like longer dialogues?
        double[] lengths = new double[judged.size()];
        double[] scores = new double[judged.size()];
        int i = 0;
        for (ItemRecord item : judged.values()) {
            lengths[i] = read(item.dialogue().get(), Dialogue.class).text().length();
            scores[i] = item.score().orElse(Double.NaN);
            i++;
        }
        var lengthBias = new LinkedHashMap<String, Object>();
        lengthBias.put("dialogues", judged.size());
        lengthBias.put("pearson", rounded(JudgeStatistics.pearson(lengths, scores)));
        lengthBias.put("spearman", rounded(JudgeStatistics.spearman(lengths, scores)));
        result.put("lengthBias", lengthBias);

        // A panel of judges: how often its members decide differently, and how far apart they score.
        int panelJudged = 0;
        int disagreements = 0;
        double spread = 0;
        for (ItemRecord item : judged.values()) {
            Verdict v = read(item.verdict().get(), Verdict.class);
            if (v.panel().isEmpty()) {
                continue;
            }
            panelJudged++;
            disagreements += v.panelDisagrees() ? 1 : 0;
            spread += v.panel().stream().mapToDouble(Verdict.PanelVote::meanScore).max().orElse(0)
                    - v.panel().stream().mapToDouble(Verdict.PanelVote::meanScore).min().orElse(0);
        }
        if (panelJudged > 0) {
            var panel = new LinkedHashMap<String, Object>();
            panel.put("dialogues", panelJudged);
            panel.put("decisionsDiffer", disagreements);
            panel.put("disagreementRate", round((double) disagreements / panelJudged));
            panel.put("meanScoreSpread", round(spread / panelJudged));
            result.put("panel", panel);
        }

        // People: the latest review per dialogue.
        Map<Integer, dev.parley.store.Review> latest = new java.util.TreeMap<>();
        store.reviews(runId, dev.parley.store.Review.HUMAN).forEach(r -> latest.put(r.seq(), r));
        var humanScores = new java.util.ArrayList<double[]>();
        var decisions = new java.util.ArrayList<Boolean>();
        var judgeDecisions = new java.util.ArrayList<Boolean>();
        var judgeMeans = new java.util.ArrayList<Double>();
        for (var r : latest.values()) {
            ItemRecord item = judged.get(r.seq());
            if (item == null || item.score().isEmpty()) {
                continue;
            }
            r.score().ifPresent(s -> humanScores.add(new double[] {s, item.score().get()}));
            if (r.accept().isPresent()) {
                decisions.add(r.accept().get());
                judgeDecisions.add(item.state() == ItemState.ACCEPTED);
                judgeMeans.add(item.score().get());
            }
        }
        var human = new LinkedHashMap<String, Object>();
        human.put("reviews", latest.size());
        human.put("spearman", rounded(JudgeStatistics.spearman(humanScores.stream().mapToDouble(p -> p[0]).toArray(),
                humanScores.stream().mapToDouble(p -> p[1]).toArray())));
        human.put("cohensKappa", rounded(JudgeStatistics.cohensKappa(decisions, judgeDecisions)));
        double threshold = readRecipeThreshold(run);
        human.put("threshold", threshold);
        human.put("suggestedThreshold", rounded(JudgeStatistics.suggestThreshold(
                judgeMeans.stream().mapToDouble(Double::doubleValue).toArray(), decisions, threshold)));
        result.put("human", human);
        return result;
    }

    private double readRecipeThreshold(RunRecord run) {
        return recipeNumber(run, "judge", "threshold", 3.5);
    }

    private double recipeNumber(RunRecord run, String section, String field, double fallback) {
        try {
            return json.readTree(run.recipe()).path(section).path(field).asDouble(fallback);
        } catch (JsonProcessingException e) {
            return fallback;
        }
    }

    private static Double rounded(java.util.OptionalDouble value) {
        return value.isPresent() ? round(value.getAsDouble()) : null;
    }

    private int maskedTurns(String runId) {
        int[] masked = {0};
        forEachItem(runId, Optional.of(ItemState.ACCEPTED),
                item -> masked[0] += item.verdict().map(v -> read(v, Verdict.class).maskedTurns().size()).orElse(0));
        return masked[0];
    }

    private Map<String, Double> meanScores(String runId) {
        var sums = new LinkedHashMap<String, double[]>();
        double[] overall = {0, 0};
        forEachItem(runId, item -> {
            if (item.verdict().isEmpty()) {
                return;
            }
            Verdict v = read(item.verdict().get(), Verdict.class);
            for (CriterionScore s : v.scores()) {
                double[] acc = sums.computeIfAbsent(s.criterion(), k -> new double[2]);
                acc[0] += s.score();
                acc[1]++;
            }
            overall[0] += v.meanScore();
            overall[1]++;
        });
        var means = new TreeMap<String, Double>();
        sums.forEach((k, acc) -> means.put(k, round(acc[0] / acc[1])));
        if (overall[1] > 0) {
            means.put("overall", round(overall[0] / overall[1]));
        }
        return means;
    }

    static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    private <T> T read(String text, Class<T> type) {
        try {
            return json.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored " + type.getSimpleName() + " is unreadable", e);
        }
    }
}
