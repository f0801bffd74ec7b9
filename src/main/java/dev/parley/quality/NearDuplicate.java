package dev.parley.quality;

import java.util.Objects;

/**
 * A near duplicate found in a {@link NearDuplicateIndex}.
 *
 * @param id         the id the earlier text was added under
 * @param similarity estimated Jaccard similarity of the two texts' shingle sets, 0..1
 */
public record NearDuplicate(String id, double similarity) {
    public NearDuplicate {
        Objects.requireNonNull(id, "id");
    }
}
