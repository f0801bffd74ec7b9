package dev.parley.dialogue;

import java.util.List;
import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One message of a dialogue.
 *
 * <p>Most turns are a role and what is said. An assistant turn may also ask for tools to be called
 * ({@code toolCalls}, its {@code content} then often empty), a {@code tool} turn answers one such call
 * ({@code toolCallId}), and an assistant turn may carry the reasoning the model returned before its answer
 * ({@code reasoning}, never shown to the user). The empty extras are left out of the stored JSON, so a
 * dialogue without tools or reasoning reads and writes exactly as a plain one.
 *
 * @param role       who speaks: {@code user}, {@code assistant} or {@code tool}
 * @param content    what is said, or a tool's result
 * @param toolCalls  the tools an assistant turn calls, in order; empty for every other turn
 * @param toolCallId for a {@code tool} turn, the id of the call it answers
 * @param reasoning  for an assistant turn, the model's reasoning before it, when the model returned one
 */
public record Turn(
        String role,
        String content,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<ToolCall> toolCalls,
        @JsonInclude(JsonInclude.Include.NON_NULL) String toolCallId,
        @JsonInclude(JsonInclude.Include.NON_NULL) String reasoning) {

    public static final String USER = "user";
    public static final String ASSISTANT = "assistant";
    public static final String TOOL = "tool";

    public Turn {
        Objects.requireNonNull(role, "role");
        content = content == null ? "" : content;
        toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
        reasoning = reasoning == null || reasoning.isBlank() ? null : reasoning;
    }

    public Turn(String role, String content) {
        this(role, content, List.of(), null, null);
    }

    /** An assistant turn that calls tools, with what it says alongside (often nothing). */
    public static Turn toolCalling(String content, List<ToolCall> calls) {
        return new Turn(ASSISTANT, content, calls, null, null);
    }

    /** A tool's result, answering the call with the given id. */
    public static Turn toolResult(String toolCallId, String content) {
        return new Turn(TOOL, content, List.of(), Objects.requireNonNull(toolCallId, "toolCallId"), null);
    }

    @JsonIgnore
    public boolean isAssistant() {
        return ASSISTANT.equals(role);
    }

    @JsonIgnore
    public boolean isTool() {
        return TOOL.equals(role);
    }

    @JsonIgnore
    public boolean callsTools() {
        return !toolCalls.isEmpty();
    }

    /** This turn with the given content and everything else kept. */
    public Turn withContent(String newContent) {
        return new Turn(role, newContent, toolCalls, toolCallId, reasoning);
    }

    /** This turn carrying the given reasoning (blank for none). */
    public Turn withReasoning(String newReasoning) {
        return new Turn(role, content, toolCalls, toolCallId, newReasoning);
    }
}
