package dev.parley.quality;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.parley.dialogue.Dialogue;
import dev.parley.dialogue.Turn;
import dev.parley.recipe.Recipe;

class PiiPolicyTest {

    private static Recipe.Checks checks(String action, Map<String, String> kinds, List<String> allow) {
        return new Recipe.Checks(0.3, 0.7, action, Recipe.Memorisation.DEFAULT, Optional.empty(),
                Recipe.CollapseChecks.DEFAULT, new Recipe.PiiRules(kinds, allow));
    }

    private static Dialogue dialogue(String user) {
        return new Dialogue(List.of(new Turn(Turn.USER, user), new Turn(Turn.ASSISTANT, "Baik, kami bantu.")));
    }

    @Test
    void the_recipe_names_every_kind_the_detector_knows() {
        assertThat(Recipe.PII_KINDS)
                .containsExactlyElementsOf(Arrays.stream(PiiType.values()).map(PiiType::key).toList());
    }

    @Test
    void redacts_allows_and_rejects_per_kind() {
        // given: redact by default, names allowed, national IDs rejected
        var policy = PiiPolicy.of(checks("redact", Map.of("person-name", "allow", "national-id", "reject"), List.of()));

        // when
        var redacted = policy.screen(dialogue("Nama saya Budi Santoso, HP 0812-3456-7890."));
        var rejected = policy.screen(dialogue("SSN saya 123-45-6789, HP 0812-3456-7890."));

        // then
        assertThat(redacted.rejection()).isEmpty();
        assertThat(redacted.dialogue().turns().get(0).content()).isEqualTo("Nama saya Budi Santoso, HP [PHONE].");
        assertThat(redacted.redacted()).isEqualTo(Map.of(PiiType.PHONE, 1));
        assertThat(rejected.rejection()).hasValueSatisfying(r -> assertThat(r.reason())
                .isEqualTo("personal data or secrets: 1 [ID] in message 1"));
        assertThat(rejected.dialogue().turns().get(0).content()).contains("0812-3456-7890");
    }

    @Test
    void leaves_the_shops_own_hotline_and_address_alone() {
        var policy = PiiPolicy.of(checks("reject", Map.of(), List.of("+62 812 1111 2222", "cs@tokokita.id")));

        var screened = policy.screen(dialogue("Hubungi kami di 0812 1111 2222 atau cs@tokokita.id."));

        assertThat(screened.rejection()).isEmpty();
        assertThat(screened.redacted()).isEmpty();
    }

    @Test
    void a_revision_of_a_redacted_dialogue_is_redacted_again_not_rejected() {
        // given a first version redacted under the redact policy
        var policy = PiiPolicy.of(checks("redact", Map.of(), List.of()));
        Dialogue first = policy.screen(dialogue("Token saya Bearer sk-proj-A1b2C3d4E5f6G7h8I9j0K1l2M3n4")).dialogue();

        // when a reviser keeps the placeholder and adds an e-mail address
        var revision = new Dialogue(List.of(new Turn(Turn.USER, first.turns().get(0).content()
                + ", email budi@gmail.com"), first.turns().get(1)));
        var screened = policy.screen(revision);

        // then
        assertThat(first.turns().get(0).content()).isEqualTo("Token saya Bearer [SECRET]");
        assertThat(screened.rejection()).isEmpty();
        assertThat(screened.dialogue().turns().get(0).content()).isEqualTo("Token saya Bearer [SECRET], email [EMAIL]");
        assertThat(screened.redacted()).isEqualTo(Map.of(PiiType.EMAIL, 1));
    }

    @Test
    void off_allows_every_kind() {
        var policy = PiiPolicy.of(checks("off", Map.of(), List.of()));

        assertThat(policy.screen(dialogue("HP 0812-3456-7890")).dialogue().turns().get(0).content())
                .isEqualTo("HP 0812-3456-7890");
        assertThat(Arrays.stream(PiiType.values()).map(policy::action)).containsOnly(PiiPolicy.Action.ALLOW);
    }
}
