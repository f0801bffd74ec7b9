package dev.parley.quality;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Measures {@link PiiDetector} on a {@link PiiCorpus}: recall and precision per kind and language.
 *
 * <p>A planted value counts as found when findings of its kind cover at least half of it (an address
 * found without its town is found; one found as two pieces too). A finding counts as correct when it
 * overlaps a planted value of its kind; any other finding, in a hard negative or beside a planted value,
 * is a false positive of the finding's kind.
 */
public final class PiiBenchmark {

    /** The bar every kind must reach in every language. */
    public static final double MIN_RECALL = 0.95;
    /** The bar every kind must reach in every language. */
    public static final double MIN_PRECISION = 0.97;

    /**
     * One kind in one language.
     *
     * @param type     the kind
     * @param language the corpus language
     * @param planted  values of the kind planted
     * @param found    of those, found
     * @param findings findings of the kind
     * @param correct  of those, on a planted value of the kind
     */
    public record Score(PiiType type, String language, int planted, int found, int findings, int correct) {
        public double recall() {
            return planted == 0 ? 1 : (double) found / planted;
        }

        public double precision() {
            return findings == 0 ? 1 : (double) correct / findings;
        }

        public boolean meetsBar() {
            return recall() >= MIN_RECALL && precision() >= MIN_PRECISION;
        }
    }

    /**
     * What one pass measured.
     *
     * @param scores   per kind and language
     * @param samples  sentences checked
     * @param seconds  time spent detecting
     * @param mistakes up to a few missed values and false positives per kind, for a person to read
     */
    public record Result(List<Score> scores, int samples, double seconds, List<String> mistakes) {
        public Result {
            scores = List.copyOf(scores);
            mistakes = List.copyOf(mistakes);
        }

        /** The table for a person: one row per kind, recall and precision per language. */
        public List<String> describe() {
            var lines = new ArrayList<String>();
            lines.add(String.format(Locale.ROOT, "%,d sentences (English and Indonesian), detected in %.2f s", samples,
                    seconds));
            lines.add(String.format(Locale.ROOT, "%-14s %8s %8s %8s %8s %8s", "kind", "planted", "recall en",
                    "prec en", "recall id", "prec id"));
            Map<PiiType, Score[]> byType = new LinkedHashMap<>();
            for (Score s : scores) {
                byType.computeIfAbsent(s.type(), t -> new Score[2])[s.language().equals("en") ? 0 : 1] = s;
            }
            byType.forEach((type, pair) -> lines.add(String.format(Locale.ROOT, "%-14s %8d %8.3f %8.3f %8.3f %8.3f",
                    type.key(), pair[0].planted() + pair[1].planted(), pair[0].recall(), pair[0].precision(),
                    pair[1].recall(), pair[1].precision())));
            lines.add(scores.stream().allMatch(Score::meetsBar)
                    ? String.format(Locale.ROOT,
                    "every kind meets recall ≥ %.2f and precision ≥ %.2f in both languages",
                            MIN_RECALL, MIN_PRECISION)
                    : "below the bar: " + scores.stream().filter(s -> !s.meetsBar())
                            .map(s -> s.type().key() + "/" + s.language()).toList());
            return lines;
        }
    }

    private PiiBenchmark() {
    }

    /** Generates the corpus for {@code seed} and measures a detector of every kind on it. */
    public static Result run(long seed, int perKind, int negatives) {
        return measure(new PiiDetector(), PiiCorpus.generate(seed, perKind, negatives));
    }

    /** Measures a detector of every kind on a corpus read from elsewhere ({@link LabelledPiiCorpus}). */
    public static Result run(List<PiiCorpus.Sample> corpus) {
        return measure(new PiiDetector(), corpus);
    }

    static Result measure(PiiDetector detector, List<PiiCorpus.Sample> corpus) {
        var planted = new LinkedHashMap<String, int[]>(); // key type/lang -> {planted, found, findings, correct}
        for (String language : PiiCorpus.LANGUAGES) {
            for (PiiType type : PiiType.values()) {
                planted.put(type + "/" + language, new int[4]);
            }
        }
        var mistakes = new ArrayList<String>();
        var mistakesPerKind = new LinkedHashMap<PiiType, Integer>();
        long t0 = System.nanoTime();
        for (PiiCorpus.Sample sample : corpus) {
            List<PiiFinding> findings = detector.find(sample.text());
            for (PiiCorpus.Span span : sample.planted()) {
                int[] counts = planted.get(span.type() + "/" + sample.language());
                counts[0]++;
                int covered = 0;
                for (PiiFinding f : findings) {
                    if (f.type() == span.type()) {
                        covered += Math.max(0, Math.min(f.end(), span.end()) - Math.max(f.start(), span.start()));
                    }
                }
                if (2 * covered >= span.end() - span.start()) {
                    counts[1]++;
                } else {
                    note(mistakes, mistakesPerKind, span.type(), "missed " + span.type().key() + ": "
                            + sample.text() + " -> " + describe(findings, sample.text()));
                }
            }
            for (PiiFinding f : findings) {
                int[] counts = planted.get(f.type() + "/" + sample.language());
                counts[2]++;
                boolean correct = sample.planted().stream().anyMatch(s -> s.type() == f.type()
                        && f.start() < s.end() && s.start() < f.end());
                if (correct) {
                    counts[3]++;
                } else {
                    note(mistakes, mistakesPerKind, f.type(), "false " + f.type().key() + " '" + f.text(sample.text())
                            + "' in: " + sample.text());
                }
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        var scores = new ArrayList<Score>();
        for (PiiType type : PiiType.values()) {
            for (String language : PiiCorpus.LANGUAGES) {
                int[] c = planted.get(type + "/" + language);
                scores.add(new Score(type, language, c[0], c[1], c[2], c[3]));
            }
        }
        return new Result(scores, corpus.size(), seconds, mistakes);
    }

    private static void note(List<String> mistakes, Map<PiiType, Integer> perKind, PiiType type, String mistake) {
        if (perKind.merge(type, 1, Integer::sum) <= 5) {
            mistakes.add(mistake);
        }
    }

    private static List<String> describe(List<PiiFinding> findings, String text) {
        return findings.stream().map(f -> f.type().key() + " '" + f.text(text) + "'").toList();
    }
}
