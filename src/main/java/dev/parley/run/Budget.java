package dev.parley.run;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.DoubleAdder;

import dev.parley.llm.ModelCall;
import dev.parley.llm.ModelCallException;
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
        tokens.addAndGet(call.inputTokens() + call.outputTokens());
        cost.add(prices.cost(call.model(), call.inputTokens(), call.outputTokens()));
    }

    /** @throws ModelCallException of kind {@link ModelCallException.Kind#BUDGET} when a cap is reached */
    void check() {
        if (options.maxTokens().isPresent() && tokens.get() >= options.maxTokens().getAsLong()) {
            throw new ModelCallException(ModelCallException.Kind.BUDGET, String.format(java.util.Locale.ROOT,
                    "token budget reached: %,d of %,d tokens spent", tokens.get(), options.maxTokens().getAsLong()), null);
        }
        if (options.maxCost().isPresent() && cost.sum() >= options.maxCost().getAsDouble()) {
            throw new ModelCallException(ModelCallException.Kind.BUDGET, String.format(java.util.Locale.ROOT,
                    "cost budget reached: $%.4f of $%.4f spent", cost.sum(), options.maxCost().getAsDouble()), null);
        }
    }

    long tokens() {
        return tokens.get();
    }

    double cost() {
        return cost.sum();
    }
}
