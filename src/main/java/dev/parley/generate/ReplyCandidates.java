package dev.parley.generate;

import java.util.List;
import java.util.Objects;

import dev.parley.dialogue.Turn;
import dev.parley.plan.Planner;

/**
 * Where a role-play dialogue samples several assistant replies after the same conversation, and which of
 * them it goes on with. The writer samples; the choice (gates, judge, storing the pair) is made by the caller.
 */
public interface ReplyCandidates {

    /** One reply sampled per turn: the dialogue goes on with it. */
    ReplyCandidates NONE = new ReplyCandidates() {
        @Override
        public int candidatesAt(int assistantTurn) {
            return 1;
        }

        @Override
        public Turn choose(DialogueBrief brief, List<Turn> history, List<Sampled> candidates) {
            return candidates.get(0).turn();
        }
    };

    /** How many replies to sample for the assistant turn with this number (1 for the first reply); 1 samples none. */
    int candidatesAt(int assistantTurn);

    /**
     * The reply the dialogue goes on with.
     *
     * @param history    the conversation the candidates were sampled after, ending with the user's message
     * @param candidates two or more replies, in the order they were sampled
     */
    Turn choose(DialogueBrief brief, List<Turn> history, List<Sampled> candidates);

    /**
     * One sampled candidate.
     *
     * @param seed the seed it was sampled with
     * @param turn what it said
     */
    record Sampled(long seed, Turn turn) {
        public Sampled {
            Objects.requireNonNull(turn, "turn");
        }
    }

    /**
     * The seed of a candidate: the first is sampled with the seed the call has without candidates, so a recipe
     * that adds candidates keeps its first sample (and its cached answer); the others with seeds derived from it,
     * which keeps them apart in the response cache and makes a provider that honours seeds sample anew.
     */
    static long seed(long seed, int candidate) {
        return candidate == 0 ? seed : Planner.mix(seed, candidate);
    }
}
