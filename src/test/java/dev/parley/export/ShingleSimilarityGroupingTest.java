package dev.parley.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ShingleSimilarityGroupingTest {

    private static ExportRecord record(int n, String user, String assistant) {
        return ExportFixtures.synthetic("run-1/" + n, Map.of("topic", "t"), user, assistant);
    }

    @Test
    void groups_dialogues_equal_after_normalising_case_punctuation_and_spaces() {
        List<ExportRecord> records = List.of(
                record(0, "Paket saya TERLAMBAT!", "Mohon maaf, akan saya cek."),
                record(1, "paket  saya terlambat", "mohon maaf akan saya cek"),
                record(2, "Voucher tidak berlaku.", "Kode vouchernya apa?"));

        assertThat(new ShingleSimilarityGrouping().groups(records)).containsExactly(List.of(0, 1));
    }

    @Test
    void groups_near_duplicates_by_shingle_jaccard_and_keeps_different_dialogues_apart() {
        String base = "saya ingin mengembalikan sepatu yang saya beli minggu lalu karena ukurannya terlalu kecil untuk kaki saya";
        // One word changed: 15 of each side's 18 word 3-shingles are shared, Jaccard 15/21 = 0.714.
        String oneWord = base.replace("kaki saya", "kaki anak");
        List<ExportRecord> records = List.of(
                record(0, base, "Baik, saya bantu prosesnya."),
                record(1, "Akun saya terkunci setelah salah memasukkan kata sandi tiga kali berturut-turut", "Silakan atur ulang sandi."),
                record(2, oneWord, "Baik, saya bantu prosesnya."));

        assertThat(new ShingleSimilarityGrouping(0.7, 3).groups(records)).containsExactly(List.of(0, 2));
        assertThat(new ShingleSimilarityGrouping(0.75, 3).groups(records)).isEmpty();
    }

    @Test
    void closes_groups_over_chains_of_near_duplicates() {
        List<ExportRecord> records = List.of(
                record(0, "a b c d e f g h i j", "x"),
                record(1, "q r s t u v w", "y"),
                record(2, "a b c d e f g h i j k", "x"),
                record(3, "a b c d e f g h i j k l", "x"));

        // Jaccard 0~2 = 8/11, 2~3 = 9/12, 0~3 = 8/12: at 0.7 the first two pairs are near duplicates and
        // the third is not, but all three are one group.
        assertThat(new ShingleSimilarityGrouping(0.7, 3).groups(records)).containsExactly(List.of(0, 2, 3));
    }

    @Test
    void leaves_the_shared_system_prompt_out_of_the_comparison() {
        List<ExportRecord> records = List.of(record(0, "satu dua tiga empat", "lima"), record(1, "enam tujuh delapan", "sembilan"));

        assertThat(new ShingleSimilarityGrouping().groups(records)).isEmpty();
        assertThat(ShingleSimilarityGrouping.normalise("  Halo, Dunia!\n«Ｔｅｓｔ»  ")).isEqualTo("halo dunia test");
    }
}
