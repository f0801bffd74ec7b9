package dev.parley.quality;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Semantic duplicates: dialogues whose sentence embeddings have a cosine similarity at or above a
 * threshold, whatever their words — paraphrases that word-shingle MinHash cannot see.
 *
 * <p>A brute-force scan over the held embeddings (384 floats each, about 1.6 KB): at 10,000 held
 * dialogues a lookup is some 4 million multiply-adds, well under the cost of embedding the dialogue.
 * Thread-safe: adding and looking up hold one lock; {@link #addIfNovel} is atomic.
 */
public final class SemanticDuplicateIndex {

    /** Gate name recorded on rejected items. */
    public static final String GATE = "semantic-duplicate";

    private final double threshold;
    private final Map<String, float[]> byId = new LinkedHashMap<>();

    public SemanticDuplicateIndex(double threshold) {
        if (!(threshold > 0 && threshold <= 1)) {
            throw new IllegalArgumentException("semantic-duplicate threshold must be in (0, 1], got " + threshold);
        }
        this.threshold = threshold;
    }

    public double threshold() {
        return threshold;
    }

    /**
     * Adds the embedding under {@code id} unless one at or above the threshold is held.
     *
     * @return the most similar held dialogue at or above the threshold (nothing is added then), or empty
     *         when the embedding is novel and now held; an id already held is a no-op returning empty
     */
    public synchronized Optional<NearDuplicate> addIfNovel(String id, float[] embedding) {
        if (byId.containsKey(id)) {
            return Optional.empty();
        }
        String best = null;
        double bestSimilarity = -2;
        for (var e : byId.entrySet()) {
            double c = cosine(embedding, e.getValue());
            if (c >= threshold && c > bestSimilarity) {
                best = e.getKey();
                bestSimilarity = c;
            }
        }
        if (best == null) {
            byId.put(id, embedding);
            return Optional.empty();
        }
        return Optional.of(new NearDuplicate(best, Math.min(1, bestSimilarity)));
    }

    /** The gate: rejects an embedding close to a held one, and otherwise holds it under {@code id}. */
    public Optional<Rejection> check(String id, float[] embedding) {
        return addIfNovel(id, embedding).map(d -> new Rejection(GATE, String.format(Locale.ROOT,
                "says the same as %s (cosine similarity %.3f ≥ %.2f)", DuplicateIds.describe(d.id()), d.similarity(),
                threshold)));
    }

    /** Forgets the embedding held under {@code id}. */
    public synchronized boolean remove(String id) {
        return byId.remove(id) != null;
    }

    public synchronized int size() {
        return byId.size();
    }

    /** The embedding held under {@code id}. */
    public synchronized Optional<float[]> embedding(String id) {
        return Optional.ofNullable(byId.get(id));
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
