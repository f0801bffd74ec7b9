package dev.parley.quality;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import dev.parley.dialogue.Dialogue;

/**
 * The memorisation and decontamination gates: a dialogue is rejected when more than {@code limit}
 * of its words lie in runs of {@code n} or more consecutive words shared with a reference dialogue
 * (seed examples, real data, an evaluation set), measured by {@link NgramOverlap}. With limit 0 one
 * such run rejects. A gate without references passes everything.
 */
public final class OverlapGate implements Gate {

    private final NgramOverlap index;
    private final double limit;

    private OverlapGate(NgramOverlap index, double limit) {
        this.index = index;
        this.limit = limit;
    }

    /**
     * @param gate       the gate's name, {@link NgramOverlap#MEMORISATION} or {@link NgramOverlap#DECONTAMINATION}
     * @param n          shared words that make a run count
     * @param limit      largest share of a dialogue's words that may lie in shared runs, from 0 to 1
     * @param references reference dialogues by the id rejection reasons name (e.g. {@code seeds.jsonl:3})
     */
    public static OverlapGate of(String gate, int n, double limit, Map<String, Dialogue> references) {
        if (limit < 0 || limit > 1) {
            throw new IllegalArgumentException("the " + gate + " limit must be from 0 to 1, got " + limit);
        }
        NgramOverlap.Builder builder = NgramOverlap.builder(gate, n);
        references.forEach(builder::add);
        return new OverlapGate(builder.build(), limit);
    }

    /** Number of reference dialogues. */
    public int size() {
        return index.size();
    }

    /** {@link NgramOverlap#MEMORISATION} or {@link NgramOverlap#DECONTAMINATION}. */
    @Override
    public String name() {
        return index.gate();
    }

    @Override
    public Result check(Candidate candidate) {
        return Result.of(candidate.dialogue(), check(candidate.dialogue()));
    }

    public Optional<Rejection> check(Dialogue dialogue) {
        if (index.size() == 0) {
            return Optional.empty();
        }
        NgramOverlap.Share share = index.share(dialogue.text());
        if (share.shared() == 0 || share.fraction() <= limit && limit > 0) {
            return Optional.empty();
        }
        NgramOverlap.Overlap longest = share.longest().orElseThrow();
        String measure = limit == 0
                ? "shares " + longest.words() + " consecutive words with " + longest.referenceId() + " (limit " + (index.n() - 1) + ")"
                : String.format(Locale.ROOT, "%.0f%% of its words (%d of %d) are in runs of %d or more words shared with"
                        + " reference dialogues (limit %.0f%%); the longest, %d words, with %s", 100 * share.fraction(),
                        share.shared(), share.words(), index.n(), 100 * limit, longest.words(), longest.referenceId());
        return Optional.of(new Rejection(index.gate(), measure + ": \"" + longest.passage() + "\""));
    }
}
