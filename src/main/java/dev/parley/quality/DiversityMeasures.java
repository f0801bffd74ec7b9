package dev.parley.quality;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The diversity of a set of accepted dialogues (a sliding window, or all of them). A measure that is
 * undefined for the set (no dialogue yet, no n-gram, fewer than two dialogues for self-BLEU) is
 * {@link Double#NaN}; gates skip it.
 *
 * <p>Words are those of {@link TextNormalizer}, and n-grams never cross from one message into the
 * next.
 *
 * @param dialogues                 dialogues in the set
 * @param distinct1                 distinct unigrams / all unigrams (higher is more varied)
 * @param distinct2                 distinct bigrams / all bigrams
 * @param distinct3                 distinct trigrams / all trigrams
 * @param compressionRatio          UTF-8 bytes of the concatenated dialogue texts / their DEFLATE size
 *                                  (higher is more repetitive)
 * @param selfBleu                  mean BLEU-4 of each sampled dialogue against the rest of the sample
 *                                  (higher is more alike)
 * @param topUserOpening            the most common first three words of the first user message
 *                                  ({@code ""} if none)
 * @param topUserOpeningShare       its share of the dialogues that have a user opening
 * @param topAssistantOpening       the most common first three words of the first assistant message
 * @param topAssistantOpeningShare  its share of the dialogues that have an assistant opening
 * @param meanChars                 mean characters (code points of the messages' content) per dialogue
 * @param sdChars                   their population standard deviation
 * @param cvChars                   coefficient of variation, {@code sdChars / meanChars}
 * @param coverageEntropyBits       Shannon entropy in bits of the dialogues' distribution over plan cells
 * @param coverageEntropyNormalized that entropy divided by {@code log2} of the planned cells (1 with one
 *                                  planned cell), 0..1
 * @param meanEmbeddingDistance     mean pairwise cosine distance ({@code 1 - cos}) of the dialogues' sentence
 *                                  embeddings (over a sample of at most the self-BLEU sample size overall); NaN
 *                                  without embeddings
 */
public record DiversityMeasures(int dialogues, double distinct1, double distinct2, double distinct3,
        double compressionRatio, double selfBleu, String topUserOpening, double topUserOpeningShare,
        String topAssistantOpening, double topAssistantOpeningShare, double meanChars, double sdChars, double cvChars,
        double coverageEntropyBits, double coverageEntropyNormalized, double meanEmbeddingDistance) {

    public DiversityMeasures {
        Objects.requireNonNull(topUserOpening, "topUserOpening");
        Objects.requireNonNull(topAssistantOpening, "topAssistantOpening");
        if (dialogues < 0) {
            throw new IllegalArgumentException("dialogues must be ≥ 0");
        }
    }

    /** The measures without embeddings. */
    public DiversityMeasures(int dialogues, double distinct1, double distinct2, double distinct3,
            double compressionRatio, double selfBleu, String topUserOpening, double topUserOpeningShare,
            String topAssistantOpening, double topAssistantOpeningShare, double meanChars, double sdChars, double cvChars,
            double coverageEntropyBits, double coverageEntropyNormalized) {
        this(dialogues, distinct1, distinct2, distinct3, compressionRatio, selfBleu, topUserOpening, topUserOpeningShare,
                topAssistantOpening, topAssistantOpeningShare, meanChars, sdChars, cvChars, coverageEntropyBits,
                coverageEntropyNormalized, Double.NaN);
    }

    /**
     * The measures as report.json shows them: rounded to three decimals, undefined ones as null, the
     * embedding distance only when there are embeddings.
     */
    public Map<String, Object> asMap() {
        var m = new LinkedHashMap<String, Object>();
        m.put("dialogues", dialogues);
        m.put("distinct1", finite(distinct1));
        m.put("distinct2", finite(distinct2));
        m.put("distinct3", finite(distinct3));
        m.put("compressionRatio", finite(compressionRatio));
        m.put("selfBleu", finite(selfBleu));
        m.put("topUserOpening", topUserOpening);
        m.put("topUserOpeningShare", finite(topUserOpeningShare));
        m.put("topAssistantOpening", topAssistantOpening);
        m.put("topAssistantOpeningShare", finite(topAssistantOpeningShare));
        m.put("meanChars", finite(meanChars));
        m.put("sdChars", finite(sdChars));
        m.put("cvChars", finite(cvChars));
        m.put("coverageEntropyBits", finite(coverageEntropyBits));
        m.put("coverageEntropyNormalized", finite(coverageEntropyNormalized));
        if (!Double.isNaN(meanEmbeddingDistance)) {
            m.put("meanEmbeddingDistance", finite(meanEmbeddingDistance));
        }
        return m;
    }

    private static Double finite(double value) {
        return Double.isFinite(value) ? Math.round(value * 1000) / 1000.0 : null;
    }

    /** The value of one measure. */
    public double value(DiversityMeasure measure) {
        return switch (measure) {
            case DISTINCT_1 -> distinct1;
            case DISTINCT_2 -> distinct2;
            case DISTINCT_3 -> distinct3;
            case COMPRESSION_RATIO -> compressionRatio;
            case SELF_BLEU -> selfBleu;
            case USER_OPENING_SHARE -> topUserOpeningShare;
            case ASSISTANT_OPENING_SHARE -> topAssistantOpeningShare;
            case LENGTH_CV -> cvChars;
            case COVERAGE_ENTROPY -> coverageEntropyNormalized;
            case EMBEDDING_DISTANCE -> meanEmbeddingDistance;
        };
    }
}
