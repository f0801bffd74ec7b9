package dev.parley.quality;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Self-BLEU: the mean BLEU-4 of each text of a sample against all the others as references
 * (Zhu et al., Texygen, 2018). High when the texts repeat one another.
 *
 * <p>BLEU-4 as in Papineni et al. (2002) for one hypothesis and several references: modified
 * n-gram precisions {@code p_n} for n = 1..4, each n-gram count clipped to its largest count in any
 * one reference; uniform weights, {@code BLEU = BP · exp(Σ ¼ ln p_n)}; brevity penalty
 * {@code BP = 1} if the hypothesis is longer than the closest reference length (ties to the
 * shorter), else {@code exp(1 - r/c)}. Smoothing: Chen and Cherry's (2014) method 1 — a precision
 * with no matching n-gram counts as {@code 0.1 / (number of hypothesis n-grams)} instead of 0, so
 * that one missing order does not zero the score. A text with no 4-gram (all messages shorter than
 * four words) is not scored. Texts are sequences of messages; n-grams do not cross messages.
 */
final class SelfBleu {

    static final int MAX_ORDER = 4;
    static final double EPSILON = 0.1;

    private SelfBleu() {
    }

    /**
     * Self-BLEU of {@code texts}, each a list of messages given as word hashes; NaN with fewer than
     * two texts or none scorable.
     */
    static double of(List<long[][]> texts) {
        int m = texts.size();
        if (m < 2) {
            return Double.NaN;
        }
        var counts = new ArrayList<List<Map<Long, Integer>>>(m);
        int[] lengths = new int[m];
        for (long[][] text : texts) {
            var perOrder = new ArrayList<Map<Long, Integer>>(MAX_ORDER);
            for (int n = 1; n <= MAX_ORDER; n++) {
                perOrder.add(ngramCounts(text, n));
            }
            counts.add(perOrder);
            int words = 0;
            for (long[] message : text) {
                words += message.length;
            }
            lengths[counts.size() - 1] = words;
        }
        // For every n-gram, its two largest counts over the texts and which text holds the largest, so
        // that "largest count among the other texts" is one lookup.
        var top = new ArrayList<Map<Long, long[]>>(MAX_ORDER);
        for (int n = 0; n < MAX_ORDER; n++) {
            var best = new HashMap<Long, long[]>();
            for (int t = 0; t < m; t++) {
                for (var e : counts.get(t).get(n).entrySet()) {
                    long[] b = best.computeIfAbsent(e.getKey(), k -> new long[] {0, -1, 0});
                    int c = e.getValue();
                    if (c > b[0]) {
                        b[2] = b[0];
                        b[0] = c;
                        b[1] = t;
                    } else if (c > b[2]) {
                        b[2] = c;
                    }
                }
            }
            top.add(best);
        }
        double sum = 0;
        int scored = 0;
        for (int t = 0; t < m; t++) {
            double bleu = bleu(t, counts.get(t), lengths, top);
            if (!Double.isNaN(bleu)) {
                sum += bleu;
                scored++;
            }
        }
        return scored == 0 ? Double.NaN : sum / scored;
    }

    private static double bleu(int self, List<Map<Long, Integer>> hypothesis, int[] lengths, List<Map<Long, long[]>> top) {
        double logSum = 0;
        for (int n = 0; n < MAX_ORDER; n++) {
            long total = 0;
            long clipped = 0;
            for (var e : hypothesis.get(n).entrySet()) {
                long[] b = top.get(n).get(e.getKey());
                long inOthers = b[1] == self ? b[2] : b[0];
                total += e.getValue();
                clipped += Math.min(e.getValue(), inOthers);
            }
            if (total == 0) {
                return Double.NaN;
            }
            logSum += Math.log(clipped == 0 ? EPSILON / total : (double) clipped / total) / MAX_ORDER;
        }
        int c = lengths[self];
        int r = -1;
        for (int t = 0; t < lengths.length; t++) {
            if (t != self && (r < 0 || Math.abs(lengths[t] - c) < Math.abs(r - c)
                    || Math.abs(lengths[t] - c) == Math.abs(r - c) && lengths[t] < r)) {
                r = lengths[t];
            }
        }
        double brevity = c > r ? 1 : Math.exp(1 - (double) r / c);
        return brevity * Math.exp(logSum);
    }

    private static Map<Long, Integer> ngramCounts(long[][] text, int n) {
        var counts = new HashMap<Long, Integer>();
        for (long[] message : text) {
            for (int i = 0; i + n <= message.length; i++) {
                counts.merge(ngram(message, i, n), 1, Integer::sum);
            }
        }
        return counts;
    }

    /** The hash of the {@code n} words from {@code from}; distinct orders never share a hash. */
    static long ngram(long[] words, int from, int n) {
        long h = Hashing.derive(n, 7);
        for (int i = from; i < from + n; i++) {
            h = Hashing.combine(h, words[i]);
        }
        return h;
    }
}
