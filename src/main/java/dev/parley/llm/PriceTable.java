package dev.parley.llm;

import java.util.Map;

import dev.parley.config.ParleyConfig;

/** Dollars per model from the configured prices ({@code parley.prices}); unknown models cost nothing. */
public record PriceTable(Map<String, ParleyConfig.Price> prices) {

    public PriceTable {
        prices = Map.copyOf(prices);
    }

    /** What a model's tokens cost in dollars. */
    public double cost(String model, long inputTokens, long outputTokens) {
        ParleyConfig.Price price = prices.get(model);
        return price == null ? 0 : (inputTokens * price.input() + outputTokens * price.output()) / 1_000_000.0;
    }

    /** What tokens per model (input, output) cost together. */
    public double cost(Map<String, long[]> tokensByModel) {
        double cost = 0;
        for (var e : tokensByModel.entrySet()) {
            cost += cost(e.getKey(), e.getValue()[0], e.getValue()[1]);
        }
        return cost;
    }

    public boolean knows(String model) {
        return prices.containsKey(model);
    }
}
