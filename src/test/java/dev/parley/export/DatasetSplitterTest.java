package dev.parley.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

class DatasetSplitterTest {

    /** No near duplicates at all. */
    private static final SimilarityGrouping NONE = records -> List.of();

    /** {@code perCell} records in each of {@code cells} cells, all different. */
    private static List<ExportRecord> records(int cells, int perCell) {
        List<ExportRecord> records = new ArrayList<>();
        for (int c = 0; c < cells; c++) {
            for (int i = 0; i < perCell; i++) {
                int n = records.size();
                records.add(ExportFixtures.synthetic("run-1/" + n, Map.of("topic", "t" + c), "question " + n, "answer " + n));
            }
        }
        return records;
    }

    private static Map<String, Long> perCell(List<ExportRecord> split) {
        return split.stream().collect(Collectors.groupingBy(ExportRecord::cellKey, Collectors.counting()));
    }

    @Test
    void divides_by_ratio_and_within_every_cell() {
        List<ExportRecord> records = records(6, 20);

        var result = new DatasetSplitter(NONE).split(records, SplitRatios.parse("0.8,0.1,0.1"), 7);

        assertThat(result.counts()).containsExactly(Map.entry("train", 96), Map.entry("validation", 12), Map.entry("test", 12));
        for (String split : List.of("validation", "test")) {
            assertThat(perCell(result.splits().get(split))).hasSize(6).allSatisfy((cell, n) -> assertThat(n).isEqualTo(2L));
        }
        assertThat(perCell(result.splits().get("train"))).allSatisfy((cell, n) -> assertThat(n).isEqualTo(16L));
        List<ExportRecord> all = new ArrayList<>();
        result.splits().values().forEach(all::addAll);
        assertThat(all).containsExactlyInAnyOrderElementsOf(records);
        assertThat(result.splits().get("validation")).isSortedAccordingTo(
                java.util.Comparator.comparingInt(r -> records.indexOf(r)));
    }

    @Test
    void spreads_small_cells_so_the_global_ratio_still_holds() {
        // 40 cells of one record each: no cell can be split, but 4 must go to validation.
        var result = new DatasetSplitter(NONE).split(records(40, 1), SplitRatios.parse("0.9,0.1"), 3);

        assertThat(result.counts()).containsExactly(Map.entry("train", 36), Map.entry("validation", 4));
    }

    @Test
    void is_the_same_for_the_same_seed_and_different_for_another() {
        List<ExportRecord> records = records(5, 10);
        var splitter = new DatasetSplitter(NONE);

        var a = splitter.split(records, SplitRatios.parse("0.8,0.2"), 11);
        var b = splitter.split(List.copyOf(records), SplitRatios.parse("0.8,0.2"), 11);
        var c = splitter.split(records, SplitRatios.parse("0.8,0.2"), 12);

        assertThat(ids(b.splits().get("validation"))).isEqualTo(ids(a.splits().get("validation")));
        assertThat(ids(c.splits().get("validation"))).isNotEqualTo(ids(a.splits().get("validation")));
        assertThat(c.counts()).isEqualTo(a.counts());
    }

    @Test
    void keeps_every_near_duplicate_group_in_one_split() {
        List<ExportRecord> records = new ArrayList<>(records(4, 10));
        // Each of the first 10 records gets a reworded twin in another cell: 10 cross-cell pairs.
        for (int i = 0; i < 10; i++) {
            records.add(ExportFixtures.synthetic("run-1/" + (100 + i), Map.of("topic", "t" + (1 + i % 3)),
                    "Question " + i + "!", "Answer " + i + "."));
        }
        var grouping = new ShingleSimilarityGrouping();

        for (long seed = 0; seed < 20; seed++) {
            var result = new DatasetSplitter(grouping).split(records, SplitRatios.parse("0.5,0.3,0.2"), seed);

            assertThat(result.nearDuplicates()).hasSize(10);
            Map<String, String> splitOf = new HashMap<>();
            result.splits().forEach((split, list) -> list.forEach(r -> splitOf.put(r.id(), split)));
            for (List<String> group : result.nearDuplicates()) {
                assertThat(group.stream().map(splitOf::get).collect(Collectors.toSet())).as("seed %d, group %s", seed, group)
                        .hasSize(1);
            }
        }
    }

    @Test
    void writes_only_splits_with_a_share() {
        var result = new DatasetSplitter(NONE).split(records(2, 5), SplitRatios.ALL_TRAIN, 1);

        assertThat(result.splits()).containsOnlyKeys("train");
        assertThat(result.splits().get("train")).hasSize(10);
        assertThat(new DatasetSplitter(NONE).split(List.of(), SplitRatios.parse("0.9,0.1"), 1).counts())
                .isEqualTo(Map.of("train", 0, "validation", 0));
    }

    private static Set<String> ids(List<ExportRecord> records) {
        return records.stream().map(ExportRecord::id).collect(Collectors.toSet());
    }
}
