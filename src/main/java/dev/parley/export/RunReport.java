package dev.parley.export;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a run made and what it cost: written as {@code report.json} and served by the API.
 *
 * @param runId            the run
 * @param recipe           recipe name
 * @param status           run status
 * @param error            why the run stopped, if it did not complete
 * @param offlineDemo      true when the offline demo model wrote or judged the data
 * @param notice           a plain warning when the data is not for training
 * @param models           model per role
 * @param counts           the funnel: planned, generated, rejected by check, rejected by judge, accepted, failed, unfinished
 * @param rejectedByGate   rejections per gate
 * @param meanScores       mean judge score per criterion over judged dialogues, and {@code overall}
 * @param revision         the revise loop: dialogues revised, accepted thanks to revision, mean score gain per round
 * @param maskedTurns      assistant turns scored under the turn floor in accepted dialogues (weight 0 in exports)
 * @param judgeHygiene     how far the judge can be trusted: consistency, length bias, agreement with people
 * @param coverage         per plan cell: planned, attempts (with adaptive top-ups), accepted and short-by; the
 *                         cells that fell short; the top-ups made and allowed; the values a model expanded
 * @param acceptanceByValue per dimension and value: planned, attempts, accepted and the acceptance rate, so a
 *                         filter that favours some personas or moods shows
 * @param diversity        diversity of the accepted dialogues: distinct-n, compression ratio, self-BLEU,
 *                         opening shares, length spread, coverage entropy (null where undefined)
 * @param piiFound         personal data and secrets per type: found in rejected dialogues, and redacted in kept ones
 * @param tokens           input and output tokens, per role and in total
 * @param modelCalls       model call attempts, per role
 * @param cacheHits        requests answered from the response cache instead of a model
 * @param costUsd          what the calls cost in dollars, from the configured price table
 * @param costWithoutBatchUsd what the same calls would have cost called directly, at the direct prices; null
 *                         when no request went through a provider's batch API
 * @param unpricedModels   models used that have no price (their calls count as free)
 * @param options          the run's options: cache, fail-fast, budget
 * @param durationSeconds  wall time from creation to the last change
 * @param diversityOverTime the run's diversity snapshots, oldest first: accepted count, window and overall
 *                         measures, and the diversity gates each tripped
 * @param disparities      dimension values whose acceptance rate differs from the run's by more than
 *                         {@code checks.disparity}
 * @param warnings         what a person should look at: disparities and tripped diversity gates
 * @param scoreHistogram   judged dialogues (accepted or not) per half point of mean score, {@link #SCORE_BINS}
 *                         in order; the dashboard and the dataset card show these counts
 */
public record RunReport(String runId, String recipe, String status, String error, boolean offlineDemo, String notice,
        Map<String, String> models, Map<String, Integer> counts, Map<String, Integer> rejectedByGate,
        Map<String, Double> meanScores, Map<String, Object> revision, int maskedTurns,
        Map<String, Object> judgeHygiene, Map<String, Object> coverage,
        Map<String, Map<String, Map<String, Object>>> acceptanceByValue, Map<String, Object> diversity,
        Map<String, Integer> piiFound,
        Map<String, Map<String, Long>> tokens, Map<String, Integer> modelCalls,
        int cacheHits, double costUsd, Double costWithoutBatchUsd, java.util.List<String> unpricedModels, Map<String, Object> options,
        double durationSeconds, List<Map<String, Object>> diversityOverTime, List<Map<String, Object>> disparities,
        List<String> warnings, Map<String, Integer> scoreHistogram) {

    /** The histogram's bins, 1.0–1.5 to 4.5–5.0: each holds scores from its lower bound to under its upper. */
    public static final List<String> SCORE_BINS = List.of("1.0–1.5", "1.5–2.0", "2.0–2.5", "2.5–3.0", "3.0–3.5",
            "3.5–4.0", "4.0–4.5", "4.5–5.0");

    public RunReport {
        diversityOverTime = diversityOverTime == null ? List.of() : diversityOverTime;
        disparities = disparities == null ? List.of() : disparities;
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
        scoreHistogram = scoreHistogram == null ? Map.of()
                : Collections.unmodifiableMap(new LinkedHashMap<>(scoreHistogram));
    }

    /** The bin of {@link #SCORE_BINS} a mean score from 1 to 5 falls in; 5 in the last. */
    public static int scoreBin(double score) {
        return Math.clamp((int) Math.floor((score - 1) * 2), 0, SCORE_BINS.size() - 1);
    }
}
