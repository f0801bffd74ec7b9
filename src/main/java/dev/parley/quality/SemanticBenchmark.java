package dev.parley.quality;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

import dev.parley.quality.SemanticCorpus.Sample;
import dev.parley.quality.SemanticCorpus.Strength;
import dev.parley.recipe.Recipe;

/**
 * Measures semantic-duplicate rules on a {@link SemanticCorpus}: the cosine and word-overlap distributions of
 * paraphrase pairs, same-scenario pairs and translation pairs, and the precision and recall of rules.
 *
 * <p>The pairs are every two dialogues of one scenario in one language (a paraphrase and its original are a
 * duplicate, any other two are distinct) and every conversation with its translation. A rule flags a pair when
 * both its cosine and its word overlap reach the rule's bars; precision is the share of flagged pairs that are
 * paraphrases, recall the share of paraphrase pairs flagged.
 */
public final class SemanticBenchmark {

    /** The precision the default rule must reach on the corpus. */
    public static final double MIN_PRECISION = 0.95;

    /** What two dialogues of the corpus are to each other. */
    public enum PairKind {
        PARAPHRASE, SAME_SCENARIO, TRANSLATION
    }

    /**
     * One pair measured.
     *
     * @param kind        what the pair is
     * @param strength    the paraphrase's strength, or null for a distinct pair
     * @param cosine      cosine similarity of the two embeddings
     * @param wordOverlap Jaccard similarity of the two word sets
     */
    public record PairScore(PairKind kind, Strength strength, double cosine, double wordOverlap) {
    }

    /**
     * A rule: a pair is a duplicate when its cosine and its word overlap both reach their bars.
     *
     * @param cosine      the cosine bar
     * @param wordOverlap the word-overlap bar; 0 leaves cosine alone
     */
    public record Rule(double cosine, double wordOverlap) {
        public Rule {
            if (!(cosine > 0 && cosine <= 1) || wordOverlap < 0 || wordOverlap > 1) {
                throw new IllegalArgumentException("a rule needs cosine in (0, 1] and word overlap in [0, 1]");
            }
        }

        /** The rule a recipe gets by default: the calibrated bars. */
        public static final Rule DEFAULT = new Rule(Recipe.CollapseChecks.RECOMMENDED_SEMANTIC_DUPLICATE,
                Recipe.CollapseChecks.DEFAULT_SEMANTIC_WORD_OVERLAP);

        boolean flags(PairScore pair) {
            return pair.cosine() >= cosine && pair.wordOverlap() >= wordOverlap;
        }

        @Override
        public String toString() {
            return wordOverlap == 0 ? String.format(Locale.ROOT, "cosine ≥ %.2f", cosine)
                    : String.format(Locale.ROOT, "cosine ≥ %.2f and words ≥ %.2f", cosine, wordOverlap);
        }
    }

    /**
     * How a rule did.
     *
     * @param rule        the rule
     * @param flagged     pairs it flagged
     * @param correct     of those, paraphrase pairs
     * @param paraphrases paraphrase pairs in the corpus
     */
    public record Outcome(Rule rule, int flagged, int correct, int paraphrases) {
        public double precision() {
            return flagged == 0 ? 1 : (double) correct / flagged;
        }

        public double recall() {
            return paraphrases == 0 ? 1 : (double) correct / paraphrases;
        }
    }

    /**
     * What one pass measured.
     *
     * @param pairs     every pair measured
     * @param dialogues dialogues embedded
     * @param seconds   time spent embedding
     */
    public record Result(List<PairScore> pairs, int dialogues, double seconds) {
        public Result {
            pairs = List.copyOf(pairs);
        }

        /** How {@code rule} does on these pairs. */
        public Outcome score(Rule rule) {
            int flagged = 0;
            int correct = 0;
            int paraphrases = 0;
            for (PairScore p : pairs) {
                boolean duplicate = p.kind() == PairKind.PARAPHRASE;
                paraphrases += duplicate ? 1 : 0;
                if (rule.flags(p)) {
                    flagged++;
                    correct += duplicate ? 1 : 0;
                }
            }
            return new Outcome(rule, flagged, correct, paraphrases);
        }

        /**
         * The rule with the highest recall among those whose precision reaches {@code minPrecision}, over a grid of
         * cosine bars from 0.80 to 0.99 and word-overlap bars from 0 to 0.90 in steps of 0.01 (ties: the lower bars).
         */
        public Outcome best(double minPrecision) {
            Outcome best = null;
            for (int c = 80; c <= 99; c++) {
                for (int w = 0; w <= 90; w++) {
                    Outcome o = score(new Rule(c / 100.0, w / 100.0));
                    if (o.flagged() > 0 && o.precision() >= minPrecision
                            && (best == null || o.recall() > best.recall())) {
                        best = o;
                    }
                }
            }
            return best;
        }

        /** The distributions and the rules' scores, for a person to read. */
        public List<String> describe(List<Rule> rules) {
            var lines = new ArrayList<String>();
            lines.add(String.format(Locale.ROOT, "%d dialogues (English and Indonesian), %d pairs, embedded in %.1f s",
                    dialogues, pairs.size(), seconds));
            lines.add(String.format(Locale.ROOT, "%-22s %6s %6s %6s %6s %6s %6s %6s", "pairs", "count", "min", "p05",
                    "p25", "median", "p95", "max"));
            for (PairKind kind : PairKind.values()) {
                if (kind == PairKind.PARAPHRASE) {
                    for (Strength s : Strength.values()) {
                        distribution(lines, kind, s);
                    }
                } else {
                    distribution(lines, kind, null);
                }
            }
            lines.add(String.format(Locale.ROOT, "%-34s %8s %8s %10s %8s", "rule", "flagged", "correct",
                    "precision", "recall"));
            for (Rule rule : rules) {
                Outcome o = score(rule);
                lines.add(String.format(Locale.ROOT, "%-34s %8d %8d %10.3f %8.3f%s", rule, o.flagged(), o.correct(),
                        o.precision(), o.recall(), rule.equals(Rule.DEFAULT) ? "  (default)" : ""));
            }
            Outcome best = best(MIN_PRECISION);
            lines.add(best == null ? String.format(Locale.ROOT, "no rule reaches precision %.2f", MIN_PRECISION)
                    : String.format(Locale.ROOT, "highest recall at precision ≥ %.2f: %s (precision %.3f, recall %.3f)",
                            MIN_PRECISION, best.rule(), best.precision(), best.recall()));
            return lines;
        }

        private void distribution(List<String> lines, PairKind kind, Strength strength) {
            String name = kind.name().toLowerCase(Locale.ROOT).replace('_', '-')
                    + (strength == null ? "" : " " + strength.name().toLowerCase(Locale.ROOT));
            List<PairScore> of = pairs.stream().filter(p -> p.kind() == kind && p.strength() == strength).toList();
            lines.add(quantiles(name + " cosine", of.stream().mapToDouble(PairScore::cosine).toArray()));
            lines.add(quantiles(name + " words", of.stream().mapToDouble(PairScore::wordOverlap).toArray()));
        }

        private static String quantiles(String name, double[] values) {
            Arrays.sort(values);
            if (values.length == 0) {
                return String.format(Locale.ROOT, "%-22s %6d", name, 0);
            }
            return String.format(Locale.ROOT, "%-22s %6d %6.3f %6.3f %6.3f %6.3f %6.3f %6.3f", name, values.length,
                    values[0], at(values, 0.05), at(values, 0.25), at(values, 0.5), at(values, 0.95),
                    values[values.length - 1]);
        }

        private static double at(double[] sorted, double q) {
            return sorted[(int) Math.round(q * (sorted.length - 1))];
        }
    }

    /** The default rule and the alternatives the benchmark command compares it with. */
    public static final List<Rule> RULES = List.of(new Rule(0.85, 0), new Rule(0.90, 0), new Rule(0.95, 0),
            Rule.DEFAULT, new Rule(0.85, 0.5), new Rule(0.90, 0.6), new Rule(0.95, 0.6));

    private SemanticBenchmark() {
    }

    /** Generates the corpus for {@code seed} and measures its pairs with the embedder. */
    public static Result run(long seed, int conversations, SentenceEmbedder embedder) {
        return measure(SemanticCorpus.generate(seed, conversations), embedder::embed,
                new WordOverlap(SemanticDuplicateIndex.WORD_SHINGLE));
    }

    static Result measure(List<Sample> corpus, Function<String, float[]> embed, WordOverlap overlap) {
        long t0 = System.nanoTime();
        var embeddings = new ArrayList<float[]>();
        var words = new ArrayList<long[]>();
        for (Sample s : corpus) {
            embeddings.add(embed.apply(s.dialogue().text()));
            words.add(overlap.shingles(s.dialogue().text()));
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        var pairs = new ArrayList<PairScore>();
        for (int i = 0; i < corpus.size(); i++) {
            for (int j = i + 1; j < corpus.size(); j++) {
                Sample a = corpus.get(i);
                Sample b = corpus.get(j);
                PairKind kind = kind(a, b);
                if (kind != null) {
                    pairs.add(new PairScore(kind, kind == PairKind.PARAPHRASE ? b.paraphrase() : null,
                            SemanticDuplicateIndex.cosine(embeddings.get(i), embeddings.get(j)),
                            WordOverlap.jaccard(words.get(i), words.get(j))));
                }
            }
        }
        return new Result(pairs, corpus.size(), seconds);
    }

    /** What two samples are to each other, or null for a pair the benchmark leaves out (other scenarios). */
    private static PairKind kind(Sample a, Sample b) {
        if (!a.scenario().equals(b.scenario())) {
            return null;
        }
        boolean sameConversation = a.conversation() == b.conversation();
        if (a.language().equals(b.language())) {
            return sameConversation && (a.paraphrase() == null) != (b.paraphrase() == null) ? PairKind.PARAPHRASE
                    : PairKind.SAME_SCENARIO;
        }
        return sameConversation && a.paraphrase() == null && b.paraphrase() == null ? PairKind.TRANSLATION : null;
    }
}
