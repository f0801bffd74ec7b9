package dev.parley.llm;

import java.util.Objects;

/**
 * The record of one attempt at a model call, successful or not.
 *
 * @param role         which role called
 * @param model        model name
 * @param promptHash   SHA-256 of the full request (model, parameters, messages, schema)
 * @param inputTokens  prompt tokens (0 when unknown)
 * @param outputTokens completion tokens (0 when unknown)
 * @param millis       latency
 * @param outcome      {@code ok}, {@code cached} (answered from the response cache), or the failure kind
 * @param error        the failure detail, empty when ok
 * @param batch        whether the request went through the provider's batch API (priced at batch prices)
 */
public record ModelCall(ModelRole role, String model, String promptHash, long inputTokens, long outputTokens,
        long millis, String outcome, String error, boolean batch) {

    public static final String OK = "ok";
    /** Outcome of a request answered from the response cache: no model was called. */
    public static final String CACHED = "cached";

    public ModelCall {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(outcome, "outcome");
        error = error == null ? "" : error;
    }

    /** A direct call (not through a batch). */
    public ModelCall(ModelRole role, String model, String promptHash, long inputTokens, long outputTokens,
            long millis, String outcome, String error) {
        this(role, model, promptHash, inputTokens, outputTokens, millis, outcome, error, false);
    }
}
