package dev.parley.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class MinHashTest {

    private final MinHash minHash = new MinHash();

    @Test
    void cuts_normalised_text_into_overlapping_word_shingles() {
        // 5 words, 3-word shingles: "a b c", "b c d", "c d e" = 5 - 3 + 1 = 3.
        assertThat(minHash.shingles("A b, c. D  e!")).hasSize(3);
        // Fewer words than a shingle: the whole text is one shingle; no word at all: none.
        assertThat(minHash.shingles("halo kak")).hasSize(1);
        assertThat(minHash.shingles(" ?! ")).isEmpty();
        // The same shingle hashes the same wherever it stands: "x y z" twice in "x y z x y z".
        long[] repeated = minHash.shingles("x y z x y z");
        assertThat(repeated).hasSize(4);
        assertThat(repeated[0]).isEqualTo(repeated[3]);
    }

    @Test
    void signature_ignores_case_punctuation_and_spacing() {
        assertThat(minHash.signature("Paket saya, belum SAMPAI!"))
                .isEqualTo(minHash.signature("paket   saya belum sampai"))
                .hasSize(512);
    }

    @Test
    void similarity_is_the_share_of_agreeing_positions() {
        // 3 of 4 positions agree.
        assertThat(MinHash.similarity(new int[] {1, 2, 3, 4}, new int[] {1, 2, 9, 4})).isEqualTo(0.75);
        assertThat(MinHash.similarity(new int[] {1, 2}, new int[] {3, 4})).isZero();
        assertThatThrownBy(() -> MinHash.similarity(new int[2], new int[3])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void estimates_the_jaccard_similarity_of_shingle_sets() {
        // 10 words give 8 shingles; changing the last word replaces 1 shingle ("h i j" -> "h i x"):
        // intersection 7, union 9, J = 7/9 = 0.778. With 4,096 permutations the standard error is
        // sqrt(0.778 × 0.222 / 4096) = 0.0065, so 0.03 is more than four of them.
        var precise = new MinHash(4096, 3, 1);
        double estimate = MinHash.similarity(precise.signature("a b c d e f g h i j"), precise.signature("a b c d e f g h i x"));
        assertThat(estimate).isCloseTo(7.0 / 9, within(0.03));

        // Disjoint texts: J = 0; identical: J = 1.
        assertThat(MinHash.similarity(precise.signature("a b c d e"), precise.signature("v w x y z"))).isLessThan(0.01);
        assertThat(MinHash.similarity(precise.signature("a b c d e"), precise.signature("a b c d e"))).isEqualTo(1.0);
    }

    @Test
    void estimates_spread_like_a_binomial_with_no_bias() {
        // 400 random pairs of 170-shingle sets sharing 140 shingles: union 140 + 30 + 30 = 200,
        // J = 140 / 200 = 0.7. A 512-value estimate is a binomial share: mean 0.7, standard deviation
        // sqrt(0.7 × 0.3 / 512) = 0.0203.
        var random = new SplittableRandom(5);
        double sum = 0;
        double squares = 0;
        int pairs = 400;
        for (int t = 0; t < pairs; t++) {
            long[] a = new long[170];
            long[] b = new long[170];
            for (int i = 0; i < 140; i++) {
                a[i] = b[i] = Hashing.mix64(random.nextLong());
            }
            for (int i = 140; i < 170; i++) {
                a[i] = Hashing.mix64(random.nextLong());
                b[i] = Hashing.mix64(random.nextLong());
            }
            double error = MinHash.similarity(minHash.signatureOfShingles(a), minHash.signatureOfShingles(b)) - 0.7;
            sum += error;
            squares += error * error;
        }
        double bias = sum / pairs;
        double spread = Math.sqrt(squares / pairs);
        // The bias of a 400-pair mean is within ±3 × 0.0203 / 20 = ±0.003; the spread within ±15 %.
        assertThat(bias).isCloseTo(0, within(0.003));
        assertThat(spread).isCloseTo(0.0203, within(0.003));
    }

    @Test
    void same_seed_same_signature_and_another_seed_another() {
        String text = "Boleh minta nomor pesanannya, Kak?";
        assertThat(new MinHash(64, 3, 42).signature(text)).isEqualTo(new MinHash(64, 3, 42).signature(text));
        assertThat(new MinHash(64, 3, 42).signature(text)).isNotEqualTo(new MinHash(64, 3, 43).signature(text));
    }

    @Test
    void rejects_nonsense_parameters() {
        assertThatThrownBy(() -> new MinHash(0, 3, 1)).hasMessage("permutations must be ≥ 1, got 0");
        assertThatThrownBy(() -> new MinHash(8, 0, 1)).hasMessage("shingle size must be ≥ 1 word, got 0");
    }

    @Test
    void banding_takes_the_longest_bands_that_keep_a_pair_at_the_threshold_a_candidate() {
        // 256 permutations, t = 0.7:
        //   rows 7, bands 36: 0.7^7 = 0.08235; 1 - (1 - 0.08235)^36 = 1 - 0.0453 = 0.9547 < 0.99
        //   rows 6, bands 42: 0.7^6 = 0.11765; 1 - (1 - 0.11765)^42 = 1 - 0.0052 = 0.9948 ≥ 0.99
        var banding = LshBanding.forThreshold(256, 0.7);
        assertThat(banding).isEqualTo(new LshBanding(42, 6));
        assertThat(banding.candidateProbability(0.7)).isCloseTo(0.9948, within(0.0001));
        // 128 permutations, t = 0.7:
        //   rows 5, bands 25: 1 - (1 - 0.16807)^25 = 1 - 0.01005 = 0.98995 < 0.99 (just)
        //   rows 4, bands 32: 1 - (1 - 0.2401)^32 = 1 - 0.00015 = 0.99985
        assertThat(LshBanding.forThreshold(128, 0.7)).isEqualTo(new LshBanding(32, 4));
        // A strict threshold allows longer bands: 256 permutations, t = 0.9:
        //   rows 15, bands 17: 0.9^15 = 0.20589; 1 - (1 - 0.20589)^17 = 1 - 0.01986 = 0.98014 < 0.99
        //   rows 14, bands 18: 0.9^14 = 0.22877; 1 - (1 - 0.22877)^18 = 1 - 0.00932 = 0.99068 ≥ 0.99
        assertThat(LshBanding.forThreshold(256, 0.9)).isEqualTo(new LshBanding(18, 14));
        // Longer signatures band only their first 256 values: 512 permutations band like 256.
        assertThat(LshBanding.forThreshold(512, 0.7)).isEqualTo(new LshBanding(42, 6));
        // A loose threshold needs short bands: 256 permutations, t = 0.3:
        //   rows 3, bands 85: 0.3^3 = 0.027; 1 - (1 - 0.027)^85 = 1 - 0.0976 = 0.9024 < 0.99
        //   rows 2, bands 128: 0.3^2 = 0.09; 1 - (1 - 0.09)^128 = 1 - 0.0000057 ≥ 0.99
        assertThat(LshBanding.forThreshold(256, 0.3)).isEqualTo(new LshBanding(128, 2));
    }
}
