package dev.parley.plan;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import dev.parley.dialogue.Cell;
import dev.parley.recipe.Recipe;

/**
 * Plans which cells of the coverage grid a run covers, reproducibly: the same recipe and seed give
 * the same plan.
 *
 * <p>The grid is walked whole in shuffled rounds while it fits the dialogues still wanted; the rest (all of
 * them, when the grid is larger than the count) are distinct cells picked so that every dimension's values
 * get counts within one of each other and pairs of values are spread as evenly as the count allows
 * ({@link BalancedRound}). So cell counts differ by at most one, and so do the counts of each dimension's
 * values.
 *
 * <p>A recipe with weighted values or excluded or required combinations is planned by quotas
 * instead (see {@link QuotaPlanner}); a dimension a model expands must be expanded first
 * ({@link DimensionExpander}).
 */
public final class Planner {

    private Planner() {
    }

    /** Plans {@code recipe.count()} dialogues from the recipe's seed. */
    public static List<PlannedDialogue> plan(Recipe recipe) {
        recipe.dimensions().forEach((dimension, values) -> {
            if (values.isEmpty()) {
                throw new IllegalArgumentException("dimension '" + dimension + "' has no values yet: a model expands them"
                        + " when the run is created (or write them first with 'parley expand')");
            }
        });
        List<PlannedDialogue> plan = recipe.coverage().shapesPlan()
                ? numbered(new QuotaPlanner(recipe.dimensions(), recipe.coverage(), recipe.seed()).plan(recipe.count()),
                        recipe.seed())
                : plan(recipe.dimensions(), recipe.count(), recipe.seed());
        // Languages are given out afterwards, so the dimensions' balance is the same with one language or several.
        return LanguageMix.assign(recipe, plan);
    }

    /** Plans {@code count} dialogues over the given dimensions. */
    public static List<PlannedDialogue> plan(Map<String, List<String>> dimensions, int count, long seed) {
        var random = new SplittableRandom(seed);
        long gridSize = gridSize(dimensions);
        List<Cell> cells = new ArrayList<>(count);
        // Whole rounds while the grid fits what is left (it then fits an int, as count does)...
        while (count - cells.size() >= gridSize) {
            for (int index : shuffledIndices((int) gridSize, random)) {
                cells.add(cellAt(dimensions, index));
            }
        }
        // ...then distinct cells with every value, and every pair of values, used evenly.
        int[] sizes = dimensions.values().stream().mapToInt(List::size).toArray();
        var names = List.copyOf(dimensions.keySet());
        for (int[] chosen : BalancedRound.pick(sizes, count - cells.size(), random)) {
            var values = new LinkedHashMap<String, String>();
            for (int d = 0; d < chosen.length; d++) {
                values.put(names.get(d), dimensions.get(names.get(d)).get(chosen[d]));
            }
            cells.add(new Cell(values));
        }
        return numbered(cells, seed);
    }

    /** The cells in order, each with its index and its own seed. */
    private static List<PlannedDialogue> numbered(List<Cell> cells, long seed) {
        List<PlannedDialogue> plan = new ArrayList<>(cells.size());
        for (int i = 0; i < cells.size(); i++) {
            plan.add(new PlannedDialogue(i, cells.get(i), mix(seed, i)));
        }
        return plan;
    }

    /** Number of cells in the grid, saturating at {@link Long#MAX_VALUE}. */
    public static long gridSize(Map<String, List<String>> dimensions) {
        long size = 1;
        for (List<String> values : dimensions.values()) {
            // Saturate before the product passes Long.MAX_VALUE (a negative size would break planning).
            size = values.size() != 0 && size > Long.MAX_VALUE / values.size() ? Long.MAX_VALUE : size * values.size();
        }
        return size;
    }

    /** The cell at a mixed-radix index into the grid, the last dimension varying fastest. */
    static Cell cellAt(Map<String, List<String>> dimensions, long index) {
        var names = new ArrayList<>(dimensions.keySet());
        var values = new LinkedHashMap<String, String>();
        String[] chosen = new String[names.size()];
        long rest = index;
        for (int d = names.size() - 1; d >= 0; d--) {
            List<String> options = dimensions.get(names.get(d));
            chosen[d] = options.get((int) (rest % options.size()));
            rest /= options.size();
        }
        for (int d = 0; d < names.size(); d++) {
            values.put(names.get(d), chosen[d]);
        }
        return new Cell(values);
    }

    private static int[] shuffledIndices(int size, SplittableRandom random) {
        int[] order = new int[size];
        for (int i = 0; i < size; i++) {
            order[i] = i;
        }
        for (int i = size - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    /** A per-dialogue seed: SplitMix64 of the run seed and the index, so neighbours are unrelated. */
    public static long mix(long seed, int index) {
        long z = seed + 0x9E3779B97F4A7C15L * (index + 1L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
