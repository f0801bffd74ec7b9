package dev.parley.run;

/**
 * Per-run settings that are not part of the recipe.
 *
 * @param useCache answer requests identical to earlier ones from the response cache (default on)
 */
public record RunOptions(boolean useCache) {
    public static final RunOptions DEFAULTS = new RunOptions(true);
}
