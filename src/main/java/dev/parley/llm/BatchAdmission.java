package dev.parley.llm;

/** Decides whether a batch may be submitted: a run's budget refuses one whose projected cost would cross its cap. */
@FunctionalInterface
public interface BatchAdmission {

    /**
     * @param endpoint     the endpoint and model of every request in it
     * @param requests     how many requests it holds
     * @param inputTokens  their input tokens, estimated from the file's size
     * @param outputTokens their output tokens at most (their output limit, or as many as their input when unlimited)
     * @throws ModelCallException of kind {@link ModelCallException.Kind#BUDGET} to refuse it
     */
    void admit(ModelEndpoint endpoint, int requests, long inputTokens, long outputTokens);
}
