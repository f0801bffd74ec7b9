package dev.parley.plan;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Picks {@code r} distinct cells of a grid of unweighted values so that each dimension's values are used
 * equally (counts within one) and each pair of dimensions' value pairs as equally as the count allows.
 *
 * <p>Each dimension's values get quotas first: {@code r / n} each, and the {@code r mod n} extra ones to a
 * seeded choice of values. Cells are then built one at a time, dimension by dimension, preferring a value
 * with quota left, then the value whose pairs with the values already chosen for this cell have been used
 * least, then the most quota left, ties by the seed; a cell already picked is skipped, backtracking to the
 * previous dimension when every value of one leads to picked cells.
 */
final class BalancedRound {

    /** The largest cells² × dimensions² of a round whose pairs are smoothed (a pass of it takes some 20 ms). */
    static final long SMOOTHING_WORK = 10_000_000;
    private static final int SMOOTHING_PASSES = 10;

    private final int[] sizes;
    private final SplittableRandom random;
    /** Quota left per dimension and value. */
    private final int[][] left;
    /** Uses of each value pair: {@code pairUse[d][e][v * sizes[e] + w]} for dimensions {@code d < e}. */
    private final int[][][] pairUse;
    private final Set<Long> picked = new HashSet<>();

    private BalancedRound(int[] sizes, int r, SplittableRandom random) {
        this.sizes = sizes.clone();
        this.random = random;
        this.left = new int[sizes.length][];
        for (int d = 0; d < sizes.length; d++) {
            left[d] = quotas(sizes[d], r, random);
        }
        this.pairUse = new int[sizes.length][sizes.length][];
        for (int d = 0; d < sizes.length; d++) {
            for (int e = d + 1; e < sizes.length; e++) {
                pairUse[d][e] = new int[sizes[d] * sizes[e]];
            }
        }
    }

    /**
     * {@code r} distinct cells of a grid with these dimension sizes, each as its value positions per dimension;
     * {@code r} must not exceed the grid's size.
     */
    static int[][] pick(int[] sizes, int r, SplittableRandom random) {
        var round = new BalancedRound(sizes, r, random);
        int[][] cells = new int[r][];
        int[] chosen = new int[sizes.length];
        for (int i = 0; i < r; i++) {
            if (!round.choose(0, chosen)) {
                throw new IllegalArgumentException("cannot pick " + r + " distinct cells from a grid of " + Arrays.toString(sizes));
            }
            round.take(chosen);
            cells[i] = chosen.clone();
        }
        round.repair(cells);
        round.smoothPairs(cells);
        return cells;
    }

    /**
     * Swapping one dimension's values between two picked cells keeps every value's count: such swaps are made
     * while one lowers the sum of squared pair counts (an even spread is the lowest) and both cells stay new.
     * A pass costs cells² × dimensions², so only rounds within {@link #SMOOTHING_WORK} of that are smoothed.
     */
    private void smoothPairs(int[][] cells) {
        long work = (long) cells.length * cells.length * sizes.length * sizes.length;
        if (sizes.length < 2 || work > SMOOTHING_WORK) {
            return;
        }
        for (int[][] byFirst : pairUse) {
            for (int[] counts : byFirst) {
                if (counts != null) {
                    Arrays.fill(counts, 0);
                }
            }
        }
        for (int[] cell : cells) {
            countPairs(cell, 1);
        }
        boolean improved = true;
        for (int pass = 0; improved && pass < SMOOTHING_PASSES; pass++) {
            improved = false;
            for (int i = 0; i < cells.length; i++) {
                for (int j = i + 1; j < cells.length; j++) {
                    for (int d = 0; d < sizes.length; d++) {
                        improved |= cells[i][d] != cells[j][d] && swapIfBetter(cells[i], cells[j], d);
                    }
                }
            }
        }
    }

    private boolean swapIfBetter(int[] a, int[] b, int d) {
        int delta = 0;
        for (int e = 0; e < sizes.length; e++) {
            if (e != d && a[e] != b[e]) {
                delta += 2 * (pair(d, b[d], e, a[e]) + pair(d, a[d], e, b[e]) - pair(d, a[d], e, a[e])
                        - pair(d, b[d], e, b[e])) + 4;
            }
        }
        if (delta >= 0) {
            return false;
        }
        long oldA = index(a);
        long oldB = index(b);
        int av = a[d];
        a[d] = b[d];
        b[d] = av;
        if (picked.contains(index(a)) || picked.contains(index(b))) {
            b[d] = a[d];
            a[d] = av;
            return false;
        }
        b[d] = a[d];
        a[d] = av;
        countPairs(a, -1);
        countPairs(b, -1);
        a[d] = b[d];
        b[d] = av;
        countPairs(a, 1);
        countPairs(b, 1);
        picked.remove(oldA);
        picked.remove(oldB);
        picked.add(index(a));
        picked.add(index(b));
        return true;
    }

    /** Uses of the pair of value {@code v} of dimension {@code d} and value {@code w} of dimension {@code e}. */
    private int pair(int d, int v, int e, int w) {
        return d < e ? pairUse[d][e][v * sizes[e] + w] : pairUse[e][d][w * sizes[d] + v];
    }

    private void countPairs(int[] cell, int by) {
        for (int d = 0; d < sizes.length; d++) {
            for (int e = d + 1; e < sizes.length; e++) {
                pairUse[d][e][cell[d] * sizes[e] + cell[e]] += by;
            }
        }
    }

    /**
     * Near the end of a dense round the only free cells may hold values whose quota is spent: moves single
     * values from over- to under-quota where the changed cell is still free, each move bringing both one closer.
     */
    private void repair(int[][] cells) {
        for (int d = 0; d < sizes.length; d++) {
            boolean moved = true;
            while (moved) {
                moved = false;
                for (int over = 0; over < sizes[d] && !moved; over++) {
                    if (left[d][over] >= 0) {
                        continue;
                    }
                    for (int under = 0; under < sizes[d] && !moved; under++) {
                        if (left[d][under] <= 0) {
                            continue;
                        }
                        for (int[] cell : cells) {
                            if (cell[d] != over) {
                                continue;
                            }
                            long before = index(cell);
                            cell[d] = under;
                            if (picked.contains(index(cell))) {
                                cell[d] = over;
                                continue;
                            }
                            picked.remove(before);
                            picked.add(index(cell));
                            left[d][over]++;
                            left[d][under]--;
                            moved = true;
                            break;
                        }
                    }
                }
            }
        }
    }

    /** {@code r} split over {@code n} values: {@code r / n} each, one more for {@code r mod n} values the seed picks. */
    static int[] quotas(int n, int r, SplittableRandom random) {
        int[] quota = new int[n];
        Arrays.fill(quota, r / n);
        int[] order = new int[n];
        for (int v = 0; v < n; v++) {
            order[v] = v;
        }
        for (int v = n - 1; v > 0; v--) {
            int j = random.nextInt(v + 1);
            int t = order[v];
            order[v] = order[j];
            order[j] = t;
        }
        for (int k = 0; k < r % n; k++) {
            quota[order[k]]++;
        }
        return quota;
    }

    private boolean choose(int d, int[] chosen) {
        if (d == sizes.length) {
            return !picked.contains(index(chosen));
        }
        // Values are tried best first, found by a scan each: usually the first one leads to a new cell.
        boolean[] tried = new boolean[sizes[d]];
        long salt = random.nextLong();
        for (int attempt = 0; attempt < sizes[d]; attempt++) {
            int v = best(d, chosen, tried, salt);
            tried[v] = true;
            chosen[d] = v;
            if (choose(d + 1, chosen)) {
                return true;
            }
        }
        return false;
    }

    /** The untried value of dimension {@code d} that is best for the cell chosen so far. */
    private int best(int d, int[] chosen, boolean[] tried, long salt) {
        int[] quota = left[d];
        int best = -1;
        long bestPairs = 0;
        long bestTie = 0;
        for (int v = 0; v < sizes[d]; v++) {
            if (tried[v]) {
                continue;
            }
            // The most used of the pairs this value would form, then their sum: no one pair runs ahead.
            int most = 0;
            int sum = 0;
            for (int e = 0; e < d; e++) {
                int use = pairUse[e][d][chosen[e] * sizes[d] + v];
                most = Math.max(most, use);
                sum += use;
            }
            long pairs = (long) most << 32 | sum;
            long tie = Planner.mix(salt, v);
            if (best < 0 || better(quota[v], pairs, tie, quota[best], bestPairs, bestTie)) {
                best = v;
                bestPairs = pairs;
                bestTie = tie;
            }
        }
        return best;
    }

    /** Quota left first, then the least used pairs, then the most quota left, then the seed's order. */
    private static boolean better(int quota, long pairs, long tie, int bestQuota, long bestPairs, long bestTie) {
        if ((quota > 0) != (bestQuota > 0)) {
            return quota > 0;
        }
        if (pairs != bestPairs) {
            return pairs < bestPairs;
        }
        if (quota != bestQuota) {
            return quota > bestQuota;
        }
        return tie < bestTie;
    }

    private void take(int[] chosen) {
        for (int d = 0; d < sizes.length; d++) {
            left[d][chosen[d]]--;
            for (int e = d + 1; e < sizes.length; e++) {
                pairUse[d][e][chosen[d] * sizes[e] + chosen[e]]++;
            }
        }
        picked.add(index(chosen));
    }

    /**
     * The cell's mixed-radix index; past {@code Long.MAX_VALUE} cells it wraps, so two cells may share one and
     * the second is then skipped as picked: rarely, and never a duplicate.
     */
    private long index(int[] chosen) {
        long index = 0;
        for (int d = 0; d < sizes.length; d++) {
            index = index * sizes[d] + chosen[d];
        }
        return index;
    }
}
