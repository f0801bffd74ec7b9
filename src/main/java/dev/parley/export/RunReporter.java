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

import dev.parley.config.ParleyConfig;
import dev.parley.dialogue.Dialogue;
import dev.parley.judge.CriterionScore;
import dev.parley.judge.DialogueJudge;
import dev.parley.judge.JudgeStatistics;
import dev.parley.judge.Verdict;
import dev.parley.llm.CallUsage;
import dev.parley.llm.ModelEndpoint;
import dev.parley.llm.PriceTable;
import dev.parley.llm.PromptSet;
import dev.parley.plan.CoverageTally;
import dev.parley.quality.DiversityMeter;
import dev.parley.quality.PiiDetector;
import dev.parley.quality.PiiType;
import dev.parley.store.CallLedger;
import dev.parley.store.DiversitySnapshots;
import dev.parley.store.ItemHistory;
import dev.parley.store.ItemPii;
import dev.parley.store.ItemQueue;
import dev.parley.store.ItemRecord;
import dev.parley.store.ItemRepository;
import dev.parley.store.ItemState;
import dev.parley.store.Review;
import dev.parley.store.RunProgress;
import dev.parley.store.RunRecord;
import dev.parley.store.RunReports;
import dev.parley.store.RunRepository;

/**
 * Builds a run's report and export files from what is stored; makes no model call.
 *
 * <p>Past 300 lines because the report's sections draw on one pass over the run's items ({@code ItemPass}), which
 * reads each item once and keeps only numbers; the pass and the sections it feeds stay side by side.
 */
@ApplicationScoped
public class RunReporter {

    private final RunRepository runs;
    private final ItemQueue queue;
    private final ItemRepository items;
    private final ItemHistory history;
    private final CallLedger ledger;
    private final DiversitySnapshots snapshots;
    private final RunReports kept;
    private final ItemPii itemPii;
    private final ObjectMapper json;
    private final ParleyConfig config;

    @Inject
    public RunReporter(RunRepository runs, ItemQueue queue, ItemRepository items, ItemHistory history, CallLedger ledger,
            DiversitySnapshots snapshots, RunReports kept, ItemPii itemPii, ObjectMapper json, ParleyConfig config) {
        this.runs = runs;
        this.queue = queue;
        this.items = items;
        this.history = history;
        this.ledger = ledger;
        this.snapshots = snapshots;
        this.kept = kept;
        this.itemPii = itemPii;
        this.json = json;
        this.config = config;
    }

    /**
     * The report of a run as {@link #report} computes it, read from the one kept for the run while nothing it was
     * computed from has changed (a settled run): a large finished run's report, which reads every item, is
     * computed once, not at every look.
     */
    public RunReport latest(String runId) {
        Optional<String> fingerprint = fingerprint(runId);
        if (fingerprint.isPresent()) {
            Optional<String> stored = kept.report(runId, fingerprint.get());
            if (stored.isPresent()) {
                return read(stored.get(), RunReport.class);
            }
        }
        return computeAndKeep(runId, fingerprint);
    }

    /**
     * The report of a run as stored now; the run's items are read once. A settled run's report is kept, with
     * the fingerprint read before it was computed, for {@link #latest}.
     */
    public RunReport report(String runId) {
        return computeAndKeep(runId, fingerprint(runId));
    }

    /** Computes the report, and keeps it under the fingerprint read before, when the run is settled. */
    private RunReport computeAndKeep(String runId, Optional<String> fingerprint) {
        RunReport report = compute(runId);
        if (fingerprint.isPresent()) {
            try {
                kept.keep(runId, fingerprint.get(), json.writeValueAsString(report));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("cannot serialise the report of run " + runId, e);
            }
        }
        return report;
    }

    /** What the report would be computed from, with the prices it is costed at; empty for a run not settled. */
    private Optional<String> fingerprint(String runId) {
        return kept.fingerprint(runId).map(f -> f + "|prices=" + new TreeMap<>(config.prices()).toString().hashCode());
    }

    private RunReport compute(String runId) {
        RunRecord run = runs.run(runId);
        Map<ItemState, Integer> states = queue.countByState(runId);
        Map<String, Integer> byGate = items.rejectionsByGate(runId);
        ItemPass pass = new ItemPass(run, items.distinctCells(runId), history.reviews(runId, Review.JUDGE_RECHECK),
                history.reviews(runId, Review.HUMAN), itemPii.of(runId));
        items.forEachItem(runId, Optional.empty(), pass::add);
        itemPii.keep(runId, pass.newlyCounted);

        int rejectedByJudge = byGate.getOrDefault(DialogueJudge.JUDGE_GATE, 0);
        int rejected = states.get(ItemState.REJECTED);
        // Adaptive sampling adds top-up items after the planned ones; the funnel counts every item.
        int total = states.values().stream().mapToInt(Integer::intValue).sum();
        var counts = new LinkedHashMap<String, Integer>();
        counts.put("planned", run.planned());
        counts.put("topUps", Math.max(0, total - run.planned()));
        counts.put("generated", total - states.get(ItemState.PLANNED) - states.get(ItemState.GENERATING)
                - pass.failedBeforeDialogue);
        counts.put("rejectedByCheck", rejected - rejectedByJudge);
        counts.put("rejectedByJudge", rejectedByJudge);
        counts.put("accepted", states.get(ItemState.ACCEPTED));
        counts.put("failed", states.get(ItemState.FAILED));
        counts.put("unfinished", total - states.get(ItemState.ACCEPTED) - rejected - states.get(ItemState.FAILED));
        // Progress as the runs list and the event stream count it.
        counts.put("done", RunProgress.done(states));
        counts.put("total", RunProgress.total(run.planned(), states));

        Map<String, CallUsage> usage = ledger.usageByRole(runId);
        var tokens = new LinkedHashMap<String, Map<String, Long>>();
        var calls = new LinkedHashMap<String, Integer>();
        CallUsage sum = CallUsage.NONE;
        for (var e : usage.entrySet()) {
            tokens.put(e.getKey(), Map.of("input", e.getValue().inputTokens(), "output", e.getValue().outputTokens()));
            calls.put(e.getKey(), e.getValue().calls());
            sum = sum.plus(e.getValue());
        }
        tokens.put("total", Map.of("input", sum.inputTokens(), "output", sum.outputTokens()));

        boolean offline = ModelEndpoint.OFFLINE_MODEL.equals(run.generatorModel())
                || ModelEndpoint.OFFLINE_MODEL.equals(run.judgeModel());
        Instant end = run.finishedAt().orElse(Instant.now());
        var collapse = new CollapseReport(text -> read(text, Object.class));
        List<Map<String, Object>> overTime = collapse.overTime(snapshots.diversityPoints(runId));
        List<Map<String, Object>> disparities = pass.disparities.disparities(
                recipeNumber(run, "checks", "disparity", dev.parley.recipe.Recipe.CollapseChecks.DEFAULT_DISPARITY));
        Map<String, long[]> tokensByModel = ledger.tokensByModel(runId);
        return new RunReport(runId, run.name(), run.status().key(), run.error().orElse(null), offline,
                offline ? "Made by the offline demo model to show the workflow: NOT FOR TRAINING." : null,
                Map.of("generator", run.generatorModel(), "judge", run.judgeModel()), counts, byGate, pass.meanScores(),
                revision(runId, pass.accepted), pass.maskedTurns, judgeHygiene(run, pass), coverage(run, pass.tally),
                pass.tally.acceptanceByValue(), pass.meter.snapshot().overall().asMap(), pass.pii, tokens, calls,
                ledger.cacheHits(runId), cost(tokensByModel), costWithoutBatch(tokensByModel), unpriced(tokensByModel),
                options(run),
                Duration.between(run.createdAt(), end).toMillis() / 1000.0, overTime, disparities,
                CollapseReport.warnings(disparities, overTime), pass.scoreHistogram());
    }

    private double cost(Map<String, long[]> tokensByModel) {
        double cost = new PriceTable(config.prices()).cost(tokensByModel);
        return Math.round(cost * 1_000_000) / 1_000_000.0;
    }

    /** What the run would have cost without batch mode, when any request went through a batch. */
    private Double costWithoutBatch(Map<String, long[]> tokensByModel) {
        if (tokensByModel.keySet().stream().noneMatch(m -> m.endsWith(PriceTable.BATCH_SUFFIX))) {
            return null;
        }
        double cost = new PriceTable(config.prices()).directCost(tokensByModel);
        return Math.round(cost * 1_000_000) / 1_000_000.0;
    }

    private java.util.List<String> unpriced(Map<String, long[]> tokensByModel) {
        return tokensByModel.keySet().stream().map(PriceTable::directName).distinct()
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
        return acceptedItems(runId).stream().map(item -> item.dialogue().orElseThrow()).toList();
    }

    /** Accepted items in plan order, with their cell, seed, dialogue and verdict. */
    public List<ItemRecord> acceptedItems(String runId) {
        var accepted = new java.util.ArrayList<ItemRecord>();
        items.forEachItem(runId, Optional.of(ItemState.ACCEPTED), accepted::add);
        return accepted;
    }

    /**
     * What every section of the report needs from the run's items, gathered in one pass in plan
     * order: each item's cell, dialogue and verdict are read from JSON once. Only numbers are kept,
     * never the dialogues, so a run of any size is reported in the memory of one page of items.
     */
    private final class ItemPass {
        /** The judge's second verdicts, by plan number. */
        private final Map<Integer, List<Review>> rechecks = new java.util.HashMap<>();
        private final int recheckCount;
        /** The latest review a person gave each dialogue, by plan number. */
        private final Map<Integer, Review> human = new TreeMap<>();
        final CoverageTally tally;
        final DiversityMeter meter;
        final CollapseReport.DisparityCounts disparities = new CollapseReport.DisparityCounts();
        final java.util.Set<Integer> accepted = new java.util.HashSet<>();
        final Map<String, Integer> pii = new TreeMap<>();
        int failedBeforeDialogue;
        int maskedTurns;
        private final Map<String, double[]> criterionSums = new LinkedHashMap<>();
        private final double[] overall = {0, 0};
        /** Judged dialogues per half point of mean score (see {@link RunReport#SCORE_BINS}). */
        private final int[] scoreBins = new int[RunReport.SCORE_BINS.size()];

        Map<String, Integer> scoreHistogram() {
            var histogram = new LinkedHashMap<String, Integer>();
            for (int i = 0; i < scoreBins.length; i++) {
                histogram.put(RunReport.SCORE_BINS.get(i), scoreBins[i]);
            }
            return histogram;
        }

        /** Judged dialogues (with a verdict and a dialogue): their length and mean score, for length bias. */
        private final java.util.ArrayList<double[]> lengthAndScore = new java.util.ArrayList<>();
        /** Criterion scores of the first verdict against the recheck's. */
        final List<int[]> recheckPairs = new java.util.ArrayList<>();
        int panelJudged;
        int panelDisagreements;
        double panelSpread;
        /** Of judged dialogues a person reviewed: the judge's mean score and decision. */
        private final Map<Integer, JudgeDecision> judgedReviewed = new java.util.HashMap<>();
        private final PiiDetector detector = new PiiDetector();
        /** The personal data counted in finished dialogues by earlier reports, by plan number. */
        private final Map<Integer, ItemPii.Counted> counted;
        /** Finished dialogues this pass counted, whose counts were not kept or were of another dialogue. */
        final List<ItemPii.Counted> newlyCounted = new java.util.ArrayList<>();

        ItemPass(RunRecord run, int cells, List<Review> rechecks, List<Review> human,
                Map<Integer, ItemPii.Counted> counted) {
            this.counted = counted;
            this.tally = new CoverageTally(run.planned());
            this.meter = new DiversityMeter(Math.max(1, cells));
            rechecks.forEach(r -> this.rechecks.computeIfAbsent(r.seq(), k -> new java.util.ArrayList<>()).add(r));
            this.recheckCount = rechecks.size();
            human.forEach(r -> this.human.put(r.seq(), r));
        }

        void add(ItemRecord item) {
            Map<String, String> cell = readMap(item.cell());
            boolean isAccepted = item.state() == ItemState.ACCEPTED;
            tally.add(item.seq(), item.cellKey(), cell, isAccepted);
            disparities.add(item.state(), cell);
            if (isAccepted) {
                accepted.add(item.seq());
            }
            Dialogue dialogue = item.dialogue().orElse(null);
            Verdict verdict = item.verdict().orElse(null);
            if (dialogue == null) {
                failedBeforeDialogue += item.state() == ItemState.FAILED ? 1 : 0;
            } else {
                Map<String, Integer> found = item.state().isTerminal() ? piiOfFinished(item.seq(), dialogue)
                        : piiOf(dialogue);
                found.forEach((type, n) -> pii.merge(type, n, Integer::sum));
                if (isAccepted) {
                    meter.add(dialogue, item.cellKey());
                }
            }
            if (verdict != null) {
                addScores(verdict);
                if (isAccepted) {
                    maskedTurns += verdict.maskedTurns().size();
                }
                if (dialogue != null) {
                    addJudged(item, dialogue, verdict);
                }
            }
        }

        /**
         * A finished dialogue's personal data: the counts an earlier report kept when they were counted in this very
         * dialogue (its hash), else counted now and kept after the pass. A finished dialogue changes only by a
         * person's edit, which changes its hash.
         */
        private Map<String, Integer> piiOfFinished(int seq, Dialogue dialogue) {
            String hash = PromptSet.sha256(dialogue.toString());
            ItemPii.Counted before = counted.get(seq);
            if (before != null && before.dialogueHash().equals(hash)) {
                return parseCounts(before.found());
            }
            Map<String, Integer> found = piiOf(dialogue);
            newlyCounted.add(new ItemPii.Counted(seq, hash, formatCounts(found)));
            return found;
        }

        /** Personal data per type: in rejected dialogues as found, in kept ones as redaction placeholders. */
        private Map<String, Integer> piiOf(Dialogue dialogue) {
            var found = new TreeMap<String, Integer>();
            detector.count(dialogue).forEach((type, n) -> found.merge(type.key(), n, Integer::sum));
            String text = dialogue.text();
            for (PiiType type : PiiType.values()) {
                int n = countOf(text, type.placeholder());
                if (n > 0) {
                    found.merge(type.key(), n, Integer::sum);
                }
            }
            return found.isEmpty() ? Map.of() : Map.copyOf(found);
        }

        private void addScores(Verdict verdict) {
            for (CriterionScore s : verdict.scores()) {
                double[] acc = criterionSums.computeIfAbsent(s.criterion(), k -> new double[2]);
                acc[0] += s.score();
                acc[1]++;
            }
            overall[0] += verdict.meanScore();
            overall[1]++;
        }

        private void addJudged(ItemRecord item, Dialogue dialogue, Verdict verdict) {
            lengthAndScore.add(new double[] {dialogue.text().length(), item.score().orElse(Double.NaN)});
            item.score().ifPresent(s -> scoreBins[RunReport.scoreBin(s)]++);
            for (Review recheck : rechecks.getOrDefault(item.seq(), List.of())) {
                if (recheck.verdict().isEmpty()) {
                    continue;
                }
                Map<String, Integer> first = new java.util.HashMap<>();
                verdict.scores().forEach(s -> first.put(s.criterion(), s.score()));
                for (CriterionScore s : read(recheck.verdict().get(), Verdict.class).scores()) {
                    Integer before = first.get(s.criterion());
                    if (before != null) {
                        recheckPairs.add(new int[] {before, s.score()});
                    }
                }
            }
            if (!verdict.panel().isEmpty()) {
                panelJudged++;
                panelDisagreements += verdict.panelDisagrees() ? 1 : 0;
                panelSpread += verdict.panel().stream().mapToDouble(Verdict.PanelVote::meanScore).max().orElse(0)
                        - verdict.panel().stream().mapToDouble(Verdict.PanelVote::meanScore).min().orElse(0);
            }
            if (human.containsKey(item.seq()) && item.score().isPresent()) {
                // The judge's own decision, not the item's state, which a person's decision may have changed.
                judgedReviewed.put(item.seq(), new JudgeDecision(item.score().get(), verdict.accepted()));
            }
        }

        Map<String, Double> meanScores() {
            var means = new TreeMap<String, Double>();
            criterionSums.forEach((k, acc) -> means.put(k, round(acc[0] / acc[1])));
            if (overall[1] > 0) {
                means.put("overall", round(overall[0] / overall[1]));
            }
            return means;
        }
    }

    /** What the judge made of a dialogue: its mean score, and whether the dialogue was accepted. */
    private record JudgeDecision(double score, boolean accepted) {
    }

    private static int countOf(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + needle.length())) {
            n++;
        }
        return n;
    }

    /** How the revise loop did: how many were revised, how many it saved, the mean score gain per round. */
    private Map<String, Object> revision(String runId, java.util.Set<Integer> accepted) {
        Map<Integer, List<Double>> versions = history.versionScores(runId);
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

    /**
     * Per plan cell: planned, attempts (with adaptive top-ups), accepted and short-by; the cells that
     * fell short; and the dimension values a model expanded for the run.
     */
    private Map<String, Object> coverage(RunRecord run, CoverageTally tally) {
        int extraBudget;
        try {
            extraBudget = dev.parley.recipe.RecipeLoader.validate(json.readTree(run.recipe())).coverage()
                    .extraBudget(run.planned());
        } catch (JsonProcessingException | RuntimeException e) {
            extraBudget = 0;
        }
        Map<String, Object> result = tally.coverage(extraBudget);
        var expanded = new LinkedHashMap<String, Object>();
        for (RunRepository.NewExpansion e : runs.expansions(run.id())) {
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

    private Map<String, Object> judgeHygiene(RunRecord run, ItemPass items) {
        var result = new LinkedHashMap<String, Object>();

        // Consistency: the same dialogue judged twice, criterion by criterion.
        var agreement = JudgeStatistics.agreement(items.recheckPairs);
        var consistency = new LinkedHashMap<String, Object>();
        consistency.put("dialogues", items.recheckCount);
        consistency.put("criterionPairs", agreement.pairs());
        consistency.put("exactAgreement", agreement.pairs() == 0 ? null : round(agreement.exact()));
        consistency.put("withinOneAgreement", agreement.pairs() == 0 ? null : round(agreement.withinOne()));
        consistency.put("flagged", agreement.pairs() > 0 && agreement.withinOne() < CONSISTENCY_FLAG);
        result.put("consistency", consistency);

        // Length bias: does the judge simply like longer dialogues?
        double[] lengths = items.lengthAndScore.stream().mapToDouble(p -> p[0]).toArray();
        double[] scores = items.lengthAndScore.stream().mapToDouble(p -> p[1]).toArray();
        var lengthBias = new LinkedHashMap<String, Object>();
        lengthBias.put("dialogues", lengths.length);
        lengthBias.put("pearson", rounded(JudgeStatistics.pearson(lengths, scores)));
        lengthBias.put("spearman", rounded(JudgeStatistics.spearman(lengths, scores)));
        result.put("lengthBias", lengthBias);

        // A panel of judges: how often its members decide differently, and how far apart they score.
        if (items.panelJudged > 0) {
            var panel = new LinkedHashMap<String, Object>();
            panel.put("dialogues", items.panelJudged);
            panel.put("decisionsDiffer", items.panelDisagreements);
            panel.put("disagreementRate", round((double) items.panelDisagreements / items.panelJudged));
            panel.put("meanScoreSpread", round(items.panelSpread / items.panelJudged));
            result.put("panel", panel);
        }

        // People: the latest review per dialogue.
        var humanScores = new java.util.ArrayList<double[]>();
        var decisions = new java.util.ArrayList<Boolean>();
        var judgeDecisions = new java.util.ArrayList<Boolean>();
        var judgeMeans = new java.util.ArrayList<Double>();
        for (var r : items.human.values()) {
            JudgeDecision judged = items.judgedReviewed.get(r.seq());
            if (judged == null) {
                continue;
            }
            r.score().ifPresent(s -> humanScores.add(new double[] {s, judged.score()}));
            if (r.accept().isPresent()) {
                decisions.add(r.accept().get());
                judgeDecisions.add(judged.accepted());
                judgeMeans.add(judged.score());
            }
        }
        var human = new LinkedHashMap<String, Object>();
        human.put("reviews", items.human.size());
        human.put("spearman", rounded(JudgeStatistics.spearman(humanScores.stream().mapToDouble(p -> p[0]).toArray(),
                humanScores.stream().mapToDouble(p -> p[1]).toArray())));
        human.put("cohensKappa", rounded(JudgeStatistics.cohensKappa(decisions, judgeDecisions)));
        double threshold = readRecipeThreshold(run);
        human.put("threshold", threshold);
        human.put("suggestedThreshold", rounded(JudgeStatistics.suggestThreshold(
                judgeMeans.stream().mapToDouble(Double::doubleValue).toArray(), decisions, threshold)));
        // A person's decisions in force (accept, reject, edit) and those undone: they decide what the export holds.
        human.put("decisions", history.decisionCounts(run.id()));
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

    static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    /** Counts per type as kept: {@code type=n} pairs in the map's order, separated by commas. */
    static String formatCounts(Map<String, Integer> counts) {
        var text = new StringBuilder();
        counts.forEach((type, n) -> text.append(text.isEmpty() ? "" : ",").append(type).append('=').append(n));
        return text.toString();
    }

    /** The counts {@link #formatCounts} wrote. */
    static Map<String, Integer> parseCounts(String text) {
        if (text.isEmpty()) {
            return Map.of();
        }
        var counts = new TreeMap<String, Integer>();
        for (String pair : text.split(",")) {
            int eq = pair.indexOf('=');
            counts.put(pair.substring(0, eq), Integer.parseInt(pair.substring(eq + 1)));
        }
        return counts;
    }

    private <T> T read(String text, Class<T> type) {
        try {
            return json.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored " + type.getSimpleName() + " is unreadable", e);
        }
    }
}
