package dev.parley.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import dev.parley.dialogue.Dialogue;
import dev.parley.dialogue.Turn;

class NgramOverlapTest {

    @Test
    void finds_the_longest_shared_run_of_words() {
        // Reference "a b c d e f g h i j"; text "x a b c d e f g h i y": the shared run is a..i,
        // 9 words, starting at word 1 of the text and word 0 of the reference.
        var overlap = NgramOverlap.builder(NgramOverlap.MEMORISATION, 5).add("seed-1", "a b c d e f g h i j").build();

        assertThat(overlap.longestOverlap("X, a b c d e f g h i. Y")).hasValueSatisfying(o -> {
            assertThat(o.referenceId()).isEqualTo("seed-1");
            assertThat(o.words()).isEqualTo(9);
            assertThat(o.start()).isEqualTo(1);
            assertThat(o.referenceStart()).isZero();
            assertThat(o.passage()).isEqualTo("a b c d e f g h i");
        });
    }

    @Test
    void looks_only_for_runs_of_at_least_the_indexed_length() {
        // n = 13 indexes 8-grams: a shared 7-word run is not reported, an 8-word run is.
        var overlap = NgramOverlap.builder(NgramOverlap.DECONTAMINATION, 13)
                .add("eval-1", "satu dua tiga empat lima enam tujuh delapan sembilan sepuluh").build();

        assertThat(overlap.longestOverlap("nol satu dua tiga empat lima enam tujuh nol")).isEmpty();
        assertThat(overlap.longestOverlap("nol satu dua tiga empat lima enam tujuh delapan nol"))
                .hasValueSatisfying(o -> assertThat(o.words()).isEqualTo(8));
    }

    @Test
    void rejects_from_n_shared_words_and_not_below() {
        var reference = words(1, 40);
        var overlap = NgramOverlap.builder(NgramOverlap.DECONTAMINATION, 13).add("eval-7", String.join(" ", reference)).build();

        // 13 copied words (reference words 10..22) -> rejected; 12 -> passes.
        var rejected = overlap.check(dialogue("Pertanyaan saya: " + String.join(" ", reference.subList(10, 23)) + " ya?"));
        assertThat(rejected).hasValueSatisfying(r -> {
            assertThat(r.gate()).isEqualTo("decontamination");
            assertThat(r.reason()).startsWith("shares 13 consecutive words with eval-7 (limit 12): \"")
                    .endsWith(" …\"");
        });
        assertThat(overlap.check(dialogue("Pertanyaan saya: " + String.join(" ", reference.subList(10, 22)) + " ya?")))
                .isEmpty();
    }

    @Test
    void compares_normalised_words_across_messages() {
        var overlap = NgramOverlap.builder(NgramOverlap.MEMORISATION, 6)
                .add("seed-2", new Dialogue(List.of(new Turn(Turn.USER, "Paket saya belum sampai."),
                        new Turn(Turn.ASSISTANT, "Mohon maaf, kami cek dulu."))))
                .build();

        // "paket saya belum sampai mohon maaf kami" spans both messages: 7 words.
        var copied = new Dialogue(List.of(new Turn(Turn.USER, "PAKET saya, belum sampai!"),
                new Turn(Turn.ASSISTANT, "Mohon maaf kami periksa.")));
        assertThat(overlap.check(copied)).hasValueSatisfying(r -> assertThat(r.reason())
                .isEqualTo("shares 7 consecutive words with seed-2 (limit 5): \"paket saya belum sampai mohon maaf kami\""));
    }

    @Test
    void names_the_reference_holding_the_longest_run() {
        var a = words(2, 30);
        var b = words(3, 30);
        var overlap = NgramOverlap.builder(NgramOverlap.MEMORISATION, 8).add("", "").add("a", String.join(" ", a))
                .add("empty", "").add("b", String.join(" ", b)).build();

        String text = String.join(" ", a.subList(0, 9)) + " zzz " + String.join(" ", b.subList(5, 20));
        assertThat(overlap.longestOverlap(text)).hasValueSatisfying(o -> {
            assertThat(o.referenceId()).isEqualTo("b");
            assertThat(o.words()).isEqualTo(15);
            assertThat(o.start()).isEqualTo(10);
            assertThat(o.referenceStart()).isEqualTo(5);
        });
        assertThat(overlap.size()).isEqualTo(4);
    }

    /**
     * Planted copies: 40 references of 150 random words, then 300 texts of random words with a
     * passage of 0-30 words copied from a random reference at a random place. The index must give
     * exactly the longest common run that a brute-force dynamic programme finds, whenever that run is
     * at least the indexed 8 words.
     */
    @Test
    void agrees_with_brute_force_on_planted_copied_passages() {
        var random = new SplittableRandom(11);
        var references = new ArrayList<List<String>>();
        var builder = NgramOverlap.builder(NgramOverlap.MEMORISATION, 13);
        for (int r = 0; r < 40; r++) {
            references.add(words(100 + r, 150));
            builder.add("ref-" + r, String.join(" ", references.get(r)));
        }
        var overlap = builder.build();
        int checked = 0;
        int rejected = 0;
        for (int t = 0; t < 300; t++) {
            var text = new ArrayList<>(words(10_000 + t, 40 + random.nextInt(60)));
            var source = references.get(random.nextInt(references.size()));
            int length = random.nextInt(31);
            int from = random.nextInt(source.size() - length);
            text.addAll(random.nextInt(text.size()), source.subList(from, from + length));

            int expected = bruteForceLongest(text, references);
            var found = overlap.longestOverlap(String.join(" ", text));
            if (expected >= 8) {
                assertThat(found).as("text %d", t).hasValueSatisfying(o -> assertThat(o.words()).isEqualTo(expected));
                checked++;
            } else {
                assertThat(found).as("text %d", t).isEmpty();
            }
            boolean shouldReject = expected >= 13;
            assertThat(overlap.check(dialogue(String.join(" ", text))).isPresent()).isEqualTo(shouldReject);
            rejected += shouldReject ? 1 : 0;
        }
        assertThat(checked).as("texts with a run of 8+ words").isGreaterThan(150);
        assertThat(rejected).as("texts with a run of 13+ words").isGreaterThan(100);
    }

    @Test
    void rejects_n_below_two() {
        assertThatThrownBy(() -> NgramOverlap.builder("memorisation", 1))
                .hasMessage("the memorisation gate needs n ≥ 2 words, got 1");
    }

    private static int bruteForceLongest(List<String> text, List<List<String>> references) {
        int best = 0;
        for (List<String> ref : references) {
            int[] previous = new int[ref.size() + 1];
            for (String word : text) {
                int[] current = new int[ref.size() + 1];
                for (int j = 1; j <= ref.size(); j++) {
                    if (word.equals(ref.get(j - 1))) {
                        current[j] = previous[j - 1] + 1;
                        best = Math.max(best, current[j]);
                    }
                }
                previous = current;
            }
        }
        return best;
    }

    /** {@code count} random words from a 3,000-word vocabulary, Zipf-like so common words repeat. */
    private static List<String> words(long seed, int count) {
        var random = new SplittableRandom(seed);
        var words = new ArrayList<String>();
        for (int i = 0; i < count; i++) {
            words.add("w" + ((int) Math.exp(random.nextDouble() * Math.log(3001)) - 1));
        }
        return words;
    }

    private static Dialogue dialogue(String user) {
        return new Dialogue(List.of(new Turn(Turn.USER, user), new Turn(Turn.ASSISTANT, "Baik.")));
    }
}
