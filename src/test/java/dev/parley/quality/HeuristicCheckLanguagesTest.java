package dev.parley.quality;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.parley.llm.PromptTemplates;

/** A recipe in several languages checks each one's stock phrases. */
class HeuristicCheckLanguagesTest {

    private static final String PHRASES = PromptTemplates.packaged("stock-phrases.yaml").orElseThrow();

    @Test
    void a_recipe_in_english_and_indonesian_checks_the_phrases_of_both() {
        var refusal = Dialogues.of("Bisa cek pesanan saya?", "Sebagai model bahasa AI, saya tidak bisa melihat pesanan.");

        assertThat(HeuristicCheck.forLanguages(PHRASES, List.of("en", "id")).check(refusal)).get()
                .extracting(Rejection::gate).isEqualTo(HeuristicCheck.STOCK_PHRASE);
        assertThat(HeuristicCheck.forLanguage(PHRASES, "en").check(refusal)).as("English phrases alone miss it").isEmpty();
        assertThat(HeuristicCheck.forLanguages(PHRASES, List.of("en", "id")).stockOpening(
                Dialogues.of("Halo", "Tentu saja! Saya cek dulu."))).contains("tentu saja!");
    }
}
