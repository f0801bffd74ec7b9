package dev.parley.quality;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Seeded synthetic texts for the duplicate tests: originals of about 1,000 characters written as
 * random word sequences over a vocabulary of made-up words (so that unrelated texts share almost no
 * shingles), and edited copies at a chosen intensity.
 */
final class PlantedCorpus {

    private static final String[] ONSETS = {"b", "c", "d", "g", "h", "j", "k", "l", "m", "n", "p", "r", "s", "t", "w",
        "y", "ng", "ny", "kr", "tr", "pl", "st"};
    private static final String[] VOWELS = {"a", "i", "u", "e", "o", "ai", "au"};

    private final List<String> vocabulary;
    private final SplittableRandom random;

    PlantedCorpus(int vocabularySize, long seed) {
        this.random = new SplittableRandom(seed);
        var words = new LinkedHashSet<String>();
        while (words.size() < vocabularySize) {
            var sb = new StringBuilder();
            int syllables = 2 + random.nextInt(3);
            for (int s = 0; s < syllables; s++) {
                sb.append(ONSETS[random.nextInt(ONSETS.length)]).append(VOWELS[random.nextInt(VOWELS.length)]);
            }
            if (random.nextInt(4) == 0) {
                sb.append("n");
            }
            words.add(sb.toString());
        }
        this.vocabulary = List.copyOf(words);
    }

    /** A text of at least {@code chars} characters: sentences of 6–14 words. */
    List<List<String>> original(int chars) {
        var sentences = new ArrayList<List<String>>();
        int length = 0;
        while (length < chars) {
            var sentence = new ArrayList<String>();
            int n = 6 + random.nextInt(9);
            for (int i = 0; i < n; i++) {
                String w = word();
                sentence.add(w);
                length += w.length() + 1;
            }
            sentences.add(sentence);
            length += 1;
        }
        return sentences;
    }

    /**
     * A paraphrase-like copy: {@code rate × words} edits, each a substitution, insertion, deletion or
     * swap of neighbouring words at a random place, and with probability {@code reorderChance} the
     * sentences shuffled.
     */
    List<List<String>> edit(List<List<String>> original, double rate, double reorderChance) {
        var sentences = new ArrayList<List<String>>();
        int words = 0;
        for (List<String> s : original) {
            sentences.add(new ArrayList<>(s));
            words += s.size();
        }
        int edits = (int) Math.round(rate * words);
        for (int e = 0; e < edits; e++) {
            List<String> s = sentences.get(random.nextInt(sentences.size()));
            int at = random.nextInt(s.size());
            switch (random.nextInt(4)) {
                case 0 -> s.set(at, word());
                case 1 -> s.add(at, word());
                case 2 -> {
                    if (s.size() > 2) {
                        s.remove(at);
                    }
                }
                default -> {
                    if (at + 1 < s.size()) {
                        Collections.swap(s, at, at + 1);
                    }
                }
            }
        }
        if (random.nextDouble() < reorderChance) {
            Collections.shuffle(sentences, new java.util.Random(random.nextLong()));
        }
        return sentences;
    }

    /**
     * How an index did on a planted corpus.
     *
     * @param copies         edited copies planted
     * @param positives      copies whose true Jaccard to their original is at or above the threshold
     * @param found          texts the index reported as near duplicates
     * @param falsePositives reported pairs whose true Jaccard is below the threshold
     * @param missed         true near duplicates the index let in
     * @param histogram      true Jaccard of the copies, by tenths
     */
    record Score(int copies, int positives, int found, int falsePositives, int missed, int[] histogram) {
        double precision() {
            return (double) (found - falsePositives) / found;
        }

        double recall() {
            return (double) (found - falsePositives) / (found - falsePositives + missed);
        }

        @Override
        public String toString() {
            return String.format(java.util.Locale.ROOT, "%d true of %d copies; found %d, %d false positives, %d missed:"
                    + " precision %.4f, recall %.4f; true Jaccard by tenths %s", positives, copies, found, falsePositives,
                    missed, precision(), recall(), java.util.Arrays.toString(histogram));
        }
    }

    /**
     * Adds {@code originals} originals and then one edited copy of each to {@code index}, and checks
     * every answer against exact Jaccard similarity. Copies are made at a Jaccard similarity drawn
     * uniformly from 0.3–1.0 ({@link #copyNear}).
     */
    static Score score(NearDuplicateIndex index, int originals, long seed) {
        var corpus = new PlantedCorpus(20_000, seed);
        double threshold = index.threshold();
        var sources = new ArrayList<List<List<String>>>();
        var texts = new ArrayList<String>();
        int found = 0;
        int falsePositives = 0;
        int missed = 0;
        int positives = 0;
        int[] histogram = new int[10];
        for (int i = 0; i < originals + originals; i++) {
            boolean copy = i >= originals;
            String text;
            boolean nearDuplicate = false;
            if (copy) {
                String original = texts.get(i - originals);
                text = corpus.copyNear(sources.get(i - originals), original, 0.3 + 0.7 * corpus.random.nextDouble());
                double jaccard = jaccard(original, text, 3);
                histogram[(int) Math.min(9, jaccard * 10)]++;
                nearDuplicate = jaccard >= threshold;
                positives += nearDuplicate ? 1 : 0;
            } else {
                var original = corpus.original(1000);
                sources.add(original);
                text = PlantedCorpus.text(original);
            }
            texts.add(text);
            var answer = index.addIfNovel(Integer.toString(i), text);
            if (answer.isPresent()) {
                found++;
                if (jaccard(text, texts.get(Integer.parseInt(answer.get().id())), 3) < threshold) {
                    falsePositives++;
                    missed += nearDuplicate ? 1 : 0;
                }
            } else if (nearDuplicate) {
                missed++;
            }
        }
        return new Score(originals, positives, found, falsePositives, missed, histogram);
    }

    /**
     * An edited copy whose exact Jaccard similarity to the original is within 0.03 of {@code target}
     * (or the closest of a few tries). Breaking a share {@code f} of the shingles, and adding as many
     * new ones, leaves {@code J = (1 - f) / (1 + f)}, so {@code f = (1 - J) / (1 + J)}; one edit breaks
     * about 3.5 shingles on average (a substitution 3, an insertion 2, a deletion 3, a swap 4, plus
     * overlaps), which gives a first edit rate {@code f / 3.5}, corrected by the ratio of wanted to
     * got {@code f} on each try. Sentences are shuffled in a quarter of the copies.
     */
    String copyNear(List<List<String>> source, String original, double target) {
        double wanted = (1 - target) / (1 + target);
        double rate = wanted / 3.5;
        boolean reorder = random.nextInt(4) == 0;
        String best = null;
        double bestError = Double.MAX_VALUE;
        for (int attempt = 0; attempt < 6 && bestError > 0.03; attempt++) {
            String copy = text(edit(source, rate, reorder ? 1 : 0));
            double jaccard = jaccard(original, copy, 3);
            if (Math.abs(jaccard - target) < bestError) {
                best = copy;
                bestError = Math.abs(jaccard - target);
            }
            double got = (1 - jaccard) / (1 + jaccard);
            rate = got == 0 ? rate + 0.01 : rate * wanted / got;
        }
        return best;
    }

    static String text(List<List<String>> sentences) {
        var sb = new StringBuilder();
        for (List<String> s : sentences) {
            for (int i = 0; i < s.size(); i++) {
                String w = s.get(i);
                sb.append(i == 0 ? Character.toUpperCase(w.charAt(0)) + w.substring(1) : w);
                sb.append(i == s.size() - 1 ? ". " : " ");
            }
        }
        return sb.toString().trim();
    }

    /** The exact Jaccard similarity of two texts' sets of {@code k}-word shingles, computed on strings. */
    static double jaccard(String a, String b, int k) {
        Set<String> x = shingles(a, k);
        Set<String> y = shingles(b, k);
        var union = new HashSet<>(x);
        union.addAll(y);
        x.retainAll(y);
        return union.isEmpty() ? 1.0 : (double) x.size() / union.size();
    }

    static Set<String> shingles(String text, int k) {
        List<String> words = TextNormalizer.words(text);
        var set = new HashSet<String>();
        for (int i = 0; i + k <= words.size(); i++) {
            set.add(String.join(" ", words.subList(i, i + k)));
        }
        if (set.isEmpty() && !words.isEmpty()) {
            set.add(String.join(" ", words));
        }
        return set;
    }

    // Zipf-like (exponent 1) over the vocabulary, so some words are common, as in real text.
    private String word() {
        double u = random.nextDouble();
        int index = (int) Math.floor(Math.pow(vocabulary.size() + 1.0, u)) - 1;
        return vocabulary.get(Math.min(index, vocabulary.size() - 1));
    }
}
