package dev.parley.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import dev.parley.recipe.InvalidRecipeException;
import dev.parley.recipe.Recipe;
import dev.parley.recipe.RecipeLoader;
import dev.parley.recipe.WorkBudget;

/**
 * One piece of work, one budget: the recipe check and the planner take their steps from the budget the work
 * runs {@link WorkBudget#within}, so two stages cannot each spend a whole budget of their own.
 */
class SharedWorkBudgetTest {

    /** Twelve two-valued dimensions; every cell with d1 = a is excluded, which shows only at d12. */
    private static final String RECIPE = """
            name: shared-budget
            count: 10
            language: en
            turns: { min: 2, max: 2 }
            assistant: { system-prompt: You help. }
            dimensions:
            %s
            coverage:
              exclude: [{d1: a, d12: a}, {d1: a, d12: b}]
            """.formatted(IntStream.rangeClosed(1, 12).mapToObj(i -> "  d" + i + ": [a, b]")
            .collect(Collectors.joining("\n")));

    @Test
    void the_check_and_the_planner_spend_from_the_one_budget_of_the_work() {
        var probe = new WorkBudget(Long.MAX_VALUE / 4);
        Recipe recipe = WorkBudget.within(probe, () -> RecipeLoader.parse(RECIPE));
        long check = probe.spent();
        WorkBudget.within(probe, () -> Planner.plan(recipe));
        long both = probe.spent();
        assertThat(check).as("steps of the check").isPositive();
        assertThat(both - check).as("steps of the planner, beyond what it is granted")
                .isGreaterThan(WorkBudget.planningSteps(10, 12));

        // Enough for the check alone: the planner finds it spent, where a budget of its own would have done.
        var shared = new WorkBudget(check, "parley.api.work-budget");
        Recipe checked = WorkBudget.within(shared, () -> RecipeLoader.parse(RECIPE));
        InvalidRecipeException e = catchThrowableOfType(InvalidRecipeException.class,
                () -> WorkBudget.within(shared, () -> Planner.plan(checked)));

        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo("coverage.exclude");
            assertThat(p.message()).contains("too costly to search").contains("(parley.api.work-budget)");
        });
        assertThat(Planner.plan(checked)).as("with no work budget, the planner's own").hasSize(10);
    }

    @Test
    void a_cancelled_budget_stops_the_search_at_its_next_check() {
        var budget = new WorkBudget(Long.MAX_VALUE / 4);
        budget.cancel();

        InvalidRecipeException e = catchThrowableOfType(InvalidRecipeException.class, () -> {
            for (int i = 0; i < 10_000; i++) {
                budget.spend();
            }
        });

        assertThat(e.getMessage()).contains("when the work was stopped");
        assertThat(budget.spent()).isLessThanOrEqualTo(4096);
    }
}
