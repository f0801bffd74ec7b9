package dev.parley.quality;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TextNormalizerTest {

    @Test
    void lower_cases_strips_punctuation_and_collapses_whitespace() {
        assertThat(TextNormalizer.normalize("  Halo,   Kak!\n\tPesanan INV-12345 sudah   dikirim.  "))
                .isEqualTo("halo kak pesanan inv12345 sudah dikirim");
    }

    @Test
    void folds_compatibility_forms_with_nfkc() {
        // Full-width letters and digits, the "ﬁ" ligature and a non-breaking space all fold to plain ASCII.
        assertThat(TextNormalizer.normalize("ＴＯＫＯ　１２３ ﬁle")).isEqualTo("toko 123 file");
    }

    @Test
    void drops_invisible_format_characters_and_quotes() {
        assertThat(TextNormalizer.normalize("sa\u200Bma “persis” ‘sama’")).isEqualTo("sama persis sama");
    }

    @Test
    void keeps_symbols_and_non_latin_letters() {
        assertThat(TextNormalizer.normalize("Harga $19.99 + ongkir 😊 Ünïcödé")).isEqualTo("harga $1999 + ongkir 😊 ünïcödé");
    }

    @Test
    void splits_words_of_the_normalised_text() {
        assertThat(TextNormalizer.words(" Saya -- mau  TANYA, ya? ")).containsExactly("saya", "mau", "tanya", "ya");
        assertThat(TextNormalizer.words("...")).isEmpty();
        assertThat(TextNormalizer.words("")).isEmpty();
    }
}
