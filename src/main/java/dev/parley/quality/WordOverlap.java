package dev.parley.quality;

import java.util.Arrays;
import java.util.List;

/**
 * Exact Jaccard similarity of two texts' sets of word shingles ({@code words} consecutive
 * {@linkplain TextNormalizer normalised} words; a shorter text is one shingle). A set is held as its sorted,
 * distinct 64-bit shingle hashes, about 8 bytes per distinct shingle, so two sets are compared by one merge.
 */
public final class WordOverlap {

    private static final long SEED = 0x0_5E7_0F_A0DL;

    private final int words;

    public WordOverlap(int words) {
        if (words < 1) {
            throw new IllegalArgumentException("a shingle has at least 1 word, got " + words);
        }
        this.words = words;
    }

    /** The sorted, distinct shingle hashes of {@code text}. */
    public long[] shingles(String text) {
        List<String> w = TextNormalizer.words(text);
        if (w.isEmpty()) {
            return new long[0];
        }
        int width = Math.min(words, w.size());
        long[] hashes = new long[w.size() - width + 1];
        for (int i = 0; i < hashes.length; i++) {
            long h = SEED;
            for (int j = 0; j < width; j++) {
                h = Hashing.combine(h, Hashing.hash(w.get(i + j), SEED));
            }
            hashes[i] = h;
        }
        Arrays.sort(hashes);
        int distinct = 0;
        for (int i = 0; i < hashes.length; i++) {
            if (i == 0 || hashes[i] != hashes[i - 1]) {
                hashes[distinct++] = hashes[i];
            }
        }
        return Arrays.copyOf(hashes, distinct);
    }

    /** Jaccard similarity of two sets from {@link #shingles}: 1 when both are empty. */
    public static double jaccard(long[] a, long[] b) {
        if (a.length == 0 && b.length == 0) {
            return 1;
        }
        int common = 0;
        for (int i = 0, j = 0; i < a.length && j < b.length;) {
            if (a[i] == b[j]) {
                common++;
                i++;
                j++;
            } else if (a[i] < b[j]) {
                i++;
            } else {
                j++;
            }
        }
        return (double) common / (a.length + b.length - common);
    }
}
