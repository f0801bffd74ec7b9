package dev.parley.quality;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.LongConsumer;
import java.util.zip.Deflater;

import dev.parley.dialogue.Dialogue;
import dev.parley.dialogue.Turn;
import dev.parley.quality.DiversitySnapshot.Scope;

/**
 * Live diversity of the accepted dialogues of a run, fed one dialogue at a time and read as a
 * {@link DiversitySnapshot}: over a sliding window of the last accepted dialogues and over all of
 * them. See {@link DiversityMeasures} for what each number means.
 *
 * <p>How each is computed:
 * <ul>
 * <li>distinct-n: distinct n-grams / all n-grams, n = 1, 2, 3, over {@link TextNormalizer} words,
 * within messages; n-grams are kept as 64-bit hashes (overall: about 16 bytes per distinct n-gram).
 * <li>compression ratio: UTF-8 bytes of the concatenated {@link Dialogue#text()}s divided by their
 * compressed size, the concatenation cut into consecutive 64 KiB blocks each compressed as raw
 * DEFLATE (no header) at the default level. DEFLATE sees 32 KiB back, so blocks lose almost nothing,
 * and the overall figure can grow with the run while holding less than one block.
 * <li>self-BLEU: {@link SelfBleu} on a sample of at most {@code bleuSample} dialogues — over the
 * window a seeded sample of it, over everything a seeded reservoir sample (Vitter's algorithm R).
 * <li>opening shares: the first three words of the first user message, and of the first assistant
 * message; the share of the most common (ties to the alphabetically first) among dialogues that have
 * one.
 * <li>length spread: characters (code points of the messages' content) per dialogue; mean,
 * population standard deviation, and their ratio.
 * <li>coverage entropy: {@code H = -Σ p log2 p} over the accepted dialogues' plan cells; normalised by
 * {@code log2(plannedCells)}, where {@code plannedCells} is the number of distinct cells the plan
 * holds.
 * <li>embedding distance (when dialogues come with a sentence embedding): the mean of {@code 1 - cos}
 * over every pair — of the window, and overall of the self-BLEU reservoir sample.
 * </ul>
 *
 * <p>Thread-safe: a dialogue's words, hashes and bytes are worked out before the meter's lock is
 * taken. Deterministic: the same dialogues added in the same order give the same snapshots.
 *
 * <p>Past 300 lines because every measure is fed from the same per-dialogue {@code Features} under the meter's one
 * lock, and each is computed for both scopes, the window and the whole run, side by side so that the two agree.
 */
public final class DiversityMeter {

    /** Dialogues in the sliding window by default. */
    public static final int DEFAULT_WINDOW = 200;
    /** Dialogues sampled for self-BLEU by default. */
    public static final int DEFAULT_BLEU_SAMPLE = 100;

    static final int BLOCK = 1 << 16;
    private static final int OPENING_WORDS = 3;

    private final int windowSize;
    private final int plannedCells;
    private final int bleuSample;
    private final long seed;

    private final ArrayDeque<Features> window = new ArrayDeque<>();
    private final LongHashSet[] distinct = {new LongHashSet(), new LongHashSet(), new LongHashSet()};
    private final long[] ngrams = new long[3];
    private final byte[] pending = new byte[BLOCK];
    private int pendingLength;
    private long rawBytes;
    private long compressedBlocks;
    private final List<Features> reservoir = new ArrayList<>();
    private final SplittableRandom reservoirRandom;
    private final Map<String, Integer> userOpenings = new HashMap<>();
    private final Map<String, Integer> assistantOpenings = new HashMap<>();
    private int withUserOpening;
    private int withAssistantOpening;
    private final Map<String, Integer> cells = new HashMap<>();
    private int count;
    private double meanChars;
    private double squaredDeviations; // Welford's M2

    /** A meter with the default window (200) and self-BLEU sample (100). */
    public DiversityMeter(int plannedCells) {
        this(DEFAULT_WINDOW, plannedCells, DEFAULT_BLEU_SAMPLE, 0);
    }

    /**
     * @param window       dialogues in the sliding window, ≥ 1
     * @param plannedCells distinct plan cells, ≥ 1, the denominator of normalised coverage entropy
     * @param bleuSample   dialogues sampled for self-BLEU, ≥ 2
     * @param seed         seed of the samples
     */
    public DiversityMeter(int window, int plannedCells, int bleuSample, long seed) {
        if (window < 1 || plannedCells < 1 || bleuSample < 2) {
            throw new IllegalArgumentException("window and planned cells must be ≥ 1 and the self-BLEU sample ≥ 2");
        }
        this.windowSize = window;
        this.plannedCells = plannedCells;
        this.bleuSample = bleuSample;
        this.seed = seed;
        this.reservoirRandom = new SplittableRandom(seed);
    }

    /** Counts an accepted dialogue, planned for {@code cell} (e.g. {@code Cell.key()}). */
    public void add(Dialogue dialogue, String cell) {
        add(dialogue, cell, null);
    }

    /** Counts an accepted dialogue with its sentence embedding ({@code null} when there is none). */
    public void add(Dialogue dialogue, String cell, float[] embedding) {
        Features f = Features.of(dialogue, Objects.requireNonNull(cell, "cell"), embedding);
        synchronized (this) {
            window.addLast(f);
            if (window.size() > windowSize) {
                window.removeFirst();
            }
            for (int n = 1; n <= 3; n++) {
                LongHashSet set = distinct[n - 1];
                f.forEachNgram(n, set::add);
                ngrams[n - 1] += f.ngramCount(n);
            }
            appendBytes(f.bytes);
            count++;
            if (reservoir.size() < bleuSample) {
                reservoir.add(f);
            } else {
                long j = reservoirRandom.nextLong(count);
                if (j < bleuSample) {
                    reservoir.set((int) j, f);
                }
            }
            if (!f.userOpening.isEmpty()) {
                userOpenings.merge(f.userOpening, 1, Integer::sum);
                withUserOpening++;
            }
            if (!f.assistantOpening.isEmpty()) {
                assistantOpenings.merge(f.assistantOpening, 1, Integer::sum);
                withAssistantOpening++;
            }
            cells.merge(f.cell, 1, Integer::sum);
            double delta = f.chars - meanChars;
            meanChars += delta / count;
            squaredDeviations += delta * (f.chars - meanChars);
        }
    }

    /** The measures now, over the window and over everything. */
    public synchronized DiversitySnapshot snapshot() {
        return new DiversitySnapshot(windowMeasures(), overallMeasures());
    }

    /** Dialogues counted in a scope. */
    public synchronized int dialogues(Scope scope) {
        return scope == Scope.WINDOW ? window.size() : count;
    }

    /**
     * For a per-dialogue measure ({@link DiversityMeasure#perDialogue()}): the value this dialogue
     * would give it if accepted now — for an opening share, the share its own opening would reach in
     * the scope (the window dropping its oldest dialogue if full). NaN when the dialogue has no such
     * opening.
     */
    public double valueIfAdded(DiversityMeasure measure, Scope scope, Dialogue dialogue) {
        if (!measure.perDialogue()) {
            throw new IllegalArgumentException(measure.key() + " is not measured per dialogue");
        }
        boolean user = measure == DiversityMeasure.USER_OPENING_SHARE;
        String opening = opening(dialogue, user ? Turn.USER : Turn.ASSISTANT);
        if (opening.isEmpty()) {
            return Double.NaN;
        }
        synchronized (this) {
            int same;
            int with;
            if (scope == Scope.OVERALL) {
                same = (user ? userOpenings : assistantOpenings).getOrDefault(opening, 0);
                with = user ? withUserOpening : withAssistantOpening;
            } else {
                same = 0;
                with = 0;
                int skip = window.size() == windowSize ? 1 : 0;
                for (Features f : window) {
                    if (skip-- > 0) {
                        continue;
                    }
                    String o = user ? f.userOpening : f.assistantOpening;
                    with += o.isEmpty() ? 0 : 1;
                    same += o.equals(opening) ? 1 : 0;
                }
            }
            return (same + 1.0) / (with + 1.0);
        }
    }

    private DiversityMeasures overallMeasures() {
        long compressed = compressedBlocks + (pendingLength > 0 ? deflatedSize(pending, 0, pendingLength) : 0);
        double sd = count == 0 ? Double.NaN : Math.sqrt(squaredDeviations / count);
        return measures(count, ratio(distinct[0].size(), ngrams[0]), ratio(distinct[1].size(), ngrams[1]),
                ratio(distinct[2].size(), ngrams[2]), ratio(rawBytes, compressed), SelfBleu.of(bleuTexts(reservoir)),
                userOpenings, withUserOpening, assistantOpenings, withAssistantOpening,
                count == 0 ? Double.NaN : meanChars, sd, cells, meanCosineDistance(reservoir));
    }

    private DiversityMeasures windowMeasures() {
        var sets = new LongHashSet[] {new LongHashSet(), new LongHashSet(), new LongHashSet()};
        long[] totals = new long[3];
        var userCounts = new HashMap<String, Integer>();
        var assistantCounts = new HashMap<String, Integer>();
        var cellCounts = new HashMap<String, Integer>();
        int withUser = 0;
        int withAssistant = 0;
        long bytes = 0;
        double sum = 0;
        for (Features f : window) {
            for (int n = 1; n <= 3; n++) {
                f.forEachNgram(n, sets[n - 1]::add);
                totals[n - 1] += f.ngramCount(n);
            }
            bytes += f.bytes.length;
            if (!f.userOpening.isEmpty()) {
                userCounts.merge(f.userOpening, 1, Integer::sum);
                withUser++;
            }
            if (!f.assistantOpening.isEmpty()) {
                assistantCounts.merge(f.assistantOpening, 1, Integer::sum);
                withAssistant++;
            }
            cellCounts.merge(f.cell, 1, Integer::sum);
            sum += f.chars;
        }
        int n = window.size();
        double mean = n == 0 ? Double.NaN : sum / n;
        double squares = 0;
        for (Features f : window) {
            squares += (f.chars - mean) * (f.chars - mean);
        }
        return measures(n, ratio(sets[0].size(), totals[0]), ratio(sets[1].size(), totals[1]),
                ratio(sets[2].size(), totals[2]), ratio(bytes, compressedSize(window)), SelfBleu.of(bleuTexts(windowSample())),
                userCounts, withUser, assistantCounts, withAssistant, mean, n == 0 ? Double.NaN : Math.sqrt(squares / n),
                cellCounts, meanCosineDistance(window));
    }

    private DiversityMeasures measures(int n, double distinct1, double distinct2, double distinct3, double compression,
            double selfBleu, Map<String, Integer> userCounts, int withUser, Map<String, Integer> assistantCounts,
            int withAssistant, double mean, double sd, Map<String, Integer> cellCounts, double embeddingDistance) {
        Map.Entry<String, Integer> topUser = top(userCounts);
        Map.Entry<String, Integer> topAssistant = top(assistantCounts);
        double entropy = entropyBits(cellCounts, n);
        double normalized = n == 0 ? Double.NaN : plannedCells == 1 ? 1.0 : entropy / log2(plannedCells);
        return new DiversityMeasures(n, distinct1, distinct2, distinct3, compression, selfBleu,
                topUser == null ? "" : topUser.getKey(), topUser == null ? Double.NaN : (double) topUser.getValue() / withUser,
                topAssistant == null ? "" : topAssistant.getKey(),
                topAssistant == null ? Double.NaN : (double) topAssistant.getValue() / withAssistant, mean, sd,
                n == 0 || mean == 0 ? Double.NaN : sd / mean, entropy, normalized, embeddingDistance);
    }

    /** Mean {@code 1 - cos} over every pair of the dialogues that have an embedding; NaN under two. */
    static double meanCosineDistance(Collection<Features> dialogues) {
        var vectors = new ArrayList<float[]>();
        for (Features f : dialogues) {
            if (f.embedding != null) {
                vectors.add(f.embedding);
            }
        }
        if (vectors.size() < 2) {
            return Double.NaN;
        }
        double sum = 0;
        long pairs = 0;
        for (int i = 0; i < vectors.size(); i++) {
            for (int j = i + 1; j < vectors.size(); j++) {
                sum += 1 - SemanticDuplicateIndex.cosine(vectors.get(i), vectors.get(j));
                pairs++;
            }
        }
        return sum / pairs;
    }

    /** A seeded sample of the window: all of it when small, else {@code bleuSample} picked by a partial shuffle. */
    private List<Features> windowSample() {
        var all = new ArrayList<>(window);
        if (all.size() <= bleuSample) {
            return all;
        }
        var random = new SplittableRandom(seed);
        for (int i = 0; i < bleuSample; i++) {
            int j = i + random.nextInt(all.size() - i);
            var t = all.get(i);
            all.set(i, all.get(j));
            all.set(j, t);
        }
        return all.subList(0, bleuSample);
    }

    private void appendBytes(byte[] bytes) {
        rawBytes += bytes.length;
        int offset = 0;
        while (offset < bytes.length) {
            int n = Math.min(BLOCK - pendingLength, bytes.length - offset);
            System.arraycopy(bytes, offset, pending, pendingLength, n);
            pendingLength += n;
            offset += n;
            if (pendingLength == BLOCK) {
                compressedBlocks += deflatedSize(pending, 0, BLOCK);
                pendingLength = 0;
            }
        }
    }

    /** Compressed size of the concatenated texts, by the same 64 KiB blocks as the overall figure. */
    private static long compressedSize(Collection<Features> dialogues) {
        byte[] block = new byte[BLOCK];
        int length = 0;
        long compressed = 0;
        for (Features f : dialogues) {
            int offset = 0;
            while (offset < f.bytes.length) {
                int n = Math.min(BLOCK - length, f.bytes.length - offset);
                System.arraycopy(f.bytes, offset, block, length, n);
                length += n;
                offset += n;
                if (length == BLOCK) {
                    compressed += deflatedSize(block, 0, BLOCK);
                    length = 0;
                }
            }
        }
        return compressed + (length > 0 ? deflatedSize(block, 0, length) : 0);
    }

    /** Raw DEFLATE (no zlib header or checksum) at the default level. */
    static int deflatedSize(byte[] data, int offset, int length) {
        var deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        try {
            deflater.setInput(data, offset, length);
            deflater.finish();
            byte[] out = new byte[8192];
            int size = 0;
            while (!deflater.finished()) {
                size += deflater.deflate(out);
            }
            return size;
        } finally {
            deflater.end();
        }
    }

    private static Map.Entry<String, Integer> top(Map<String, Integer> counts) {
        Map.Entry<String, Integer> best = null;
        for (var e : counts.entrySet()) {
            if (best == null || e.getValue() > best.getValue()
                    || e.getValue().equals(best.getValue()) && e.getKey().compareTo(best.getKey()) < 0) {
                best = e;
            }
        }
        return best;
    }

    private static double entropyBits(Map<String, Integer> counts, int n) {
        if (n == 0) {
            return Double.NaN;
        }
        double h = 0;
        for (int c : counts.values()) {
            double p = (double) c / n;
            h -= p * log2(p);
        }
        return h + 0.0; // no negative zero
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }

    private static double ratio(double numerator, double denominator) {
        return denominator == 0 ? Double.NaN : numerator / denominator;
    }

    private static List<SelfBleu.Text> bleuTexts(List<Features> features) {
        var texts = new ArrayList<SelfBleu.Text>(features.size());
        for (Features f : features) {
            texts.add(f.bleu);
        }
        return texts;
    }

    static String opening(Dialogue dialogue, String role) {
        for (Turn t : dialogue.turns()) {
            if (t.role().equals(role)) {
                List<String> words = TextNormalizer.words(t.content());
                return String.join(" ", words.subList(0, Math.min(OPENING_WORDS, words.size())));
            }
        }
        return "";
    }

    /**
     * What the meter keeps of one dialogue; its n-gram counts for self-BLEU are counted once here, where every
     * snapshot counted them again for each sample the dialogue was in.
     */
    record Features(long[][] words, SelfBleu.Text bleu, byte[] bytes, int chars, String userOpening,
            String assistantOpening, String cell, float[] embedding) {

        static Features of(Dialogue dialogue, String cell, float[] embedding) {
            var turns = dialogue.turns();
            long[][] words = new long[turns.size()][];
            int chars = 0;
            for (int t = 0; t < turns.size(); t++) {
                String content = turns.get(t).content();
                List<String> w = TextNormalizer.words(content);
                words[t] = new long[w.size()];
                for (int i = 0; i < w.size(); i++) {
                    words[t][i] = Hashing.hash(w.get(i), 0);
                }
                chars += content.codePointCount(0, content.length());
            }
            return new Features(words, SelfBleu.Text.of(words), dialogue.text().getBytes(StandardCharsets.UTF_8), chars,
                    opening(dialogue, Turn.USER), opening(dialogue, Turn.ASSISTANT), cell, embedding);
        }

        void forEachNgram(int n, LongConsumer action) {
            for (long[] message : words) {
                for (int i = 0; i + n <= message.length; i++) {
                    action.accept(SelfBleu.ngram(message, i, n));
                }
            }
        }

        long ngramCount(int n) {
            long total = 0;
            for (long[] message : words) {
                total += Math.max(0, message.length - n + 1);
            }
            return total;
        }
    }
}
