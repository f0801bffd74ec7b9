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
 * Near duplicates, exactly: two records are near duplicates when their conversations (system prompt
 * left out) are equal after normalisation (Unicode NFKC, lower case, punctuation dropped, whitespace
 * collapsed), or when the Jaccard similarity of their word shingles reaches the threshold; groups are
 * closed over chains (union-find), which a leak-free split needs. (The quality module's MinHash
 * {@link NearDuplicateIndex} holds only the first text of a cluster, so it cannot close chains.)
 *
 * <p>Pairs are found by prefix filtering (the all-pairs similarity join): shingles are ranked rarest
 * first across the records, and two sets whose Jaccard similarity reaches {@code t} must share one of
 * the first {@code |s| − ⌈t·|s|⌉ + 1} shingles of each; so every set is compared only with the
 * earlier, not much smaller sets that share such a shingle, and each such pair is verified exactly.
 * It finds every pair brute force would, at a small part of the cost on real dialogues.
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

        joinSimilar(shingles, parent);

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

    /** Unites every pair of non-empty shingle sets whose Jaccard similarity reaches the threshold. */
    private void joinSimilar(List<long[]> shingles, int[] parent) {
        int n = shingles.size();
        // Rarest shingles first, so prefixes hold the shingles that few sets share.
        Map<Long, Integer> frequency = new HashMap<>();
        for (long[] set : shingles) {
            for (long h : set) {
                frequency.merge(h, 1, Integer::sum);
            }
        }
        Long[] byRarity = frequency.keySet().toArray(Long[]::new);
        Arrays.sort(byRarity, Comparator.<Long>comparingInt(frequency::get).thenComparing(Comparator.naturalOrder()));
        Map<Long, Integer> rank = new HashMap<>(byRarity.length * 2);
        for (int r = 0; r < byRarity.length; r++) {
            rank.put(byRarity[r], r);
        }
        int[][] sets = new int[n][];
        for (int i = 0; i < n; i++) {
            sets[i] = Arrays.stream(shingles.get(i)).mapToInt(rank::get).sorted().toArray();
        }

        // Smallest sets first: a set is compared with the earlier ones, which are no larger.
        Integer[] order = new Integer[n];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, Comparator.comparingInt(i -> sets[i].length));
        // Each prefix shingle's sets, with the shingle's position in the set (set << 32 | position).
        Map<Integer, Postings> postings = new HashMap<>();
        int[] seenBy = new int[n];
        Arrays.fill(seenBy, -1);
        for (int x : order) {
            int[] a = sets[x];
            if (a.length == 0) {
                continue;
            }
            int prefix = prefixLength(a.length);
            for (int p = 0; p < prefix; p++) {
                Postings list = postings.get(a[p]);
                for (int k = 0; list != null && k < list.size; k++) {
                    int y = (int) (list.entries[k] >>> 32);
                    int q = (int) list.entries[k];
                    if (seenBy[y] == x) {
                        continue;
                    }
                    seenBy[y] = x;
                    int[] b = sets[y];
                    // J(a, b) <= |b| / |a| when b is no larger: too small a set cannot reach the threshold.
                    // The first shingle both prefixes share is at p in a and q in b, none before it in either,
                    // so the two share at most 1 + min(|a| - p - 1, |b| - q - 1) (the positional filter).
                    if (b.length >= threshold * a.length - 1e-9
                            && 1 + Math.min(a.length - p - 1, b.length - q - 1) >= overlapNeeded(a.length, b.length)
                            && find(parent, x) != find(parent, y) && similar(a, b)) {
                        union(parent, x, y);
                    }
                }
            }
            for (int p = 0; p < prefix; p++) {
                postings.computeIfAbsent(a[p], k -> new Postings()).add((long) x << 32 | p);
            }
        }
    }

    /** A growable list of (set, position) entries. */
    private static final class Postings {
        long[] entries = new long[4];
        int size;

        void add(long entry) {
            if (size == entries.length) {
                entries = Arrays.copyOf(entries, size * 2);
            }
            entries[size++] = entry;
        }
    }

    /**
     * The fewest shared elements with which two sets of these sizes reach the threshold, {@code t(|a|+|b|)/(1+t)},
     * rounded down by a hair so that floating point can only keep a candidate, never drop one.
     */
    private int overlapNeeded(int sizeA, int sizeB) {
        return (int) Math.ceil(threshold * (sizeA + sizeB) / (1 + threshold) - 1e-9);
    }

    /**
     * How many of a set's rarest shingles any set at or above the threshold must share one of: a pair
     * reaching {@code t} overlaps in at least {@code ⌈t·|s|⌉} shingles. Rounded to the longer prefix
     * (the smaller overlap), so that floating point can only add candidates, never lose one.
     */
    private int prefixLength(int size) {
        int overlap = (int) Math.ceil(threshold * size - 1e-9);
        return Math.max(1, Math.min(size, size - overlap + 1));
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

    /**
     * Whether the Jaccard similarity of two sorted sets reaches the threshold. A pair reaching {@code t} shares
     * at least {@code t(|a|+|b|)/(1+t)} elements, so the merge stops as soon as what is left cannot make up the
     * difference (rounded so that floating point can only let a merge go on, never stop one that would reach
     * it): most candidate pairs are far apart and are told so after a part of their elements.
     */
    private boolean similar(int[] a, int[] b) {
        int need = overlapNeeded(a.length, b.length);
        int i = 0;
        int j = 0;
        int common = 0;
        while (i < a.length && j < b.length) {
            if (common + Math.min(a.length - i, b.length - j) < need) {
                return false;
            }
            int c = Integer.compare(a[i], b[j]);
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
        return (double) common / (a.length + b.length - common) >= threshold;
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
