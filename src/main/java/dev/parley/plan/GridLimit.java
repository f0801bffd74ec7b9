package dev.parley.plan;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import dev.parley.recipe.InvalidRecipeException;

/**
 * The most cells a coverage grid may have, and the setting that says so. A dimension a model expands has
 * no values when a recipe is checked, so its grid is checked again once the model has written them,
 * before anything is planned or stored.
 *
 * @param maxCells the most cells
 * @param setting  the setting that raises it, named in the refusal
 */
public record GridLimit(long maxCells, String setting) {

    /** No limit (the command line plans any grid it is given). */
    public static final GridLimit NONE = new GridLimit(Long.MAX_VALUE, "");

    public GridLimit {
        if (maxCells < 1) {
            throw new IllegalArgumentException("a grid limit needs at least one cell, not " + maxCells);
        }
    }

    /**
     * Refuses expanded dimensions that make the grid larger than the limit.
     *
     * @param dimensions the recipe's dimensions with their expanded values
     * @param expanded   the dimensions a model expanded
     * @throws InvalidRecipeException on {@code dimensions.<name>}, the expanded dimension with the most values
     */
    public void checkExpanded(Map<String, List<String>> dimensions, Set<String> expanded) {
        long cells = Planner.gridSize(dimensions);
        if (cells <= maxCells || expanded.isEmpty()) {
            return;
        }
        String largest = expanded.stream().max(Comparator.comparingInt(d -> dimensions.get(d).size())).orElseThrow();
        throw new InvalidRecipeException("dimensions." + largest, String.format(Locale.ROOT, "was expanded by the model"
                + " to %,d values, which makes a coverage grid of %,d cells, more than this server plans: at most %,d"
                + " (%s); ask its expand for fewer values", dimensions.get(largest).size(), cells, maxCells, setting));
    }
}
