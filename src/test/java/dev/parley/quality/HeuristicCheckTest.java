package dev.parley.quality;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.parley.dialogue.Dialogue;
import dev.parley.dialogue.ToolCall;
import dev.parley.dialogue.Turn;
import dev.parley.llm.PromptTemplates;

class HeuristicCheckTest {

    private static final String PHRASES = PromptTemplates.packaged("stock-phrases.yaml").orElseThrow();

    private static Dialogue dialogue(String... messages) {
        var turns = new java.util.ArrayList<Turn>();
        for (int i = 0; i < messages.length; i++) {
            turns.add(new Turn(i % 2 == 0 ? Turn.USER : Turn.ASSISTANT, messages[i]));
        }
        return new Dialogue(turns);
    }

    @Test
    void rejects_an_assistant_that_talks_like_a_language_model() {
        var check = HeuristicCheck.forLanguage(PHRASES, "en");

        var rejection = check.check(dialogue("Where is my parcel?", "As an AI  Language Model, I cannot track parcels."));

        assertThat(rejection).hasValueSatisfying(r -> {
            assertThat(r.gate()).isEqualTo("stock-phrase");
            assertThat(r.reason()).isEqualTo(
                    "message 2 (assistant) says \"as an ai language model\", a phrase that gives synthetic text away");
        });
    }

    @Test
    void knows_the_indonesian_phrases_and_the_english_ones_in_an_indonesian_dialogue() {
        var check = HeuristicCheck.forLanguage(PHRASES, "id");

        assertThat(check.check(dialogue("Paket saya di mana?", "Sebagai model bahasa AI, saya tidak bisa melacak paket.")))
                .hasValueSatisfying(r -> assertThat(r.reason()).contains("sebagai model bahasa ai"));
        assertThat(check.check(dialogue("Paket saya di mana?", "As an AI language model I can't.")))
                .hasValueSatisfying(r -> assertThat(r.gate()).isEqualTo("stock-phrase"));
    }

    @Test
    void a_user_may_say_what_an_assistant_may_not() {
        var check = HeuristicCheck.forLanguage(PHRASES, "en");

        assertThat(check.check(dialogue("Are you just an AI? As an AI language model, what do you know?",
                "I'm the Stubshop help desk assistant. What can I do for your order?"))).isEmpty();
    }

    @Test
    void rejects_a_message_repeated_word_for_word() {
        var check = HeuristicCheck.forLanguage(PHRASES, "en");

        var rejection = check.check(dialogue("Hi", "Please send your order number.", "It's ORD-1.",
                "Please  send your ORDER number."));

        assertThat(rejection).hasValueSatisfying(r -> {
            assertThat(r.gate()).isEqualTo("repetition");
            assertThat(r.reason()).isEqualTo("message 4 (assistant) repeats an earlier message word for word");
        });
    }

    @Test
    void the_same_lookup_may_give_the_same_result_twice_but_an_answer_may_not_repeat() {
        var check = HeuristicCheck.forLanguage(PHRASES, "en");
        String result = "{\"order\":\"ORD-1\",\"status\":\"shipped\"}";
        List<Turn> twice = List.of(new Turn(Turn.USER, "Where is ORD-1?"),
                Turn.toolCalling("", List.of(new ToolCall("c1", "lookup", "{\"id\":\"ORD-1\"}"))),
                Turn.toolResult("c1", result), new Turn(Turn.ASSISTANT, "ORD-1 has shipped."),
                new Turn(Turn.USER, "Could you check once more?"),
                Turn.toolCalling("", List.of(new ToolCall("c2", "lookup", "{\"id\":\"ORD-1\"}"))),
                Turn.toolResult("c2", result), new Turn(Turn.ASSISTANT, "Still shipped, it is on its way."));

        assertThat(check.check(new Dialogue(twice))).isEmpty();

        List<Turn> parroted = new java.util.ArrayList<>(twice);
        parroted.set(7, new Turn(Turn.ASSISTANT, "ORD-1 has shipped."));
        assertThat(check.check(new Dialogue(parroted))).hasValueSatisfying(r -> assertThat(r.reason())
                .isEqualTo("message 8 (assistant) repeats an earlier message word for word"));
    }

    @Test
    void finds_a_stock_opening_of_the_first_assistant_message_only() {
        var check = HeuristicCheck.forLanguage(PHRASES, "en");

        assertThat(check.stockOpening(dialogue("Hi", "Certainly! Let me check.", "Ok", "Of course! Done.")))
                .contains("certainly");
        assertThat(check.stockOpening(dialogue("Hi", "Let me check.", "Ok", "Certainly! Done."))).isEmpty();
        assertThat(HeuristicCheck.forLanguage(PHRASES, "id").stockOpening(dialogue("Halo", "Tentu saja! Saya cek dulu.")))
                .contains("tentu saja!");
    }

    @Test
    void a_plain_support_dialogue_passes() {
        var check = HeuristicCheck.forLanguage(PHRASES, "id");

        assertThat(check.check(dialogue(List.of("Halo, paket saya terlambat.", "Mohon maaf. Boleh minta nomor pesanannya?",
                "INV-12345.", "Terima kasih, sudah saya cek: paket tiba besok.").toArray(String[]::new)))).isEmpty();
    }
}
