package dev.parley.recipe;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * How many steps the searches over a recipe's coverage grid may take. Exclusions can make a small
 * recipe's grid search exponential (every two-valued dimension doubles it); both the check that some
 * cell is allowed, when a recipe is read, and the planner's choice of cells take their steps from a
 * budget of this kind, and stop with an {@link InvalidRecipeException} on {@code coverage.exclude}
 * when it runs out, when it is cancelled (the client that asked went away) or when their thread is
 * interrupted (a server stopping).
 *
 * <p>One piece of work (a request, a command) holds one budget for all its searches: {@link #within}
 * makes it the {@link #current} one of the thread, which the recipe check and the planner take their
 * steps from instead of starting their own.
 */
public final class WorkBudget {

    /**
     * Steps of one piece of work: each costs a rule match over a partial cell, so this many take well under
     * a second, while no recipe a person writes comes near it.
     */
    public static final long DEFAULT_STEPS = 500_000;
    private static final int INTERRUPT_CHECK_EVERY = 4096;
    private static final ThreadLocal<WorkBudget> CURRENT = new ThreadLocal<>();

    private final String setting;
    private long steps;
    private long left;
    private volatile boolean cancelled;

    /** A budget of {@code steps} steps. */
    public WorkBudget(long steps) {
        this(steps, "");
    }

    /** A budget of {@code steps} steps, which the {@code setting} named in the refusal raises. */
    public WorkBudget(long steps, String setting) {
        if (steps < 1) {
            throw new IllegalArgumentException("a work budget needs at least one step, not " + steps);
        }
        this.steps = steps;
        this.left = steps;
        this.setting = setting;
    }

    /** A budget of {@link #DEFAULT_STEPS}. */
    public static WorkBudget standard() {
        return new WorkBudget(DEFAULT_STEPS);
    }

    /**
     * The steps planning {@code count} dialogues over {@code dimensions} dimensions needs on top of a search
     * budget: a few per dimension of each dialogue, as a search that seldom backs up needs.
     */
    public static long planningSteps(int count, int dimensions) {
        return 4L * count * (dimensions + 1);
    }

    /** A budget for planning {@code count} dialogues over {@code dimensions} dimensions: the standard one and {@link #planningSteps}. */
    public static WorkBudget forPlanning(int count, int dimensions) {
        return new WorkBudget(DEFAULT_STEPS + planningSteps(count, dimensions));
    }

    /** The budget of the work this thread is doing, if {@link #within} gave it one. */
    public static Optional<WorkBudget> current() {
        return Optional.ofNullable(CURRENT.get());
    }

    /** Does {@code work} with {@code budget} as the thread's {@link #current} budget. */
    public static <T> T within(WorkBudget budget, Supplier<T> work) {
        WorkBudget outer = CURRENT.get();
        CURRENT.set(budget);
        try {
            return work.get();
        } finally {
            if (outer == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(outer);
            }
        }
    }

    /** Gives the budget {@code more} steps (the planner's own, proportional to what it plans). */
    public void grant(long more) {
        steps += more;
        left += more;
    }

    /** Stops the work at its next check: the one asking for it has gone. Safe to call from any thread. */
    public void cancel() {
        cancelled = true;
    }

    /** Whether {@link #cancel} was called. */
    public boolean cancelled() {
        return cancelled;
    }

    /** Steps taken so far. */
    public long spent() {
        return steps - Math.max(left, 0);
    }

    /**
     * Takes one step.
     *
     * @throws InvalidRecipeException when no step is left, or the work has been cancelled or its thread interrupted
     */
    public void spend() {
        left--;
        if (left < 0) {
            throw new InvalidRecipeException("coverage.exclude", "makes the coverage grid too costly to search: more"
                    + " than " + steps + " steps" + (setting.isEmpty() ? "" : " (" + setting + ")") + " without settling"
                    + " which cells are allowed; exclude with fewer dimensions per rule, or use fewer dimensions");
        }
        if (left % INTERRUPT_CHECK_EVERY == 0 && (cancelled || Thread.currentThread().isInterrupted())) {
            throw new InvalidRecipeException("coverage.exclude", "was still being searched when the work was stopped");
        }
    }
}
