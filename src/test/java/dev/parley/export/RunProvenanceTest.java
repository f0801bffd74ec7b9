package dev.parley.export;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import dev.parley.recipe.RecipeLoader;

class RunProvenanceTest {

    private static final String RECIPE = """
            name: depth
            language: en
            count: 2
            turns: { min: 2, max: 4 }
            assistant: { system-prompt: Help. }
            dimensions: { topic: [a] }
            """;

    @Test
    void seed_depth_is_what_the_recipe_declares_for_its_seeds_and_zero_without_seeds() {
        assertThat(RunProvenance.seedSyntheticDepth(RecipeLoader.parse(RECIPE))).isZero();
        assertThat(RunProvenance.seedSyntheticDepth(RecipeLoader.parse(RECIPE
                + "seeds: { file: examples.jsonl, synthetic-depth: 2 }\n"))).isEqualTo(2);
        assertThat(RunProvenance.seedSyntheticDepth(RecipeLoader.parse(RECIPE + "seeds: examples.jsonl\n"))).isZero();
    }
}
