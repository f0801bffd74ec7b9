package dev.parley.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.parley.dialogue.Cell;
import dev.parley.recipe.Coverage;
import dev.parley.recipe.InvalidRecipeException;
import dev.parley.recipe.WorkBudget;

/** The planner's search over the grid takes its steps from a budget and stops when it runs out. */
class QuotaPlannerBudgetTest {

    /** Twelve two-valued dimensions; every cell with d1 = a is excluded, which shows only at d12. */
    private static final Map<String, List<String>> DIMENSIONS = new LinkedHashMap<>();
    private static final Coverage COVERAGE;

    static {
        for (int i = 1; i <= 12; i++) {
            DIMENSIONS.put("d" + i, List.of("a", "b"));
        }
        COVERAGE = new Coverage(Map.of(), List.of(Map.of("d1", "a", "d12", "a"), Map.of("d1", "a", "d12", "b")),
                List.of(), Map.of(), 0);
    }

    @Test
    void plans_within_a_budget_that_covers_the_search() {
        List<Cell> cells = new QuotaPlanner(DIMENSIONS, COVERAGE, 7, new WorkBudget(1_000_000)).plan(20);

        assertThat(cells).hasSize(20).allSatisfy(c -> assertThat(c.value("d1")).isEqualTo("b"));
    }

    @Test
    void stops_with_a_problem_on_the_exclusions_when_the_budget_runs_out() {
        InvalidRecipeException e = catchThrowableOfType(InvalidRecipeException.class,
                () -> new QuotaPlanner(DIMENSIONS, COVERAGE, 7, new WorkBudget(500)).plan(20));

        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo("coverage.exclude");
            assertThat(p.message()).contains("more than 500 steps");
        });
    }

    @Test
    void gives_a_plan_a_budget_that_grows_with_its_size() {
        WorkBudget large = WorkBudget.forPlanning(100_000, 12);
        // four steps per dimension and dialogue (a dimension more for the cell itself) on top of the standard
        for (long i = 0; i < WorkBudget.DEFAULT_STEPS + 4L * 100_000 * 13; i++) {
            large.spend();
        }
        assertThat(catchThrowableOfType(InvalidRecipeException.class, large::spend)).isNotNull();
    }
}
