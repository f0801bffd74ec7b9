package dev.parley.store;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

import dev.parley.dialogue.Turn;

/**
 * One candidate sampled for a preference pair, as stored.
 *
 * @param index     its number in its group, from 0 (the candidate sampled with the item's own seed)
 * @param seed      the seed it was sampled with
 * @param history   the conversation it was sampled after (what a pair's prompt is)
 * @param turns     what it wrote after the history: one assistant reply, or the rest of a whole dialogue
 *                  (empty when a broken dialogue had nothing after it)
 * @param score     the judge's score, when it was judged
 * @param gate      the gate that turned it away, if one did
 * @param reason    that gate's reason
 * @param continued whether the dialogue went on with it
 * @param side      its side of its group's pair, if it is on one
 */
public record PreferenceCandidate(int index, long seed, List<Turn> history, List<Turn> turns, OptionalDouble score,
        Optional<String> gate, Optional<String> reason, boolean continued, Optional<Side> side) {

    /** A candidate's side of a pair. */
    public enum Side {
        CHOSEN, REJECTED;

        /** How the side is stored: {@code chosen} or {@code rejected}. */
        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Side of(String key) {
            return valueOf(key.toUpperCase(Locale.ROOT));
        }
    }

    public PreferenceCandidate {
        if (index < 0) {
            throw new IllegalArgumentException("a candidate's index must be ≥ 0");
        }
        history = List.copyOf(history);
        turns = List.copyOf(turns);
        Objects.requireNonNull(score, "score");
        Objects.requireNonNull(gate, "gate");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(side, "side");
    }
}
