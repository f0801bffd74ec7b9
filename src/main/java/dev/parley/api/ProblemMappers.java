package dev.parley.api;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import dev.parley.llm.ModelCallException;
import dev.parley.recipe.InvalidRecipeException;
import dev.parley.run.DecisionException;
import dev.parley.store.UnknownRunException;

/** Turns every error into {@code application/problem+json}; never a stack trace or a class name. */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);
    private static final String BASE = "https://parley.dev/problems/";

    @ServerExceptionMapper
    public Response invalidRecipe(InvalidRecipeException e) {
        return problem(400, "invalid-recipe", "The recipe is not valid",
                e.problems().size() + " problem(s) in the recipe: " + e.getMessage(),
                e.problems().stream().map(Problem.FieldError::of).toList());
    }

    @ServerExceptionMapper
    public Response invalidRequest(InvalidRequestException e) {
        return problem(400, "invalid-request", "The request is not valid", e.getMessage(), e.errors());
    }

    @ServerExceptionMapper
    public Response unknownRun(UnknownRunException e) {
        return problem(404, "unknown-run", "No such run", e.getMessage(), null);
    }

    /** A person's decision the item's state does not allow (409), or whose dialogue fails a gate (422). */
    @ServerExceptionMapper
    public Response decision(DecisionException e) {
        return e.rejection().map(r -> problem(422, "gate-rejected", "The dialogue fails a gate", e.getMessage(),
                List.of(new Problem.FieldError("messages", r.gate() + ": " + r.reason()))))
                .orElseGet(() -> problem(409, "conflict", "The request conflicts with the current state", e.getMessage(), null));
    }

    @ServerExceptionMapper
    public Response conflict(ConflictException e) {
        return problem(409, "conflict", "The request conflicts with the current state", e.getMessage(), null);
    }

    /**
     * A model call a request made itself (expanding a recipe's dimensions when a run is created) that
     * gave no usable answer: the model's failure (502), or the run's budget, too small to start (422).
     */
    @ServerExceptionMapper
    public Response modelCall(ModelCallException e) {
        if (e.kind() == ModelCallException.Kind.BUDGET) {
            return problem(422, "budget-reached", "The budget is spent", e.getMessage(), null);
        }
        return problem(502, "model-call-failed", "The model did not answer usably", e.getMessage(), null);
    }

    @ServerExceptionMapper
    public Response badRequest(IllegalArgumentException e) {
        return problem(400, "bad-request", "The request cannot be carried out", restNames(e.getMessage()), null);
    }

    /** The command line's option names in a shared message, as the REST request names them. */
    private static final Map<String, String> REST_NAMES = Map.of("--mix-real FILE", "a body of real dialogues",
            "--context-length", "contextLength", "--real-ratio", "realRatio", "--format", "format", "--split", "split",
            "--seed", "seed", "--min-margin", "minMargin", "--reasoning", "reasoning");

    static String restNames(String message) {
        if (message == null) {
            return null;
        }
        String out = message;
        // Longest first, so that "--mix-real FILE" goes before anything it contains.
        for (String flag : REST_NAMES.keySet().stream().sorted(Comparator.comparingInt(String::length).reversed()).toList()) {
            out = out.replace(flag, REST_NAMES.get(flag));
        }
        return out;
    }

    @ServerExceptionMapper
    public Response badJson(JsonProcessingException e) {
        var location = e.getLocation();
        String where = location == null ? "" : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
        return problem(400, "malformed-json", "The body is not valid JSON", "the request body is not valid JSON" + where
                + ": " + e.getOriginalMessage(), null);
    }

    /**
     * JSON of the wrong shape for a typed body ({@code "score": "five"}, a list for an object): the
     * field and the kind of value it takes, without the Java type Jackson names.
     */
    @ServerExceptionMapper
    public Response mismatchedJson(MismatchedInputException e) {
        String field = e.getPath().stream().map(r -> r.getFieldName() != null ? "." + r.getFieldName()
                : "[" + r.getIndex() + "]").collect(Collectors.joining()).replaceFirst("^\\.", "");
        String message = "must be " + kind(e.getTargetType());
        return problem(400, "invalid-request", "The request is not valid",
                (field.isEmpty() ? "the body" : field) + " " + message, List.of(new Problem.FieldError(field, message)));
    }

    private static String kind(Class<?> type) {
        if (type == null) {
            return "of another type";
        }
        if (Number.class.isAssignableFrom(type) || type == int.class || type == long.class || type == double.class) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "text";
        }
        if (type.isArray() || java.util.Collection.class.isAssignableFrom(type)) {
            return "a list";
        }
        return "an object";
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        // Quarkus REST reports a body Jackson cannot parse as a 400 wrapping the parser's exception.
        if (e.getCause() instanceof MismatchedInputException mismatch) {
            return mismatchedJson(mismatch);
        }
        if (e.getCause() instanceof JsonProcessingException json) {
            return badJson(json);
        }
        int status = e.getResponse() == null ? 500 : e.getResponse().getStatus();
        String reason = Response.Status.fromStatusCode(status) == null ? "HTTP " + status
                : Response.Status.fromStatusCode(status).getReasonPhrase();
        return problem(status, "http-" + status, reason, e.getMessage() == null ? reason : e.getMessage(), null);
    }

    @ServerExceptionMapper
    public Response unexpected(RuntimeException e) {
        LOG.error("unexpected error serving a request", e);
        return problem(500, "internal-error", "Internal error",
                "Parley could not complete the request; the server log has the details.", null);
    }

    static Response problem(int status, String type, String title, String detail, List<Problem.FieldError> errors) {
        return Response.status(status).type(Problem.MEDIA_TYPE)
                .entity(new Problem(BASE + type, title, status, detail, errors)).build();
    }

    /** A problem without field errors, for answers written outside Quarkus REST. */
    static Problem problemOf(int status, String type, String title, String detail) {
        return new Problem(BASE + type, title, status, detail, null);
    }
}
