package dev.parley.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import dev.parley.dialogue.Dialogue;
import dev.parley.dialogue.Turn;
import dev.parley.quality.DiversitySnapshot.Scope;

class DiversityMeterTest {

    private static final double EXACT = 1e-12;

    @Test
    void distinct_n_counts_unique_over_all_n_grams_within_messages() {
        // Messages, normalised: [a b a] [b c] | [a b] [c d]
        //   unigrams: 3 + 2 + 2 + 2 = 9, distinct {a, b, c, d} = 4          -> 4/9
        //   bigrams:  [ab ba] [bc] [ab] [cd] = 5, distinct {ab, ba, bc, cd}  -> 4/5
        //   trigrams: [aba] = 1, distinct 1                                  -> 1
        // Window of 1 (the second dialogue): unigrams 4/4, bigrams 2/2, no trigram (undefined).
        var meter = new DiversityMeter(1, 1, 2, 0);
        meter.add(dialogue("A, b a!", "B c."), "cell");
        meter.add(dialogue("a B", "c d"), "cell");

        DiversityMeasures overall = meter.snapshot().overall();
        assertThat(overall.distinct1()).isCloseTo(4.0 / 9, within(EXACT));
        assertThat(overall.distinct2()).isCloseTo(4.0 / 5, within(EXACT));
        assertThat(overall.distinct3()).isEqualTo(1.0);
        DiversityMeasures window = meter.snapshot().window();
        assertThat(window.dialogues()).isEqualTo(1);
        assertThat(window.distinct1()).isEqualTo(1.0);
        assertThat(window.distinct2()).isEqualTo(1.0);
        assertThat(window.distinct3()).isNaN();
    }

    @Test
    void compression_ratio_is_raw_bytes_over_raw_deflate_bytes() {
        // Raw DEFLATE picks a fixed-Huffman block for inputs this small: 3 header bits, 8 bits per
        // literal byte (0x00-0x8F), 7 bits for end-of-block and lengths 3-10, 5 bits per distance code.
        // zlib never matches against the stream's first byte (position 0 is its "no match" marker).
        //
        // "abcabcabcabc\n" (13 bytes): literals a b c a (32), then at position 4 "bcabcabc" matches
        // position 1: length 8 (7 bits) distance 3 (5 bits), literal \n (8), end (7):
        // 3 + 32 + 12 + 8 + 7 = 62 bits -> 8 bytes; ratio 13/8.
        var meter = new DiversityMeter(1, 1, 2, 0);
        meter.add(new Dialogue(List.of(new Turn(Turn.USER, "abcabcabcabc"))), "cell");
        assertThat(meter.snapshot().overall().compressionRatio()).isCloseTo(13.0 / 8, within(EXACT));

        // Then "ab\n" (3 bytes). Window: 3 + 24 + 7 = 34 bits -> 5 bytes; ratio 3/5.
        // Overall "abcabcabcabc\nab\n" (16 bytes): as above up to position 12, then literals \n a b \n
        // ("ab\n" never occurred before): 3 + 32 + 12 + 32 + 7 = 86 bits -> 11 bytes; ratio 16/11.
        meter.add(new Dialogue(List.of(new Turn(Turn.USER, "ab"))), "cell");
        assertThat(meter.snapshot().window().compressionRatio()).isCloseTo(3.0 / 5, within(EXACT));
        assertThat(meter.snapshot().overall().compressionRatio()).isCloseTo(16.0 / 11, within(EXACT));
    }

    @Test
    void overall_compression_is_counted_in_64_kib_blocks_and_matches_the_window_over_the_same_text() {
        // 100 dialogues of ~1,400 bytes: 140 KB, so two full blocks and a partial one.
        var window = new DiversityMeter(100, 1, 2, 0);
        for (int i = 0; i < 100; i++) {
            window.add(dialogue("pesanan nomor " + i + " " + "belum sampai juga ya kak ".repeat(25), "jawaban " + i + " "
                    + "mohon ditunggu ".repeat(45)), "cell");
        }
        DiversitySnapshot snapshot = window.snapshot();

        assertThat(snapshot.window().compressionRatio()).isEqualTo(snapshot.overall().compressionRatio())
                .isGreaterThan(10);
    }

    @Test
    void self_bleu_is_the_mean_bleu_4_of_each_text_against_the_others() {
        // T1 "a b c d", T2 "a b c e", T3 "x y z w"; every length 4, so the brevity penalty is 1.
        //   T1 | T2, T3: p1 = 3/4 (d unmatched), p2 = 2/3 (cd), p3 = 1/2 (bcd), p4 = 0 -> 0.1/1;
        //     BLEU = (0.75 × 0.6667 × 0.5 × 0.1)^(1/4) = 0.025^(1/4) = 0.397635
        //   T2 | T1, T3: the same by symmetry, 0.397635
        //   T3 | T1, T2: nothing matches: (0.1/4 × 0.1/3 × 0.1/2 × 0.1/1)^(1/4) = 0.045180
        //   self-BLEU = (0.397635 + 0.397635 + 0.045180) / 3 = 0.280150
        var meter = new DiversityMeter(10, 1, 10, 0);
        meter.add(single("a b c d"), "cell");
        meter.add(single("A b, c e."), "cell");
        meter.add(single("x y z w"), "cell");

        assertThat(meter.snapshot().overall().selfBleu()).isCloseTo(0.280150, within(1e-6));
        assertThat(meter.snapshot().window().selfBleu()).isCloseTo(0.280150, within(1e-6));
    }

    @Test
    void self_bleu_applies_the_brevity_penalty_against_the_closest_reference() {
        // T1 "a b c d" (4 words), T2 "a b c d e f" (6).
        //   T1 | T2: every n-gram of T1 is in T2, precisions 1; c = 4 < r = 6: BP = exp(1 - 6/4) = 0.606531
        //   T2 | T1: p1 = 4/6, p2 = 3/5, p3 = 2/4, p4 = 1/3; c = 6 > r = 4: BP = 1;
        //     BLEU = (0.6667 × 0.6 × 0.5 × 0.3333)^(1/4) = 0.066667^(1/4) = 0.508133
        //   self-BLEU = (0.606531 + 0.508133) / 2 = 0.557332
        var meter = new DiversityMeter(10, 1, 10, 0);
        meter.add(single("a b c d"), "cell");
        meter.add(single("a b c d e f"), "cell");

        assertThat(meter.snapshot().overall().selfBleu()).isCloseTo(0.557332, within(1e-6));
    }

    @Test
    void self_bleu_clips_counts_to_the_reference() {
        // T1 "a a a a", T2 "a b c d".
        //   T1 | T2: p1 = min(4, 1)/4 = 1/4, p2..p4 unmatched: 0.1/3, 0.1/2, 0.1/1
        //   T2 | T1: p1 = 1/4 (only a), p2..p4 unmatched: the same four numbers
        //   both (0.25 × 0.03333 × 0.05 × 0.1)^(1/4) = 0.080343; self-BLEU 0.080343
        var meter = new DiversityMeter(10, 1, 10, 0);
        meter.add(single("a a a a"), "cell");
        meter.add(single("a b c d"), "cell");

        assertThat(meter.snapshot().overall().selfBleu()).isCloseTo(0.080343, within(1e-6));
    }

    @Test
    void self_bleu_needs_two_scorable_texts() {
        var meter = new DiversityMeter(10, 1, 10, 0);
        meter.add(single("a b c d"), "cell");
        assertThat(meter.snapshot().overall().selfBleu()).isNaN();

        // "a b c" has no 4-gram: it serves as a reference but is not scored. T1 | T2: p1 = 3/4,
        // p2 = 2/3, p3 = 1/2 (abc), p4 = 0.1/1, c = 4 vs r = 3: BP = 1 -> 0.397635, the only score.
        meter.add(single("a b c"), "cell");
        assertThat(meter.snapshot().overall().selfBleu()).isCloseTo(0.397635, within(1e-6));
    }

    @Test
    void samples_self_bleu_deterministically() {
        var a = new DiversityMeter(50, 1, 5, 42);
        var b = new DiversityMeter(50, 1, 5, 42);
        for (int i = 0; i < 40; i++) {
            String text = "nomor " + i + " paket belum sampai " + (i % 7) + " hari";
            a.add(single(text), "cell");
            b.add(single(text), "cell");
        }

        assertThat(a.snapshot()).isEqualTo(b.snapshot());
        assertThat(a.snapshot().window().selfBleu()).isBetween(0.0, 1.0);
        assertThat(a.snapshot().overall().selfBleu()).isBetween(0.0, 1.0);
    }

    @Test
    void opening_shares_count_the_first_three_words_of_the_first_user_and_assistant_messages() {
        // User openings: "halo kak saya" ×3, "selamat pagi min" ×1 -> top "halo kak saya", 3/4.
        // Assistant openings all differ ("baik kak" has only two words) -> top is the alphabetically
        // first, "baik kak", 1/4.
        var meter = new DiversityMeter(3, 1, 2, 0);
        meter.add(dialogue("Halo kak, saya mau tanya", "Baik kak."), "cell");
        meter.add(dialogue("halo KAK saya bingung", "Halo juga, Kak"), "cell");
        meter.add(dialogue("Selamat pagi min", "Pagi kak, ada yang bisa dibantu?"), "cell");
        meter.add(dialogue("Halo kak! Saya lagi", "Baik kak siap"), "cell");

        DiversityMeasures overall = meter.snapshot().overall();
        assertThat(overall.topUserOpening()).isEqualTo("halo kak saya");
        assertThat(overall.topUserOpeningShare()).isEqualTo(0.75);
        assertThat(overall.topAssistantOpening()).isEqualTo("baik kak");
        assertThat(overall.topAssistantOpeningShare()).isEqualTo(0.25);
        // The window (last 3): "halo kak saya" ×2 of 3.
        assertThat(meter.snapshot().window().topUserOpeningShare()).isCloseTo(2.0 / 3, within(EXACT));

        // A fifth dialogue opening "halo kak saya": overall (3 + 1) / (4 + 1) = 0.8. The window (second,
        // third, fourth dialogue) is full, so the second drops out, leaving "selamat pagi min" and one
        // "halo kak saya": (1 + 1) / (2 + 1) = 2/3. Its assistant opening "oke" is new: (0 + 1) / (4 + 1).
        var next = dialogue("Halo kak saya juga", "Oke");
        assertThat(meter.valueIfAdded(DiversityMeasure.USER_OPENING_SHARE, Scope.OVERALL, next)).isEqualTo(0.8);
        assertThat(meter.valueIfAdded(DiversityMeasure.USER_OPENING_SHARE, Scope.WINDOW, next))
                .isCloseTo(2.0 / 3, within(EXACT));
        assertThat(meter.valueIfAdded(DiversityMeasure.ASSISTANT_OPENING_SHARE, Scope.OVERALL, next)).isEqualTo(0.2);
        assertThat(meter.valueIfAdded(DiversityMeasure.USER_OPENING_SHARE, Scope.OVERALL,
                new Dialogue(List.of(new Turn(Turn.ASSISTANT, "Halo"))))).isNaN();
        assertThatThrownBy(() -> meter.valueIfAdded(DiversityMeasure.SELF_BLEU, Scope.OVERALL, next))
                .hasMessage("self-bleu is not measured per dialogue");
    }

    @Test
    void length_spread_is_mean_population_sd_and_their_ratio_of_code_points() {
        // Lengths 10, 20, 30, 40 (the emoji are one code point each, two UTF-16 units):
        // mean 25; variance (15² + 5² + 5² + 15²) / 4 = 125; sd 11.180340; cv 0.447214.
        // Window of 2 (30, 40): mean 35, sd 5, cv 1/7.
        var meter = new DiversityMeter(2, 1, 2, 0);
        meter.add(dialogue("😊😊😊😊😊", "abcde"), "cell");
        meter.add(dialogue("a".repeat(10), "b".repeat(10)), "cell");
        meter.add(dialogue("a".repeat(10), "b".repeat(20)), "cell");
        meter.add(dialogue("a".repeat(20), "b".repeat(20)), "cell");

        DiversityMeasures overall = meter.snapshot().overall();
        assertThat(overall.meanChars()).isCloseTo(25, within(EXACT));
        assertThat(overall.sdChars()).isCloseTo(11.180340, within(1e-6));
        assertThat(overall.cvChars()).isCloseTo(0.447214, within(1e-6));
        DiversityMeasures window = meter.snapshot().window();
        assertThat(window.meanChars()).isCloseTo(35, within(EXACT));
        assertThat(window.sdChars()).isCloseTo(5, within(EXACT));
        assertThat(window.cvChars()).isCloseTo(1.0 / 7, within(EXACT));
    }

    @Test
    void coverage_entropy_is_shannon_entropy_over_cells_normalised_by_the_planned_cells() {
        // Cells A, A, B, C: p = 1/2, 1/4, 1/4; H = 0.5·1 + 0.25·2 + 0.25·2 = 1.5 bits; 4 planned
        // cells: 1.5 / log2 4 = 0.75. Window of 2 (B, C): H = 1 bit, 1 / 2 = 0.5.
        var meter = new DiversityMeter(2, 4, 2, 0);
        for (String cell : List.of("A", "A", "B", "C")) {
            meter.add(single("halo"), cell);
        }

        assertThat(meter.snapshot().overall().coverageEntropyBits()).isCloseTo(1.5, within(EXACT));
        assertThat(meter.snapshot().overall().coverageEntropyNormalized()).isCloseTo(0.75, within(EXACT));
        assertThat(meter.snapshot().window().coverageEntropyBits()).isCloseTo(1.0, within(EXACT));
        assertThat(meter.snapshot().window().coverageEntropyNormalized()).isCloseTo(0.5, within(EXACT));

        // One planned cell: entropy 0 bits, and full coverage of the only cell.
        var single = new DiversityMeter(2, 1, 2, 0);
        single.add(single("halo"), "A");
        assertThat(single.snapshot().overall().coverageEntropyBits()).isZero();
        assertThat(single.snapshot().overall().coverageEntropyNormalized()).isEqualTo(1.0);
    }

    @Test
    void an_empty_meter_reports_undefined_measures() {
        DiversityMeasures overall = new DiversityMeter(4).snapshot().overall();

        assertThat(overall.dialogues()).isZero();
        assertThat(overall.distinct1()).isNaN();
        assertThat(overall.compressionRatio()).isNaN();
        assertThat(overall.selfBleu()).isNaN();
        assertThat(overall.topUserOpening()).isEmpty();
        assertThat(overall.topUserOpeningShare()).isNaN();
        assertThat(overall.meanChars()).isNaN();
        assertThat(overall.coverageEntropyNormalized()).isNaN();
    }

    @Test
    void concurrent_adds_count_every_dialogue() throws Exception {
        var concurrent = new DiversityMeter(1000, 10, 20, 0);
        var sequential = new DiversityMeter(1000, 10, 20, 0);
        var dialogues = new ArrayList<Dialogue>();
        for (int i = 0; i < 400; i++) {
            dialogues.add(dialogue("pesanan " + i + " belum sampai " + (i % 13), "kami cek " + (i % 17) + " dulu"));
        }
        for (int i = 0; i < dialogues.size(); i++) {
            sequential.add(dialogues.get(i), "cell-" + i % 10);
        }
        try (var pool = Executors.newFixedThreadPool(8)) {
            var futures = new ArrayList<Future<?>>();
            for (int t = 0; t < 8; t++) {
                int first = t;
                futures.add(pool.submit(() -> {
                    for (int i = first; i < dialogues.size(); i += 8) {
                        concurrent.add(dialogues.get(i), "cell-" + i % 10);
                    }
                }));
            }
            for (var f : futures) {
                f.get();
            }
        }

        // Order-independent measures agree exactly; compression and samples depend on order.
        DiversityMeasures a = concurrent.snapshot().overall();
        DiversityMeasures b = sequential.snapshot().overall();
        assertThat(a.dialogues()).isEqualTo(400);
        assertThat(a.distinct1()).isEqualTo(b.distinct1());
        assertThat(a.distinct2()).isEqualTo(b.distinct2());
        assertThat(a.distinct3()).isEqualTo(b.distinct3());
        assertThat(a.topUserOpeningShare()).isEqualTo(b.topUserOpeningShare());
        assertThat(a.meanChars()).isCloseTo(b.meanChars(), within(1e-9));
        assertThat(a.sdChars()).isCloseTo(b.sdChars(), within(1e-9));
        assertThat(a.coverageEntropyBits()).isCloseTo(b.coverageEntropyBits(), within(1e-12));
    }

    @Test
    void embedding_distance_is_the_mean_one_minus_cosine_over_every_pair() {
        // (1, 0), (0, 1), (1, 0): pairs 1-0 = 1, 1-1 = 0, 1-0 = 1 -> mean 2/3 over all three.
        // Window of 2 holds (0, 1) and (1, 0): one pair, distance 1.
        var meter = new DiversityMeter(2, 1, 3, 0);
        meter.add(single("a"), "cell", new float[] {1, 0});
        meter.add(single("b"), "cell", new float[] {0, 1});
        meter.add(single("c"), "cell", new float[] {1, 0});

        assertThat(meter.snapshot().overall().meanEmbeddingDistance()).isCloseTo(2.0 / 3, within(EXACT));
        assertThat(meter.snapshot().window().meanEmbeddingDistance()).isCloseTo(1.0, within(EXACT));
        assertThat(meter.snapshot().overall().value(DiversityMeasure.EMBEDDING_DISTANCE)).isCloseTo(2.0 / 3, within(EXACT));
        assertThat(meter.snapshot().overall().asMap()).containsEntry("meanEmbeddingDistance", 0.667);
    }

    @Test
    void without_embeddings_the_distance_is_undefined_and_left_out_of_the_report() {
        var meter = new DiversityMeter(2, 1, 3, 0);
        meter.add(single("a b"), "cell");
        meter.add(single("c d"), "cell");

        assertThat(meter.snapshot().overall().meanEmbeddingDistance()).isNaN();
        assertThat(meter.snapshot().overall().asMap()).doesNotContainKey("meanEmbeddingDistance")
                .containsEntry("dialogues", 2).containsEntry("distinct1", 1.0).containsEntry("distinct3", null);
    }

    @Test
    void rejects_nonsense_sizes() {
        assertThatThrownBy(() -> new DiversityMeter(0, 1, 2, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DiversityMeter(1, 0, 2, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DiversityMeter(1, 1, 1, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    private static Dialogue dialogue(String user, String assistant) {
        return new Dialogue(List.of(new Turn(Turn.USER, user), new Turn(Turn.ASSISTANT, assistant)));
    }

    private static Dialogue single(String user) {
        return new Dialogue(List.of(new Turn(Turn.USER, user)));
    }
}
