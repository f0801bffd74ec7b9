package dev.parley.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IntSummaryStatistics;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.parley.dialogue.Cell;
import dev.parley.recipe.Recipe;
import dev.parley.recipe.RecipeLoader;

class PlannerTest {

    /** 5 × 4 × 3 = 60 cells. */
    private static final Map<String, List<String>> SIXTY = dimensions(
            "topic", List.of("refund", "late parcel", "address", "voucher", "locked account"),
            "persona", List.of("student", "parent", "shop owner", "retiree"),
            "mood", List.of("calm", "confused", "annoyed"));

    @Test
    void same_recipe_and_seed_give_the_same_plan() {
        Recipe recipe = RecipeLoader.load(Path.of("recipes/ecommerce-support-id.yaml"));

        List<PlannedDialogue> first = Planner.plan(recipe);
        List<PlannedDialogue> second = Planner.plan(recipe);

        assertThat(first).hasSize(40).isEqualTo(second);
        assertThat(first).extracting(PlannedDialogue::index).containsExactlyElementsOf(range(40));
    }

    @Test
    void different_seeds_give_a_different_order() {
        List<Cell> one = cells(Planner.plan(SIXTY, 60, 1));
        List<Cell> two = cells(Planner.plan(SIXTY, 60, 2));

        assertThat(one).isNotEqualTo(two);
        // The count equals the grid, so both cover every cell once; only the order differs.
        assertThat(one).containsExactlyInAnyOrderElementsOf(two);
    }

    @Test
    void uses_every_cell_evenly_when_the_grid_fits_the_count() {
        List<PlannedDialogue> plan = Planner.plan(SIXTY, 130, 42);

        Map<String, Integer> counts = countByCell(plan);
        assertThat(plan).hasSize(130);
        assertThat(counts).hasSize(60);
        // 130 = 2 × 60 + 10: ten cells three times, the other fifty twice.
        assertThat(counts.values()).containsOnly(2, 3);
        assertThat(counts.values()).filteredOn(c -> c == 3).hasSize(10);
    }

    @Test
    void uses_every_cell_once_when_the_grid_equals_the_count() {
        assertThat(countByCell(Planner.plan(SIXTY, 60, 9)).values()).hasSize(60).containsOnly(1);
    }

    @Test
    void uses_every_cell_evenly_when_a_grid_of_a_million_cells_fits_the_count() {
        // 1001 × 1000 cells, fewer than the dialogues wanted.
        List<String> as = values("a", 1001);
        List<String> bs = values("b", 1000);
        var dimensions = dimensions("a", as, "b", bs);
        int count = 1_101_000;
        assertThat(Planner.gridSize(dimensions)).isGreaterThan(1_000_000).isLessThan(count);

        List<PlannedDialogue> plan = Planner.plan(dimensions, count, 5);

        // Counted by value position rather than by key text: a million cells make string keys slow.
        var positionOfA = positions(as);
        var positionOfB = positions(bs);
        int[] counts = new int[as.size() * bs.size()];
        for (PlannedDialogue p : plan) {
            counts[positionOfA.get(p.cell().value("a")) * bs.size() + positionOfB.get(p.cell().value("b"))]++;
        }
        IntSummaryStatistics stats = IntStream.of(counts).summaryStatistics();
        assertThat(stats.getMin()).isEqualTo(1);
        assertThat(stats.getMax()).isEqualTo(2);
        assertThat(IntStream.of(counts).filter(c -> c == 2).count()).isEqualTo(count - counts.length);
    }

    @Test
    void draws_distinct_cells_when_the_grid_is_larger_than_the_count() {
        List<Cell> cells = cells(Planner.plan(SIXTY, 25, 3));

        assertThat(cells).hasSize(25).doesNotHaveDuplicates();
    }

    @Test
    void draws_distinct_valid_cells_from_a_huge_grid() {
        // 10^12 cells: sampled, never enumerated.
        var dimensions = new LinkedHashMap<String, List<String>>();
        for (int d = 0; d < 12; d++) {
            dimensions.put("d" + d, values("v" + d + "-", 10));
        }

        List<Cell> cells = cells(Planner.plan(dimensions, 500, 11));

        assertThat(cells).hasSize(500).doesNotHaveDuplicates();
        assertThat(cells).allSatisfy(cell -> {
            assertThat(cell.values().keySet()).containsExactlyElementsOf(dimensions.keySet());
            cell.values().forEach((dimension, value) -> assertThat(dimensions.get(dimension)).contains(value));
        });
        assertThat(Planner.plan(dimensions, 500, 11)).isEqualTo(Planner.plan(dimensions, 500, 11));
    }

    @Test
    void gives_every_item_its_own_seed() {
        List<PlannedDialogue> plan = Planner.plan(SIXTY, 130, 42);
        List<PlannedDialogue> other = Planner.plan(SIXTY, 130, 43);

        assertThat(plan).extracting(PlannedDialogue::seed).doesNotHaveDuplicates().doesNotContain(42L);
        assertThat(plan.get(0).seed()).isNotEqualTo(other.get(0).seed());
        // Item seeds depend on the run seed and the index only, not on the cells or the count.
        assertThat(Planner.plan(SIXTY, 10, 42)).extracting(PlannedDialogue::seed)
                .containsExactlyElementsOf(plan.subList(0, 10).stream().map(PlannedDialogue::seed).toList());
    }

    @Test
    void counts_the_cells_of_the_grid() {
        assertThat(Planner.gridSize(SIXTY)).isEqualTo(60);
        assertThat(Planner.gridSize(Map.of())).isEqualTo(1);
        assertThat(Planner.gridSize(Map.of("only", List.of("x")))).isEqualTo(1);
    }

    @Test
    void saturates_the_grid_size_of_huge_grids() {
        assertThat(Planner.gridSize(manyDimensions(70, 10))).isEqualTo(Long.MAX_VALUE);
        // 2^63 is one past Long.MAX_VALUE: the product fits 64 bits unsigned but not signed.
        assertThat(Planner.gridSize(manyDimensions(63, 2))).isEqualTo(Long.MAX_VALUE);
        assertThat(Planner.gridSize(manyDimensions(64, 2))).isEqualTo(Long.MAX_VALUE);
        assertThat(Planner.gridSize(manyDimensions(62, 2))).isEqualTo(1L << 62);
    }

    @Test
    @Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void plans_from_a_grid_whose_size_saturates() {
        List<Cell> cells = cells(Planner.plan(manyDimensions(63, 2), 20, 1));

        assertThat(cells).hasSize(20).doesNotHaveDuplicates();
    }

    @Test
    void maps_an_index_to_a_cell_with_the_last_dimension_varying_fastest() {
        var dimensions = dimensions(
                "topic", List.of("a", "b", "c"),
                "persona", List.of("x", "y"),
                "mood", List.of("1", "2", "3", "4"));

        assertThat(Planner.cellAt(dimensions, 0).key()).isEqualTo("topic=a|persona=x|mood=1");
        assertThat(Planner.cellAt(dimensions, 1).key()).isEqualTo("topic=a|persona=x|mood=2");
        assertThat(Planner.cellAt(dimensions, 4).key()).isEqualTo("topic=a|persona=y|mood=1");
        assertThat(Planner.cellAt(dimensions, 8).key()).isEqualTo("topic=b|persona=x|mood=1");
        assertThat(Planner.cellAt(dimensions, 13).key()).isEqualTo("topic=b|persona=y|mood=2");
        assertThat(Planner.cellAt(dimensions, 23).key()).isEqualTo("topic=c|persona=y|mood=4");
        assertThat(Planner.cellAt(dimensions, 13).value("persona")).isEqualTo("y");
    }

    @Test
    void maps_every_index_of_the_grid_to_a_different_cell() {
        var keys = new HashSet<String>();
        for (int i = 0; i < 60; i++) {
            keys.add(Planner.cellAt(SIXTY, i).key());
        }

        assertThat(keys).hasSize(60);
    }

    // ---- helpers ------------------------------------------------------------------------------

    private static Map<String, List<String>> dimensions(Object... namesAndValues) {
        var map = new LinkedHashMap<String, List<String>>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            @SuppressWarnings("unchecked")
            List<String> values = (List<String>) namesAndValues[i + 1];
            map.put((String) namesAndValues[i], values);
        }
        return Collections.unmodifiableMap(map);
    }

    private static List<String> values(String prefix, int n) {
        return IntStream.range(0, n).mapToObj(i -> prefix + i).toList();
    }

    private static Map<String, List<String>> manyDimensions(int dimensions, int values) {
        var map = new LinkedHashMap<String, List<String>>();
        for (int d = 0; d < dimensions; d++) {
            map.put("d" + d, values("v", values));
        }
        return map;
    }

    private static Map<String, Integer> positions(List<String> values) {
        var positions = new HashMap<String, Integer>();
        for (int i = 0; i < values.size(); i++) {
            positions.put(values.get(i), i);
        }
        return positions;
    }

    private static List<Cell> cells(List<PlannedDialogue> plan) {
        return plan.stream().map(PlannedDialogue::cell).toList();
    }

    private static Map<String, Integer> countByCell(List<PlannedDialogue> plan) {
        var counts = new HashMap<String, Integer>();
        plan.forEach(p -> counts.merge(p.cell().key(), 1, Integer::sum));
        return counts;
    }

    private static List<Integer> range(int n) {
        return IntStream.range(0, n).boxed().toList();
    }
}
