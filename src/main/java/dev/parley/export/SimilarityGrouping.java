package dev.parley.export;

import java.util.List;

/**
 * Finds near-duplicate records, so that a split never puts one of a pair in train and the other in
 * validation or test (which would flatter the validation loss). Parley's quality module will
 * provide a scalable implementation (MinHash); {@link ShingleSimilarityGrouping} is the default.
 */
public interface SimilarityGrouping {

    /**
     * Groups of near-duplicate records, as indexes into {@code records}: every group has at least two
     * members, no index is in two groups, and groups are closed under "is a near duplicate of"
     * (if a~b and b~c, then a, b and c are one group).
     */
    List<List<Integer>> groups(List<ExportRecord> records);
}
