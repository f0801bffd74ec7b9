package dev.parley.export;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The preference pairs of an export, gathered from every {@link PreferenceSource} in one place: only pairs whose
 * chosen side beats the rejected side by at least the margin are kept, in plan order, then by turn. A pair whose
 * history or sides hold a tool call or a tool's result is left out ({@link #TOOL_TURNS}): the preference formats
 * write each message's role and text only, and such a pair would reach the trainer as an assistant turn with no
 * call and a result answering nothing.
 *
 * @param pairs     the kept pairs
 * @param minMargin the margin a pair had to reach
 * @param belowMargin pairs left out because their margin was smaller
 * @param unpaired  why comparisons made no pair, by reason, from every source
 */
public record PreferencePairs(List<PreferencePair> pairs, double minMargin, int belowMargin, Map<String, Integer> unpaired) {

    public static final PreferencePairs NONE = new PreferencePairs(List.of(), 0, 0, Map.of());
    /** Why a pair with tool turns is not in the files. */
    static final String TOOL_TURNS = "tool calls or results in the pair, which the preference files do not carry";

    public PreferencePairs {
        pairs = List.copyOf(pairs);
        unpaired = Collections.unmodifiableMap(new TreeMap<>(unpaired));
        if (!(minMargin >= 0) || belowMargin < 0) {
            throw new IllegalArgumentException("the margin is ≥ 0, got " + minMargin);
        }
    }

    /** Pairs from every source whose margin reaches {@code minMargin}. */
    public static PreferencePairs gather(List<PreferenceSource> sources, double minMargin) {
        List<PreferencePair> kept = new ArrayList<>();
        Map<String, Integer> unpaired = new TreeMap<>();
        int below = 0;
        for (PreferenceSource source : sources) {
            PreferenceSource.Offer offer = source.offer();
            offer.unpaired().forEach((reason, n) -> unpaired.merge(reason, n, Integer::sum));
            for (PreferencePair pair : offer.pairs()) {
                if (pair.hasToolTurns()) {
                    unpaired.merge(TOOL_TURNS, 1, Integer::sum);
                    continue;
                }
                // A margin the scores reach exactly counts, whatever the rounding of their difference.
                if (pair.margin() + 1e-9 >= minMargin) {
                    kept.add(pair);
                } else {
                    below++;
                }
            }
        }
        kept.sort(Comparator.comparingInt(PreferencePair::seq).thenComparingInt(PreferencePair::turn)
                .thenComparing(PreferencePair::id));
        return new PreferencePairs(kept, minMargin, below, unpaired);
    }

    /** Kept pairs by source, in the enum's order. */
    public Map<PreferencePair.Source, Integer> bySource() {
        Map<PreferencePair.Source, Integer> counts = new LinkedHashMap<>();
        for (PreferencePair.Source s : PreferencePair.Source.values()) {
            int n = (int) pairs.stream().filter(p -> p.source() == s).count();
            if (n > 0) {
                counts.put(s, n);
            }
        }
        return counts;
    }

    /** Kept pairs by margin, rounded to a half point: margin to count, smallest first. */
    public Map<Double, Integer> margins() {
        Map<Double, Integer> counts = new TreeMap<>();
        pairs.forEach(p -> counts.merge(Math.round(p.margin() * 2) / 2.0, 1, Integer::sum));
        return counts;
    }

    /** How many dialogues gave at least one pair. */
    public int dialogues() {
        return (int) pairs.stream().map(PreferencePair::dialogueId).distinct().count();
    }
}
