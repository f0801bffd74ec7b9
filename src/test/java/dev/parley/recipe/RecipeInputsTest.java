package dev.parley.recipe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.parley.corpus.RunInputs;

/** Recipe fields for languages, seed examples and the overlap gates. */
class RecipeInputsTest {

    private static final String BASE = """
            name: inputs
            count: 4
            turns: { min: 2, max: 4 }
            assistant: { system-prompt: "Be helpful." }
            dimensions: { topic: [refund] }
            """;

    private static InvalidRecipeException problems(String yaml) {
        return catchThrowableOfType(InvalidRecipeException.class, () -> RecipeLoader.parse(BASE + yaml));
    }

    @Test
    void reads_one_language_a_list_or_weights() {
        assertThat(RecipeLoader.parse(BASE + "language: id").languages()).containsExactly(Map.entry("id", 1.0));
        Recipe weighted = RecipeLoader.parse(BASE + "language: { id: 0.7, en: 0.3 }");
        assertThat(weighted.languages()).containsExactly(Map.entry("id", 0.7), Map.entry("en", 0.3));
        assertThat(weighted.language()).as("the first listed").isEqualTo("id");
        assertThat(RecipeLoader.parse(BASE + "language: [en, id]").languages()).containsExactly(Map.entry("en", 1.0),
                Map.entry("id", 1.0));
    }

    @Test
    void names_the_field_of_a_bad_language() {
        assertThat(problems("language: { id: 0, EN: 1 }").problems()).containsExactlyInAnyOrder(
                new RecipeProblem("language.id", "must be a weight above 0, not 0"),
                new RecipeProblem("language.EN", "must be a language code such as 'id' or 'en', not 'EN'"));
        assertThat(problems("language: [id, id]").problems())
                .containsExactly(new RecipeProblem("language[1]", "repeats the language 'id'"));
        assertThat(problems("language: {}").problems()).containsExactly(new RecipeProblem("language", "must name at least one language"));
        assertThat(problems("language: { id: 1, en: 1 }\ndimensions: { language: [x] }").problems()).containsExactly(
                new RecipeProblem("dimensions.language", "is set by the recipe's languages when there are several; rename the dimension"));
    }

    @Test
    void reads_seeds_and_overlap_checks_and_writes_them_back() {
        Recipe recipe = RecipeLoader.parse(BASE + """
                language: { id: 2, en: 1 }
                seeds: { file: examples.jsonl, examples: 3, synthetic-depth: 1 }
                checks: { memorisation: { n: 10, limit: 0.1, reference: real.jsonl }, decontaminate: eval.jsonl }
                """);
        assertThat(recipe.seeds()).contains(new Recipe.Seeds("examples.jsonl", 3, 1));
        assertThat(recipe.checks().memorisation()).isEqualTo(new Recipe.Memorisation(10, 0.1, Optional.of("real.jsonl")));
        assertThat(recipe.checks().decontaminate()).contains(new Recipe.Decontamination("eval.jsonl", 13));

        Recipe again = RecipeLoader.validate(RecipeLoader.toTree(recipe));
        assertThat(again).isEqualTo(recipe);
        assertThat(RecipeLoader.parse(BASE + "language: id\nseeds: examples.jsonl").seeds())
                .contains(new Recipe.Seeds("examples.jsonl", 2, 0));
        assertThat(RecipeLoader.parse(BASE + "language: id").checks().memorisation()).isEqualTo(Recipe.Memorisation.DEFAULT);
    }

    @Test
    void names_the_field_of_bad_seed_and_check_settings() {
        assertThat(problems("language: id\nseeds: { examples: 0, depth: 1 }\n"
                + "checks: { memorisation: { n: 1, limit: 2 }, decontaminate: { n: 5 } }").problems())
                .containsExactlyInAnyOrder(
                        new RecipeProblem("seeds.depth", "is not a known field (known: examples, file, synthetic-depth)"),
                        new RecipeProblem("seeds.file", "is required"),
                        new RecipeProblem("seeds.examples", "must be ≥ 1, got 0"),
                        new RecipeProblem("checks.memorisation.n", "must be ≥ 2, got 1"),
                        new RecipeProblem("checks.memorisation.limit", "must be a number from 0 to 1, not 2"),
                        new RecipeProblem("checks.decontaminate.file", "is required"));
    }

    @Test
    void resolves_the_files_against_the_recipes_folder_and_rejects_unusable_ones(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("examples.jsonl"), """
                {"messages": [{"role": "user", "content": "Halo"}, {"role": "assistant", "content": "Halo kak"}]}
                {"conversations": [{"from": "human", "value": "Hi"}]}
                """);
        Path file = dir.resolve("recipe.yaml");
        Files.writeString(file, BASE + "language: id\nseeds: { file: examples.jsonl }\nchecks: { decontaminate: missing.jsonl }\n");

        Recipe recipe = RecipeLoader.load(file);

        assertThat(recipe.seeds().orElseThrow().file()).isEqualTo(dir.resolve("examples.jsonl").toString());
        assertThat(recipe.checks().decontaminate().orElseThrow().file()).isEqualTo(dir.resolve("missing.jsonl").toString());
        InvalidRecipeException e = catchThrowableOfType(InvalidRecipeException.class, () -> RunInputs.load(recipe));
        assertThat(e.problems()).containsExactly(new RecipeProblem("seeds.file",
                "file examples.jsonl line 2: a dialogue needs at least one user and one assistant message"));

        Files.writeString(dir.resolve("examples.jsonl"), "\n");
        assertThat(catchThrowableOfType(InvalidRecipeException.class, () -> RunInputs.load(recipe)).problems())
                .containsExactly(new RecipeProblem("seeds.file", "file examples.jsonl holds no dialogue"));
        Files.writeString(dir.resolve("examples.jsonl"), """
                {"messages": [{"role": "user", "content": "Halo"}, {"role": "assistant", "content": "Halo kak"}]}
                """);
        assertThat(catchThrowableOfType(InvalidRecipeException.class, () -> RunInputs.load(recipe)).problems())
                .containsExactly(new RecipeProblem("checks.decontaminate.file", "names no file: " + dir.resolve("missing.jsonl")));
    }

    @Test
    void reads_the_dedup_reference_with_the_other_files_and_names_its_field(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("recipe.yaml");
        Files.writeString(file, BASE + "language: en\nchecks: { dedup-against: { reference: real.jsonl } }\n");
        Recipe recipe = RecipeLoader.load(file);

        assertThat(catchThrowableOfType(InvalidRecipeException.class, () -> RunInputs.load(recipe)).problems())
                .containsExactly(new RecipeProblem("checks.dedup-against.reference", "names no file: " + dir.resolve("real.jsonl")));
        Files.writeString(dir.resolve("real.jsonl"), "{\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}\n");
        assertThat(catchThrowableOfType(InvalidRecipeException.class, () -> RunInputs.load(recipe)).problems())
                .containsExactly(new RecipeProblem("checks.dedup-against.reference",
                        "file real.jsonl line 1: a dialogue needs at least one user and one assistant message"));

        String chat = "{\"messages\": [{\"role\": \"user\", \"content\": \"Hi\"}, {\"role\": \"assistant\", \"content\": \"Hello\"}]}\n";
        Files.writeString(dir.resolve("real.jsonl"), chat + chat);
        RunInputs inputs = RunInputs.load(recipe);
        assertThat(inputs.stored()).singleElement().satisfies(s -> {
            assertThat(s.purpose()).isEqualTo(RunInputs.DEDUP_REFERENCE);
            assertThat(s.content()).isEqualTo(chat + chat);
        });

        // A resumed run reads what it stored, even when the file has changed or is gone.
        Files.delete(dir.resolve("real.jsonl"));
        assertThat(RunInputs.ofRun(recipe, inputs.stored()).dialogues(RunInputs.DEDUP_REFERENCE)).hasSize(2);
        // A run stored before its reference was kept reads the file now, and says so when it cannot.
        assertThat(catchThrowableOfType(InvalidRecipeException.class, () -> RunInputs.ofRun(recipe, java.util.List.of()))
                .problems()).extracting(RecipeProblem::field).containsExactly("checks.dedup-against.reference");
    }
}
