package dev.parley.run;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Optional;

import org.jboss.logging.Logger;

import dev.parley.judge.Verdict;
import dev.parley.llm.ModelCallException;
import dev.parley.plan.Planner;
import dev.parley.store.ItemRecord;
import dev.parley.store.Review;

/**
 * Judge consistency: after the items, a seeded sample of judged dialogues is scored again under another
 * seed (so the first verdict's cached answer cannot stand in for it), and the second verdicts are kept
 * as reviews for the report. An identical re-run finds these in the cache too.
 */
final class JudgeRecheck {

    private static final Logger LOG = Logger.getLogger(JudgeRecheck.class);

    private final RunSetup setup;
    private final EngineStores stores;
    private final StoredJson json;

    JudgeRecheck(RunSetup setup, EngineStores stores, StoredJson json) {
        this.setup = setup;
        this.stores = stores;
        this.json = json;
    }

    /** Rechecks as many judged dialogues as the recipe asks for and earlier executions have not. */
    void recheck() {
        String runId = setup.runId;
        int wanted = setup.recipe.judge().recheck();
        var done = new HashSet<Integer>();
        stores.history().reviews(runId, Review.JUDGE_RECHECK).forEach(r -> done.add(r.seq()));
        if (wanted <= done.size()) {
            return;
        }
        // Plan numbers only: the few dialogues rechecked are read again one by one, not a large run's all.
        var judged = new ArrayList<>(stores.items().judgedSeqs(runId));
        judged.sort(Comparator.comparingLong(seq -> Planner.mix(setup.recipe.seed(), seq)));
        for (int seq : judged) {
            if (done.size() >= wanted || setup.stopping.requested()) {
                return;
            }
            if (done.contains(seq)) {
                continue;
            }
            ItemRecord item = stores.items().item(runId, seq).orElseThrow();
            var calls = setup.callsOf(item.seq());
            var brief = setup.brief(item, item.seed() + 1, json);
            try {
                Verdict again = setup.judgeOf(calls).judge(brief, item.dialogue().get()).value();
                stores.history().addReview(runId, new Review(item.seq(), Review.JUDGE_RECHECK, setup.judge.model(),
                        Optional.of(again.meanScore()), Optional.of(again.accepted()), Optional.of(json.write(again))));
                done.add(item.seq());
            } catch (ModelCallException e) {
                // A recheck that cannot be had leaves the report with fewer pairs; it does not fail the run.
                LOG.warnf("judge recheck of item %d of run %s: %s", item.seq(), runId, e.getMessage());
                if (e.kind().stopsRun()) {
                    return;
                }
            }
        }
    }
}
