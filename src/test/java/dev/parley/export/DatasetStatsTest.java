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
    void counts_lengths_coverage_and_masked_turns() {
        List<ExportRecord> records = new java.util.ArrayList<>(ExportFixtures.contractRecords());
        records.add(RealDialogues.parse("{\"messages\":[{\"role\":\"user\",\"content\":\"x\"},{\"role\":\"assistant\",\"content\":\"y\"}]}",
                "real.jsonl", 1, Optional.empty()));

        DatasetStats stats = DatasetStats.of(records, DIMENSIONS, 8192);

        assertThat(stats.records()).isEqualTo(4);
        assertThat(stats.synthetic()).isEqualTo(3);
        assertThat(stats.real()).isEqualTo(1);
        assertThat(stats.maskedTurns()).isEqualTo(1);
        assertThat(stats.messages()).containsExactly(Map.entry(2, 3), Map.entry(4, 1));
        assertThat(stats.coverage()).containsExactly(Map.entry("topic", Map.of("refund", 2, "late", 1, "voucher", 0)));
        assertThat(stats.coverage().get("topic").keySet()).containsExactly("refund", "late", "voucher");
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
    void picks_round_bin_widths() {
        assertThat(DatasetStats.niceWidth(1)).isEqualTo(1);
        assertThat(DatasetStats.niceWidth(3)).isEqualTo(5);
        assertThat(DatasetStats.niceWidth(11)).isEqualTo(20);
        assertThat(DatasetStats.niceWidth(51)).isEqualTo(100);
    }
}
