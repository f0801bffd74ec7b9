package dev.parley.recipe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Weighted values, values files, expansions and the coverage block: reading, errors, and the stored form. */
class CoverageRecipeTest {

    private static String recipe(String dimensions, String coverage) {
        return """
                name: coverage
                language: en
                count: 10
                turns: { min: 4, max: 4 }
                assistant: { system-prompt: You help. }
                dimensions:
                %s
                %s
                """.formatted(dimensions.indent(2), coverage);
    }

    private static final String GRID = """
            topic: [refund, pension]
            persona: [student, retiree]
            mood: [calm, {value: angry, weight: 2.5}]
            """;

    @Test
    void reads_weights_rules_and_adaptive_settings() {
        Recipe recipe = RecipeLoader.parse(recipe(GRID, """
                coverage:
                  exclude: [{persona: student, topic: pension}]
                  require: [{topic: refund, mood: angry, count: 3}]
                  adaptive: { max-extra: 0.3 }
                """));

        Coverage c = recipe.coverage();
        assertThat(recipe.dimensions().get("mood")).containsExactly("calm", "angry");
        assertThat(c.weight("mood", "angry")).isEqualTo(2.5);
        assertThat(c.weight("mood", "calm")).isEqualTo(1.0);
        assertThat(c.exclude()).containsExactly(Map.of("persona", "student", "topic", "pension"));
        assertThat(c.require()).containsExactly(new Coverage.Requirement(Map.of("topic", "refund", "mood", "angry"), 3));
        assertThat(c.maxExtra()).isEqualTo(0.3);
        assertThat(c.extraBudget(10)).isEqualTo(3);
    }

    @Test
    void loads_the_coverage_example_recipe() {
        Recipe recipe = RecipeLoader.load(Path.of("recipes/coverage-planning-en.yaml"));

        Coverage c = recipe.coverage();
        assertThat(c.weight("topic", "payment dispute")).isEqualTo(2.0);
        assertThat(c.weight("mood", "angry")).isEqualTo(1.5);
        assertThat(c.expand()).containsOnlyKeys("persona");
        assertThat(recipe.dimensions().get("persona")).isEmpty();
        assertThat(c.require()).singleElement().extracting(Coverage.Requirement::count).isEqualTo(8);
        assertThat(c.extraBudget(recipe.count())).isEqualTo(15);
    }

    @Test
    void the_stored_tree_reads_back_to_the_same_recipe() {
        Recipe recipe = RecipeLoader.parse(recipe(GRID + """
                segment: { expand: { personas: shoppers of a small online shop, count: 5 } }
                """, """
                coverage:
                  exclude: [{persona: student, topic: pension}]
                  require: [{topic: refund, mood: angry, count: 3}]
                  adaptive: { max-extra: 0.5 }
                """));

        Recipe again = RecipeLoader.validate(RecipeLoader.toTree(recipe));

        assertThat(again).isEqualTo(recipe);
        assertThat(again.coverage().expand()).containsEntry("segment",
                new Coverage.Expansion(Coverage.Expansion.PERSONAS, "shoppers of a small online shop", 1, 5));
    }

    @Test
    void names_every_impossible_rule_by_its_field() {
        var e = catchThrowableOfType(InvalidRecipeException.class, () -> RecipeLoader.parse(recipe(GRID + """
                tone: [{value: formal, weight: 0}, {value: casual, wieght: 2}]
                """, """
                coverage:
                  exclude: [{persona: student, colour: red}, {topic: tax}]
                  require: [{topic: refund, count: 11}]
                  adaptive: { max-extra: 9 }
                """)));

        assertThat(e.problems()).extracting(RecipeProblem::toString).containsExactlyInAnyOrder(
                "dimensions.tone[0].weight must be a number above 0 and at most 1000, not 0",
                "dimensions.tone[1].wieght is not a known field (known: value, weight)",
                "coverage.exclude[0].colour is not a dimension (dimensions: mood, persona, tone, topic)",
                "coverage.exclude[1].topic 'tax' is not a value of topic",
                "coverage.require[0].count must be ≤ count (10), got 11",
                "coverage.adaptive.max-extra must be a number from 0 to 5 (extra attempts as a share of count), not 9");
    }

    @Test
    void rejects_rules_that_exclude_everything_or_a_requirement() {
        var all = catchThrowableOfType(InvalidRecipeException.class, () -> RecipeLoader.parse(recipe(GRID,
                "coverage: { exclude: [{persona: student}, {persona: retiree, mood: calm}, {persona: retiree, mood: angry}] }")));
        var required = catchThrowableOfType(InvalidRecipeException.class, () -> RecipeLoader.parse(recipe(GRID, """
                coverage:
                  exclude: [{persona: student, topic: pension}]
                  require: [{persona: student, topic: pension, mood: calm, count: 2}, {topic: refund, count: 9}]
                """)));

        assertThat(all.problems()).extracting(RecipeProblem::toString)
                .containsExactly("coverage.exclude excludes every cell of the grid: nothing could be planned");
        assertThat(required.problems()).extracting(RecipeProblem::toString).containsExactlyInAnyOrder(
                "coverage.require asks for 11 dialogues in all, more than count (10)",
                "coverage.require[0] can never be met: every cell with these values is excluded by coverage.exclude");
    }

    @Test
    void rules_cannot_name_a_dimension_a_model_has_not_written_yet() {
        var e = catchThrowableOfType(InvalidRecipeException.class, () -> RecipeLoader.parse(recipe("""
                topic: { expand: { topics: problems of online shoppers, depth: 2, breadth: 3 } }
                mood: [calm, angry]
                """, "coverage: { exclude: [{topic: refund}] }")));

        assertThat(e.problems()).singleElement().extracting(RecipeProblem::field).isEqualTo("coverage.exclude[0].topic");
    }

    @Test
    void checks_expansion_settings() {
        var e = catchThrowableOfType(InvalidRecipeException.class, () -> RecipeLoader.parse(recipe("""
                a: { expand: { topics: x, personas: y } }
                b: { expand: { topics: x, depth: 9 } }
                c: { expand: { personas: y, depth: 2 } }
                d: { from: x.yaml, expand: { topics: x } }
                e: { expand: { topics: x, depth: 4, breadth: 20 } }
                """, "")));

        assertThat(e.problems()).extracting(RecipeProblem::toString).containsExactlyInAnyOrder(
                "dimensions.a.expand must have either 'topics' (a topic tree) or 'personas' (a list of people), with a short description",
                "dimensions.b.expand.depth must be a whole number from 1 to 4, not 9",
                "dimensions.c.expand personas are a list: give 'count', not depth or breadth",
                "dimensions.d must have either 'from' (a values file) or 'expand' (a model writes the values)",
                "dimensions.e.expand asks for 160000 values (breadth^depth); at most 10000");
    }

    @Test
    void a_dimension_reads_the_leaves_of_a_values_file_next_to_the_recipe(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("values.yaml"), """
                # edited by hand
                topic:
                  - refunds:
                      - damaged item
                      - refund not received
                  - delivery:
                      - late parcel
                  - vouchers
                """);
        Path file = dir.resolve("r.yaml");
        Files.writeString(file, recipe("""
                topic: { from: values.yaml }
                mood: [calm]
                """, "coverage: { exclude: [{topic: vouchers}] }"));

        Recipe recipe = RecipeLoader.load(file);

        assertThat(recipe.dimensions().get("topic")).containsExactly("damaged item", "refund not received", "late parcel", "vouchers");
        assertThat(recipe.coverage().exclude()).containsExactly(Map.of("topic", "vouchers"));
    }

    @Test
    void a_missing_or_broken_values_file_is_named(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("bad.yaml"), "topic:\n  - a\n  - a\n  - [nested]\n");
        Path file = dir.resolve("r.yaml");
        Files.writeString(file, recipe("""
                topic: { from: bad.yaml }
                persona: { from: none.yaml }
                """, ""));

        var e = catchThrowableOfType(InvalidRecipeException.class, () -> RecipeLoader.load(file));

        assertThat(e.problems()).extracting(RecipeProblem::toString).containsExactlyInAnyOrder(
                "dimensions.topic.from (bad.yaml: topic)[2] must be a value (text) or one 'value: [narrower values]' entry",
                "dimensions.topic.from (bad.yaml: topic) repeats the value 'a'",
                "dimensions.persona.from names a values file that does not exist: " + dir.resolve("none.yaml"));
    }

    @Test
    void writes_a_values_file_that_reads_back_as_the_same_tree(@TempDir Path dir) throws IOException {
        var tree = new ValueTree(List.of(
                new ValueTree.Node("refunds", List.of(ValueTree.Node.leaf("damaged item"), ValueTree.Node.leaf("late refund: 7 days"))),
                ValueTree.Node.leaf("vouchers")));
        Path file = dir.resolve("out/values.yaml");

        ValueTree.write(file, "written by a test\nedit freely", Map.of("topic", tree));

        assertThat(Files.readString(file)).startsWith("# written by a test\n# edit freely\n");
        var problems = new java.util.ArrayList<RecipeProblem>();
        assertThat(ValueTree.read(file, "topic", "from", problems)).isEqualTo(tree);
        assertThat(problems).isEmpty();
        assertThat(tree.leaves()).containsExactly("damaged item", "late refund: 7 days", "vouchers");
    }
}
