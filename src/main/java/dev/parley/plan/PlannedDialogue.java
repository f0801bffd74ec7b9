package dev.parley.plan;

import java.util.Objects;

import dev.parley.dialogue.Cell;

/**
 * One dialogue the plan asks for.
 *
 * @param index position in the plan, 0-based; stable across resumes
 * @param cell  the coverage cell it should cover
 * @param seed  its own seed, derived from the recipe seed and the index
 */
public record PlannedDialogue(int index, Cell cell, long seed) {
    public PlannedDialogue {
        Objects.requireNonNull(cell, "cell");
        if (index < 0) {
            throw new IllegalArgumentException("index must be ≥ 0");
        }
    }
}
