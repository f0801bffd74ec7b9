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
        var counts = new LinkedHashMap<String, Integer>();
        counts.put("planned", run.planned());
        counts.put("generated", run.planned() - states.get(ItemState.PLANNED) - states.get(ItemState.GENERATING)
                - failedBefore(runId));
        counts.put("rejectedByCheck", rejected - rejectedByJudge);
        counts.put("rejectedByJudge", rejectedByJudge);
        counts.put("accepted", states.get(ItemState.ACCEPTED));
        counts.put("failed", states.get(ItemState.FAILED));
        counts.put("unfinished", run.planned() - states.get(ItemState.ACCEPTED) - rejected - states.get(ItemState.FAILED));

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
        return new RunReport(runId, run.name(), run.status().key(), run.error().orElse(null), offline,
                offline ? "Made by the offline demo model to show the workflow: NOT FOR TRAINING." : null,
                Map.of("generator", run.generatorModel(), "judge", run.judgeModel()), counts, byGate, meanScores(runId),
                revision(runId), maskedTurns(runId), tokens, calls, store.cacheHits(runId), cost(runId), unpriced(runId), options(run), Duration.between(run.createdAt(), end).toMillis() / 1000.0);
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
        var dialogues = new java.util.ArrayList<Dialogue>();
        for (int offset = 0;; offset += PAGE) {
            List<ItemRecord> page = store.items(runId, Optional.of(ItemState.ACCEPTED), PAGE, offset);
            for (ItemRecord item : page) {
                dialogues.add(read(item.dialogue().orElseThrow(), Dialogue.class));
            }
            if (page.size() < PAGE) {
                return dialogues;
            }
        }
    }

    /** Items that failed while generating never had a dialogue. */
    private int failedBefore(String runId) {
        int n = 0;
        for (int offset = 0;; offset += PAGE) {
            List<ItemRecord> page = store.items(runId, Optional.of(ItemState.FAILED), PAGE, offset);
            n += (int) page.stream().filter(i -> i.dialogue().isEmpty()).count();
            if (page.size() < PAGE) {
                return n;
            }
        }
    }

    /** How the revise loop did: how many were revised, how many it saved, the mean score gain per round. */
    private Map<String, Object> revision(String runId) {
        Map<Integer, List<Double>> versions = store.versionScores(runId);
        var accepted = new java.util.HashSet<Integer>();
        for (int offset = 0;; offset += PAGE) {
            List<ItemRecord> page = store.items(runId, Optional.of(ItemState.ACCEPTED), PAGE, offset);
            page.forEach(i -> accepted.add(i.seq()));
            if (page.size() < PAGE) {
                break;
            }
        }
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

    private int maskedTurns(String runId) {
        int masked = 0;
        for (int offset = 0;; offset += PAGE) {
            List<ItemRecord> page = store.items(runId, Optional.of(ItemState.ACCEPTED), PAGE, offset);
            for (ItemRecord item : page) {
                masked += item.verdict().map(v -> read(v, Verdict.class).maskedTurns().size()).orElse(0);
            }
            if (page.size() < PAGE) {
                return masked;
            }
        }
    }

    private Map<String, Double> meanScores(String runId) {
        var sums = new LinkedHashMap<String, double[]>();
        double overall = 0;
        int judged = 0;
        for (int offset = 0;; offset += PAGE) {
            List<ItemRecord> page = store.items(runId, Optional.empty(), PAGE, offset);
            for (ItemRecord item : page) {
                if (item.verdict().isEmpty()) {
                    continue;
                }
                Verdict v = read(item.verdict().get(), Verdict.class);
                for (CriterionScore s : v.scores()) {
                    double[] acc = sums.computeIfAbsent(s.criterion(), k -> new double[2]);
                    acc[0] += s.score();
                    acc[1]++;
                }
                overall += v.meanScore();
                judged++;
            }
            if (page.size() < PAGE) {
                break;
            }
        }
        var means = new TreeMap<String, Double>();
        sums.forEach((k, acc) -> means.put(k, round(acc[0] / acc[1])));
        if (judged > 0) {
            means.put("overall", round(overall / judged));
        }
        return means;
    }

    private static double round(double v) {
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
