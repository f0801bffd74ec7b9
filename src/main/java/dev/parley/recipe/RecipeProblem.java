package dev.parley.recipe;

import java.util.Objects;

/**
 * One thing wrong with a recipe.
 *
 * @param field   path of the field, e.g. {@code turns.min} or {@code dimensions.topic[2]}; empty for the whole recipe
 * @param message what is wrong, in words a recipe author understands
 */
public record RecipeProblem(String field, String message) {
    public RecipeProblem {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
        return field.isEmpty() ? message : field + " " + message;
    }
}
