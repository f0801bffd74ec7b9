package dev.parley.judge;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalDouble;

/**
 * The numbers that say how far a judge can be trusted: agreement with itself, correlation of its
 * scores with dialogue length, and agreement with people.
 */
public final class JudgeStatistics {

    private JudgeStatistics() {
    }

    /**
     * Agreement between two scorings of the same things.
     *
     * @param pairs      number of pairs compared
     * @param exact      share of pairs with the same score
     * @param withinOne  share of pairs at most one point apart
     */
    public record Agreement(int pairs, double exact, double withinOne) {
    }

    /** Exact and within-one agreement of paired 1..5 scores. */
    public static Agreement agreement(List<int[]> pairs) {
        if (pairs.isEmpty()) {
            return new Agreement(0, Double.NaN, Double.NaN);
        }
        int exact = 0;
        int withinOne = 0;
        for (int[] p : pairs) {
            int d = Math.abs(p[0] - p[1]);
            exact += d == 0 ? 1 : 0;
            withinOne += d <= 1 ? 1 : 0;
        }
        return new Agreement(pairs.size(), (double) exact / pairs.size(), (double) withinOne / pairs.size());
    }

    /** Pearson's correlation; empty when fewer than two pairs or either side is constant. */
    public static OptionalDouble pearson(double[] x, double[] y) {
        int n = x.length;
        if (n != y.length) {
            throw new IllegalArgumentException("x and y differ in length");
        }
        if (n < 2) {
            return OptionalDouble.empty();
        }
        double mx = Arrays.stream(x).average().orElse(0);
        double my = Arrays.stream(y).average().orElse(0);
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < n; i++) {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
        }
        return sxx == 0 || syy == 0 ? OptionalDouble.empty() : OptionalDouble.of(sxy / Math.sqrt(sxx * syy));
    }

    /** Spearman's rank correlation: Pearson's on ranks, ties given their average rank. */
    public static OptionalDouble spearman(double[] x, double[] y) {
        return pearson(ranks(x), ranks(y));
    }

    /** Ranks from 1, ties sharing the mean of the ranks they span. */
    static double[] ranks(double[] values) {
        Integer[] order = new Integer[values.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble(i -> values[i]));
        double[] ranks = new double[values.length];
        int i = 0;
        while (i < order.length) {
            int j = i;
            while (j + 1 < order.length && values[order[j + 1]] == values[order[i]]) {
                j++;
            }
            double rank = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) {
                ranks[order[k]] = rank;
            }
            i = j + 1;
        }
        return ranks;
    }

    /**
     * Cohen's kappa for two raters' yes/no decisions: agreement beyond what chance would give.
     * Empty when there is nothing to compare or chance agreement is already total.
     */
    public static OptionalDouble cohensKappa(List<Boolean> a, List<Boolean> b) {
        int n = a.size();
        if (n != b.size()) {
            throw new IllegalArgumentException("a and b differ in length");
        }
        if (n == 0) {
            return OptionalDouble.empty();
        }
        int agree = 0;
        int aYes = 0;
        int bYes = 0;
        for (int i = 0; i < n; i++) {
            agree += a.get(i) == b.get(i) ? 1 : 0;
            aYes += a.get(i) ? 1 : 0;
            bYes += b.get(i) ? 1 : 0;
        }
        double po = (double) agree / n;
        double pe = ((double) aYes / n) * ((double) bYes / n) + ((double) (n - aYes) / n) * ((double) (n - bYes) / n);
        return pe == 1 ? OptionalDouble.empty() : OptionalDouble.of((po - pe) / (1 - pe));
    }

    /**
     * The acceptance threshold (1.0 to 5.0 in steps of 0.1) under which the judge's decisions best
     * match people's accept/reject decisions; among equally good ones, the one closest to
     * {@code current}.
     */
    public static OptionalDouble suggestThreshold(double[] judgeScores, List<Boolean> humanAccepts, double current) {
        if (judgeScores.length == 0 || judgeScores.length != humanAccepts.size()) {
            return OptionalDouble.empty();
        }
        List<double[]> candidates = new ArrayList<>();
        for (int t = 10; t <= 50; t++) {
            double threshold = t / 10.0;
            int agree = 0;
            for (int i = 0; i < judgeScores.length; i++) {
                agree += (judgeScores[i] >= threshold) == humanAccepts.get(i) ? 1 : 0;
            }
            candidates.add(new double[] {threshold, agree});
        }
        double best = candidates.stream().mapToDouble(c -> c[1]).max().orElse(0);
        return candidates.stream().filter(c -> c[1] == best)
                .min(Comparator.comparingDouble(c -> Math.abs(c[0] - current)))
                .map(c -> OptionalDouble.of(c[0])).orElse(OptionalDouble.empty());
    }
}
