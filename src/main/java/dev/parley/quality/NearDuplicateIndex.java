package dev.parley.quality;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import dev.parley.dialogue.Dialogue;

/**
 * Near duplicates: texts whose word-shingle sets have an estimated Jaccard similarity at or above a
 * threshold, found by MinHash with LSH banding.
 *
 * <p>Each added text's {@link MinHash} signature is cut into bands ({@link LshBanding#forThreshold}:
 * with the default threshold 0.7, 42 bands of 6 rows over the first 252 values, so a pair exactly
 * at 0.7 is a candidate with probability 0.995). A new text's candidates are the texts sharing at
 * least one band with it; each candidate is verified by the similarity estimated on the whole
 * signature (512 values by default: standard error 0.02 at 0.7), and the most similar one at or
 * above the threshold is the near duplicate. The index keeps 16 bits of each signature value for
 * verification; with the defaults a held text costs about 2.8 KB (1 KB of signature, 42 band
 * entries, its id), measured over 100,000 texts.
 *
 * <p>Thread-safe. Signatures may be computed concurrently ({@link #signature}); adding and looking
 * up hold one lock, and are cheap. {@link #addIfNovel} is atomic: of two near duplicates checked at
 * the same moment, exactly one gets in.
 */
public final class NearDuplicateIndex {

    /** Gate name recorded on rejected items. */
    public static final String GATE = "near-duplicate";
    /** Jaccard threshold by default. */
    public static final double DEFAULT_THRESHOLD = 0.7;

    private final MinHash minHash;
    private final double threshold;
    private final LshBanding banding;
    private final LongIntMultimap buckets = new LongIntMultimap(1 << 12);
    private final List<char[]> signatures = new ArrayList<>(); // the upper 16 bits of each value
    private final List<String> ids = new ArrayList<>();
    private final Map<String, Integer> indexById = new HashMap<>();
    private final BitSet removed = new BitSet();
    private int[] seen = new int[1 << 10]; // per text: the last query that visited it
    private int query;

    /** An index with the default MinHash (512 permutations, 3-word shingles) and threshold 0.7. */
    public NearDuplicateIndex() {
        this(DEFAULT_THRESHOLD);
    }

    /** An index with the default MinHash and the given Jaccard threshold. */
    public NearDuplicateIndex(double threshold) {
        this(threshold, new MinHash());
    }

    public NearDuplicateIndex(double threshold, MinHash minHash) {
        if (!(threshold > 0 && threshold <= 1)) {
            throw new IllegalArgumentException("near-duplicate threshold must be in (0, 1], got " + threshold);
        }
        this.minHash = minHash;
        this.threshold = threshold;
        this.banding = LshBanding.forThreshold(minHash.permutations(), threshold);
    }

    public double threshold() {
        return threshold;
    }

    /** Number of LSH bands. */
    public int bands() {
        return banding.bands();
    }

    /** Signature values per LSH band. */
    public int rows() {
        return banding.rows();
    }

    /** The MinHash signature of {@code text}; pure, so callers may compute many in parallel. */
    public int[] signature(String text) {
        return minHash.signature(text);
    }

    /**
     * Adds the text under {@code id} unless a near duplicate is already held.
     *
     * @return the most similar held text at or above the threshold (then nothing is added), or
     *         empty when the text is novel and now held. A text without words is never held and
     *         never a near duplicate. Adding an id that is already held is a no-op returning empty,
     *         so an index can be rebuilt on resume.
     */
    public Optional<NearDuplicate> addIfNovel(String id, String text) {
        return addIfNovel(id, signature(text));
    }

    /** {@link #addIfNovel(String, String)} with a signature computed beforehand by {@link #signature}. */
    public synchronized Optional<NearDuplicate> addIfNovel(String id, int[] signature) {
        checkLength(signature);
        if (indexById.containsKey(id) || isEmpty(signature)) {
            return Optional.empty();
        }
        Optional<NearDuplicate> found = nearest(signature);
        if (found.isEmpty()) {
            add(id, signature);
        }
        return found;
    }

    /** The most similar held text at or above the threshold, without adding anything. */
    public Optional<NearDuplicate> find(String text) {
        int[] signature = signature(text);
        synchronized (this) {
            return isEmpty(signature) ? Optional.empty() : nearest(signature);
        }
    }

    /**
     * The gate: rejects a dialogue that is a near duplicate of one already held, and otherwise adds
     * it under {@code id}.
     */
    public Optional<Rejection> check(String id, Dialogue dialogue) {
        return addIfNovel(id, dialogue.text()).map(d -> new Rejection(GATE, String.format(Locale.ROOT,
                "near duplicate of %s (estimated Jaccard similarity %.2f ≥ %.2f)", DuplicateIds.describe(d.id()), d.similarity(),
                threshold)));
    }

    /**
     * Forgets the text held under {@code id}, e.g. when a dialogue that passed this gate is later
     * rejected by the judge.
     *
     * @return whether the id was held
     */
    public synchronized boolean remove(String id) {
        Integer index = indexById.remove(id);
        if (index == null) {
            return false;
        }
        removed.set(index);
        signatures.set(index, null);
        return true;
    }

    /** Number of texts held. */
    public synchronized int size() {
        return indexById.size();
    }

    private Optional<NearDuplicate> nearest(int[] signature) {
        int q = ++query;
        int[] best = {-1};
        double[] bestSimilarity = {-1};
        for (int band = 0; band < banding.bands(); band++) {
            buckets.forEach(bandKey(signature, band), candidate -> {
                if (seen[candidate] == q || removed.get(candidate)) {
                    return;
                }
                seen[candidate] = q;
                double similarity = similarity(signature, signatures.get(candidate));
                if (similarity >= threshold && (similarity > bestSimilarity[0]
                        || similarity == bestSimilarity[0] && candidate < best[0])) {
                    best[0] = candidate;
                    bestSimilarity[0] = similarity;
                }
            });
        }
        return best[0] < 0 ? Optional.empty() : Optional.of(new NearDuplicate(ids.get(best[0]), bestSimilarity[0]));
    }

    private void add(String id, int[] signature) {
        int index = ids.size();
        ids.add(id);
        char[] stored = new char[signature.length];
        for (int i = 0; i < signature.length; i++) {
            stored[i] = (char) (signature[i] >>> 16);
        }
        signatures.add(stored);
        indexById.put(id, index);
        if (index == seen.length) {
            seen = Arrays.copyOf(seen, seen.length * 2);
        }
        for (int band = 0; band < banding.bands(); band++) {
            buckets.put(bandKey(signature, band), index);
        }
    }

    /**
     * The share of agreeing positions, on the upper 16 bits of each value: different minima agree by
     * chance once in 65,536 positions, which raises an estimate by at most 0.00002.
     */
    private static double similarity(int[] signature, char[] stored) {
        int same = 0;
        for (int i = 0; i < stored.length; i++) {
            if ((char) (signature[i] >>> 16) == stored[i]) {
                same++;
            }
        }
        return (double) same / stored.length;
    }

    private long bandKey(int[] signature, int band) {
        long h = Hashing.derive(band, 0);
        int from = band * banding.rows();
        for (int i = from; i < from + banding.rows(); i++) {
            h = Hashing.combine(h, signature[i]);
        }
        return h;
    }

    private void checkLength(int[] signature) {
        if (signature.length != minHash.permutations()) {
            throw new IllegalArgumentException(
                    "signature has " + signature.length + " values; this index uses " + minHash.permutations());
        }
    }

    private static boolean isEmpty(int[] signature) {
        for (int v : signature) {
            if (v != MinHash.EMPTY) {
                return false;
            }
        }
        return true;
    }
}
