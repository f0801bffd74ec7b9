package dev.parley.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class DatasetStatsTest {

    private static final Map<String, List<String>> DIMENSIONS = new LinkedHashMap<>(Map.of(
            "topic", List.of("refund", "late", "voucher")));

    @Test
    void counts_scores_lengths_coverage_and_masked_turns() {
        List<ExportRecord> records = new java.util.ArrayList<>(ExportFixtures.contractRecords());
        records.add(RealDialogues.parse("{\"messages\":[{\"role\":\"user\",\"content\":\"x\"},{\"role\":\"assistant\",\"content\":\"y\"}]}",
                "real.jsonl", 1, Optional.empty()));

        DatasetStats stats = DatasetStats.of(records, DIMENSIONS, 8192);

        assertThat(stats.records()).isEqualTo(4);
        assertThat(stats.synthetic()).isEqualTo(3);
        assertThat(stats.real()).isEqualTo(1);
        assertThat(stats.maskedTurns()).isEqualTo(1);
        // Scores 4.2, 3.9, 4.2: real records are not judged.
        assertThat(stats.scoreBins()).hasSize(8).containsEntry("3.5–4.0", 1).containsEntry("4.0–4.5", 2)
                .containsEntry("1.0–1.5", 0).containsEntry("4.5–5.0", 0);
        assertThat(stats.messages()).containsExactly(Map.entry(2, 3), Map.entry(4, 1));
        assertThat(stats.coverage()).containsExactly(Map.entry("topic", Map.of("refund", 2, "late", 1, "voucher", 0)));
        assertThat(stats.coverage().get("topic").keySet()).containsExactly("refund", "late", "voucher");
        assertThat(stats.cellsCovered()).isEqualTo(2);
        assertThat(stats.gridSize()).isEqualTo(3);
        List<Integer> tokens = records.stream().map(ExportRecord::tokens).sorted().toList();
        assertThat(stats.tokens()).containsEntry("min", (double) tokens.getFirst()).containsEntry("max", (double) tokens.getLast())
                .containsEntry("median", (double) tokens.get(1));
        assertThat(stats.tokenBins().values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(4);
        assertThat(stats.overContextLength()).isEmpty();
    }

    @Test
    void lists_records_over_the_context_length() {
        List<ExportRecord> records = ExportFixtures.contractRecords();
        int longest = records.stream().mapToInt(ExportRecord::tokens).max().orElseThrow();

        DatasetStats stats = DatasetStats.of(records, DIMENSIONS, longest - 1);

        assertThat(stats.overContextLength()).hasSize(1).containsValue(longest);
    }

    @Test
    void measures_distinct_words_and_word_pairs() {
        // Words a b | a b c: 3 distinct of 5. Pairs within each text, ab ba ab | bc: 3 distinct of 4.
        assertThat(DatasetStats.distinct(List.of("a b", "A, b c!"), 1)).isEqualTo(0.6);
        assertThat(DatasetStats.distinct(List.of("a b a b", "b c"), 2)).isEqualTo(0.75);
        assertThat(DatasetStats.distinct(List.of(), 1)).isZero();
    }

    @Test
    void picks_round_bin_widths() {
        assertThat(DatasetStats.niceWidth(1)).isEqualTo(1);
        assertThat(DatasetStats.niceWidth(3)).isEqualTo(5);
        assertThat(DatasetStats.niceWidth(11)).isEqualTo(20);
        assertThat(DatasetStats.niceWidth(51)).isEqualTo(100);
    }
}
