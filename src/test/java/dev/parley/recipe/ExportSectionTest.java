package dev.parley.recipe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The recipe's {@code export:} section: read, resolved against the recipe's folder, stored, and checked field by field. */
class ExportSectionTest {

    private static final String RECIPE = """
            name: shop-support
            language: id
            count: 10
            turns: { min: 2, max: 4 }
            assistant:
              system-prompt: Kamu asisten toko.
            dimensions:
              topic: [refund, late]
            """;

    @Test
    void reads_every_field_and_resolves_the_real_data_file_against_the_recipe_folder(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("recipe.yaml");
        Files.writeString(file, RECIPE + """
                export:
                  formats: [trl, openai]
                  split: [0.8, 0.1, 0.1]
                  split-seed: 11
                  context-length: 4096
                  real-data: data/real.jsonl
                  real-ratio: 0.3
                """);

        ExportSettings export = RecipeLoader.load(file).export();

        assertThat(export.formats()).containsExactly("trl", "openai");
        assertThat(export.split()).containsExactly(0.8, 0.1, 0.1);
        assertThat(export.splitSeed()).hasValue(11);
        assertThat(export.contextLength()).hasValue(4096);
        assertThat(export.realData()).hasValue(dir.toAbsolutePath().resolve("data/real.jsonl").normalize().toString());
        assertThat(export.realRatio()).hasValue(0.3);
    }

    @Test
    void is_stored_with_the_run_and_read_back_the_same() {
        Recipe recipe = RecipeLoader.parse(RECIPE + "export: { formats: 'sharegpt, parquet', split: [0.9, 0.1], context-length: 512 }\n");

        Recipe stored = RecipeLoader.validate(RecipeLoader.toTree(recipe));

        assertThat(stored.export()).isEqualTo(recipe.export());
        assertThat(stored.export().formats()).containsExactly("sharegpt", "parquet");
        assertThat(RecipeLoader.toTree(RecipeLoader.parse(RECIPE)).has("export")).as("no section, nothing stored").isFalse();
        assertThat(RecipeLoader.parse(RECIPE).export()).isEqualTo(ExportSettings.NONE);
        assertThat(RecipeLoader.parse(RECIPE + "export: { formats: all }\n").export().formats())
                .isEqualTo(ExportSettings.DIALOGUE_FORMATS);
        assertThat(recipe.withCount(3).export()).isEqualTo(recipe.export());
    }

    @Test
    void reads_a_license_and_system_folding_and_stores_them_with_the_run() {
        Recipe recipe = RecipeLoader.parse(RECIPE + "export: { license: cc-by-4.0, fold-system: true }\n");

        Recipe stored = RecipeLoader.validate(RecipeLoader.toTree(recipe));

        assertThat(stored.export().license()).contains("cc-by-4.0");
        assertThat(stored.export().foldSystem()).isTrue();
        assertThat(RecipeLoader.parse(RECIPE).export().foldSystem()).as("off unless set").isFalse();
    }

    @Test
    void rejects_a_license_that_is_not_one_word_and_folding_that_is_not_true_or_false() {
        assertThat(problems(RECIPE + "export: { license: 'my own license', fold-system: yes please }\n")).containsExactly(
                "export.license must be a license id such as apache-2.0, cc-by-4.0 or other, not 'my own license'",
                "export.fold-system must be true or false, not yes please");
    }

    @Test
    void names_every_bad_field_at_once() {
        var e = catchThrowableOfType(InvalidRecipeException.class, () -> RecipeLoader.parse(RECIPE + """
                export:
                  formats: [openai, csv]
                  split: [0.9, 0.3]
                  split-seed: 1.5
                  context-length: 0
                  real-ratio: 1.5
                  zip: true
                """));

        assertThat(e.problems()).extracting(RecipeProblem::field).containsExactlyInAnyOrder("export.formats[1]", "export.split",
                "export.split-seed", "export.context-length", "export.real-ratio", "export.real-ratio", "export.zip");
        assertThat(e.problems()).extracting(RecipeProblem::message).contains(
                "'csv' is not a format (known: openai, trl, sharegpt, alpaca, parquet, dpo, kto, openai-preference, or all"
                        + " alone for every dialogue format)",
                "the shares must add up to 1, got 1.2",
                "must be a number more than 0 and less than 1, not 1.5",
                "needs export.real-data, the file of real dialogues to mix in",
                "is not a known field (known: context-length, fold-system, formats, license, real-data, real-ratio, reasoning,"
                        + " split, split-seed)");
    }

    @Test
    void rejects_a_split_without_train_and_a_section_that_is_not_a_mapping() {
        assertThat(problems(RECIPE + "export: { split: [0, 1] }\n")).containsExactly("export.split[0] the train share must be more than 0");
        assertThat(problems(RECIPE + "export: { split: [0.5, 0.2, 0.2, 0.1] }\n")).containsExactly(
                "export.split must be a list of one to three shares (train, validation, test), e.g. [0.9, 0.1]");
        assertThat(problems(RECIPE + "export: openai\n")).containsExactly("export must be a mapping of fields");
    }

    private static List<String> problems(String yaml) {
        return catchThrowableOfType(InvalidRecipeException.class, () -> RecipeLoader.parse(yaml)).problems().stream()
                .map(p -> p.field() + " " + p.message()).toList();
    }
}
