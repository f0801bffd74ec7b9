package dev.parley.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.parley.dialogue.Dialogue;
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
    void a_stop_word_two_languages_list_counts_for_the_expected_one_only() {
        // que and para are Spanish and Portuguese stop words, el and con Spanish only, aqui Portuguese only.
        LanguageCheck.Reading spanish = CHECK.read("que para el con aqui", "es");
        assertThat(spanish.stopWordShares()).containsEntry("es", 4 / 5.0).containsEntry("pt", 1 / 5.0);
        LanguageCheck.Reading portuguese = CHECK.read("que para el con aqui", "pt");
        assertThat(portuguese.stopWordShares()).containsEntry("pt", 3 / 5.0).containsEntry("es", 2 / 5.0);
        // A language the file does not describe claims no word: each listed language counts all of its own.
        LanguageCheck.Reading unknown = CHECK.read("que para el con aqui", "xx");
        assertThat(unknown.stopWordShares()).containsEntry("es", 4 / 5.0).containsEntry("pt", 3 / 5.0);
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

    /** The same support exchange in each language the file gives common words for, besides Indonesian and English. */
    private static final Map<String, Dialogue> LATE_PARCEL = Map.of(
            "de", Dialogues.of(
                    "Guten Tag, meine Bestellung ist noch nicht angekommen, obwohl sie vor zehn Tagen verschickt wurde.",
                    "Das tut mir leid. Können Sie mir bitte Ihre Bestellnummer nennen, damit ich nachsehen kann?",
                    "Natürlich, die Nummer lautet ORD-4471, bestellt am Montag.",
                    "Danke. Das Paket liegt beim Zusteller und kommt morgen bei Ihnen an."),
            "es", Dialogues.of(
                    "Hola, mi pedido todavía no ha llegado y lo compré hace diez días.",
                    "Lo siento mucho. ¿Me puede dar el número de pedido para que lo revise?",
                    "Claro, es el ORD-4471, lo hice el lunes.",
                    "Gracias. El paquete está con la empresa de envíos y llega mañana a su casa."),
            "pt", Dialogues.of(
                    "Olá, o meu pedido ainda não chegou e eu comprei há dez dias.",
                    "Sinto muito. Você pode me passar o número do pedido para eu verificar?",
                    "Claro, é o ORD-4471, fiz na segunda-feira.",
                    "Obrigado. O pacote está com a transportadora e chega amanhã na sua casa."),
            "fr", Dialogues.of(
                    "Bonjour, ma commande n'est toujours pas arrivée alors qu'elle a été envoyée il y a dix jours.",
                    "Je suis désolé. Pouvez-vous me donner le numéro de commande pour que je vérifie ?",
                    "Bien sûr, c'est ORD-4471, passée lundi.",
                    "Merci. Le colis est chez le transporteur et il arrive demain chez vous."),
            "it", Dialogues.of(
                    "Buongiorno, il mio ordine non è ancora arrivato e l'ho fatto dieci giorni fa.",
                    "Mi dispiace molto. Può darmi il numero dell'ordine così controllo?",
                    "Certo, è ORD-4471, l'ho fatto lunedì.",
                    "Grazie. Il pacco è dal corriere e arriva domani a casa sua."),
            "nl", Dialogues.of(
                    "Hallo, mijn bestelling is nog niet aangekomen terwijl ik hem tien dagen geleden heb besteld.",
                    "Dat spijt me. Kunt u mij het bestelnummer geven zodat ik het kan nakijken?",
                    "Natuurlijk, het is ORD-4471, besteld op maandag.",
                    "Dank u. Het pakket ligt bij de bezorger en komt morgen bij u aan."),
            "vi", Dialogues.of(
                    "Chào bạn, đơn hàng của tôi vẫn chưa đến dù đã đặt mười ngày rồi.",
                    "Dạ em xin lỗi anh. Anh có thể cho em mã đơn hàng để em kiểm tra không ạ?",
                    "Được, mã là ORD-4471, tôi đặt hôm thứ hai.",
                    "Cảm ơn anh. Gói hàng đang ở bên vận chuyển và sẽ giao cho anh vào ngày mai."));

    @Test
    void accepts_each_listed_language_and_turns_away_english_written_for_it() {
        LATE_PARCEL.forEach((code, dialogue) -> {
            assertThat(CHECK.check(dialogue, code)).as(code).isEmpty();
            assertThat(CHECK.check(Dialogues.ENGLISH, code)).as("English for " + code).get()
                    .extracting(Rejection::reason).asString().startsWith("reads as English, not ");
            assertThat(CHECK.check(dialogue, "en")).as(code + " for English").isPresent();
            assertThat(CHECK.check(dialogue, "id")).as(code + " for Indonesian").isPresent();
        });
    }

    @Test
    void english_and_indonesian_do_not_read_as_any_other_listed_language() {
        LanguageCheck.Reading english = CHECK.read(Dialogues.ENGLISH.text(), "en");
        LanguageCheck.Reading indonesian = CHECK.read(Dialogues.INDONESIAN.text(), "id");
        for (String code : LATE_PARCEL.keySet()) {
            assertThat(english.stopWordShares().get(code)).as(code + " in English").isLessThan(LanguageCheck.EVIDENCE);
            assertThat(indonesian.stopWordShares().get(code)).as(code + " in Indonesian")
                    .isLessThan(LanguageCheck.EVIDENCE);
        }
    }

    @Test
    void names_the_language_a_dialogue_reads_as() {
        assertThat(CHECK.check(LATE_PARCEL.get("de"), "id")).get().extracting(Rejection::reason).asString()
                .startsWith("reads as Deutsch, not Bahasa Indonesia: ");
        assertThat(CHECK.check(LATE_PARCEL.get("es"), "pt")).get().extracting(Rejection::reason).asString()
                .startsWith("reads as Español, not Português: ");
        assertThat(CHECK.check(LATE_PARCEL.get("pt"), "es")).get().extracting(Rejection::reason).asString()
                .startsWith("reads as Português, not Español: ");
    }

    @Test
    void rejects_a_long_dialogue_with_none_of_the_languages_common_words() {
        // Finnish, which the file lists with no common words; none of its words is another language's.
        Dialogue finnish = Dialogues.of(
                "Hyvää päivää, tilaukseni ei vielä saapunut, vaikka lähetys lähti kymmenen päivää sitten.",
                "Pahoittelen kovasti. Voisitteko kertoa tilausnumeron, jotta voin tarkistaa asian?",
                "Totta kai, numero on ORD-4471, tilasin maanantaina.",
                "Kiitos. Paketti odottaa kuljetusliikkeessä ja saapuu huomenna teille.");
        assertThat(CHECK.check(finnish, "id")).get().extracting(Rejection::reason).asString()
                .startsWith("does not read as Bahasa Indonesia: only 0% of its ");
    }

    @Test
    void names_an_unknown_script_in_the_languages_file() {
        assertThatThrownBy(() -> LanguageCheck.fromYaml("xx: { name: X, script: Klingon }"))
                .hasMessage("languages.yaml: xx.script names no Unicode script: 'Klingon' (e.g. Latin, Thai, Han, Arabic)");
    }

    @Test
    void reads_what_the_user_and_assistant_say_not_the_english_data_a_tool_returns() {
        String englishResult = "{\"order\": \"INV-48213\", \"status\": \"in transit\", \"note\": \"the parcel is on the way"
                + " and it will be with the customer when the courier has done all of the other stops on this route\"}";
        Dialogue withResult = ToolDialogues.lookup(ToolDialogues.ARGUMENTS, "call_1", englishResult, ToolDialogues.ANSWER);

        assertThat(CHECK.check(withResult, "id")).isEmpty();
        assertThat(CHECK.check(Dialogues.of("Halo, paket saya belum sampai.", englishResult), "id")).isPresent();
    }
}
