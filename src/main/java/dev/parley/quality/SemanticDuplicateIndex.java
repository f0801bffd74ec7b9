package dev.parley.quality;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Semantic duplicates: dialogues whose sentence embeddings have a cosine similarity at or above a
 * threshold — paraphrases that word-shingle MinHash cannot see — and, when a word-overlap bar is set, whose
 * word sets also overlap at least that much ({@link WordOverlap}, Jaccard over single words). Dialogues of one
 * support scenario embed close together whatever their facts and outcome, so the cosine alone rejects many
 * distinct conversations; {@code parley bench-semantic} measures both bars on a labelled corpus.
 *
 * <p>Embeddings are scaled to unit length when added, so a lookup is one dot product per held
 * dialogue, scanned over one contiguous array (384 floats, 1.5 KB, per dialogue). Thread-safe:
 * adding and looking up hold one lock; {@link #addIfNovel} is atomic.
 */
public final class SemanticDuplicateIndex {

    /** Gate name recorded on rejected items. */
    public static final String GATE = "semantic-duplicate";
    /** Words per shingle of the word-overlap bar. */
    public static final int WORD_SHINGLE = 1;

    private static final WordOverlap WORDS = new WordOverlap(WORD_SHINGLE);

    private final double threshold;
    private final double wordOverlap;
    private final Map<String, Integer> rowById = new HashMap<>();
    private final List<String> ids = new ArrayList<>();
    private final List<long[]> words = new ArrayList<>();
    private final BitSet removed = new BitSet();
    private float[] rows = new float[0];
    private int dimensions = -1;

    /** An index judging by the cosine alone. */
    public SemanticDuplicateIndex(double threshold) {
        this(threshold, 0);
    }

    /**
     * @param threshold   the cosine bar, in (0, 1]
     * @param wordOverlap the word-overlap bar, in [0, 1]; 0 judges by the cosine alone
     */
    public SemanticDuplicateIndex(double threshold, double wordOverlap) {
        if (!(threshold > 0 && threshold <= 1)) {
            throw new IllegalArgumentException("semantic-duplicate threshold must be in (0, 1], got " + threshold);
        }
        if (!(wordOverlap >= 0 && wordOverlap <= 1)) {
            throw new IllegalArgumentException("semantic word overlap must be in [0, 1], got " + wordOverlap);
        }
        this.threshold = threshold;
        this.wordOverlap = wordOverlap;
    }

    public double threshold() {
        return threshold;
    }

    /**
     * Adds the embedding of {@code text} under {@code id} unless a held one reaches the cosine bar and its
     * text the word-overlap bar.
     *
     * @return the most similar held dialogue at or above the threshold (nothing is added then), or empty
     *         when the embedding is novel and now held; an id already held is a no-op returning empty
     */
    public synchronized Optional<NearDuplicate> addIfNovel(String id, float[] embedding, String text) {
        if (rowById.containsKey(id)) {
            return Optional.empty();
        }
        if (dimensions < 0) {
            dimensions = embedding.length;
        } else if (embedding.length != dimensions) {
            throw new IllegalArgumentException("embedding of " + embedding.length + " dimensions; this index holds "
                    + dimensions);
        }
        float[] unit = unit(embedding);
        long[] shingles = wordOverlap > 0 ? WORDS.shingles(text) : new long[0];
        int best = -1;
        double bestSimilarity = -2;
        for (int row = 0; row < ids.size(); row++) {
            if (removed.get(row)) {
                continue;
            }
            double dot = 0;
            for (int i = 0, at = row * dimensions; i < dimensions; i++, at++) {
                dot += unit[i] * rows[at];
            }
            if (dot >= threshold && dot > bestSimilarity
                    && (wordOverlap == 0 || WordOverlap.jaccard(shingles, words.get(row)) >= wordOverlap)) {
                best = row;
                bestSimilarity = dot;
            }
        }
        if (best >= 0) {
            return Optional.of(new NearDuplicate(ids.get(best), Math.min(1, bestSimilarity)));
        }
        int row = ids.size();
        if ((row + 1) * dimensions > rows.length) {
            rows = Arrays.copyOf(rows, Math.max(16 * dimensions, rows.length * 2));
        }
        System.arraycopy(unit, 0, rows, row * dimensions, dimensions);
        ids.add(id);
        words.add(shingles);
        rowById.put(id, row);
        return Optional.empty();
    }

    /** The gate: rejects a dialogue close to a held one, and otherwise holds it under {@code id}. */
    public Optional<Rejection> check(String id, float[] embedding, String text) {
        return addIfNovel(id, embedding, text).map(d -> new Rejection(GATE, String.format(Locale.ROOT,
                "says the same as %s (cosine similarity %.3f ≥ %.2f%s)", DuplicateIds.describe(d.id()), d.similarity(),
                threshold, wordOverlap == 0 ? "" : String.format(Locale.ROOT, ", word overlap ≥ %.2f", wordOverlap))));
    }

    /** Forgets the embedding held under {@code id}. */
    public synchronized boolean remove(String id) {
        Integer row = rowById.remove(id);
        if (row == null) {
            return false;
        }
        removed.set(row);
        words.set(row, null);
        return true;
    }

    public synchronized int size() {
        return rowById.size();
    }

    /** The embedding held under {@code id}, at unit length. */
    public synchronized Optional<float[]> embedding(String id) {
        Integer row = rowById.get(id);
        return row == null ? Optional.empty()
                : Optional.of(Arrays.copyOfRange(rows, row * dimensions, (row + 1) * dimensions));
    }

    private static float[] unit(float[] v) {
        double norm = 0;
        for (float x : v) {
            norm += x * x;
        }
        if (norm == 0) {
            return v.clone();
        }
        double scale = 1 / Math.sqrt(norm);
        float[] unit = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            unit[i] = (float) (v[i] * scale);
        }
        return unit;
    }

    /** Cosine similarity; 0 when either vector is all zeros. */
    public static double cosine(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("embeddings of " + a.length + " and " + b.length + " dimensions");
        }
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return na == 0 || nb == 0 ? 0 : dot / Math.sqrt(na * nb);
    }
}
