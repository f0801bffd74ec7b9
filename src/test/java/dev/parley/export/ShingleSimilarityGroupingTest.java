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

    /**
     * Seeded dialogues from a small vocabulary, many of them edited copies of earlier ones (some near the
     * threshold, some chained), grouped by prefix filtering and by comparing every pair: the same groups.
     */
    @Test
    void finds_exactly_the_groups_comparing_every_pair_would() {
        var random = new java.util.SplittableRandom(42);
        List<String> texts = new java.util.ArrayList<>();
        for (int i = 0; i < 1_500; i++) {
            if (i > 0 && random.nextInt(3) == 0) {
                String[] words = texts.get(random.nextInt(texts.size())).split(" ");
                for (int edits = random.nextInt(1, 5); edits > 0; edits--) {
                    words[random.nextInt(words.length)] = "w" + random.nextInt(60);
                }
                texts.add(String.join(" ", words));
            } else {
                var words = new StringBuilder();
                for (int w = random.nextInt(6, 30); w > 0; w--) {
                    words.append("w").append(random.nextInt(60)).append(' ');
                }
                texts.add(words.toString().strip());
            }
        }
        List<ExportRecord> records = new java.util.ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            records.add(record(i, texts.get(i), "ok"));
        }

        for (double threshold : new double[] {0.5, 0.7, 0.85}) {
            List<List<Integer>> groups = new ShingleSimilarityGrouping(threshold, 3).groups(records);
            assertThat(groups).as("at %s", threshold).isEqualTo(everyPair(records, threshold)).isNotEmpty();
        }
    }

    /** The groups by comparing every pair of records: the oracle. */
    private static List<List<Integer>> everyPair(List<ExportRecord> records, double threshold) {
        int n = records.size();
        List<java.util.Set<String>> sets = new java.util.ArrayList<>();
        for (ExportRecord r : records) {
            String[] words = ShingleSimilarityGrouping.normalise(r.text()).split(" ");
            var set = new java.util.HashSet<String>();
            if (words.length <= 3) {
                set.add(String.join(" ", words));
            }
            for (int i = 0; i + 3 <= words.length; i++) {
                set.add(words[i] + " " + words[i + 1] + " " + words[i + 2]);
            }
            sets.add(set);
        }
        int[] parent = new int[n];
        java.util.Arrays.setAll(parent, i -> i);
        for (int a = 0; a < n; a++) {
            for (int b = a + 1; b < n; b++) {
                var common = new java.util.HashSet<>(sets.get(a));
                common.retainAll(sets.get(b));
                double jaccard = (double) common.size() / (sets.get(a).size() + sets.get(b).size() - common.size());
                if (jaccard >= threshold) {
                    int ra = root(parent, a);
                    int rb = root(parent, b);
                    parent[Math.max(ra, rb)] = Math.min(ra, rb);
                }
            }
        }
        var byRoot = new java.util.TreeMap<Integer, List<Integer>>();
        for (int i = 0; i < n; i++) {
            byRoot.computeIfAbsent(root(parent, i), k -> new java.util.ArrayList<>()).add(i);
        }
        return byRoot.values().stream().filter(g -> g.size() > 1).toList();
    }

    private static int root(int[] parent, int i) {
        while (parent[i] != i) {
            i = parent[i];
        }
        return i;
    }
}
