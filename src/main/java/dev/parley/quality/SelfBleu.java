package dev.parley.quality;

import java.util.Arrays;
import java.util.List;

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
     * What self-BLEU needs of one text, counted once when the text is kept rather than at every measure: its
     * distinct n-grams of each order (as hashes) with their counts, and its length in words.
     */
    static final class Text {

        private final long[][] grams = new long[MAX_ORDER][];
        private final int[][] counts = new int[MAX_ORDER][];
        private final int words;

        private Text(long[][] messages) {
            int length = 0;
            for (long[] message : messages) {
                length += message.length;
            }
            words = length;
            for (int n = 1; n <= MAX_ORDER; n++) {
                int total = 0;
                for (long[] message : messages) {
                    total += Math.max(0, message.length - n + 1);
                }
                long[] all = new long[total];
                int k = 0;
                for (long[] message : messages) {
                    for (int i = 0; i + n <= message.length; i++) {
                        all[k++] = ngram(message, i, n);
                    }
                }
                Arrays.sort(all);
                int distinct = 0;
                for (int i = 0; i < all.length; i++) {
                    if (i == 0 || all[i] != all[i - 1]) {
                        distinct++;
                    }
                }
                long[] g = new long[distinct];
                int[] c = new int[distinct];
                int d = -1;
                for (int i = 0; i < all.length; i++) {
                    if (i == 0 || all[i] != all[i - 1]) {
                        g[++d] = all[i];
                    }
                    c[d]++;
                }
                grams[n - 1] = g;
                counts[n - 1] = c;
            }
        }

        /** A text given as a list of messages, each a list of word hashes; n-grams do not cross messages. */
        static Text of(long[][] messages) {
            return new Text(messages);
        }
    }

    /** Self-BLEU of {@code texts}; NaN with fewer than two texts or none scorable. */
    static double of(List<Text> texts) {
        int m = texts.size();
        if (m < 2) {
            return Double.NaN;
        }
        int[] lengths = new int[m];
        for (int t = 0; t < m; t++) {
            lengths[t] = texts.get(t).words;
        }
        // For every n-gram, its two largest counts over the texts and which text holds the largest, so
        // that "largest count among the other texts" is one lookup.
        var top = new Top[MAX_ORDER];
        for (int n = 0; n < MAX_ORDER; n++) {
            int distinct = 0;
            for (Text text : texts) {
                distinct += text.grams[n].length;
            }
            top[n] = new Top(distinct);
            for (int t = 0; t < m; t++) {
                Text text = texts.get(t);
                for (int i = 0; i < text.grams[n].length; i++) {
                    top[n].offer(text.grams[n][i], text.counts[n][i], t);
                }
            }
        }
        double sum = 0;
        int scored = 0;
        for (int t = 0; t < m; t++) {
            double bleu = bleu(t, texts.get(t), lengths, top);
            if (!Double.isNaN(bleu)) {
                sum += bleu;
                scored++;
            }
        }
        return scored == 0 ? Double.NaN : sum / scored;
    }

    private static double bleu(int self, Text hypothesis, int[] lengths, Top[] top) {
        double logSum = 0;
        for (int n = 0; n < MAX_ORDER; n++) {
            long total = 0;
            long clipped = 0;
            long[] grams = hypothesis.grams[n];
            int[] counts = hypothesis.counts[n];
            for (int i = 0; i < grams.length; i++) {
                total += counts[i];
                clipped += Math.min(counts[i], top[n].inOthers(grams[i], self));
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

    /**
     * The n-grams of one order over all texts, each with its largest count, the text holding it, and the
     * second largest: open addressing without boxing, sized for the distinct n-grams of all texts.
     */
    private static final class Top {

        private final long[] keys;
        private final boolean[] used;
        private final int[] best;
        private final int[] bestText;
        private final int[] second;
        private final int mask;

        Top(int capacity) {
            int size = Integer.highestOneBit(Math.max(2, capacity) * 2 - 1) * 2;
            keys = new long[size];
            used = new boolean[size];
            best = new int[size];
            bestText = new int[size];
            second = new int[size];
            mask = size - 1;
        }

        void offer(long gram, int count, int text) {
            int i = slot(gram);
            if (!used[i]) {
                used[i] = true;
                keys[i] = gram;
                best[i] = count;
                bestText[i] = text;
            } else if (count > best[i]) {
                second[i] = best[i];
                best[i] = count;
                bestText[i] = text;
            } else if (count > second[i]) {
                second[i] = count;
            }
        }

        /** The largest count of {@code gram} in a text other than {@code self}. */
        int inOthers(long gram, int self) {
            int i = slot(gram);
            return bestText[i] == self ? second[i] : best[i];
        }

        private int slot(long gram) {
            int i = (int) Hashing.mix64(gram) & mask;
            while (used[i] && keys[i] != gram) {
                i = (i + 1) & mask;
            }
            return i;
        }
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
