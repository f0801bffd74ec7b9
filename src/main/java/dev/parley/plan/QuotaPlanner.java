package dev.parley.plan;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import dev.parley.dialogue.Cell;
import dev.parley.recipe.Coverage;
import dev.parley.recipe.WorkBudget;

/**
 * Plans a grid whose values carry weights and whose combinations may be excluded or required.
 *
 * <p>Each dimension's values get quotas from the weights by the largest-remainder method (so the
 * counts follow the weights as closely as whole numbers allow). Required combinations are placed
 * first. Then every dialogue takes, dimension by dimension, a value that still has quota left,
 * preferring the partial combination used least so far (so cells spread rather than repeat) and
 * then the value with the most quota left; ties are broken by the seed. A choice that would form
 * an excluded combination is skipped, backtracking if a dialogue gets stuck; a value that can never
 * appear (every cell with it is excluded) gets no quota. Where exclusions still force a value over
 * its quota, a repair pass moves single values from over-quota to under-quota ones wherever the
 * resulting cell is allowed. Finally the dialogues are shuffled with the seed so that required ones
 * are not all at the front.
 */
final class QuotaPlanner {

    private final List<String> names;
    private final List<List<String>> values;
    private final Coverage coverage;
    private final SplittableRandom random;
    private WorkBudget budget;
    /** Times each partial combination (dimension prefix, as value indices) has been planned. */
    private final Map<String, Integer> prefixUse = new HashMap<>();
    private int[][] remaining;

    QuotaPlanner(Map<String, List<String>> dimensions, Coverage coverage, long seed) {
        this(dimensions, coverage, seed, null);
    }

    /**
     * A planner whose search over the grid, for all its cells together, takes at most the steps of
     * {@code budget}; without one, the {@link WorkBudget#current} one with the steps planning needs added, or
     * {@link WorkBudget#forPlanning} for the count it plans.
     */
    QuotaPlanner(Map<String, List<String>> dimensions, Coverage coverage, long seed, WorkBudget budget) {
        this.budget = budget;
        this.names = List.copyOf(dimensions.keySet());
        this.values = names.stream().map(dimensions::get).toList();
        this.coverage = coverage;
        this.random = new SplittableRandom(seed);
    }

    List<Cell> plan(int count) {
        budgetFor(count);
        int[][] quota = quotas(count);
        remaining = new int[quota.length][];
        for (int d = 0; d < quota.length; d++) {
            remaining[d] = quota[d].clone();
        }
        // Required combinations first, with their dimensions fixed; the rest are free.
        List<int[]> fixed = new ArrayList<>();
        for (Coverage.Requirement r : coverage.require()) {
            int[] f = fixedOf(r.values());
            for (int i = 0; i < r.count() && fixed.size() < count; i++) {
                fixed.add(f);
            }
        }
        int[] free = new int[names.size()];
        java.util.Arrays.fill(free, -1);
        List<int[]> slots = new ArrayList<>(count);
        List<int[]> pins = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int[] pin = i < fixed.size() ? fixed.get(i) : free;
            int[] chosen = new int[names.size()];
            if (!choose(0, pin, chosen)) {
                throw new IllegalArgumentException("no cell of the grid is allowed by coverage.exclude"
                        + (pin == free ? "" : " for the required combination " + describe(pin)));
            }
            take(chosen);
            slots.add(chosen);
            pins.add(pin);
        }
        repair(slots, pins, quota);
        // Shuffle so that a run stopped early still has a spread, not all the required cells.
        for (int i = slots.size() - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int[] t = slots.get(i);
            slots.set(i, slots.get(j));
            slots.set(j, t);
        }
        return slots.stream().map(this::cell).toList();
    }

    /**
     * Per dimension, the count of each value: largest remainder over the weights of the values that can
     * appear at all; ties go to the value listed first.
     */
    int[][] quotas(int count) {
        budgetFor(count);
        int[][] quota = new int[names.size()][];
        for (int d = 0; d < names.size(); d++) {
            List<String> options = values.get(d);
            double[] weight = new double[options.size()];
            for (int v = 0; v < options.size(); v++) {
                boolean possible = coverage.exclude().isEmpty()
                        || coverage.anyAllowedCell(dimensionMap(), Map.of(names.get(d), options.get(v)), budget).isPresent();
                weight[v] = possible ? coverage.weight(names.get(d), options.get(v)) : 0;
            }
            quota[d] = largestRemainder(weight, count);
        }
        return quota;
    }

    private void budgetFor(int count) {
        if (budget == null) {
            // The work's own budget when it has one (the recipe check took its steps from it too), widened by
            // what planning this count needs; else one of the planner's own.
            budget = WorkBudget.current().orElse(null);
            if (budget == null) {
                budget = WorkBudget.forPlanning(count, names.size());
            } else {
                budget.grant(WorkBudget.planningSteps(count, names.size()));
            }
        }
    }

    /**
     * Splits {@code count} in proportion to the weights: floors first, then one more to the largest remainders,
     * ties to the value listed first. Worked out in exact decimals, so that equal remainders are equal (in
     * doubles 20 × 4 / 7 and 20 × 0.5 / 7 leave remainders that differ in the last bit).
     */
    static int[] largestRemainder(double[] weight, int count) {
        int[] q = new int[weight.length];
        BigDecimal[] rest = new BigDecimal[weight.length];
        BigDecimal exactTotal = BigDecimal.ZERO;
        for (double w : weight) {
            exactTotal = exactTotal.add(BigDecimal.valueOf(w));
        }
        int given = 0;
        for (int v = 0; v < weight.length; v++) {
            if (exactTotal.signum() == 0) {
                rest[v] = BigDecimal.ZERO;
                continue;
            }
            // count × w = q × total + rest, so rest / total is the remainder and comparing rests compares remainders.
            BigDecimal[] qr = BigDecimal.valueOf(weight[v]).multiply(BigDecimal.valueOf(count)).divideAndRemainder(exactTotal);
            q[v] = qr[0].intValueExact();
            rest[v] = qr[1];
            given += q[v];
        }
        Integer[] order = new Integer[weight.length];
        for (int v = 0; v < order.length; v++) {
            order[v] = v;
        }
        java.util.Arrays.sort(order, Comparator.comparing((Integer v) -> rest[v]).reversed().thenComparingInt(v -> v));
        for (int k = 0; given < count && k < order.length; k++) {
            if (weight[order[k]] > 0) {
                q[order[k]]++;
                given++;
            }
        }
        return q;
    }

    /** Depth-first choice of one value per dimension from {@code d} on; false when every way is excluded. */
    private boolean choose(int d, int[] pin, int[] chosen) {
        if (d == names.size()) {
            return true;
        }
        for (int v : candidates(d, pin, chosen)) {
            budget.spend();
            chosen[d] = v;
            if (!coverage.excludes(partial(chosen, d + 1)) && choose(d + 1, pin, chosen)) {
                return true;
            }
        }
        return false;
    }

    /** Values to try for dimension {@code d}, best first. */
    private List<Integer> candidates(int d, int[] pin, int[] chosen) {
        if (pin[d] >= 0) {
            return List.of(pin[d]);
        }
        int n = values.get(d).size();
        String prefix = prefixKey(chosen, d);
        var list = new ArrayList<Integer>(n);
        long[] tie = new long[n];
        int[] use = new int[n];
        for (int v = 0; v < n; v++) {
            list.add(v);
            tie[v] = random.nextLong();
            use[v] = prefixUse.getOrDefault(prefix + "," + v, 0);
        }
        int[] left = remaining[d];
        list.sort(Comparator.comparingInt((Integer v) -> left[v] > 0 ? 0 : 1)
                .thenComparingInt(v -> use[v])
                .thenComparingInt(v -> -left[v])
                .thenComparingLong(v -> tie[v]));
        return list;
    }

    private void take(int[] chosen) {
        for (int d = 0; d < chosen.length; d++) {
            remaining[d][chosen[d]]--;
            prefixUse.merge(prefixKey(chosen, d + 1), 1, Integer::sum);
        }
    }

    /**
     * Moves single values from over-quota to under-quota where the cell stays allowed and no
     * requirement pins the value; each move brings both values one closer to their quota.
     */
    private void repair(List<int[]> slots, List<int[]> pins, int[][] quota) {
        for (int d = 0; d < names.size(); d++) {
            int[] count = new int[quota[d].length];
            for (int[] s : slots) {
                count[s[d]]++;
            }
            boolean moved = true;
            while (moved) {
                moved = false;
                for (int over = 0; over < count.length && !moved; over++) {
                    if (count[over] <= quota[d][over]) {
                        continue;
                    }
                    for (int under = 0; under < count.length && !moved; under++) {
                        if (count[under] >= quota[d][under]) {
                            continue;
                        }
                        for (int i = 0; i < slots.size() && !moved; i++) {
                            int[] s = slots.get(i);
                            if (s[d] != over || pins.get(i)[d] >= 0) {
                                continue;
                            }
                            s[d] = under;
                            if (coverage.excludes(partial(s, s.length))) {
                                s[d] = over;
                            } else {
                                count[over]--;
                                count[under]++;
                                moved = true;
                            }
                        }
                    }
                }
            }
        }
    }

    private int[] fixedOf(Map<String, String> required) {
        int[] pin = new int[names.size()];
        for (int d = 0; d < names.size(); d++) {
            String v = required.get(names.get(d));
            pin[d] = v == null ? -1 : values.get(d).indexOf(v);
        }
        return pin;
    }

    private String describe(int[] pin) {
        var parts = new ArrayList<String>();
        for (int d = 0; d < pin.length; d++) {
            if (pin[d] >= 0) {
                parts.add(names.get(d) + "=" + values.get(d).get(pin[d]));
            }
        }
        return String.join("|", parts);
    }

    private static String prefixKey(int[] chosen, int upTo) {
        var key = new StringBuilder();
        for (int d = 0; d < upTo; d++) {
            key.append(',').append(chosen[d]);
        }
        return key.toString();
    }

    private Map<String, String> partial(int[] chosen, int upTo) {
        var cell = new LinkedHashMap<String, String>();
        for (int d = 0; d < upTo; d++) {
            cell.put(names.get(d), values.get(d).get(chosen[d]));
        }
        return cell;
    }

    private Cell cell(int[] chosen) {
        return new Cell(partial(chosen, chosen.length));
    }

    private Map<String, List<String>> dimensionMap() {
        var map = new LinkedHashMap<String, List<String>>();
        for (int d = 0; d < names.size(); d++) {
            map.put(names.get(d), values.get(d));
        }
        return map;
    }
}
