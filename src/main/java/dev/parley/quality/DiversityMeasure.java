package dev.parley.quality;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** A diversity measure a gate can watch, with its name in recipes. */
public enum DiversityMeasure {
    /** Distinct unigrams / all unigrams. */
    DISTINCT_1("distinct-1", DiversityGate.Direction.AT_LEAST, false),
    /** Distinct bigrams / all bigrams. */
    DISTINCT_2("distinct-2", DiversityGate.Direction.AT_LEAST, false),
    /** Distinct trigrams / all trigrams. */
    DISTINCT_3("distinct-3", DiversityGate.Direction.AT_LEAST, false),
    /** Raw bytes / DEFLATE bytes: rises as text repeats. */
    COMPRESSION_RATIO("compression-ratio", DiversityGate.Direction.AT_MOST, false),
    /** Mean BLEU-4 of sampled dialogues against each other: rises as they look alike. */
    SELF_BLEU("self-bleu", DiversityGate.Direction.AT_MOST, false),
    /**
     * Share of the most common opening of the first user message; per dialogue, the share its own
     * opening would have if it were accepted, which is what makes a {@code reject} gate possible.
     */
    USER_OPENING_SHARE("user-opening-share", DiversityGate.Direction.AT_MOST, true),
    /** As {@link #USER_OPENING_SHARE}, for the first assistant message. */
    ASSISTANT_OPENING_SHARE("assistant-opening-share", DiversityGate.Direction.AT_MOST, true),
    /** Coefficient of variation of the dialogues' lengths: falls as they become one length. */
    LENGTH_CV("length-cv", DiversityGate.Direction.AT_LEAST, false),
    /** Coverage entropy over plan cells, normalised to 0..1. */
    COVERAGE_ENTROPY("coverage-entropy", DiversityGate.Direction.AT_LEAST, false),
    /** Mean pairwise cosine distance of the dialogues' sentence embeddings (only with semantic dedup on). */
    EMBEDDING_DISTANCE("embedding-distance", DiversityGate.Direction.AT_LEAST, false);

    private final String key;
    private final DiversityGate.Direction healthy;
    private final boolean perDialogue;

    DiversityMeasure(String key, DiversityGate.Direction healthy, boolean perDialogue) {
        this.key = key;
        this.healthy = healthy;
        this.perDialogue = perDialogue;
    }

    /** The name used in recipes and reports, e.g. {@code distinct-2}. */
    public String key() {
        return key;
    }

    /** Which side of a limit is healthy for this measure: the direction a gate uses unless told otherwise. */
    public DiversityGate.Direction usualDirection() {
        return healthy;
    }

    /**
     * Whether one dialogue's contribution can be measured before it is accepted, so that a gate on
     * this measure may reject the dialogue rather than only warn or pause (the dedup-like gates).
     */
    public boolean perDialogue() {
        return perDialogue;
    }

    /** The measure named {@code key}, e.g. {@code self-bleu}. */
    public static DiversityMeasure fromKey(String key) {
        for (DiversityMeasure m : values()) {
            if (m.key.equals(key.trim().toLowerCase(Locale.ROOT))) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown diversity measure '" + key + "' (known: "
                + Arrays.stream(values()).map(DiversityMeasure::key).collect(Collectors.joining(", ")) + ")");
    }
}
