package dev.parley.llm;

/**
 * A request's answer from a provider's batch output file.
 *
 * @param text         the assistant message's content
 * @param finishReason the choice's {@code finish_reason}
 * @param inputTokens  prompt tokens
 * @param outputTokens completion tokens
 */
public record BatchAnswer(String text, String finishReason, long inputTokens, long outputTokens) {
}
