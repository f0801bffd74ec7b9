package dev.parley.llm;

/**
 * A request's answer from a provider's batch output file.
 *
 * @param text         the assistant message's content (null when the answer had none)
 * @param finishReason the choice's {@code finish_reason}
 * @param inputTokens  prompt tokens
 * @param outputTokens completion tokens
 */
public record BatchAnswer(String text, String finishReason, long inputTokens, long outputTokens) {
    public BatchAnswer {
        finishReason = finishReason == null ? "" : finishReason;
        if (inputTokens < 0 || outputTokens < 0) {
            throw new IllegalArgumentException("token counts must not be negative, got " + inputTokens + " and " + outputTokens);
        }
    }
}
