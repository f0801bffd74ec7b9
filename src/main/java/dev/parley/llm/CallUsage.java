package dev.parley.llm;

/**
 * What model calls cost.
 *
 * @param calls        number of calls made
 * @param inputTokens  prompt tokens
 * @param outputTokens completion tokens
 * @param millis       wall time spent waiting for answers
 */
public record CallUsage(int calls, long inputTokens, long outputTokens, long millis) {

    public static final CallUsage NONE = new CallUsage(0, 0, 0, 0);

    public CallUsage plus(CallUsage other) {
        return new CallUsage(calls + other.calls, inputTokens + other.inputTokens, outputTokens + other.outputTokens,
                millis + other.millis);
    }
}
