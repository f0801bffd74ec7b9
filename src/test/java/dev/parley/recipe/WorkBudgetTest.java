package dev.parley.recipe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.junit.jupiter.api.Test;

/**
 * A recipe of under a kilobyte whose exclusions make the grid search exponential is refused when
 * its budget runs out, with a problem on {@code coverage.exclude}, instead of pinning a core.
 */
class WorkBudgetTest {

    static String exponentialRecipe(int dimensions) {
        return HardGrids.exponential(dimensions);
    }

    @Test
    void refuses_exclusions_whose_search_outgrows_the_budget() {
        String recipe = exponentialRecipe(34);
        assertThat(recipe.length()).isLessThan(1024);

        InvalidRecipeException e = catchThrowableOfType(InvalidRecipeException.class, () -> RecipeLoader.parse(recipe));

        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo("coverage.exclude");
            assertThat(p.message()).contains("too costly to search").contains(String.valueOf(WorkBudget.DEFAULT_STEPS));
        });
    }

    @Test
    void still_finds_that_a_small_grid_is_wholly_excluded() {
        InvalidRecipeException e = catchThrowableOfType(InvalidRecipeException.class,
                () -> RecipeLoader.parse(exponentialRecipe(8)));

        assertThat(e.problems()).extracting(RecipeProblem::toString)
                .containsExactly("coverage.exclude excludes every cell of the grid: nothing could be planned");
    }

    @Test
    void stops_a_search_when_its_thread_is_interrupted() {
        WorkBudget budget = new WorkBudget(1_000_000);
        Thread.currentThread().interrupt();
        try {
            InvalidRecipeException e = catchThrowableOfType(InvalidRecipeException.class, () -> {
                for (int i = 0; i < 10_000; i++) {
                    budget.spend();
                }
            });
            assertThat(e.getMessage()).contains("stopped");
        } finally {
            Thread.interrupted();
        }
    }
}
