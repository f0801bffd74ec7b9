package dev.parley.quality;

/**
 * How a MinHash signature is cut into LSH bands: {@code bands} bands of {@code rows} values each.
 * Two texts become candidates when they agree on every value of at least one band, which happens
 * with probability {@code 1 - (1 - s^rows)^bands} for Jaccard similarity {@code s}.
 *
 * @param bands number of bands
 * @param rows  signature values per band
 */
record LshBanding(int bands, int rows) {

    /** Chance that a pair exactly at the threshold becomes a candidate, at least. */
    static final double TARGET_AT_THRESHOLD = 0.99;
    /**
     * Signature values used for banding, at most. The band table is the larger part of an index's
     * memory and a lookup costs a cache miss or two per band; 256 values reach the target at any
     * practical threshold (with 1 row per band, at any threshold above 0.02), and a longer
     * signature still sharpens the verification.
     */
    static final int MAX_BANDED_VALUES = 256;

    LshBanding {
        if (bands < 1 || rows < 1) {
            throw new IllegalArgumentException("bands and rows must be ≥ 1, got " + bands + " × " + rows);
        }
    }

    /**
     * The banding for a threshold: the longest bands (fewest chance candidates below the threshold)
     * that still make a pair exactly at the threshold a candidate with probability ≥ 0.99, using
     * {@code min(permutations, 256) / rows} whole bands. Candidates are then verified against the threshold on
     * the whole signature, so a generous banding costs a few comparisons, while a strict one would
     * lose true near duplicates for good.
     */
    static LshBanding forThreshold(int permutations, double threshold) {
        int banded = Math.min(permutations, MAX_BANDED_VALUES);
        for (int rows = banded; rows > 1; rows--) {
            var banding = new LshBanding(banded / rows, rows);
            if (banding.candidateProbability(threshold) >= TARGET_AT_THRESHOLD) {
                return banding;
            }
        }
        return new LshBanding(banded, 1);
    }

    /** Probability that a pair with Jaccard similarity {@code s} shares at least one band. */
    double candidateProbability(double s) {
        return 1 - Math.pow(1 - Math.pow(s, rows), bands);
    }
}
