package dev.parley.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.parley.plan.PlannedDialogue;
import dev.parley.plan.Planner;
import dev.parley.recipe.Recipe;
import dev.parley.recipe.RecipeLoader;
import dev.parley.run.RunEngine;
import dev.parley.store.RunOptions;
import dev.parley.store.RunRecord;
import io.quarkus.test.junit.QuarkusTest;

/**
 * {@code parley expand} with no model configured: the offline demo model answers the expansion
 * schema, the values file is written, read back by a recipe, and matches what a run expands.
 */
@QuarkusTest
class ExpandCommandTest {

    private static final String RECIPE = """
            name: expand-offline
            language: %s
            count: 24
            seed: 5
            turns: { min: 4, max: 4 }
            assistant: { system-prompt: You help the customers of a small web shop. }
            dimensions:
              topic: { expand: { topics: problems of online shoppers, depth: 2, breadth: 3 } }
              persona: { expand: { personas: customers of a small web shop, count: 4 } }
              mood: [calm, angry]
            """;

    @Inject
    ExpandCommand command;

    @Inject
    RunEngine engine;

    @Inject
    ObjectMapper json;

    private Path expand(Path dir, String language, String folder) throws Exception {
        Path recipe = dir.resolve("recipe.yaml");
        Files.writeString(recipe, RECIPE.formatted(language));
        Path out = dir.resolve(folder).resolve("values.yaml");
        command.recipeFile = recipe;
        command.out = out;
        assertThat(command.call()).isZero();
        return out;
    }

    @Test
    void writes_a_topic_tree_and_a_persona_list_that_a_recipe_can_use(@TempDir Path dir) throws Exception {
        Path values = expand(dir, "en", "a");

        Path recipe = dir.resolve("uses.yaml");
        Files.writeString(recipe, RECIPE.formatted("en")
                .replace("{ expand: { topics: problems of online shoppers, depth: 2, breadth: 3 } }", "{ from: a/values.yaml }")
                .replace("{ expand: { personas: customers of a small web shop, count: 4 } }", "{ from: a/values.yaml }"));
        Recipe uses = RecipeLoader.load(recipe);

        String text = Files.readString(values);
        assertThat(text).startsWith("# Values written by 'parley expand").contains("topic:", "persona:");
        // 3 branches of 3: nine topics, each the branch with a circumstance; four personas.
        List<String> topics = uses.dimensions().get("topic");
        assertThat(topics).hasSize(9).doesNotHaveDuplicates().allMatch(t -> t.contains(" — "));
        assertThat(uses.dimensions().get("persona")).hasSize(4).doesNotHaveDuplicates();
        List<PlannedDialogue> plan = Planner.plan(uses);
        assertThat(plan).hasSize(24).allMatch(p -> topics.contains(p.cell().value("topic")));
    }

    @Test
    void expands_the_same_recipe_to_the_same_values_and_a_run_uses_them(@TempDir Path dir) throws Exception {
        Path first = expand(dir, "id", "a");
        Path second = expand(dir, "id", "b");
        assertThat(Files.readString(second)).isEqualTo(Files.readString(first));

        RunRecord run = engine.create(RecipeLoader.load(dir.resolve("recipe.yaml")), RunOptions.DEFAULTS);

        Recipe stored = RecipeLoader.validate(json.readTree(run.recipe()));
        Recipe fromFile = RecipeLoader.parse("""
                name: x
                language: id
                count: 1
                turns: { min: 4, max: 4 }
                assistant: { system-prompt: x }
                dimensions:
                  topic: { from: a/values.yaml }
                  persona: { from: a/values.yaml }
                """, dir);
        assertThat(stored.dimensions().get("topic")).isEqualTo(fromFile.dimensions().get("topic"));
        assertThat(stored.dimensions().get("persona")).isEqualTo(fromFile.dimensions().get("persona"));
        assertThat(String.join(" ", stored.dimensions().get("topic"))).as("Indonesian values for an Indonesian recipe")
                .containsAnyOf("pembayaran", "pengiriman", "akses akun");
    }

    @Test
    void refuses_a_recipe_that_expands_nothing(@TempDir Path dir) throws Exception {
        Path recipe = dir.resolve("plain.yaml");
        Files.writeString(recipe, RECIPE.formatted("en").replaceAll("(?m)^  (topic|persona):.*\\n", ""));
        command.recipeFile = recipe;
        command.out = dir.resolve("v.yaml");

        assertThatThrownBy(command::call).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("recipe expand-offline expands no dimension");
        assertThat(dir.resolve("v.yaml")).doesNotExist();
    }
}
