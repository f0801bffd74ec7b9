package dev.parley.api;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.parley.recipe.RecipeProblem;

/**
 * An RFC 9457 problem detail, the body of every error response ({@code application/problem+json}).
 *
 * @param type   stable URI naming the kind of problem
 * @param title  short summary of the kind
 * @param status HTTP status
 * @param detail what went wrong this time, for a person
 * @param errors for validation problems: each failing field and why
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";

    /** One failing field. */
    public record FieldError(String field, String message) {

        /** A recipe problem as a failing field. */
        public static FieldError of(RecipeProblem problem) {
            return new FieldError(problem.field(), problem.message());
        }
    }
}
