package dev.parley.recipe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class PiiChecksReaderTest {

    private static final String RECIPE = """
            name: shop-support
            language: id
            count: 10
            turns: { min: 4, max: 8 }
            assistant:
              system-prompt: Kamu asisten toko.
            dimensions:
              topic: [refund, late parcel]
            """;

    @Test
    void reads_an_action_per_kind_and_the_allowed_values() {
        Recipe recipe = RecipeLoader.parse(RECIPE + """
                checks:
                  pii:
                    action: redact
                    kinds: { person-name: allow, national-id: reject }
                    allow: ["0800-1-500-888", "cs@tokokita.id"]
                """);

        assertThat(recipe.checks().pii()).isEqualTo("redact");
        assertThat(recipe.checks().piiRules().kinds()).isEqualTo(Map.of("person-name", "allow", "national-id",
                "reject"));
        assertThat(recipe.checks().piiRules().allow()).containsExactly("0800-1-500-888", "cs@tokokita.id");
        assertThat(RecipeLoader.validate(RecipeLoader.toTree(recipe))).isEqualTo(recipe);
    }

    @Test
    void a_plain_action_applies_to_every_kind_and_writes_back_plain() {
        Recipe recipe = RecipeLoader.parse(RECIPE + "checks: { pii: off }\n");

        assertThat(recipe.checks().pii()).isEqualTo("off");
        assertThat(recipe.checks().piiRules()).isEqualTo(Recipe.PiiRules.NONE);
        assertThat(RecipeLoader.toTree(recipe).get("checks").get("pii").asText()).isEqualTo("off");
    }

    @Test
    void rejects_unknown_kinds_actions_and_blank_values_naming_the_fields() {
        var e = catchThrowableOfType(InvalidRecipeException.class, () -> RecipeLoader.parse(RECIPE + """
                checks:
                  pii:
                    action: mask
                    kinds: { phone: hide, shoe-size: reject }
                    allow: ["ok", " "]
                    colour: blue
                """));

        assertThat(e.problems()).extracting(RecipeProblem::field).containsExactlyInAnyOrder("checks.pii.action",
                "checks.pii.kinds.phone", "checks.pii.kinds.shoe-size", "checks.pii.allow[1]", "checks.pii.colour");
        assertThat(e.problems()).map(RecipeProblem::toString).contains(
                "checks.pii.action must be reject, redact or off, not 'mask'",
                "checks.pii.kinds.phone must be reject, redact or allow, not 'hide'");
    }

    @Test
    void rejects_a_list_where_an_action_belongs() {
        var e = catchThrowableOfType(InvalidRecipeException.class,
                () -> RecipeLoader.parse(RECIPE + "checks: { pii: [reject] }\n"));

        assertThat(e.problems()).extracting(RecipeProblem::field).isEqualTo(List.of("checks.pii"));
    }
}
