package dev.parley.store;

import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * Per-run settings that are not part of the recipe.
 *
 * @param useCache  answer requests identical to earlier ones from the response cache (default on)
 * @param failFast  stop the whole run at the first item that fails, instead of going on (best effort)
 * @param maxTokens hard cap on the tokens the run may spend (input and output together)
 * @param maxCost   hard cap on what the run may cost, in dollars, from the configured price table
 */
public record RunOptions(boolean useCache, boolean failFast, OptionalLong maxTokens, OptionalDouble maxCost) {

    public static final RunOptions DEFAULTS = new RunOptions(true, false, OptionalLong.empty(), OptionalDouble.empty());

    public RunOptions {
        maxTokens = maxTokens == null ? OptionalLong.empty() : maxTokens;
        maxCost = maxCost == null ? OptionalDouble.empty() : maxCost;
        if (maxTokens.isPresent() && maxTokens.getAsLong() < 1) {
            throw new IllegalArgumentException("the token budget must be at least 1");
        }
        if (maxCost.isPresent() && !(maxCost.getAsDouble() > 0)) {
            throw new IllegalArgumentException("the cost budget must be more than 0");
        }
    }

    public RunOptions withUseCache(boolean value) {
        return new RunOptions(value, failFast, maxTokens, maxCost);
    }
}
