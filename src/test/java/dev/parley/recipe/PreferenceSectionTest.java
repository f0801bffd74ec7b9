package dev.parley.recipe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The recipe's {@code preference:} section: read, stored with the run, and checked field by field. */
class PreferenceSectionTest {

    private static final String WHOLE = """
            name: shop-support
            language: id
            count: 10
            turns: { min: 2, max: 6 }
            assistant:
              system-prompt: Kamu asisten toko.
            dimensions:
              topic: [refund, late]
            """;
    private static final String ROLE_PLAY = WHOLE + "mode: role-play\n";

    @Test
    void reads_candidates_margin_and_the_sampled_turns() {
        Preference preference = RecipeLoader.parse(ROLE_PLAY + """
                preference: { candidates: 3, min-margin: 1.5, turns: [1, 3] }
                """).preference();

        assertThat(preference).isEqualTo(new Preference(3, 1.5, List.of(1, 3)));
        assertThat(preference.candidatesAt(1)).isEqualTo(3);
        assertThat(preference.candidatesAt(2)).as("a turn not listed is not sampled").isEqualTo(1);
        assertThat(preference.candidatesAt(3)).isEqualTo(3);
    }

    @Test
    void samples_every_turn_with_a_margin_of_one_by_default() {
        Preference preference = RecipeLoader.parse(WHOLE + "preference: { candidates: 2 }\n").preference();

        assertThat(preference).isEqualTo(new Preference(2, 1.0, List.of()));
        assertThat(preference.samples()).isTrue();
        assertThat(preference.candidatesAt(7)).isEqualTo(2);
        assertThat(RecipeLoader.parse(ROLE_PLAY + "preference: { candidates: 4, turns: all }\n").preference().turns())
                .isEmpty();
        assertThat(RecipeLoader.parse(WHOLE).preference()).isEqualTo(Preference.NONE);
        assertThat(Preference.NONE.samples()).isFalse();
    }

    @Test
    void is_stored_with_the_run_and_read_back_the_same() {
        Recipe recipe = RecipeLoader.parse(ROLE_PLAY + "preference: { candidates: 3, min-margin: 0.5, turns: [2] }\n");

        Recipe stored = RecipeLoader.validate(RecipeLoader.toTree(recipe));

        assertThat(stored.preference()).isEqualTo(recipe.preference());
        assertThat(RecipeLoader.toTree(RecipeLoader.parse(WHOLE)).has("preference"))
                .as("no section, nothing stored: the recipe hash of runs without it is unchanged").isFalse();
    }

    private static final String MARGIN = "preference.min-margin must be a score difference from 0 to 4.0"
            + " (judge scores run from 1 to 5), not ";

    @Test
    void rejects_each_bad_field_with_its_path() {
        assertThat(problems(ROLE_PLAY + """
                preference: { candidates: 9, min-margin: 4.5, turns: [0, 2, 2, 101, first], colour: red }
                """)).containsExactlyInAnyOrder(
                "preference.colour is not a known field (known: candidates, min-margin, turns)",
                "preference.candidates must be a whole number from 1 to 8, not 9",
                MARGIN + "4.5",
                "preference.turns[0] must be an assistant turn from 1 to 100, not 0",
                "preference.turns[2] repeats the turn 2",
                "preference.turns[3] must be an assistant turn from 1 to 100, not 101",
                "preference.turns[4] must be an assistant turn from 1 to 100, not first");
    }

    @Test
    void rejects_a_section_that_is_not_a_mapping_or_lacks_candidates() {
        assertThat(problems(WHOLE + "preference: 3\n"))
                .containsExactly("preference must be a mapping such as { candidates: 3, min-margin: 1.0 }");
        assertThat(problems(WHOLE + "preference: { min-margin: 1 }\n"))
                .containsExactly("preference.candidates is required: how many candidates to sample, 2 to 8");
        assertThat(problems(WHOLE + "preference: { candidates: 2.5, min-margin: -1 }\n")).containsExactlyInAnyOrder(
                "preference.candidates must be a whole number from 1 to 8, not 2.5",
                MARGIN + "-1");
    }

    @Test
    void rejects_sampled_turns_outside_role_play() {
        assertThat(problems(WHOLE + "preference: { candidates: 3, turns: [1] }\n")).containsExactly(
                "preference.turns applies to role-play mode only: whole-dialogue candidates are whole dialogues");
        assertThat(problems(ROLE_PLAY + "preference: { candidates: 3, turns: [] }\n")).containsExactly(
                "preference.turns must be 'all' or a list of assistant turns such as [1, 2] (1: the first reply)");
    }

    private static List<String> problems(String yaml) {
        var e = catchThrowableOfType(InvalidRecipeException.class, () -> RecipeLoader.parse(yaml));
        assertThat(e).as("expected the recipe to be rejected").isNotNull();
        return e.problems().stream().map(RecipeProblem::toString).toList();
    }
}
