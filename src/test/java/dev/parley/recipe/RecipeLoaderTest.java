package dev.parley.recipe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RecipeLoaderTest {

    /** A small valid recipe; tests replace one top-level block at a time. */
    private static final String VALID = """
            name: shop-support
            description: A test recipe
            language: id
            count: 10
            seed: 3
            turns: { min: 4, max: 8 }
            assistant:
              system-prompt: Kamu asisten toko.
            dimensions:
              topic: [refund, late parcel]
              mood: [calm, upset]
            judge:
              threshold: 3.5
            """;

    // ---- the example recipe -------------------------------------------------------------------

    @Test
    void loads_the_example_recipe() {
        Recipe recipe = RecipeLoader.load(Path.of("recipes/ecommerce-support-id.yaml"));

        assertThat(recipe.name()).isEqualTo("ecommerce-support-id");
        assertThat(recipe.description()).isEqualTo("Customer-support chats for an Indonesian online shop");
        assertThat(recipe.language()).isEqualTo("id");
        assertThat(recipe.count()).isEqualTo(40);
        assertThat(recipe.seed()).isEqualTo(7L);
        assertThat(recipe.turns()).isEqualTo(new Recipe.TurnRange(4, 8));
        assertThat(recipe.assistant().systemPrompt())
                .isEqualTo("Kamu adalah asisten layanan pelanggan TokoKita. Jawab dengan sopan, singkat, dan akurat.");
        assertThat(recipe.dimensions().keySet()).containsExactly("topic", "persona", "mood");
        assertThat(recipe.dimensions().get("topic")).containsExactly("pengembalian dana", "paket terlambat",
                "ganti alamat", "voucher tidak berlaku", "akun terkunci");
        assertThat(recipe.dimensions().get("persona")).containsExactly("mahasiswa", "ibu rumah tangga",
                "pemilik usaha kecil", "pensiunan");
        assertThat(recipe.dimensions().get("mood")).containsExactly("tenang", "bingung", "kesal");
        assertThat(recipe.judge().threshold()).isEqualTo(3.5);
        assertThat(recipe.judge().rubric()).isEqualTo(Recipe.JudgeSettings.DEFAULT_RUBRIC);
        assertThat(recipe.prompts()).isEmpty();
        assertThat(recipe.models()).isEqualTo(Recipe.ModelNames.NONE);
    }

    @Test
    void applies_defaults_for_optional_fields() {
        Recipe recipe = RecipeLoader.parse(without(VALID, "seed", "judge", "description"));

        assertThat(recipe.seed()).isZero();
        assertThat(recipe.description()).isEmpty();
        assertThat(recipe.judge().threshold()).isEqualTo(3.5);
        assertThat(recipe.judge().rubric()).isEqualTo("default");
        assertThat(recipe.prompts()).isEmpty();
    }

    @Test
    void survives_a_round_trip_through_its_tree() {
        Recipe recipe = RecipeLoader.parse(VALID);

        assertThat(RecipeLoader.validate(RecipeLoader.toTree(recipe))).isEqualTo(recipe);
    }

    @Test
    void reads_a_role_in_batch_mode_and_keeps_it_through_its_tree() {
        Recipe recipe = RecipeLoader.parse(VALID + """
                models:
                  generator: { name: gpt-4o-mini, batch: true }
                  judge: { batch: false }
                  user: gpt-4o
                """);

        assertThat(recipe.models().generator()).contains("gpt-4o-mini");
        assertThat(recipe.models().judge()).isEmpty();
        assertThat(recipe.models().user()).contains("gpt-4o");
        assertThat(recipe.models().batchOf("generator")).contains(true);
        assertThat(recipe.models().batchOf("judge")).contains(false);
        assertThat(recipe.models().batchOf("user")).isEmpty();
        assertThat(RecipeLoader.validate(RecipeLoader.toTree(recipe))).isEqualTo(recipe);
    }

    @Test
    void rejects_a_batch_switch_that_is_not_true_or_false_and_unknown_model_fields() {
        assertThat(problems(VALID + """
                models:
                  generator: { name: gpt-4o-mini, batch: often, size: 3 }
                """)).containsExactlyInAnyOrder("models.generator.batch must be true or false, not text",
                "models.generator.size is not a known field (known: batch, name)");
    }

    // ---- collecting problems ------------------------------------------------------------------

    @Test
    void reports_every_problem_at_once_with_its_field_path() {
        String yaml = replace(replace(VALID, "turns", "turns: { min: 1, max: 8, avg: 4 }"),
                "dimensions", """
                        dimensions:
                          topic: []
                          mood: [calm]
                        """) + "colour: blue\n";

        var e = catchThrowableOfType(InvalidRecipeException.class, () -> RecipeLoader.parse(yaml));

        assertThat(e.problems()).extracting(RecipeProblem::field)
                .containsExactlyInAnyOrder("colour", "turns.avg", "turns.min", "dimensions.topic");
        assertThat(e.problems()).map(RecipeProblem::toString).contains(
                "turns.min must be ≥ 2, got 1",
                "dimensions.topic is empty");
        assertThat(e.getMessage()).contains("turns.min must be ≥ 2, got 1").contains("; ");
    }

    @Test
    void rejects_turn_minimum_below_two() {
        assertThat(problems(replace(VALID, "turns", "turns: { min: 1, max: 8 }")))
                .containsExactly("turns.min must be ≥ 2, got 1");
    }

    @Test
    void rejects_turn_maximum_above_the_limit() {
        assertThat(problems(replace(VALID, "turns", "turns: { min: 4, max: 201 }")))
                .containsExactly("turns.max must be ≤ 200, got 201");
    }

    @Test
    void rejects_empty_dimension() {
        assertThat(problems(replace(VALID, "dimensions", """
                dimensions:
                  topic: []
                  mood: [calm, upset]
                """))).containsExactly("dimensions.topic is empty");
    }

    @Test
    void rejects_dimension_without_values() {
        assertThat(problems(replace(VALID, "dimensions", """
                dimensions:
                  topic:
                  mood: [calm, upset]
                """))).containsExactly("dimensions.topic is empty");
    }

    @Test
    void rejects_recipe_without_dimensions() {
        assertThat(problems(replace(VALID, "dimensions", "dimensions: {}\n")))
                .containsExactly("dimensions must name at least one dimension");
    }

    @Test
    void rejects_unknown_top_level_and_nested_keys() {
        String yaml = replace(VALID, "turns", "turns: { min: 4, max: 8, avg: 6 }") + "colour: blue\n";

        var e = catchThrowableOfType(InvalidRecipeException.class, () -> RecipeLoader.parse(yaml));

        assertThat(e.problems()).extracting(RecipeProblem::field).containsExactlyInAnyOrder("colour", "turns.avg");
        assertThat(e.problems()).filteredOn(p -> p.field().equals("colour")).singleElement()
                .extracting(RecipeProblem::message).asString()
                .startsWith("is not a known field (known: ")
                .contains("dimensions", "turns");
        assertThat(e.problems()).filteredOn(p -> p.field().equals("turns.avg")).singleElement()
                .extracting(RecipeProblem::message)
                .isEqualTo("is not a known field (known: max, min)");
    }

    @Test
    void rejects_recipe_without_required_fields() {
        var e = catchThrowableOfType(InvalidRecipeException.class, () -> RecipeLoader.parse("description: nothing else\n"));

        assertThat(e.problems()).extracting(RecipeProblem::field)
                .containsExactlyInAnyOrder("name", "language", "count", "turns", "assistant", "dimensions");
        assertThat(e.problems()).extracting(RecipeProblem::message).containsOnly("is required");
    }

    @Test
    void rejects_recipe_without_turn_range() {
        assertThat(problems(without(VALID, "turns"))).containsExactly("turns is required");
    }

    @Test
    void rejects_turn_range_without_bounds() {
        assertThat(problems(replace(VALID, "turns", "turns: { min: 4 }"))).containsExactly("turns.max is required");
    }

    @Test
    void rejects_assistant_without_system_prompt() {
        assertThat(problems(replace(VALID, "assistant", "assistant: {}\n")))
                .containsExactly("assistant.system-prompt is required");
    }

    @Test
    void rejects_blank_system_prompt() {
        assertThat(problems(replace(VALID, "assistant", "assistant:\n  system-prompt: '   '\n")))
                .containsExactly("assistant.system-prompt must not be blank");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            count      | count: forty                   | count must be a whole number, not text
            count      | count: 2.5                     | count must be a whole number, not 2.5
            count      | count: 0                       | count must be ≥ 1, got 0
            seed       | seed: 1.5                      | seed must be a whole number, not 1.5
            name       | name: [a, b]                   | name must be text, not a list
            name       | name: 'has spaces'             | name must be letters, digits, '.', '_' or '-' (at most 100), starting with a letter or digit
            language   | language: Indonesian           | language must be a language code such as 'id' or 'en', not 'Indonesian'
            turns      | turns: 6                       | turns must be a mapping of fields, not a number
            turns      | turns: { min: four, max: 8 }   | turns.min must be a whole number, not text
            assistant  | assistant: be nice             | assistant must be a mapping of fields, not text
            dimensions | dimensions: [topic]            | dimensions must be a mapping of fields, not a list
            dimensions | dimensions: { topic: refund }  | dimensions.topic must be a list of values, not text
            dimensions | dimensions: { topic: [[a]] }   | dimensions.topic[0] must be a non-empty text value
            judge      | judge: { threshold: high }     | judge.threshold must be a number from 1 to 5, not text
            """)
    void rejects_field_of_wrong_type(String key, String replacement, String expected) {
        assertThat(problems(replace(VALID, key, replacement))).containsExactly(expected);
    }

    @Test
    void rejects_turn_maximum_below_minimum() {
        assertThat(problems(replace(VALID, "turns", "turns: { min: 6, max: 4 }")))
                .containsExactly("turns.max must be ≥ turns.min (6), got 4");
    }

    @Test
    void rejects_equal_odd_turn_bounds() {
        var e = catchThrowableOfType(InvalidRecipeException.class,
                () -> RecipeLoader.parse(replace(VALID, "turns", "turns: { min: 5, max: 5 }")));

        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo("turns");
            assertThat(p.message()).contains("even number of messages").endsWith("both 5");
        });
    }

    @Test
    void accepts_equal_even_turn_bounds() {
        assertThat(RecipeLoader.parse(replace(VALID, "turns", "turns: { min: 6, max: 6 }")).turns())
                .isEqualTo(new Recipe.TurnRange(6, 6));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.5", "5.5", "-1", "6"})
    void rejects_threshold_outside_one_to_five(String threshold) {
        assertThat(problems(replace(VALID, "judge", "judge: { threshold: " + threshold + " }")))
                .containsExactly("judge.threshold must be from 1 to 5, got " + threshold);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "5", "4.25"})
    void accepts_threshold_within_one_to_five(String threshold) {
        assertThat(RecipeLoader.parse(replace(VALID, "judge", "judge: { threshold: " + threshold + " }")).judge().threshold())
                .isEqualTo(Double.parseDouble(threshold));
    }

    @Test
    void rejects_repeated_dimension_value() {
        assertThat(problems(replace(VALID, "dimensions", """
                dimensions:
                  topic: [refund, late parcel, ' refund ']
                  mood: [calm]
                """))).containsExactly("dimensions.topic[2] repeats the value 'refund'");
    }

    @Test
    void strips_dimension_values() {
        Recipe recipe = RecipeLoader.parse(replace(VALID, "dimensions", """
                dimensions:
                  topic: [' refund ', late parcel]
                """));

        assertThat(recipe.dimensions()).isEqualTo(Map.of("topic", List.of("refund", "late parcel")));
    }

    // ---- unreadable input ---------------------------------------------------------------------

    @Test
    void reports_line_and_column_of_invalid_yaml() {
        String yaml = """
                name: shop-support
                language: id
                dimensions: { topic: [refund, late parcel }
                """;

        var e = catchThrowableOfType(InvalidRecipeException.class, () -> RecipeLoader.parse(yaml));

        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.field()).isEmpty();
            assertThat(p.message()).startsWith("is not valid YAML at line 3, column ");
        });
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            indented key      | name: x\\ncount: 3\\n  bad: [\\n          | at line 3, column 6: a ':' where a value was expected
            tab indentation   | name: x\\n\\tcount: 3\\n                 | at line 2, column 1: a tab character; YAML indents with spaces only
            unclosed quote    | name: 'abc\\ncount: 3\\n                  | the quoted value that starts at line 1, column 7 is never closed
            unclosed list     | name: x\\ntopics: [a, b\\ncount: 3\\n      | the list opened with '[' at line 2, column 9 is not closed with ']'
            unclosed mapping  | name: x\\nmodels: {judge: a\\n              | the mapping opened with '{' at line 2, column 9 is not closed with '}'
            dedented key      | a:\\n  b: 1\\n c: 2\\n                      | at line 3, column 2: this line is indented differently from the lines before it
            reserved start    | name: @shop\\n                          | at line 1, column 7: a value cannot start with '@'; put it in quotes
            """)
    void yaml_syntax_errors_name_line_column_and_problem_in_plain_words(String what, String yaml, String expected) {
        var e = catchThrowableOfType(InvalidRecipeException.class,
                () -> RecipeLoader.parse(yaml.replace("\\n", "\n").replace("\\t", "\t")));

        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.message()).startsWith("is not valid YAML at line ").contains(expected)
                    .doesNotContain("reader", "^", "scalar", "<block", "token");
        });
    }

    @Test
    void rejects_empty_recipe() {
        assertThat(problems("")).containsExactly("recipe is empty");
    }

    @Test
    void rejects_recipe_that_is_not_a_mapping() {
        assertThat(problems("- name: a\n- name: b\n")).containsExactly("recipe must be a mapping of fields, not a list");
    }

    @Test
    void reports_missing_recipe_file(@TempDir Path dir) {
        Path missing = dir.resolve("nope.yaml");

        assertThatThrownBy(() -> RecipeLoader.load(missing))
                .isInstanceOf(InvalidRecipeException.class)
                .hasMessage("recipe file not found: " + missing);
    }

    // ---- paths relative to the recipe ---------------------------------------------------------

    @Test
    void resolves_relative_prompts_folder_against_the_recipe_folder(@TempDir Path dir) throws IOException {
        Path recipeDir = Files.createDirectories(dir.resolve("recipes"));
        Path file = recipeDir.resolve("shop.yaml");
        Files.createDirectories(recipeDir.resolve("my-prompts"));
        Files.writeString(Files.createDirectories(recipeDir.resolve("rubrics")).resolve("strict.yaml"), "criteria: []\n");
        Files.writeString(file, replace(VALID, "judge", "judge: { threshold: 4, rubric: rubrics/strict.yaml }")
                + "prompts: my-prompts\n");

        Recipe recipe = RecipeLoader.load(file);

        assertThat(recipe.prompts()).isEqualTo(Optional.of(recipeDir.resolve("my-prompts").toAbsolutePath().toString()));
        assertThat(recipe.judge().rubric()).isEqualTo(recipeDir.resolve("rubrics/strict.yaml").toAbsolutePath().toString());
    }

    @Test
    void keeps_named_rubric_and_absolute_prompts_folder(@TempDir Path dir) throws IOException {
        Path prompts = Files.createDirectories(dir.resolve("elsewhere/prompts")).toAbsolutePath();
        Path file = dir.resolve("shop.yaml");
        Files.writeString(file, replace(VALID, "judge", "judge: { rubric: strict }") + "prompts: " + prompts + "\n");

        Recipe recipe = RecipeLoader.load(file);

        assertThat(recipe.prompts()).contains(prompts.toString());
        assertThat(recipe.judge().rubric()).isEqualTo("strict");
    }

    // ---- helpers ------------------------------------------------------------------------------

    private static List<String> problems(String yaml) {
        var e = catchThrowableOfType(InvalidRecipeException.class, () -> RecipeLoader.parse(yaml));
        assertThat(e).as("expected the recipe to be rejected").isNotNull();
        return e.problems().stream().map(RecipeProblem::toString).toList();
    }

    /** Replaces the top-level block of {@code key} (its line and the indented lines below it). */
    private static String replace(String yaml, String key, String replacement) {
        List<String> out = new ArrayList<>();
        boolean skipping = false;
        boolean found = false;
        for (String line : yaml.split("\n", -1)) {
            if (line.startsWith(key + ":")) {
                skipping = true;
                found = true;
                out.add(replacement.stripTrailing());
                continue;
            }
            if (skipping && line.startsWith(" ")) {
                continue;
            }
            skipping = false;
            out.add(line);
        }
        assertThat(found).as("test recipe has a '%s' block", key).isTrue();
        return String.join("\n", out);
    }

    private static String without(String yaml, String... keys) {
        String result = yaml;
        for (String key : keys) {
            result = replace(result, key, "");
        }
        return result;
    }
}
