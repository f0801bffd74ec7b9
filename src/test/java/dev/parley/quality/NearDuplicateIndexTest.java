package dev.parley.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import dev.parley.dialogue.Dialogue;
import dev.parley.dialogue.Turn;

class NearDuplicateIndexTest {

    @Test
    void defaults_are_threshold_0_7_and_42_bands_of_6_rows() {
        var index = new NearDuplicateIndex();

        assertThat(index.threshold()).isEqualTo(0.7);
        assertThat(index.bands()).isEqualTo(42);
        assertThat(index.rows()).isEqualTo(6);
    }

    @Test
    void finds_a_lightly_edited_copy_and_passes_an_unrelated_text() {
        var corpus = new PlantedCorpus(20_000, 1);
        var original = corpus.original(1000);
        String text = PlantedCorpus.text(original);
        var index = new NearDuplicateIndex();

        assertThat(index.addIfNovel("a", text)).isEmpty();
        String copy = PlantedCorpus.text(corpus.edit(original, 0.02, 0));
        assertThat(PlantedCorpus.jaccard(text, copy, 3)).isGreaterThan(0.8);
        assertThat(index.addIfNovel("b", copy)).hasValueSatisfying(d -> {
            assertThat(d.id()).isEqualTo("a");
            assertThat(d.similarity()).isGreaterThan(0.7);
        });
        assertThat(index.addIfNovel("c", PlantedCorpus.text(corpus.original(1000)))).isEmpty();
        assertThat(index.size()).isEqualTo(2);
    }

    @Test
    void reports_the_most_similar_of_several_held_texts() {
        // Ten parts P1..P10 of ~35 words (~33 shingles each) make the query. A = P1..P6 plus 4 new
        // parts: J(A, query) ≈ 6/14 = 0.43. B = P3..P10 plus 2 new parts: J(B, query) ≈ 8/12 = 0.67.
        // J(A, B) ≈ 4 shared / 16 = 0.25, below the threshold 0.35, so both are held.
        var corpus = new PlantedCorpus(20_000, 2);
        var parts = new ArrayList<String>();
        for (int i = 0; i < 16; i++) {
            parts.add(PlantedCorpus.text(corpus.original(220)));
        }
        String query = String.join(" ", parts.subList(0, 10));
        String a = String.join(" ", parts.subList(0, 6)) + " " + String.join(" ", parts.subList(10, 14));
        String b = String.join(" ", parts.subList(2, 10)) + " " + String.join(" ", parts.subList(14, 16));
        var index = new NearDuplicateIndex(0.35);

        assertThat(index.addIfNovel("a", a)).isEmpty();
        assertThat(index.addIfNovel("b", b)).isEmpty();
        assertThat(index.find(query)).hasValueSatisfying(d -> {
            assertThat(d.id()).isEqualTo("b");
            assertThat(d.similarity()).isBetween(0.6, 0.75);
        });
    }

    @Test
    void gate_rejects_a_near_duplicate_dialogue_with_its_similarity() {
        var index = new NearDuplicateIndex();
        var first = dialogue("Halo kak, paket saya dengan nomor pesanan INV-12345 belum sampai padahal sudah seminggu.",
                "Mohon maaf atas ketidaknyamanannya, Kak. Saya cek dulu status pengiriman pesanan INV-12345 ya.");
        var second = dialogue("Halo kak, paket saya dengan nomor pesanan INV-12345 belum sampai padahal sudah seminggu!",
                "Mohon maaf atas ketidaknyamanannya Kak. Saya cek dulu status pengiriman pesanan INV-12345, ya.");

        assertThat(index.check("item-1", first)).isEmpty();
        assertThat(index.check("item-2", second)).hasValueSatisfying(r -> {
            assertThat(r.gate()).isEqualTo("near-duplicate");
            assertThat(r.reason()).isEqualTo("near duplicate of item-1 (estimated Jaccard similarity 1.00 ≥ 0.70)");
        });
    }

    @Test
    void removed_text_no_longer_blocks_and_re_adding_a_held_id_is_a_no_op() {
        var index = new NearDuplicateIndex();
        String text = PlantedCorpus.text(new PlantedCorpus(1000, 3).original(600));
        index.addIfNovel("a", text);

        assertThat(index.addIfNovel("a", text)).isEmpty();
        assertThat(index.size()).isEqualTo(1);
        assertThat(index.remove("a")).isTrue();
        assertThat(index.find(text)).isEmpty();
        assertThat(index.addIfNovel("b", text)).isEmpty();
        assertThat(index.remove("a")).isFalse();
    }

    @Test
    void texts_without_words_are_never_held() {
        var index = new NearDuplicateIndex();

        assertThat(index.addIfNovel("a", "...")).isEmpty();
        assertThat(index.addIfNovel("b", "!!!")).isEmpty();
        assertThat(index.size()).isZero();
    }

    @Test
    void rejects_a_threshold_outside_zero_to_one_and_a_foreign_signature() {
        assertThatThrownBy(() -> new NearDuplicateIndex(0)).hasMessage("near-duplicate threshold must be in (0, 1], got 0.0");
        assertThatThrownBy(() -> new NearDuplicateIndex(1.5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new NearDuplicateIndex().addIfNovel("a", new int[128]))
                .hasMessage("signature has 128 values; this index uses 512");
    }

    @Test
    void exactly_one_of_many_concurrent_near_duplicates_gets_in() throws Exception {
        var corpus = new PlantedCorpus(20_000, 4);
        var original = corpus.original(1000);
        var copies = new ArrayList<String>();
        for (int i = 0; i < 32; i++) {
            copies.add(PlantedCorpus.text(corpus.edit(original, 0.01, 0)));
        }
        var index = new NearDuplicateIndex();
        var admitted = new ConcurrentLinkedQueue<String>();
        var start = new CountDownLatch(1);
        try (var pool = Executors.newFixedThreadPool(8)) {
            var futures = new ArrayList<Future<?>>();
            for (int i = 0; i < copies.size(); i++) {
                String id = "item-" + i;
                String text = copies.get(i);
                futures.add(pool.submit(() -> {
                    start.await();
                    if (index.addIfNovel(id, text).isEmpty()) {
                        admitted.add(id);
                    }
                    return null;
                }));
            }
            start.countDown();
            for (var f : futures) {
                f.get();
            }
        }
        assertThat(admitted).hasSize(1);
    }

    /**
     * The planted corpus ({@link PlantedCorpus#score}): 3,000 originals of about 1,000 characters,
     * then one edited copy of each, aimed at a true Jaccard similarity drawn uniformly from 0.3–1.0
     * (substitutions, insertions, deletions and swaps of neighbouring words; sentences shuffled in a
     * quarter of them). A copy is a true near duplicate when its exact 3-word-shingle Jaccard
     * similarity to its original is ≥ 0.7. Every answer of the index is checked against exact Jaccard
     * on strings: a reported pair below 0.7 is a false positive, a true near duplicate not reported
     * is a false negative.
     */
    @Test
    void planted_near_duplicates_are_found_with_recall_and_precision_of_at_least_0_95() {
        var score = PlantedCorpus.score(new NearDuplicateIndex(), 3000, 20_240_601L);

        System.out.println("planted near duplicates: " + score);
        assertThat(score.positives()).as("the corpus plants enough true near duplicates").isBetween(900, 1600);
        assertThat(score.precision()).isGreaterThanOrEqualTo(0.95);
        assertThat(score.recall()).isGreaterThanOrEqualTo(0.95);
    }

    private static Dialogue dialogue(String user, String assistant) {
        return new Dialogue(List.of(new Turn(Turn.USER, user), new Turn(Turn.ASSISTANT, assistant)));
    }
}
