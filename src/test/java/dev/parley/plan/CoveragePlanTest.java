package dev.parley.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import dev.parley.dialogue.Cell;
import dev.parley.recipe.Recipe;
import dev.parley.recipe.RecipeLoader;

/** Plans of recipes with weighted values and excluded or required combinations. */
class CoveragePlanTest {

    private static Recipe recipe(int count, long seed, String dimensions, String coverage) {
        return RecipeLoader.parse("""
                name: coverage
                language: en
                count: %d
                seed: %d
                turns: { min: 4, max: 4 }
                assistant: { system-prompt: You help. }
                dimensions:
                %s
                %s
                """.formatted(count, seed, dimensions.indent(2), coverage));
    }

    @Test
    void counts_per_value_follow_the_weights_by_largest_remainder() {
        // Weights 1 : 2 : 0.5 of 10 dialogues: 2.857, 5.714, 1.429 → floors 2, 5, 1 (8), and the two
        // largest remainders (.857 calm, .714 angry) get one more each: 3, 6, 1.
        Recipe recipe = recipe(10, 4, """
                mood: [calm, {value: angry, weight: 2}, {value: confused, weight: 0.5}]
                topic: [refund, delivery]
                """, "");

        List<PlannedDialogue> plan = Planner.plan(recipe);

        assertThat(plan).hasSize(10);
        assertThat(countOf(plan, "mood")).containsExactlyEntriesOf(new TreeMap<>(Map.of("angry", 6, "calm", 3, "confused", 1)));
        assertThat(countOf(plan, "topic")).containsExactlyEntriesOf(new TreeMap<>(Map.of("delivery", 5, "refund", 5)));
        // Within the weights the cells still spread: angry meets both topics three times each.
        assertThat(countOfCells(plan)).containsEntry("mood=angry|topic=refund", 3).containsEntry("mood=angry|topic=delivery", 3);
    }

    @Test
    void the_same_recipe_and_seed_give_the_same_weighted_plan_and_another_seed_another_order() {
        String dims = """
                mood: [calm, {value: angry, weight: 3}]
                topic: [refund, delivery, voucher]
                """;
        String rules = "coverage: { exclude: [{mood: calm, topic: voucher}], require: [{mood: angry, topic: refund, count: 4}] }";

        List<PlannedDialogue> first = Planner.plan(recipe(20, 8, dims, rules));

        assertThat(Planner.plan(recipe(20, 8, dims, rules))).isEqualTo(first);
        List<PlannedDialogue> other = Planner.plan(recipe(20, 9, dims, rules));
        assertThat(cells(other)).isNotEqualTo(cells(first));
        assertThat(countOf(other, "mood")).isEqualTo(countOf(first, "mood")).containsEntry("angry", 15).containsEntry("calm", 5);
    }

    @Test
    void excluded_combinations_never_appear_and_the_quotas_still_hold() {
        // Quotas: topic 4/4, persona 4/4. With student|pension excluded the only way to meet them is
        // refund|student four times and pension|retiree four times.
        Recipe recipe = recipe(8, 5, """
                topic: [refund, pension]
                persona: [student, retiree]
                """, "coverage: { exclude: [{persona: student, topic: pension}] }");

        List<PlannedDialogue> plan = Planner.plan(recipe);

        assertThat(countOfCells(plan)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "topic=refund|persona=student", 4, "topic=pension|persona=retiree", 4));
    }

    @Test
    void a_value_every_cell_of_which_is_excluded_gets_no_share() {
        Recipe recipe = recipe(9, 6, """
                topic: [refund, delivery, voucher]
                persona: [student, retiree]
                """, "coverage: { exclude: [{topic: voucher}] }");

        List<PlannedDialogue> plan = Planner.plan(recipe);

        assertThat(countOf(plan, "topic")).containsExactlyInAnyOrderEntriesOf(Map.of("refund", 5, "delivery", 4));
        assertThat(countOf(plan, "persona")).containsExactlyInAnyOrderEntriesOf(Map.of("student", 5, "retiree", 4));
    }

    @Test
    void required_combinations_appear_at_least_as_often_as_asked() {
        Recipe recipe = recipe(12, 7, """
                topic: [refund, delivery, voucher]
                mood: [calm, angry]
                """, "coverage: { require: [{topic: refund, mood: angry, count: 3}, {topic: voucher, count: 4}] }");

        List<PlannedDialogue> plan = Planner.plan(recipe);

        assertThat(countOfCells(plan).getOrDefault("topic=refund|mood=angry", 0)).isGreaterThanOrEqualTo(3);
        // Neither requirement exceeds its quotas (refund 4, voucher 4, angry 6), so these stay exact.
        assertThat(countOf(plan, "topic")).containsExactlyInAnyOrderEntriesOf(Map.of("refund", 4, "delivery", 4, "voucher", 4));
        assertThat(countOf(plan, "mood")).containsExactlyInAnyOrderEntriesOf(Map.of("calm", 6, "angry", 6));
    }

    @Test
    void a_requirement_beyond_the_quota_wins_over_the_weights() {
        Recipe recipe = recipe(6, 7, """
                topic: [refund, delivery, voucher]
                """, "coverage: { require: [{topic: refund, count: 4}] }");

        assertThat(countOf(Planner.plan(recipe), "topic")).containsExactlyInAnyOrderEntriesOf(
                Map.of("refund", 4, "delivery", 1, "voucher", 1));
    }

    @Test
    void splits_by_largest_remainder_with_ties_to_the_first_value() {
        assertThat(QuotaPlanner.largestRemainder(new double[] {1, 1, 1}, 10)).containsExactly(4, 3, 3);
        assertThat(QuotaPlanner.largestRemainder(new double[] {1, 2, 0.5}, 10)).containsExactly(3, 6, 1);
        assertThat(QuotaPlanner.largestRemainder(new double[] {1, 0, 1}, 5)).containsExactly(3, 0, 2);
    }

    @Test
    void a_recipe_without_weights_or_rules_keeps_the_balanced_walk() {
        Recipe recipe = recipe(12, 3, """
                topic: [refund, delivery, voucher]
                mood: [calm, angry]
                """, "");

        assertThat(Planner.plan(recipe)).isEqualTo(Planner.plan(recipe.dimensions(), 12, 3));
    }

    static Map<String, Integer> countOf(List<PlannedDialogue> plan, String dimension) {
        var counts = new TreeMap<String, Integer>();
        plan.forEach(p -> counts.merge(p.cell().value(dimension), 1, Integer::sum));
        return counts;
    }

    private static Map<String, Integer> countOfCells(List<PlannedDialogue> plan) {
        var counts = new TreeMap<String, Integer>();
        plan.forEach(p -> counts.merge(p.cell().key(), 1, Integer::sum));
        return counts;
    }

    private static List<Cell> cells(List<PlannedDialogue> plan) {
        return plan.stream().map(PlannedDialogue::cell).toList();
    }
}
