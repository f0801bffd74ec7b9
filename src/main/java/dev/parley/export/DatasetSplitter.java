package dev.parley.export;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * Divides records into train, validation and test:
 * <ul>
 * <li><b>by ratio</b>: each split gets its share of the records, to within one near-duplicate group;</li>
 * <li><b>stratified by plan cell</b>: within every cell the records are divided in the same shares
 * (to within one record), so validation covers the grid as train does;</li>
 * <li><b>deterministic by seed</b>: the same records, ratios and seed always give the same splits;</li>
 * <li><b>leak-free</b>: near-duplicate records (by the {@link SimilarityGrouping}) always land in the
 * same split.</li>
 * </ul>
 * How: near-duplicate groups become units, units are grouped by the cell of their first record,
 * shuffled within each cell (and the cells shuffled) with the seed, then dealt one by one to the
 * split furthest below its share of what has been dealt so far.
 */
public final class DatasetSplitter {

    private final SimilarityGrouping grouping;

    public DatasetSplitter(SimilarityGrouping grouping) {
        this.grouping = grouping;
    }

    /**
     * The result of a split.
     *
     * @param splits          split name to its records, in their original order (train, validation, test;
     *                        only splits with a share above 0)
     * @param nearDuplicates  the near-duplicate groups found, as record ids
     */
    public record Result(Map<String, List<ExportRecord>> splits, List<List<String>> nearDuplicates) {
        public Result {
            var copy = new LinkedHashMap<String, List<ExportRecord>>();
            splits.forEach((k, v) -> copy.put(k, List.copyOf(v)));
            splits = Collections.unmodifiableMap(copy);
            nearDuplicates = nearDuplicates.stream().map(List::copyOf).toList();
        }

        /** Records per split. */
        public Map<String, Integer> counts() {
            var counts = new LinkedHashMap<String, Integer>();
            splits.forEach((k, v) -> counts.put(k, v.size()));
            return counts;
        }
    }

    public Result split(List<ExportRecord> records, SplitRatios ratios, long seed) {
        List<List<Integer>> groups = grouping.groups(records);
        List<List<String>> duplicateIds = groups.stream()
                .map(g -> g.stream().map(i -> records.get(i).id()).toList()).toList();

        // Units: a near-duplicate group, or a record on its own.
        int[] unitOf = new int[records.size()];
        Arrays.fill(unitOf, -1);
        List<List<Integer>> units = new ArrayList<>();
        for (List<Integer> g : groups) {
            for (int i : g) {
                unitOf[i] = units.size();
            }
            units.add(g.stream().sorted().toList());
        }
        for (int i = 0; i < records.size(); i++) {
            if (unitOf[i] < 0) {
                unitOf[i] = units.size();
                units.add(List.of(i));
            }
        }

        // Strata by the cell of each unit's first record; sorted first so the seed alone decides the order.
        Map<String, List<Integer>> strata = new TreeMap<>();
        for (int u = 0; u < units.size(); u++) {
            strata.computeIfAbsent(records.get(units.get(u).getFirst()).cellKey(), k -> new ArrayList<>()).add(u);
        }
        SplittableRandom random = new SplittableRandom(seed);
        List<String> cells = new ArrayList<>(strata.keySet());
        shuffle(cells, random);

        List<String> names = new ArrayList<>(ratios.shares().keySet());
        double[] share = names.stream().mapToDouble(n -> ratios.shares().get(n)).toArray();
        int[] count = new int[names.size()];
        int dealt = 0;
        int[] splitOfUnit = new int[units.size()];
        for (String cell : cells) {
            List<Integer> stratum = strata.get(cell);
            stratum.sort(Comparator.comparingInt(u -> units.get(u).getFirst()));
            shuffle(stratum, random);
            for (int u : stratum) {
                int size = units.get(u).size();
                dealt += size;
                int best = 0;
                double bestDeficit = Double.NEGATIVE_INFINITY;
                for (int s = 0; s < names.size(); s++) {
                    double deficit = share[s] * dealt - count[s];
                    if (deficit > bestDeficit + 1e-9) {
                        best = s;
                        bestDeficit = deficit;
                    }
                }
                count[best] += size;
                splitOfUnit[u] = best;
            }
        }

        var splits = new LinkedHashMap<String, List<ExportRecord>>();
        names.forEach(n -> splits.put(n, new ArrayList<>()));
        for (int i = 0; i < records.size(); i++) {
            splits.get(names.get(splitOfUnit[unitOf[i]])).add(records.get(i));
        }
        return new Result(splits, duplicateIds);
    }

    /** Fisher–Yates with the given generator (Collections.shuffle takes only java.util.Random). */
    static <T> void shuffle(List<T> list, SplittableRandom random) {
        for (int i = list.size() - 1; i > 0; i--) {
            Collections.swap(list, i, random.nextInt(i + 1));
        }
    }
}
