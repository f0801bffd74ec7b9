package dev.parley.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

import org.junit.jupiter.api.Test;

import dev.parley.dialogue.Turn;
import dev.parley.quality.Rejection;
import dev.parley.store.PreferenceCandidate;
import dev.parley.store.PreferenceCandidate.Side;

/** The rule that decides a group of candidates: which one the dialogue goes on with, and which two are a pair. */
class PreferenceSamplingTest {

    private static final List<Turn> HISTORY = List.of(new Turn(Turn.USER, "Where is my parcel?"));

    private static PreferenceSampling.Checked candidate(int index, String gate) {
        return candidate(index, gate, HISTORY);
    }

    private static PreferenceSampling.Checked candidate(int index, String gate, List<Turn> history) {
        return new PreferenceSampling.Checked(index, 100 + index, history,
                List.of(new Turn(Turn.ASSISTANT, "reply " + index)),
                Optional.ofNullable(gate).map(g -> new Rejection(g, "planted")));
    }

    private static List<OptionalDouble> scores(Double... scores) {
        List<OptionalDouble> list = new ArrayList<>();
        for (Double s : scores) {
            list.add(s == null ? OptionalDouble.empty() : OptionalDouble.of(s));
        }
        return list;
    }

    private static List<String> sides(List<PreferenceCandidate> decided) {
        return decided.stream().map(c -> (c.continued() ? "+" : "") + c.side().map(Side::key).orElse("-")).toList();
    }

    @Test
    void pairs_the_best_with_the_worst_when_the_margin_is_reached_and_goes_on_with_the_best() {
        var group = List.of(candidate(0, null), candidate(1, null), candidate(2, null));

        assertThat(sides(PreferenceSampling.decide(group, scores(3.0, 4.0, 2.0), 2.0)))
                .containsExactly("-", "+chosen", "rejected");
        assertThat(sides(PreferenceSampling.decide(group, scores(3.0, 4.0, 2.0), 2.0 + 1e-6)))
                .as("a margin not reached gives no pair, the dialogue still goes on with the best")
                .containsExactly("-", "+-", "-");
        assertThat(sides(PreferenceSampling.decide(group, scores(4.0, 4.0, 4.0), 0.0)))
                .as("ties go to the first sampled").containsExactly("+chosen", "rejected", "-");
    }

    @Test
    void a_candidate_another_gate_turned_away_may_be_rejected_but_never_chosen() {
        var group = List.of(candidate(0, null), candidate(1, "heuristic"), candidate(2, null));

        List<PreferenceCandidate> decided = PreferenceSampling.decide(group, scores(3.0, 5.0, 1.0), 1.0);

        assertThat(sides(decided)).containsExactly("+chosen", "-", "rejected");
        assertThat(sides(PreferenceSampling.decide(group, scores(4.0, 1.0, 3.0), 1.0)))
                .containsExactly("+chosen", "rejected", "-");
        assertThat(decided.get(1).gate()).hasValue("heuristic");
        assertThat(decided.get(1).reason()).hasValue("planted");
    }

    @Test
    void a_candidate_a_privacy_gate_turned_away_is_not_judged() {
        var group = List.of(candidate(0, "pii"), candidate(1, null), candidate(2, "memorisation"),
                candidate(3, "decontamination"), candidate(4, "language"));
        List<Double> judged = new ArrayList<>();

        List<OptionalDouble> scores = PreferenceSampling.scores(group, c -> {
            judged.add((double) c.index());
            return 5.0 - c.index();
        });

        assertThat(judged).containsExactly(1.0, 4.0);
        assertThat(sides(PreferenceSampling.decide(group, scores, 1.0))).containsExactly("-", "+chosen", "-", "-",
                "rejected");
    }

    @Test
    void nothing_is_judged_when_no_pair_could_come_of_it() {
        var onePassed = List.of(candidate(0, "pii"), candidate(1, null), candidate(2, "pii"));
        var nonePassed = List.of(candidate(0, "heuristic"), candidate(1, "language"));
        PreferenceSampling.Scorer failing = c -> {
            throw new AssertionError("judged " + c.index());
        };

        assertThat(PreferenceSampling.scores(onePassed, failing)).allMatch(OptionalDouble::isEmpty);
        assertThat(PreferenceSampling.scores(nonePassed, failing)).allMatch(OptionalDouble::isEmpty);
        assertThat(sides(PreferenceSampling.decide(onePassed, scores(null, null, null), 1.0)))
                .as("the one that passed goes on").containsExactly("-", "+-", "-");
        assertThat(sides(PreferenceSampling.decide(nonePassed, scores(null, null), 1.0)))
                .as("none passed: the first goes on, and the item's own gates turn it away").containsExactly("+-", "-");
    }

    @Test
    void pairs_only_candidates_that_saw_the_same_history() {
        var other = List.of(new Turn(Turn.USER, "Hi, a refund please"));
        var group = List.of(candidate(0, null), candidate(1, null, other), candidate(2, null));

        assertThat(sides(PreferenceSampling.decide(group, scores(5.0, 1.0, 3.0), 1.0)))
                .containsExactly("+chosen", "-", "rejected");
        assertThat(sides(PreferenceSampling.decide(group, scores(2.0, 5.0, 4.0), 1.0)))
                .as("the best opened otherwise: no candidate shares its history")
                .containsExactly("-", "+-", "-");
    }
}
