package dev.parley.recipe;

/**
 * How many steps one search over a recipe's coverage grid may take. Exclusions can make a small
 * recipe's grid search exponential (every two-valued dimension doubles it); both the check that some
 * cell is allowed, when a recipe is read, and the planner's choice of cells take their steps from a
 * budget of this kind, and stop with an {@link InvalidRecipeException} on {@code coverage.exclude}
 * when it runs out, or when their thread is interrupted (a request abandoned or a server stopping).
 */
public final class WorkBudget {

    /**
     * Steps of one search: each costs a rule match over a partial cell, so this many take well under a
     * second, while no recipe a person writes comes near it.
     */
    public static final long DEFAULT_STEPS = 500_000;
    private static final int INTERRUPT_CHECK_EVERY = 4096;

    private final long steps;
    private long left;

    /** A budget of {@code steps} steps. */
    public WorkBudget(long steps) {
        if (steps < 1) {
            throw new IllegalArgumentException("a work budget needs at least one step, not " + steps);
        }
        this.steps = steps;
        this.left = steps;
    }

    /** A budget of {@link #DEFAULT_STEPS}. */
    public static WorkBudget standard() {
        return new WorkBudget(DEFAULT_STEPS);
    }

    /**
     * A budget for planning {@code count} dialogues over {@code dimensions} dimensions: the standard
     * one, plus a few steps per dimension of each dialogue, as a search that seldom backs up needs.
     */
    public static WorkBudget forPlanning(int count, int dimensions) {
        return new WorkBudget(DEFAULT_STEPS + 4L * count * (dimensions + 1));
    }

    /**
     * Takes one step.
     *
     * @throws InvalidRecipeException when no step is left, or the thread has been interrupted
     */
    public void spend() {
        left--;
        if (left < 0) {
            throw new InvalidRecipeException("coverage.exclude", "makes the coverage grid too costly to search: more"
                    + " than " + steps + " steps without settling which cells are allowed; exclude with fewer"
                    + " dimensions per rule, or use fewer dimensions");
        }
        if (left % INTERRUPT_CHECK_EVERY == 0 && Thread.currentThread().isInterrupted()) {
            throw new InvalidRecipeException("coverage.exclude", "was still being searched when the work was stopped");
        }
    }
}
