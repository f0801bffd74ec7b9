package dev.parley.run;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.DoubleAdder;

import dev.parley.llm.ModelCall;
import dev.parley.llm.ModelCallException;
import dev.parley.llm.ModelEndpoint;
import dev.parley.llm.PriceTable;
import dev.parley.store.RunOptions;

/**
 * A run's spending: tokens and dollars so far, against its caps. Checked before every model call;
 * once a cap is reached no new call starts and the run stops cleanly. Calls already in flight
 * finish, so the overshoot is bounded by the calls in flight at that moment.
 */
final class Budget {

    private final RunOptions options;
    private final PriceTable prices;
    private final AtomicLong tokens = new AtomicLong();
    /** The fewest tokens one call of this run has taken (Long.MAX_VALUE before any call). */
    private final AtomicLong smallestCall = new AtomicLong(Long.MAX_VALUE);
    private final DoubleAdder cost = new DoubleAdder();

    Budget(RunOptions options, PriceTable prices) {
        this.options = options;
        this.prices = prices;
    }

    /** Starts from what the run had already spent (a resumed run, or other workers). */
    void reset(Map<String, long[]> tokensByModel) {
        tokens.set(tokensByModel.values().stream().mapToLong(t -> t[0] + t[1]).sum());
        cost.reset();
        cost.add(prices.cost(tokensByModel));
    }

    void charge(ModelCall call) {
        long used = call.inputTokens() + call.outputTokens();
        tokens.addAndGet(used);
        if (used > 0) {
            smallestCall.accumulateAndGet(used, Math::min);
        }
        cost.add(prices.cost(call.model(), call.inputTokens(), call.outputTokens(), call.batch()));
    }

    /** @throws ModelCallException of kind {@link ModelCallException.Kind#BUDGET} when a cap is reached */
    void check() {
        if (options.maxTokens().isPresent() && tokens.get() >= options.maxTokens().getAsLong()) {
            throw new ModelCallException(ModelCallException.Kind.BUDGET, tokensReached(tokens.get(),
                    options.maxTokens().getAsLong()), null);
        }
        if (options.maxCost().isPresent() && cost.sum() >= options.maxCost().getAsDouble()) {
            throw new ModelCallException(ModelCallException.Kind.BUDGET, String.format(Locale.ROOT,
                    "cost budget reached: $%.4f of $%.4f spent", cost.sum(), options.maxCost().getAsDouble()), null);
        }
    }

    /**
     * Admits a batch only if its projected cost stays within the caps: the tokens and dollars spent so far plus
     * its requests' estimated input and most output tokens, at the model's batch prices.
     *
     * @throws ModelCallException of kind {@link ModelCallException.Kind#BUDGET} when it would cross a cap
     */
    void admit(ModelEndpoint endpoint, int requests, long inputTokens, long outputTokens) {
        check();
        long projectedTokens = tokens.get() + inputTokens + outputTokens;
        if (options.maxTokens().isPresent() && projectedTokens > options.maxTokens().getAsLong()) {
            throw new ModelCallException(ModelCallException.Kind.BUDGET, String.format(Locale.ROOT,
                    "token budget: a batch of %,d %s requests (~%,d tokens) would take the run to %,d of %,d tokens;"
                            + " it was not submitted", requests, endpoint.model(), inputTokens + outputTokens,
                    projectedTokens, options.maxTokens().getAsLong()), null);
        }
        double projectedCost = cost.sum() + prices.cost(endpoint.model(), inputTokens, outputTokens, true);
        if (options.maxCost().isPresent() && projectedCost > options.maxCost().getAsDouble()) {
            throw new ModelCallException(ModelCallException.Kind.BUDGET, String.format(Locale.ROOT,
                    "cost budget: a batch of %,d %s requests (~$%.4f at batch prices) would take the run to $%.4f of"
                            + " $%.4f; it was not submitted", requests, endpoint.model(), projectedCost - cost.sum(),
                    projectedCost, options.maxCost().getAsDouble()), null);
        }
    }

    /**
     * Says how a token cap was reached. A call cannot be cut short, so the calls under way when the cap is
     * reached finish past it: the message says so rather than claim spending beyond the cap without a reason.
     */
    private String tokensReached(long spent, long cap) {
        if (spent == cap) {
            return String.format(Locale.ROOT, "token budget reached: %,d of %,d tokens spent", spent, cap);
        }
        long smallest = smallestCall.get();
        if (smallest != Long.MAX_VALUE && smallest > cap) {
            return String.format(Locale.ROOT, "token budget reached: the budget of %,d tokens is smaller than one call"
                    + " (~%,d tokens); the %,d tokens spent are the calls already under way when it was reached",
                    cap, smallest, spent);
        }
        return String.format(Locale.ROOT, "token budget reached: %,d tokens spent against a budget of %,d; the calls"
                + " already under way when it was reached finished past it", spent, cap);
    }

    long tokens() {
        return tokens.get();
    }

    double cost() {
        return cost.sum();
    }
}
