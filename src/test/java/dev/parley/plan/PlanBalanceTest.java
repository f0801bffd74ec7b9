package dev.parley.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import dev.parley.recipe.Recipe;
import dev.parley.recipe.RecipeLoader;

/**
 * The plan is what the README promises, checked over many random grids and counts: without weights every
 * dimension's values get counts within one of each other, every cell too, and pairs of dimensions spread as
 * evenly as distinct cells allow; with weights, each dimension's counts are the largest-remainder shares,
 * worked out here from the weights alone.
 */
class PlanBalanceTest {

    private static final int CASES = 400;

    @Test
    void without_weights_values_and_cells_get_counts_within_one_of_each_other() {
        var random = new SplittableRandom(20261206);
        for (int c = 0; c < CASES; c++) {
            Map<String, List<String>> grid = randomGrid(random);
            long cells = Planner.gridSize(grid);
            int count = 1 + random.nextInt((int) Math.min(3 * cells + 5, 400));
            long seed = random.nextLong();

            List<PlannedDialogue> plan = Planner.plan(grid, count, seed);

            String where = grid + " count " + count + " seed " + seed;
            assertThat(plan).as(where).hasSize(count);
            for (String dimension : grid.keySet()) {
                Map<String, Integer> byValue = tally(plan, List.of(dimension));
                grid.get(dimension).forEach(v -> byValue.putIfAbsent(v, 0));
                assertThat(spread(byValue)).as("%s: %s %s", where, dimension, byValue).isLessThanOrEqualTo(1);
            }
            Map<String, Integer> byCell = tally(plan, List.copyOf(grid.keySet()));
            if (count >= cells) {
                assertThat(byCell).as(where).hasSize((int) cells);
            }
            assertThat(spread(byCell)).as("%s: cells", where).isLessThanOrEqualTo(1);
        }
    }

    @Test
    void without_weights_pairs_of_dimensions_spread_evenly() {
        var random = new SplittableRandom(77);
        int worst = 0;
        for (int c = 0; c < CASES; c++) {
            Map<String, List<String>> grid = randomGrid(random);
            long cells = Planner.gridSize(grid);
            int count = 1 + random.nextInt((int) Math.min(3 * cells + 5, 400));

            List<PlannedDialogue> plan = Planner.plan(grid, count, random.nextLong());

            var names = List.copyOf(grid.keySet());
            for (int a = 0; a < names.size(); a++) {
                for (int b = a + 1; b < names.size(); b++) {
                    Map<String, Integer> byPair = tally(plan, List.of(names.get(a), names.get(b)));
                    for (String x : grid.get(names.get(a))) {
                        for (String y : grid.get(names.get(b))) {
                            byPair.putIfAbsent(x + "|" + y, 0);
                        }
                    }
                    worst = Math.max(worst, spread(byPair));
                    assertThat(spread(byPair)).as("%s count %d: %s × %s %s", grid, count, names.get(a), names.get(b),
                            byPair).isLessThanOrEqualTo(2);
                }
            }
        }
        assertThat(worst).as("the grids tried include ones whose pairs cannot all be equal").isBetween(1, 2);
    }

    @Test
    void the_indonesian_example_gives_every_topic_persona_and_mood_its_share() {
        Recipe recipe = RecipeLoader.load(java.nio.file.Path.of("recipes", "ecommerce-support-id.yaml"));

        List<PlannedDialogue> plan = Planner.plan(recipe);

        // 40 dialogues over 5 topics × 4 personas × 3 moods.
        assertThat(tally(plan, List.of("topic")).values()).containsOnly(8);
        assertThat(tally(plan, List.of("persona")).values()).containsOnly(10);
        assertThat(tally(plan, List.of("mood")).values()).containsExactlyInAnyOrder(13, 13, 14);
        assertThat(tally(plan, List.of("topic", "persona", "mood")).values()).containsOnly(1);
    }

    @Test
    void with_weights_each_dimension_gets_its_largest_remainder_counts() {
        var random = new SplittableRandom(5);
        for (int c = 0; c < 60; c++) {
            int dims = 1 + random.nextInt(3);
            var grid = new LinkedHashMap<String, List<String>>();
            var weights = new LinkedHashMap<String, double[]>();
            var yaml = new StringBuilder();
            for (int d = 0; d < dims; d++) {
                int n = 2 + random.nextInt(4);
                var values = new ArrayList<String>();
                double[] w = new double[n];
                var entries = new ArrayList<String>();
                for (int v = 0; v < n; v++) {
                    values.add("v" + d + "x" + v);
                    w[v] = (1 + random.nextInt(8)) / 2.0;
                    entries.add("{ value: " + values.get(v) + ", weight: " + w[v] + " }");
                }
                grid.put("d" + d, values);
                weights.put("d" + d, w);
                yaml.append("  d").append(d).append(": [").append(String.join(", ", entries)).append("]\n");
            }
            int count = 1 + random.nextInt(150);
            Recipe recipe = RecipeLoader.parse("""
                    name: weighted
                    language: en
                    count: %d
                    seed: %d
                    turns: { min: 2, max: 4 }
                    assistant: { system-prompt: You help. }
                    dimensions:
                    %s""".formatted(count, random.nextInt(1000), yaml));

            List<PlannedDialogue> plan = Planner.plan(recipe);

            for (var dimension : grid.entrySet()) {
                Map<String, Integer> byValue = tally(plan, List.of(dimension.getKey()));
                int[] expected = largestRemainder(weights.get(dimension.getKey()), count);
                for (int v = 0; v < expected.length; v++) {
                    assertThat(byValue.getOrDefault(dimension.getValue().get(v), 0))
                            .as("%s count %d weights %s", dimension.getKey(), count,
                                    Arrays.toString(weights.get(dimension.getKey())))
                            .isEqualTo(expected[v]);
                }
            }
        }
    }

    /**
     * Largest remainder in exact decimal arithmetic: each value's floor of count × weight / total, then one more
     * to the largest remainders, ties to the value listed first.
     */
    private static int[] largestRemainder(double[] weights, int count) {
        BigDecimal total = BigDecimal.ZERO;
        for (double w : weights) {
            total = total.add(BigDecimal.valueOf(w));
        }
        int[] shares = new int[weights.length];
        BigDecimal[] rest = new BigDecimal[weights.length];
        int given = 0;
        for (int v = 0; v < weights.length; v++) {
            BigDecimal[] qr = BigDecimal.valueOf(w(weights, v)).multiply(BigDecimal.valueOf(count))
                    .divideAndRemainder(total);
            shares[v] = qr[0].intValueExact();
            rest[v] = qr[1];
            given += shares[v];
        }
        while (given < count) {
            int best = -1;
            for (int v = 0; v < weights.length; v++) {
                if (rest[v] != null && (best < 0 || rest[v].compareTo(rest[best]) > 0)) {
                    best = v;
                }
            }
            shares[best]++;
            rest[best] = null;
            given++;
        }
        return shares;
    }

    private static double w(double[] weights, int v) {
        return weights[v];
    }

    private static Map<String, List<String>> randomGrid(SplittableRandom random) {
        var grid = new LinkedHashMap<String, List<String>>();
        int dims = 1 + random.nextInt(4);
        for (int d = 0; d < dims; d++) {
            int n = 1 + random.nextInt(7);
            var values = new ArrayList<String>();
            for (int v = 0; v < n; v++) {
                values.add("d" + d + "v" + v);
            }
            grid.put("d" + d, values);
        }
        return grid;
    }

    private static Map<String, Integer> tally(List<PlannedDialogue> plan, List<String> dimensions) {
        var counts = new HashMap<String, Integer>();
        for (PlannedDialogue p : plan) {
            counts.merge(String.join("|", dimensions.stream().map(d -> p.cell().value(d)).toList()), 1, Integer::sum);
        }
        return counts;
    }

    private static int spread(Map<String, Integer> counts) {
        return counts.values().stream().mapToInt(Integer::intValue).max().orElse(0)
                - counts.values().stream().mapToInt(Integer::intValue).min().orElse(0);
    }
}
