package dev.parley.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.parley.dialogue.Dialogue;
import dev.parley.dialogue.Turn;
import dev.parley.quality.DiversityGate.Action;
import dev.parley.quality.DiversityGate.Direction;
import dev.parley.quality.DiversitySnapshot.Scope;

class DiversityGateEvaluatorTest {

    /** Window: 50 dialogues, distinct-2 0.31, self-BLEU 0.42, length cv 0.20. Overall: 500, distinct-2 0.45. */
    private static final DiversitySnapshot SNAPSHOT = new DiversitySnapshot(
            measures(50, 0.31, 0.42, 0.20),
            measures(500, 0.45, 0.30, 0.35));

    @Test
    void trips_an_at_least_gate_below_its_limit_and_not_at_it() {
        var below = gate(DiversityMeasure.DISTINCT_2, Scope.WINDOW, 0.35, Direction.AT_LEAST, Action.WARN);
        var atLimit = gate(DiversityMeasure.DISTINCT_2, Scope.WINDOW, 0.31, Direction.AT_LEAST, Action.WARN);

        DiversityVerdict verdict = new DiversityGateEvaluator(List.of(below, atLimit)).evaluate(SNAPSHOT);

        assertThat(verdict.tripped()).singleElement().satisfies(t -> {
            assertThat(t.gate()).isEqualTo(below);
            assertThat(t.value()).isEqualTo(0.31);
            assertThat(t.reason()).isEqualTo("distinct-2 over the last 50 dialogues is 0.310, below the limit 0.350");
        });
        assertThat(verdict.action()).contains(Action.WARN);
        assertThat(verdict.pause()).isFalse();
    }

    @Test
    void trips_an_at_most_gate_above_its_limit_over_the_chosen_scope() {
        var window = gate(DiversityMeasure.SELF_BLEU, Scope.WINDOW, 0.40, Direction.AT_MOST, Action.PAUSE);
        var overall = gate(DiversityMeasure.SELF_BLEU, Scope.OVERALL, 0.40, Direction.AT_MOST, Action.PAUSE);

        DiversityVerdict verdict = new DiversityGateEvaluator(List.of(window, overall)).evaluate(SNAPSHOT);

        assertThat(verdict.tripped()).extracting(TrippedGate::reason)
                .containsExactly("self-bleu over the last 50 dialogues is 0.420, above the limit 0.400");
        assertThat(verdict.pause()).isTrue();
    }

    @Test
    void the_strongest_action_wins_and_nothing_tripped_means_no_action() {
        var warn = gate(DiversityMeasure.LENGTH_CV, Scope.WINDOW, 0.25, Direction.AT_LEAST, Action.WARN);
        var pause = gate(DiversityMeasure.DISTINCT_2, Scope.OVERALL, 0.50, Direction.AT_LEAST, Action.PAUSE);

        assertThat(new DiversityGateEvaluator(List.of(warn, pause)).evaluate(SNAPSHOT).action()).contains(Action.PAUSE);
        assertThat(new DiversityGateEvaluator(List.of(warn, pause)).evaluate(SNAPSHOT).tripped())
                .extracting(TrippedGate::reason).containsExactly(
                        "length-cv over the last 50 dialogues is 0.200, below the limit 0.250",
                        "distinct-2 over all 500 accepted dialogues is 0.450, below the limit 0.500");
        assertThat(new DiversityGateEvaluator(List.of()).evaluate(SNAPSHOT).action()).isEmpty();
    }

    @Test
    void stays_silent_below_min_dialogues_and_on_undefined_measures() {
        var needs60 = new DiversityGate(DiversityMeasure.DISTINCT_2, Scope.WINDOW, 0.35, Direction.AT_LEAST, Action.PAUSE, 60);
        var undefined = gate(DiversityMeasure.COMPRESSION_RATIO, Scope.WINDOW, 1.0, Direction.AT_MOST, Action.PAUSE);

        assertThat(new DiversityGateEvaluator(List.of(needs60, undefined)).evaluate(SNAPSHOT).tripped()).isEmpty();
    }

    @Test
    void short_form_watches_the_window_in_the_usual_direction_from_20_dialogues() {
        var gate = new DiversityGate(DiversityMeasure.SELF_BLEU, 0.4, Action.WARN);

        assertThat(gate).isEqualTo(new DiversityGate(DiversityMeasure.SELF_BLEU, Scope.WINDOW, 0.4, Direction.AT_MOST,
                Action.WARN, 20));
        assertThat(DiversityMeasure.DISTINCT_2.usualDirection()).isEqualTo(Direction.AT_LEAST);
        assertThat(DiversityMeasure.fromKey("Distinct-2")).isEqualTo(DiversityMeasure.DISTINCT_2);
        assertThatThrownBy(() -> DiversityMeasure.fromKey("distinct-4")).hasMessage("unknown diversity measure"
                + " 'distinct-4' (known: distinct-1, distinct-2, distinct-3, compression-ratio, self-bleu,"
                + " user-opening-share, assistant-opening-share, length-cv, coverage-entropy, embedding-distance)");
    }

    @Test
    void reject_is_only_for_measures_taken_per_dialogue() {
        assertThatThrownBy(() -> new DiversityGate(DiversityMeasure.DISTINCT_2, 0.3, Action.REJECT))
                .hasMessage("the distinct-2 gate cannot reject: a dialogue's share of it cannot be measured alone;"
                        + " use warn or pause (reject works on user-opening-share and assistant-opening-share)");
        assertThatThrownBy(() -> new DiversityGate(DiversityMeasure.SELF_BLEU, Double.NaN, Action.WARN))
                .hasMessage("the limit of the self-bleu gate must be a number, got NaN");
    }

    @Test
    void a_reject_gate_turns_away_a_dialogue_whose_opening_would_pass_the_limit() {
        // Four accepted dialogues open with "halo kak saya" (2) and two others (1 each).
        // A new "halo kak saya": (2 + 1) / (4 + 1) = 0.6 > 0.5 -> rejected.
        // A new "selamat pagi min": (1 + 1) / (4 + 1) = 0.4 -> accepted.
        var meter = new DiversityMeter(10, 1, 2, 0);
        for (String user : List.of("Halo kak, saya mau tanya", "Halo kak saya bingung", "Selamat pagi min", "Permisi admin")) {
            meter.add(dialogue(user), "cell");
        }
        var gate = new DiversityGate(DiversityMeasure.USER_OPENING_SHARE, Scope.OVERALL, 0.5, Direction.AT_MOST,
                Action.REJECT, 4);
        var evaluator = new DiversityGateEvaluator(List.of(gate));

        assertThat(evaluator.check(dialogue("Halo kak saya lagi"), meter)).hasValueSatisfying(r -> {
            assertThat(r.gate()).isEqualTo("diversity:user-opening-share");
            assertThat(r.reason()).isEqualTo("its opening \"halo kak saya\" would make 0.600 of the first user"
                    + " messages over all accepted dialogues, above the limit 0.500");
        });
        assertThat(evaluator.check(dialogue("Selamat pagi min, tolong"), meter)).isEmpty();
        // Reject gates are not warn or pause gates: a snapshot never trips them.
        assertThat(evaluator.evaluate(meter.snapshot()).tripped()).isEmpty();
        // Below min-dialogues the gate is silent.
        var early = new DiversityGate(DiversityMeasure.USER_OPENING_SHARE, Scope.OVERALL, 0.5, Direction.AT_MOST,
                Action.REJECT, 5);
        assertThat(new DiversityGateEvaluator(List.of(early)).check(dialogue("Halo kak saya lagi"), meter)).isEmpty();
    }

    @Test
    void the_recipe_knows_every_measure_and_which_may_reject() {
        assertThat(dev.parley.recipe.Recipe.DIVERSITY_MEASURES)
                .containsExactly(java.util.Arrays.stream(DiversityMeasure.values()).map(DiversityMeasure::key).toArray(String[]::new));
        assertThat(dev.parley.recipe.Recipe.PER_DIALOGUE_MEASURES).containsExactly(java.util.Arrays
                .stream(DiversityMeasure.values()).filter(DiversityMeasure::perDialogue).map(DiversityMeasure::key)
                .toArray(String[]::new));
    }

    @Test
    void builds_a_gate_from_a_recipe_rule_with_the_usual_direction_unless_told() {
        var usual = new dev.parley.recipe.Recipe.DiversityRule("self-bleu", "overall", 0.5, java.util.Optional.empty(),
                "pause", 30);
        var told = new dev.parley.recipe.Recipe.DiversityRule("distinct-2", "window", 0.9, java.util.Optional.of("at-most"),
                "warn", 5);

        assertThat(DiversityGate.of(usual))
                .isEqualTo(new DiversityGate(DiversityMeasure.SELF_BLEU, Scope.OVERALL, 0.5, Direction.AT_MOST, Action.PAUSE, 30));
        assertThat(DiversityGate.of(told))
                .isEqualTo(new DiversityGate(DiversityMeasure.DISTINCT_2, Scope.WINDOW, 0.9, Direction.AT_MOST, Action.WARN, 5));
    }

    private static DiversityGate gate(DiversityMeasure measure, Scope scope, double limit, Direction direction,
            Action action) {
        return new DiversityGate(measure, scope, limit, direction, action, 20);
    }

    private static DiversityMeasures measures(int dialogues, double distinct2, double selfBleu, double cv) {
        return new DiversityMeasures(dialogues, 0.2, distinct2, 0.6, Double.NaN, selfBleu, "halo kak saya", 0.1, "baik kak",
                0.1, 800, 800 * cv, cv, 3.0, 0.9);
    }

    private static Dialogue dialogue(String user) {
        return new Dialogue(List.of(new Turn(Turn.USER, user), new Turn(Turn.ASSISTANT, "Baik.")));
    }
}
