package dev.parley.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import dev.parley.recipe.Recipe;
import dev.parley.recipe.RecipeLoader;

class LanguageMixTest {

    private static Map<String, Double> weights(Object... pairs) {
        var map = new LinkedHashMap<String, Double>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], ((Number) pairs[i + 1]).doubleValue());
        }
        return map;
    }

    @Test
    void counts_follow_the_weights_by_largest_remainder() {
        assertThat(LanguageMix.counts(weights("id", 0.7, "en", 0.3), 40)).containsExactly(Map.entry("id", 28), Map.entry("en", 12));
        // Quotas 3.5, 2.1, 1.4: floors 3 + 2 + 1 = 6, the seventh goes to the largest remainder (id, 0.5).
        assertThat(LanguageMix.counts(weights("id", 0.5, "en", 0.3, "ms", 0.2), 7))
                .containsExactly(Map.entry("id", 4), Map.entry("en", 2), Map.entry("ms", 1));
        // Equal remainders go in recipe order: 10 / 3 = 3.33 each, the tenth to the first listed.
        assertThat(LanguageMix.counts(weights("a", 1, "b", 1, "c", 1), 10))
                .containsExactly(Map.entry("a", 4), Map.entry("b", 3), Map.entry("c", 3));
        // Weights need not add up to 1.
        assertThat(LanguageMix.counts(weights("id", 3, "en", 1), 2)).containsExactly(Map.entry("id", 2), Map.entry("en", 0));
    }

    private static Recipe recipe(String language, int count, long seed) {
        return RecipeLoader.parse("""
                name: mix
                language: %s
                count: %d
                seed: %d
                turns: { min: 2, max: 4 }
                assistant: { system-prompt: "Be helpful." }
                dimensions: { topic: [refund, login, delivery], mood: [calm, angry] }
                """.formatted(language, count, seed));
    }

    @Test
    void records_each_dialogues_language_in_its_cell_and_keeps_the_plan() {
        Recipe recipe = recipe("{id: 0.7, en: 0.3}", 40, 5);
        List<PlannedDialogue> plan = Planner.plan(recipe.dimensions(), recipe.count(), recipe.seed());

        List<PlannedDialogue> mixed = LanguageMix.assign(recipe, plan);

        assertThat(mixed).hasSize(40);
        Map<String, Long> perLanguage = mixed.stream()
                .collect(Collectors.groupingBy(p -> p.cell().value("language"), Collectors.counting()));
        assertThat(perLanguage).containsOnly(Map.entry("id", 28L), Map.entry("en", 12L));
        for (int i = 0; i < plan.size(); i++) {
            assertThat(mixed.get(i).index()).isEqualTo(plan.get(i).index());
            assertThat(mixed.get(i).seed()).isEqualTo(plan.get(i).seed());
            assertThat(mixed.get(i).cell().value("topic")).isEqualTo(plan.get(i).cell().value("topic"));
            assertThat(mixed.get(i).cell().value("mood")).isEqualTo(plan.get(i).cell().value("mood"));
            assertThat(mixed.get(i).cell().key()).endsWith("|language=" + mixed.get(i).cell().value("language"));
        }
        assertThat(LanguageMix.assign(recipe, plan)).as("the same seed gives the same languages").isEqualTo(mixed);
        assertThat(Planner.plan(recipe)).as("the recipe's plan, as validate --plan and the run see it").isEqualTo(mixed);
        Recipe other = recipe("{id: 0.7, en: 0.3}", 40, 6);
        assertThat(Planner.plan(other).stream().map(p -> p.cell().value("language")).toList())
                .as("another seed, another order").isNotEqualTo(mixed.stream().map(p -> p.cell().value("language")).toList());
    }

    @Test
    void leaves_a_one_language_plan_as_it_is() {
        Recipe recipe = recipe("id", 10, 5);
        List<PlannedDialogue> plan = Planner.plan(recipe);
        assertThat(LanguageMix.assign(recipe, plan)).isSameAs(plan);
        assertThat(plan).allSatisfy(p -> assertThat(p.cell().values()).doesNotContainKey("language"));
    }
}
