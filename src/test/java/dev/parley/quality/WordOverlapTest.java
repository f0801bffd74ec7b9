package dev.parley.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Word overlap: exact Jaccard of normalised word shingles, worked out by hand. */
class WordOverlapTest {

    @Test
    void jaccard_of_single_words_counts_each_word_once_after_normalisation() {
        var words = new WordOverlap(1);
        // {my, parcel, is, late} and {the, parcel, is, late}: 3 shared of 5 distinct
        long[] a = words.shingles("My parcel is late, my parcel!");
        long[] b = words.shingles("the PARCEL is late");

        assertThat(a).hasSize(4);
        assertThat(WordOverlap.jaccard(a, b)).isCloseTo(3 / 5.0, within(1e-12));
    }

    @Test
    void shingles_of_two_words_see_order() {
        var pairs = new WordOverlap(2);
        // {a b, b c} and {b c, c a}: 1 shared of 3
        assertThat(WordOverlap.jaccard(pairs.shingles("a b c"), pairs.shingles("b c a"))).isCloseTo(1 / 3.0,
                within(1e-12));
        assertThat(WordOverlap.jaccard(pairs.shingles(""), pairs.shingles("..."))).isEqualTo(1);
        assertThat(WordOverlap.jaccard(pairs.shingles("a"), pairs.shingles(""))).isZero();
    }
}
