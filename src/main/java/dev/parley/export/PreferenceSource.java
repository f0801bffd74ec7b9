package dev.parley.export;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One way of making preference pairs from what a run stored, offered to {@link PreferencePairs}, which applies
 * the margin and gathers the sources. Revisions are one ({@link RevisionPairs}); pairs sampled on purpose are
 * another, added by implementing this over their own store.
 */
public interface PreferenceSource {

    /** The pairs this source can make, at any margin, and where it could make none. */
    Offer offer();

    /**
     * What a source offers.
     *
     * @param pairs    every pair whose sides differ and whose chosen side scored higher, in plan order
     * @param unpaired why comparisons made no pair: reason to count
     */
    record Offer(List<PreferencePair> pairs, Map<String, Integer> unpaired) {
        public Offer {
            pairs = List.copyOf(pairs);
            unpaired = Collections.unmodifiableMap(new TreeMap<>(unpaired == null ? Map.of() : unpaired));
        }
    }
}
