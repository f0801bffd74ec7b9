package dev.parley.quality;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import dev.parley.llm.PromptTemplates;

class RoleLeakageCheckTest {

    private static final RoleLeakageCheck CHECK = RoleLeakageCheck.fromYaml(
            PromptTemplates.packaged("role-leakage.yaml").orElseThrow());

    @Test
    void accepts_clean_dialogues_in_both_languages() {
        assertThat(CHECK.check(Dialogues.INDONESIAN)).isEmpty();
        assertThat(CHECK.check(Dialogues.ENGLISH)).isEmpty();
        // The assistant offering help is its job; the user asking for it is theirs.
        assertThat(CHECK.check(Dialogues.of("Can you help me with my invoice?", "Of course. How can I help you with it?"))).isEmpty();
    }

    @Test
    void rejects_a_user_who_offers_help_like_the_assistant() {
        assertThat(CHECK.check(Dialogues.of("Halo! Ada yang bisa saya bantu hari ini?", "Saya ingin cek pesanan.")))
                .contains(new Rejection("role-leakage", "message 1 (user) says \"ada yang bisa saya bantu\", which the"
                        + " assistant would say: the user speaks as the service"));
        assertThat(CHECK.check(Dialogues.of("My order is late.", "Let me check.", "As an AI, I understand delays happen.", "Thanks.")))
                .get().extracting(Rejection::reason).isEqualTo("message 3 (user) says \"as an ai\", which the assistant"
                        + " would say: the user speaks as the service");
        assertThat(CHECK.check(Dialogues.of("Hello, how may I assist you today?", "I need help with a refund.")))
                .get().extracting(Rejection::reason).asString().startsWith("message 1 (user) says \"how may i assist you\"");
    }

    @Test
    void rejects_an_assistant_who_speaks_as_the_customer() {
        assertThat(CHECK.check(Dialogues.of("Hi, my parcel is late.", "Where is my order? I placed an order last week too.")))
                .get().extracting(Rejection::reason).isEqualTo("message 2 (assistant) says \"where is my order\", which the"
                        + " user would say: the assistant speaks as the customer");
        assertThat(CHECK.check(Dialogues.of("Paket saya telat.", "Pesanan saya belum datang juga, kak.")))
                .get().extracting(Rejection::reason).asString().startsWith("message 2 (assistant) says \"pesanan saya belum\"");
    }

    @Test
    void rejects_speaker_labels_inside_a_message() {
        assertThat(CHECK.check(Dialogues.of("Where is my parcel?", "It ships tomorrow.\nUser: thanks!\nAssistant: you're welcome")))
                .contains(new Rejection("role-leakage",
                        "message 2 (assistant) contains the speaker label \"User:\", as if a transcript leaked into it"));
        assertThat(CHECK.check(Dialogues.of("**Pelanggan:** paket saya belum sampai", "Baik, saya cek dulu.")))
                .get().extracting(Rejection::reason).asString().startsWith("message 1 (user) contains the speaker label \"Pelanggan:\"");
        // A label only counts at the start of a line.
        assertThat(CHECK.check(Dialogues.of("The form says user: admin, is that right?", "Yes, that is the default."))).isEmpty();
    }
}
