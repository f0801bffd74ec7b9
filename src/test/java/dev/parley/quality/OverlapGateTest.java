package dev.parley.quality;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.parley.dialogue.Dialogue;

class OverlapGateTest {

    private static final Dialogue SEED = Dialogues.of(
            "Halo kak, paket saya belum sampai padahal sudah seminggu sejak dikirim dari gudang Bekasi.",
            "Mohon maaf atas keterlambatannya kak, boleh saya minta nomor resinya supaya bisa saya lacak sekarang?");

    @Test
    void measures_the_share_of_words_in_long_shared_runs() {
        NgramOverlap index = NgramOverlap.builder("memorisation", 4).add("ref", "a b c d e f g h i j").build();
        // "a b c d e" (5 words) is shared; "h i j" (3) is shorter than n = 4 and does not count: 5 of 9.
        NgramOverlap.Share share = index.share("x a b c d e y h i j");
        assertThat(share.words()).isEqualTo(10);
        assertThat(share.shared()).isEqualTo(5);
        assertThat(share.fraction()).isEqualTo(0.5);
        assertThat(share.longest()).get().extracting(NgramOverlap.Overlap::words).isEqualTo(5);
    }

    @Test
    void rejects_a_planted_copy_of_a_seed() {
        OverlapGate gate = OverlapGate.of("memorisation", 8, 0.2, Map.of("seeds.jsonl:1", SEED));
        // The first message copied whole (14 words) into a dialogue of 14 + 8 = 22 words: 64 % shared.
        Dialogue copy = Dialogues.of(SEED.turns().get(0).content(), "Baik, nomor resinya akan saya cek dulu ya.");
        assertThat(gate.check(copy)).contains(new Rejection("memorisation", "64% of its words (14 of 22) are in runs of"
                + " 8 or more words shared with reference dialogues (limit 20%); the longest, 14 words, with seeds.jsonl:1:"
                + " \"halo kak paket saya belum sampai padahal sudah seminggu sejak dikirim dari …\""));
    }

    @Test
    void accepts_a_fresh_dialogue_and_a_short_borrowed_phrase() {
        OverlapGate gate = OverlapGate.of("memorisation", 8, 0.2, Map.of("seeds.jsonl:1", SEED));
        assertThat(gate.check(Dialogues.INDONESIAN)).isEmpty();
        // Seven shared words ("mohon maaf atas keterlambatannya kak boleh saya") are under n = 8.
        assertThat(gate.check(Dialogues.of("Paket saya telat.", "Mohon maaf atas keterlambatannya kak, boleh saya tahu kotanya?")))
                .isEmpty();
    }

    @Test
    void decontamination_rejects_any_run_of_n_words_with_the_evaluation_set() {
        OverlapGate gate = OverlapGate.of("decontamination", 13, 0, Map.of("eval.jsonl:4", SEED));
        Dialogue leaked = Dialogues.of("Paket saya telat.", "Mohon maaf atas keterlambatannya kak, boleh saya minta nomor resinya"
                + " supaya bisa saya lacak sekarang? Terima kasih.");
        assertThat(gate.check(leaked)).get().extracting(Rejection::reason)
                .isEqualTo("shares 15 consecutive words with eval.jsonl:4 (limit 12): \"mohon maaf atas keterlambatannya kak"
                        + " boleh saya minta nomor resinya supaya bisa …\"");
        assertThat(gate.check(Dialogues.ENGLISH)).isEmpty();
    }

    @Test
    void a_gate_without_references_passes_everything() {
        OverlapGate gate = OverlapGate.of("decontamination", 13, 0, Map.of());
        assertThat(gate.size()).isZero();
        assertThat(gate.check(SEED)).isEmpty();
    }
}
