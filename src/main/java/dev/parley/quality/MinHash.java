package dev.parley.quality;

import java.util.Arrays;

/**
 * MinHash signatures over word shingles, for estimating the Jaccard similarity of two texts' shingle
 * sets without keeping the sets.
 *
 * <p>A text is {@linkplain TextNormalizer normalised} and cut into overlapping shingles of
 * {@code shingleWords} consecutive words (a text with fewer words is one shingle; a text with no
 * word has none). Each shingle is hashed to 64 bits (seeded FNV-1a per word, combined in order and
 * finalised with MurmurHash3's mixer). Permutation {@code i} is simulated by the multiply-add
 * {@code (x · a_i + b_i) mod 2^64} with seeded random {@code a_i} (odd) and {@code b_i}: cheap enough
 * to vectorise, and, because {@code x} is already a well-mixed hash, as good as a full re-mix (the
 * estimates are unbiased and spread like a binomial share; a test checks both). The signature
 * keeps, per permutation, the upper 32 bits of the smallest value (top bit dropped). Two signatures agree at a position with probability equal to the
 * Jaccard similarity of the shingle sets, so the share of agreeing positions estimates it with a
 * standard error of {@code sqrt(J(1-J)/permutations)}. Keeping 32 bits halves memory; a chance
 * agreement of different minima is about one in tens of millions per position.
 *
 * <p>Immutable and thread-safe; the same parameters and seed give the same signatures on every JVM.
 */
public final class MinHash {

    /**
     * Permutations by default: the estimate's standard error at J = 0.7 is sqrt(0.7 × 0.3 / 512) =
     * 0.020. With 256 it is 0.029, which on a corpus dense around the threshold costs a near-duplicate
     * index several points of precision and recall (see the planted-corpus test).
     */
    public static final int DEFAULT_PERMUTATIONS = 512;
    /** Words per shingle by default. */
    public static final int DEFAULT_SHINGLE_WORDS = 3;
    /** Seed by default; signatures are only comparable between instances with the same seed. */
    public static final long DEFAULT_SEED = 0x5EED_0F_9A21E7L;

    /** Signature value of every position for a text without words. */
    static final int EMPTY = -1;

    private final int permutations;
    private final int shingleWords;
    private final long seed;
    private final long[] multipliers;
    private final long[] increments;

    /** The defaults: 512 permutations over 3-word shingles. */
    public MinHash() {
        this(DEFAULT_PERMUTATIONS, DEFAULT_SHINGLE_WORDS, DEFAULT_SEED);
    }

    public MinHash(int permutations, int shingleWords, long seed) {
        if (permutations < 1) {
            throw new IllegalArgumentException("permutations must be ≥ 1, got " + permutations);
        }
        if (shingleWords < 1) {
            throw new IllegalArgumentException("shingle size must be ≥ 1 word, got " + shingleWords);
        }
        this.permutations = permutations;
        this.shingleWords = shingleWords;
        this.seed = seed;
        this.multipliers = new long[permutations];
        this.increments = new long[permutations];
        for (int i = 0; i < permutations; i++) {
            multipliers[i] = Hashing.derive(seed, 2 * i) | 1;
            increments[i] = Hashing.derive(seed, 2 * i + 1);
        }
    }

    public int permutations() {
        return permutations;
    }

    public int shingleWords() {
        return shingleWords;
    }

    /** The signature of {@code text}: {@link #permutations()} values. */
    public int[] signature(String text) {
        return signatureOfShingles(shingles(text));
    }

    /**
     * Estimated Jaccard similarity: the share of positions where the signatures agree. Two texts
     * without words agree everywhere (1.0).
     */
    public static double similarity(int[] a, int[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("signatures of different lengths: " + a.length + " and " + b.length);
        }
        int same = 0;
        for (int i = 0; i < a.length; i++) {
            if (a[i] == b[i]) {
                same++;
            }
        }
        return (double) same / a.length;
    }

    /** The 64-bit hashes of the text's shingles, in order, repeats included. */
    long[] shingles(String text) {
        String normalized = TextNormalizer.normalize(text);
        long[] words = wordHashes(normalized);
        if (words.length == 0) {
            return words;
        }
        int count = Math.max(1, words.length - shingleWords + 1);
        int width = Math.min(shingleWords, words.length);
        long[] shingles = new long[count];
        for (int i = 0; i < count; i++) {
            long h = seed;
            for (int j = 0; j < width; j++) {
                h = Hashing.combine(h, words[i + j]);
            }
            shingles[i] = h;
        }
        return shingles;
    }

    int[] signatureOfShingles(long[] shingles) {
        int[] signature = new int[permutations];
        if (shingles.length == 0) {
            Arrays.fill(signature, EMPTY);
            return signature;
        }
        long[] min = new long[permutations];
        Arrays.fill(min, Long.MAX_VALUE);
        long[] a = multipliers;
        long[] b = increments;
        // Shingles outside, permutations inside: the inner loop is a plain array pass the JIT can vectorise.
        for (long x : shingles) {
            for (int p = 0; p < a.length; p++) {
                min[p] = Math.min(min[p], (x * a[p] + b[p]) >>> 1);
            }
        }
        for (int p = 0; p < permutations; p++) {
            signature[p] = (int) (min[p] >>> 31);
        }
        return signature;
    }

    private long[] wordHashes(String normalized) {
        int n = normalized.length();
        int count = 0;
        for (int i = 0; i < n; i++) {
            if (normalized.charAt(i) != ' ' && (i == 0 || normalized.charAt(i - 1) == ' ')) {
                count++;
            }
        }
        long[] hashes = new long[count];
        int w = 0;
        int start = 0;
        for (int i = 0; i <= n; i++) {
            if (i == n || normalized.charAt(i) == ' ') {
                if (i > start) {
                    hashes[w++] = Hashing.hash(normalized, start, i, seed);
                }
                start = i + 1;
            }
        }
        return hashes;
    }
}
