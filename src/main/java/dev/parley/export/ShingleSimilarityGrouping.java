package dev.parley.export;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import dev.parley.quality.NearDuplicateIndex;

/**
 * Near duplicates by brute force, exactly: two records are near duplicates when their conversations (system
 * prompt left out) are equal after normalisation (Unicode NFKC, lower case, punctuation dropped,
 * whitespace collapsed), or when the Jaccard similarity of their word shingles reaches the
 * threshold. Pairs that cannot reach it by size alone are skipped, but the cost is still quadratic
 * in the worst case: fine for tens of thousands of dialogues, not for millions. (The quality module's
 * MinHash {@link NearDuplicateIndex} scales further, but holds only the first text of a cluster, so it
 * cannot close groups over chains of near duplicates, which a leak-free split needs.)
 */
public final class ShingleSimilarityGrouping implements SimilarityGrouping {

    /** Jaccard similarity at or above which two dialogues count as near duplicates: the generation-time gate's bar. */
    public static final double DEFAULT_THRESHOLD = NearDuplicateIndex.DEFAULT_THRESHOLD;
    /** Words per shingle. */
    public static final int DEFAULT_SHINGLE = 3;

    private final double threshold;
    private final int shingle;

    public ShingleSimilarityGrouping() {
        this(DEFAULT_THRESHOLD, DEFAULT_SHINGLE);
    }

    public ShingleSimilarityGrouping(double threshold, int shingle) {
        if (!(threshold > 0 && threshold <= 1)) {
            throw new IllegalArgumentException("similarity threshold must be in (0, 1], got " + threshold);
        }
        if (shingle < 1) {
            throw new IllegalArgumentException("shingle size must be at least 1, got " + shingle);
        }
        this.threshold = threshold;
        this.shingle = shingle;
    }

    @Override
    public List<List<Integer>> groups(List<ExportRecord> records) {
        int n = records.size();
        int[] parent = new int[n];
        Arrays.setAll(parent, i -> i);

        // Exact matches after normalisation.
        Map<String, Integer> firstByText = new HashMap<>();
        List<long[]> shingles = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String normal = normalise(records.get(i).text());
            Integer first = firstByText.putIfAbsent(normal, i);
            if (first != null) {
                union(parent, first, i);
            }
            shingles.add(shingles(normal));
        }

        // Jaccard of shingle sets, smallest first: J(a, b) <= |a| / |b|, so once a longer set is too
        // large to reach the threshold, no later one can.
        Integer[] order = new Integer[n];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, Comparator.comparingInt(i -> shingles.get(i).length));
        for (int x = 0; x < n; x++) {
            long[] a = shingles.get(order[x]);
            for (int y = x + 1; y < n; y++) {
                long[] b = shingles.get(order[y]);
                if (a.length < threshold * b.length) {
                    break;
                }
                if (find(parent, order[x]) != find(parent, order[y]) && jaccard(a, b) >= threshold) {
                    union(parent, order[x], order[y]);
                }
            }
        }

        Map<Integer, List<Integer>> byRoot = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            byRoot.computeIfAbsent(find(parent, i), k -> new ArrayList<>()).add(i);
        }
        List<List<Integer>> groups = new ArrayList<>();
        for (List<Integer> g : byRoot.values()) {
            if (g.size() > 1) {
                groups.add(List.copyOf(g));
            }
        }
        groups.sort(Comparator.comparingInt(List::getFirst));
        return groups;
    }

    /** NFKC, lower case, letters and digits only, single spaces. */
    static String normalise(String text) {
        String s = Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        return s.replaceAll("[^\\p{L}\\p{N}]+", " ").strip();
    }

    /** Sorted, distinct hashes of the word shingles (one shingle of all words when there are fewer). */
    private long[] shingles(String normal) {
        if (normal.isEmpty()) {
            return new long[0];
        }
        String[] words = normal.split(" ");
        Set<Long> set = new HashSet<>();
        if (words.length <= shingle) {
            set.add(hash(String.join(" ", words)));
        } else {
            for (int i = 0; i + shingle <= words.length; i++) {
                set.add(hash(String.join(" ", Arrays.asList(words).subList(i, i + shingle))));
            }
        }
        return set.stream().mapToLong(Long::longValue).sorted().toArray();
    }

    /** 64-bit FNV-1a: collisions are negligible at dialogue scale. */
    private static long hash(String s) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < s.length(); i++) {
            h ^= s.charAt(i);
            h *= 0x100000001b3L;
        }
        return h;
    }

    private static double jaccard(long[] a, long[] b) {
        if (a.length == 0 && b.length == 0) {
            return 1;
        }
        int i = 0;
        int j = 0;
        int common = 0;
        while (i < a.length && j < b.length) {
            int c = Long.compare(a[i], b[j]);
            if (c == 0) {
                common++;
                i++;
                j++;
            } else if (c < 0) {
                i++;
            } else {
                j++;
            }
        }
        return (double) common / (a.length + b.length - common);
    }

    private static int find(int[] parent, int i) {
        while (parent[i] != i) {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        return i;
    }

    private static void union(int[] parent, int a, int b) {
        int ra = find(parent, a);
        int rb = find(parent, b);
        if (ra != rb) {
            parent[Math.max(ra, rb)] = Math.min(ra, rb);
        }
    }
}
