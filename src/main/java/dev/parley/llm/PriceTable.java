package dev.parley.llm;

import java.util.Map;

import dev.parley.config.ParleyConfig;

/**
 * Dollars per model from the configured prices ({@code parley.prices}); unknown models cost nothing. Tokens
 * of requests answered through a batch are counted under the model's name with {@link #BATCH_SUFFIX} and
 * priced at its batch prices (the direct ones when none are set).
 */
public record PriceTable(Map<String, ParleyConfig.Price> prices) {

    /** Appended to a model's name where its tokens were answered through a provider's batch API. */
    public static final String BATCH_SUFFIX = " (batch)";

    public PriceTable {
        prices = Map.copyOf(prices);
    }

    /** What a model's tokens cost in dollars; a name ending in {@link #BATCH_SUFFIX} is priced at batch prices. */
    public double cost(String model, long inputTokens, long outputTokens) {
        boolean batch = model.endsWith(BATCH_SUFFIX);
        return cost(batch ? directName(model) : model, inputTokens, outputTokens, batch);
    }

    /** What a model's tokens cost in dollars, at its batch prices or its direct ones. */
    public double cost(String model, long inputTokens, long outputTokens, boolean batch) {
        ParleyConfig.Price price = prices.get(model);
        if (price == null) {
            return 0;
        }
        double in = batch ? price.batchInput().orElse(price.input()) : price.input();
        double out = batch ? price.batchOutput().orElse(price.output()) : price.output();
        return (inputTokens * in + outputTokens * out) / 1_000_000.0;
    }

    /** What tokens per model (input, output) cost together. */
    public double cost(Map<String, long[]> tokensByModel) {
        double cost = 0;
        for (var e : tokensByModel.entrySet()) {
            cost += cost(e.getKey(), e.getValue()[0], e.getValue()[1]);
        }
        return cost;
    }

    /** What the same tokens would have cost had every request been called directly, at the direct prices. */
    public double directCost(Map<String, long[]> tokensByModel) {
        double cost = 0;
        for (var e : tokensByModel.entrySet()) {
            cost += cost(directName(e.getKey()), e.getValue()[0], e.getValue()[1], false);
        }
        return cost;
    }

    public boolean knows(String model) {
        return prices.containsKey(directName(model));
    }

    /** The model's own name, without {@link #BATCH_SUFFIX}. */
    public static String directName(String model) {
        return model.endsWith(BATCH_SUFFIX) ? model.substring(0, model.length() - BATCH_SUFFIX.length()) : model;
    }
}
