package dev.parley.quality;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.Test;

import dev.parley.dialogue.Dialogue;
import dev.parley.dialogue.Turn;

class ExactDuplicateIndexTest {

    @Test
    void finds_a_text_that_differs_only_in_case_punctuation_and_spacing() {
        var index = new ExactDuplicateIndex();

        assertThat(index.addIfAbsent("a", "Paket saya belum sampai. Tolong dicek!")).isEmpty();
        assertThat(index.addIfAbsent("b", "paket  saya belum sampai tolong DICEK")).contains("a");
        assertThat(index.addIfAbsent("c", "Paket saya belum sampai. Tolong dicek lagi!")).isEmpty();
        assertThat(index.size()).isEqualTo(2);
    }

    @Test
    void adding_the_same_id_and_text_again_is_a_no_op() {
        var index = new ExactDuplicateIndex();
        index.addIfAbsent("a", "Halo");

        assertThat(index.addIfAbsent("a", "halo!")).isEmpty();
        assertThat(index.size()).isEqualTo(1);
    }

    @Test
    void removed_text_no_longer_blocks() {
        var index = new ExactDuplicateIndex();
        index.addIfAbsent("a", "Halo");

        assertThat(index.remove("a")).isTrue();
        assertThat(index.find("halo")).isEmpty();
        assertThat(index.addIfAbsent("b", "Halo")).isEmpty();
        assertThat(index.remove("a")).isFalse();
    }

    @Test
    void gate_rejects_a_duplicate_dialogue_naming_the_first() {
        var index = new ExactDuplicateIndex();
        var dialogue = new Dialogue(List.of(new Turn(Turn.USER, "Halo?"), new Turn(Turn.ASSISTANT, "Halo, Kak.")));

        assertThat(index.check("item-1", dialogue)).isEmpty();
        assertThat(index.check("item-2", dialogue)).hasValueSatisfying(r -> {
            assertThat(r.gate()).isEqualTo("exact-duplicate");
            assertThat(r.reason()).isEqualTo("same text as item-1 after normalisation");
        });
    }

    @Test
    void exactly_one_of_many_concurrent_identical_texts_gets_in() throws Exception {
        var index = new ExactDuplicateIndex();
        var admitted = new ConcurrentLinkedQueue<String>();
        var start = new CountDownLatch(1);
        try (var pool = Executors.newFixedThreadPool(8)) {
            var futures = new ArrayList<java.util.concurrent.Future<?>>();
            for (int i = 0; i < 64; i++) {
                String id = "item-" + i;
                futures.add(pool.submit(() -> {
                    start.await();
                    if (index.addIfAbsent(id, "Sama persis.").isEmpty()) {
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
        assertThat(index.size()).isEqualTo(1);
    }
}
