package dev.parley.recipe;

import java.util.List;
import java.util.stream.Collectors;

/** A recipe that cannot be run, with every problem found in it. */
public class InvalidRecipeException extends RuntimeException {

    private final List<RecipeProblem> problems;

    public InvalidRecipeException(List<RecipeProblem> problems) {
        super(problems.stream().map(RecipeProblem::toString).collect(Collectors.joining("; ")));
        this.problems = List.copyOf(problems);
    }

    public InvalidRecipeException(String field, String message) {
        this(List.of(new RecipeProblem(field, message)));
    }

    public List<RecipeProblem> problems() {
        return problems;
    }
}
