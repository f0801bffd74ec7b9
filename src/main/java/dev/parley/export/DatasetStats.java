package dev.parley.export;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.parley.quality.PiiDetector;
import dev.parley.quality.PiiFinding;

/**
 * Numbers about the exported records, for the dataset card, the charts and the manifest. Figures the card
 * shares with the dashboard and the runs list (score histogram, distinct-n, cells covered) come from the
 * {@link RunReport} instead, so every view shows the same value.
 *
 * @param records           records exported (all splits)
 * @param synthetic         of which synthetic
 * @param real              of which real
 * @param maskedTurns       assistant turns kept for context only (weight 0)
 * @param messages          records per number of messages (without the system prompt)
 * @param tokens            approximate tokens per record: min, median, mean, p95, max
 * @param tokenBins         records per token-count bin, for the length chart
 * @param coverage          per dimension, synthetic records per value (every value of the recipe, zeros included)
 * @param gridSize          cells in the recipe's coverage grid
 * @param overContextLength ids of records longer than the context length, with their token counts
 * @param piiByType         what Parley's PII detector found in the exported records, per kind
 * @param piiRecords        ids of the records with at least one finding
 */
public record DatasetStats(int records, int synthetic, int real, int maskedTurns,
        Map<Integer, Integer> messages, Map<String, Double> tokens, Map<String, Integer> tokenBins,
        Map<String, Map<String, Integer>> coverage, long gridSize, Map<String, Integer> overContextLength, Map<String, Integer> piiByType, List<String> piiRecords) {

    public DatasetStats {
        messages = Collections.unmodifiableMap(new TreeMap<>(messages));
        tokens = Collections.unmodifiableMap(new LinkedHashMap<>(tokens));
        tokenBins = Collections.unmodifiableMap(new LinkedHashMap<>(tokenBins));
        var cov = new LinkedHashMap<String, Map<String, Integer>>();
        coverage.forEach((k, v) -> cov.put(k, Collections.unmodifiableMap(new LinkedHashMap<>(v))));
        coverage = Collections.unmodifiableMap(cov);
        overContextLength = Collections.unmodifiableMap(new LinkedHashMap<>(overContextLength));
        piiByType = Collections.unmodifiableMap(new LinkedHashMap<>(piiByType));
        piiRecords = List.copyOf(piiRecords);
    }

    static final int TOKEN_BINS = 10;

    /**
     * @param dimensions    the recipe's dimensions and their values, for coverage
     * @param contextLength records with more approximate tokens than this are listed
     */
    public static DatasetStats of(List<ExportRecord> records, Map<String, List<String>> dimensions, int contextLength) {
        int synthetic = 0;
        int masked = 0;
        var messages = new TreeMap<Integer, Integer>();
        List<Integer> tokenCounts = new ArrayList<>();
        var coverage = new LinkedHashMap<String, Map<String, Integer>>();
        dimensions.forEach((dim, values) -> {
            var counts = new LinkedHashMap<String, Integer>();
            values.forEach(v -> counts.put(v, 0));
            coverage.put(dim, counts);
        });
        var over = new LinkedHashMap<String, Integer>();
        PiiDetector pii = new PiiDetector();
        var piiByType = new TreeMap<String, Integer>();
        List<String> piiRecords = new ArrayList<>();
        for (ExportRecord r : records) {
            // The conversation only: the system prompt is the recipe's, the same in every record.
            List<PiiFinding> found = pii.find(r.text());
            if (!found.isEmpty()) {
                piiRecords.add(r.id());
                found.forEach(x -> piiByType.merge(x.type().key(), 1, Integer::sum));
            }
            boolean isSynthetic = r.provenance().origin() == ExportRecord.Origin.SYNTHETIC;
            if (isSynthetic) {
                synthetic++;
                r.cell().forEach((dim, value) -> coverage.computeIfAbsent(dim, k -> new LinkedHashMap<>())
                        .merge(value, 1, Integer::sum));
            }
            masked += r.maskedTurns();
            messages.merge(r.conversation().size(), 1, Integer::sum);
            int t = r.tokens();
            tokenCounts.add(t);
            if (t > contextLength) {
                over.put(r.id(), t);
            }
        }
        long grid = dimensions.isEmpty() ? 0 : 1;
        for (List<String> values : dimensions.values()) {
            grid = Math.multiplyExact(grid, (long) values.size());
        }
        return new DatasetStats(records.size(), synthetic, records.size() - synthetic, masked, messages,
                tokenSummary(tokenCounts), tokenBins(tokenCounts), coverage, grid, over, piiByType, piiRecords);
    }

    private static Map<String, Double> tokenSummary(List<Integer> counts) {
        var summary = new LinkedHashMap<String, Double>();
        if (counts.isEmpty()) {
            return summary;
        }
        List<Integer> sorted = new ArrayList<>(counts);
        Collections.sort(sorted);
        summary.put("min", (double) sorted.getFirst());
        summary.put("median", percentile(sorted, 0.5));
        summary.put("mean", Math.round(sorted.stream().mapToInt(Integer::intValue).average().orElse(0) * 10) / 10.0);
        summary.put("p95", percentile(sorted, 0.95));
        summary.put("max", (double) sorted.getLast());
        return summary;
    }

    /** Nearest-rank percentile. */
    private static double percentile(List<Integer> sorted, double p) {
        int rank = (int) Math.ceil(p * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }

    /** Equal-width bins between the smallest and largest count, on round bounds. */
    private static Map<String, Integer> tokenBins(List<Integer> counts) {
        var bins = new LinkedHashMap<String, Integer>();
        if (counts.isEmpty()) {
            return bins;
        }
        int min = Collections.min(counts);
        int max = Collections.max(counts);
        int width = niceWidth(Math.max(1, (max - min + TOKEN_BINS) / TOKEN_BINS));
        int start = min / width * width;
        int n = (max - start) / width + 1;
        int[] c = new int[n];
        for (int t : counts) {
            c[(t - start) / width]++;
        }
        for (int i = 0; i < n; i++) {
            bins.put((start + i * width) + "–" + (start + (i + 1) * width - 1), c[i]);
        }
        return bins;
    }

    /** The smallest of 1, 2, 5, 10, 20, 50, … that is at least {@code w}. */
    static int niceWidth(int w) {
        for (int scale = 1;; scale *= 10) {
            for (int m : new int[] {1, 2, 5}) {
                if (m * scale >= w) {
                    return m * scale;
                }
            }
        }
    }
}
