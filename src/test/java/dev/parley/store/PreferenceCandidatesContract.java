package dev.parley.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.parley.dialogue.Turn;
import dev.parley.store.PreferenceCandidate.Side;
import dev.parley.store.CandidatePair.Source;

/**
 * What the preference candidates ({@link PreferenceCandidates}) must do on every database the store runs on;
 * a subclass per database runs these tests.
 */
abstract class PreferenceCandidatesContract extends StoreContract {

    private static final List<Turn> HISTORY = List.of(new Turn(Turn.USER, "Where is my parcel?"));

    @Inject
    PreferenceCandidates candidates;

    private static PreferenceCandidate candidate(int index, String reply, Double score, String gate, boolean continued,
            Side side) {
        return new PreferenceCandidate(index, 1000 + index, HISTORY, List.of(new Turn(Turn.ASSISTANT, reply)),
                score == null ? OptionalDouble.empty() : OptionalDouble.of(score), Optional.ofNullable(gate),
                Optional.ofNullable(gate).map(g -> g + " said no"), continued, Optional.ofNullable(side));
    }

    @Test
    void keeps_each_group_of_candidates_and_reads_the_pairs_they_give() {
        String run = newRun(3);
        var best = candidate(0, "It left the depot today.", 4.5, null, true, Side.CHOSEN);
        var middle = candidate(1, "Let me check.", 3.5, null, false, null);
        var worst = candidate(2, "No idea.", 2.0, "heuristic", false, Side.REJECTED);
        candidates.record(run, 1, 1, Source.TURN_CANDIDATES, List.of(best, middle, worst));
        var opening = List.of(new Turn(Turn.USER, "Hi"));
        var whole = new PreferenceCandidate(0, 7, opening, List.of(new Turn(Turn.ASSISTANT, "Hello"),
                new Turn(Turn.USER, "Bye"), new Turn(Turn.ASSISTANT, "Bye!")), OptionalDouble.of(5.0), Optional.empty(),
                Optional.empty(), true, Optional.of(Side.CHOSEN));
        var weak = new PreferenceCandidate(1, 8, opening, List.of(new Turn(Turn.ASSISTANT, "What?")),
                OptionalDouble.of(1.0), Optional.empty(), Optional.empty(), false, Optional.of(Side.REJECTED));
        candidates.record(run, 0, 1, Source.DIALOGUE_CANDIDATES, List.of(whole, weak));
        candidates.record(run, 2, 3, Source.TURN_CANDIDATES, List.of(candidate(0, "a", 3.0, null, true, null),
                candidate(1, "b", 3.5, null, false, null)));

        assertThat(candidates.candidates(run, 1)).containsOnlyKeys(1);
        assertThat(candidates.candidates(run, 1).get(1)).containsExactly(best, middle, worst);
        assertThat(candidates.pairs(run)).containsExactly(
                new CandidatePair(0, 1, opening, whole.turns(), weak.turns(), 5.0, 1.0, 7, 8,
                        Source.DIALOGUE_CANDIDATES),
                new CandidatePair(1, 1, HISTORY, best.turns(), worst.turns(), 4.5, 2.0, 1000, 1002,
                        Source.TURN_CANDIDATES));
        assertThat(candidates.pairs(newRun(1))).isEmpty();
    }

    @Test
    void a_group_stored_again_replaces_the_earlier_one_and_an_item_written_anew_forgets_its_candidates() {
        String run = newRun(2);
        candidates.record(run, 0, 1, Source.TURN_CANDIDATES, List.of(candidate(0, "old", 5.0, null, true, Side.CHOSEN),
                candidate(1, "older", 1.0, null, false, Side.REJECTED), candidate(2, "gone", 3.0, null, false, null)));
        candidates.record(run, 0, 3, Source.TURN_CANDIDATES, List.of(candidate(0, "later", null, null, true, null)));
        candidates.record(run, 1, 1, Source.TURN_CANDIDATES, List.of(candidate(0, "kept", null, null, true, null)));

        candidates.record(run, 0, 1, Source.TURN_CANDIDATES, List.of(candidate(0, "new", 4.0, null, true, null),
                candidate(1, "pii", null, "pii", false, null)));

        assertThat(candidates.candidates(run, 0).get(1)).extracting(c -> c.turns().get(0).content())
                .containsExactly("new", "pii");
        assertThat(candidates.candidates(run, 0).get(1).get(1).gate()).hasValue("pii");
        assertThat(candidates.candidates(run, 0).get(1).get(1).reason()).hasValue("pii said no");
        assertThat(candidates.candidates(run, 0).get(1).get(1).score()).isEmpty();
        assertThat(candidates.pairs(run)).isEmpty();

        candidates.clear(run, 0);

        assertThat(candidates.candidates(run, 0)).isEmpty();
        assertThat(candidates.candidates(run, 1)).containsOnlyKeys(1);
    }

    @Test
    void deleting_a_run_deletes_its_candidates() {
        String run = newRun(1);
        candidates.record(run, 0, 1, Source.TURN_CANDIDATES, List.of(candidate(0, "a", 4.0, null, true, Side.CHOSEN),
                candidate(1, "b", 2.0, null, false, Side.REJECTED)));

        assertThat(runs.deleteRun(run)).isTrue();

        assertThat(candidates.candidates(run, 0)).isEmpty();
        assertThat(candidates.pairs(run)).isEmpty();
    }
}
