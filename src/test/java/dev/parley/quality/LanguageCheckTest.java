package dev.parley.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.parley.generate.Dialogue;
import dev.parley.llm.PromptTemplates;

class LanguageCheckTest {

    private static final LanguageCheck CHECK = LanguageCheck.fromYaml(PromptTemplates.packaged("languages.yaml").orElseThrow());

    @Test
    void measures_the_share_of_each_languages_stop_words() {
        // saya, mau, yang, belum are Indonesian stop words; tanya, soal, pesanan, sampai are not: 4 of 8.
        LanguageCheck.Reading id = CHECK.read("Saya mau tanya soal pesanan yang belum sampai", "id");
        assertThat(id.words()).isEqualTo(8);
        assertThat(id.stopWordShares()).containsEntry("id", 0.5).containsEntry("en", 0.0);
        assertThat(id.scriptShare()).isEqualTo(1.0);
        // where, is, my, it, was are English stop words; order and shipped are not: 5 of 7.
        LanguageCheck.Reading en = CHECK.read("Where is my order? It was shipped!", "en");
        assertThat(en.stopWordShares()).containsEntry("en", 5 / 7.0).containsEntry("id", 0.0);
    }

    @Test
    void accepts_indonesian_with_brand_names_and_a_short_english_turn() {
        assertThat(CHECK.check(Dialogues.INDONESIAN, "id")).isEmpty();
    }

    @Test
    void accepts_english() {
        assertThat(CHECK.check(Dialogues.ENGLISH, "en")).isEmpty();
    }

    @Test
    void rejects_an_english_dialogue_planned_as_indonesian() {
        Optional<Rejection> rejection = CHECK.check(Dialogues.ENGLISH, "id");
        assertThat(rejection).get().extracting(Rejection::gate).isEqualTo("language");
        assertThat(CHECK.check(Dialogues.ENGLISH, "id-ID")).as("a regional code is checked as its language").isEqualTo(rejection);
        assertThat(rejection.get().reason()).startsWith("reads as English, not Bahasa Indonesia: ");
        assertThat(CHECK.check(Dialogues.INDONESIAN, "en")).get().extracting(Rejection::reason).asString()
                .startsWith("reads as Bahasa Indonesia, not English: ");
    }

    @Test
    void rejects_an_indonesian_dialogue_whose_assistant_answers_one_turn_in_english() {
        Dialogue mixed = Dialogues.of(
                "Halo kak, paket saya belum sampai padahal sudah seminggu.",
                "I am sorry to hear that, could you send me your order number so I can check it?",
                "Nomornya INV-20931, dipesan hari Senin.",
                "Baik kak, saya cek dulu ya. Paketnya sedang di gudang kurir dan akan dikirim besok.");
        Optional<Rejection> rejection = CHECK.check(mixed, "id");
        // 47 words (9 + 18 + 5 + 15). Indonesian stop words: kak, saya, belum, sudah | hari | baik, kak, saya, ya,
        // sedang, di, dan, akan = 13 (28%). English: i, to, that, could, you, me, your, so, i, can, it = 11 (23%),
        // under the Indonesian share but above 0.3 of it.
        assertThat(rejection).get().extracting(Rejection::reason)
                .isEqualTo("mixes Bahasa Indonesia with English: 28% of its words are common Bahasa Indonesia words,"
                        + " 23% common English words");
    }

    @Test
    void rejects_text_in_the_wrong_script() {
        Optional<Rejection> rejection = CHECK.check(Dialogues.ENGLISH, "th");
        assertThat(rejection).get().extracting(Rejection::reason)
                .isEqualTo("only 0% of its letters are in the Thai script of ภาษาไทย");
        assertThat(CHECK.check(Dialogues.of("สวัสดีครับ พัสดุของผมยังไม่มาถึง", "ขออภัยครับ ขอเลขคำสั่งซื้อด้วยครับ"), "th")).isEmpty();
    }

    @Test
    void leaves_dialogues_too_short_to_tell_and_unlisted_languages_alone() {
        assertThat(CHECK.check(Dialogues.of("user says 1", "assistant says 1"), "en")).isEmpty();
        assertThat(CHECK.check(Dialogues.ENGLISH, "xx")).isEmpty();
    }

    @Test
    void rejects_a_long_dialogue_with_none_of_the_languages_common_words() {
        Dialogue german = Dialogues.of(
                "Guten Tag, meine Bestellung ist noch nicht angekommen, obwohl sie vor zehn Tagen verschickt wurde.",
                "Das tut mir leid. Können Sie mir bitte Ihre Bestellnummer nennen, damit ich nachsehen kann?",
                "Natürlich, die Nummer lautet ORD-4471, bestellt am Montag.",
                "Danke. Das Paket liegt beim Zusteller und kommt morgen bei Ihnen an.");
        assertThat(CHECK.check(german, "id")).get().extracting(Rejection::reason).asString()
                .startsWith("does not read as Bahasa Indonesia: only 0% of its ");
    }

    @Test
    void names_an_unknown_script_in_the_languages_file() {
        assertThatThrownBy(() -> LanguageCheck.fromYaml("xx: { name: X, script: Klingon }"))
                .hasMessage("languages.yaml: xx.script names no Unicode script: 'Klingon' (e.g. Latin, Thai, Han, Arabic)");
    }
}
