package dev.parley.run;

import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import dev.parley.dialogue.Dialogue;
import dev.parley.quality.Gate;
import dev.parley.quality.HeuristicCheck;
import dev.parley.quality.Rejection;

/**
 * A stock opening ("Certainly!") is fine now and then; once the accepted dialogues that open with one pass
 * the recipe's share (judged from 10 accepted dialogues on), more of them are turned away. The gate counts
 * the run's accepted dialogues, so it lives with the execution (or the review) that knows them.
 */
final class StockOpeningGate implements Gate {

    /** Accepted dialogues before the share is judged at all: the first few say nothing about a run. */
    private static final int FROM = 10;

    private final HeuristicCheck heuristics;
    private final double limit;
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicInteger withOpening = new AtomicInteger();

    /**
     * @param limit largest share of accepted dialogues that may open with a stock phrase, from 0 to 1
     */
    StockOpeningGate(HeuristicCheck heuristics, double limit) {
        this.heuristics = heuristics;
        this.limit = limit;
    }

    @Override
    public String name() {
        return HeuristicCheck.STOCK_OPENING;
    }

    /** Counts a dialogue the run accepted. */
    void accepted(Dialogue dialogue) {
        accepted.incrementAndGet();
        if (heuristics.stockOpening(dialogue).isPresent()) {
            withOpening.incrementAndGet();
        }
    }

    @Override
    public Result check(Candidate candidate) {
        Dialogue dialogue = candidate.dialogue();
        Optional<String> opening = heuristics.stockOpening(dialogue);
        int total = accepted.get();
        if (opening.isEmpty() || total < FROM) {
            return Result.pass(dialogue);
        }
        double share = (withOpening.get() + 1.0) / (total + 1.0);
        return share <= limit ? Result.pass(dialogue) : Result.of(dialogue, Optional.of(new Rejection(name(),
                String.format(Locale.ROOT, "the assistant opens with \"%s\", as %d of %d accepted dialogues already do"
                        + " (limit %.0f%%)", opening.get(), withOpening.get(), total, limit * 100))));
    }
}
