package dev.parley.recipe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The recipe's checks against collapse: diversity gates, disparity, semantic dedup, earlier data. */
class CollapseChecksRecipeTest {

    private static final String BASE = """
            name: shop
            language: en
            count: 10
            turns: { min: 2, max: 4 }
            assistant: { system-prompt: Help. }
            dimensions: { topic: [a, b] }
            """;

    private static Recipe parse(String checks) {
        return RecipeLoader.parse(BASE + "checks:\n" + checks.indent(2));
    }

    private static List<String> problems(String checks) {
        var e = catchThrowableOfType(InvalidRecipeException.class, () -> parse(checks));
        assertThat(e).as("expected the recipe to be rejected").isNotNull();
        return e.problems().stream().map(RecipeProblem::toString).toList();
    }

    @Test
    void is_off_but_for_the_disparity_flag_by_default() {
        Recipe.CollapseChecks c = RecipeLoader.parse(BASE).checks().collapse();

        assertThat(c).isEqualTo(new Recipe.CollapseChecks(List.of(), 50, 0.2, 0,
                Recipe.CollapseChecks.DEFAULT_SEMANTIC_WORD_OVERLAP, Recipe.DedupAgainst.NONE));
    }

    @Test
    void reads_every_field_and_survives_a_round_trip() {
        Recipe recipe = parse("""
                diversity:
                  - { measure: distinct-2, scope: window, limit: 0.4, action: pause, min-dialogues: 30 }
                  - { measure: self-bleu, scope: overall, limit: 0.5, direction: at-most, action: warn }
                  - { measure: assistant-opening-share, limit: 0.2, action: reject }
                diversity-every: 25
                disparity: 0.15
                semantic-duplicate: 0.88
                dedup-against: { runs: [run-1, run-2], reference: /data/real.jsonl }
                """);

        Recipe.CollapseChecks c = recipe.checks().collapse();
        assertThat(c.diversity()).containsExactly(
                new Recipe.DiversityRule("distinct-2", "window", 0.4, Optional.empty(), "pause", 30),
                new Recipe.DiversityRule("self-bleu", "overall", 0.5, Optional.of("at-most"), "warn", 20),
                new Recipe.DiversityRule("assistant-opening-share", "window", 0.2, Optional.empty(), "reject", 20));
        assertThat(c.diversityEvery()).isEqualTo(25);
        assertThat(c.disparity()).isEqualTo(0.15);
        assertThat(c.semanticDuplicate()).isEqualTo(0.88);
        assertThat(c.dedupAgainst()).isEqualTo(new Recipe.DedupAgainst(false, List.of("run-1", "run-2"),
                Optional.of("/data/real.jsonl")));
        assertThat(RecipeLoader.validate(RecipeLoader.toTree(recipe))).isEqualTo(recipe);
        Recipe earlier = parse("dedup-against: { runs: earlier }");
        assertThat(earlier.checks().collapse().dedupAgainst().earlierRuns()).isTrue();
        assertThat(RecipeLoader.validate(RecipeLoader.toTree(earlier))).isEqualTo(earlier);
    }

    @Test
    void names_the_field_of_every_bad_gate() {
        assertThat(problems("""
                diversity:
                  - { measure: distinct-4, limit: 0.4, action: warn }
                  - { measure: distinct-2, scope: everything, limit: high, action: stop }
                  - { measure: self-bleu, limit: 0.5, action: reject, min-dialogues: 0, colour: red }
                  - distinct-2
                diversity-every: 0
                disparity: 2
                semantic-duplicate: -0.1
                """)).containsExactlyInAnyOrder(
                "checks.diversity[0].measure 'distinct-4' is not a measure (known: distinct-1, distinct-2, distinct-3,"
                        + " compression-ratio, self-bleu, user-opening-share, assistant-opening-share, length-cv,"
                        + " coverage-entropy, embedding-distance)",
                "checks.diversity[1].scope must be 'window' or 'overall', not 'everything'",
                "checks.diversity[1].limit must be a number, not high",
                "checks.diversity[1].action must be 'warn', 'pause' or 'reject', not 'stop'",
                "checks.diversity[2].colour is not a known field (known: action, direction, limit, measure,"
                        + " min-dialogues, scope)",
                "checks.diversity[2].action reject works only on measures taken per dialogue (user-opening-share,"
                        + " assistant-opening-share); self-bleu can warn or pause",
                "checks.diversity[2].min-dialogues must be a whole number ≥ 1, not 0",
                "checks.diversity[3] must be a mapping such as {measure: distinct-2, limit: 0.4, action: warn}",
                "checks.diversity-every must be a whole number ≥ 1, not 0",
                "checks.disparity must be a number from 0 to 1, not 2",
                "checks.semantic-duplicate must be a number from 0 to 1, not -0.1");
    }

    @Test
    void reads_the_word_overlap_bar_of_semantic_dedup_and_names_it_when_bad() {
        Recipe recipe = parse("""
                semantic-duplicate: 0.9
                semantic-word-overlap: 0.55
                """);

        assertThat(recipe.checks().collapse().semanticWordOverlap()).isEqualTo(0.55);
        assertThat(RecipeLoader.validate(RecipeLoader.toTree(recipe))).isEqualTo(recipe);
        assertThat(parse("semantic-duplicate: 0.9").checks().collapse().semanticWordOverlap())
                .isEqualTo(Recipe.CollapseChecks.DEFAULT_SEMANTIC_WORD_OVERLAP);
        assertThat(problems("semantic-word-overlap: 1.5")).containsExactly(
                "checks.semantic-word-overlap must be a number from 0 to 1, not 1.5");
        assertThat(problems("semantic-word-overlap: many")).containsExactly(
                "checks.semantic-word-overlap must be a number from 0 to 1, not many");
    }

    @Test
    void names_the_field_of_bad_earlier_data() {
        assertThat(problems("dedup-against: { runs: all, reference: 3, since: today }")).containsExactlyInAnyOrder(
                "checks.dedup-against.since is not a known field (known: reference, runs)",
                "checks.dedup-against.runs must be 'earlier' (every earlier run of this recipe) or a list of run ids",
                "checks.dedup-against.reference must be the path of a JSONL file of dialogues");
        assertThat(problems("dedup-against: { runs: [run-1, '', 7] }")).containsExactly(
                "checks.dedup-against.runs[1] must be a run id", "checks.dedup-against.runs[2] must be a run id");
    }

    @Test
    void resolves_the_reference_file_against_the_recipe_folder(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("recipe.yaml");
        Files.writeString(file, BASE + "checks:\n  dedup-against: { reference: data/real.jsonl }\n");

        assertThat(RecipeLoader.load(file).checks().collapse().dedupAgainst().reference())
                .hasValue(dir.resolve("data/real.jsonl").toString());
    }
}
