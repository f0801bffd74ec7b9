package dev.parley.llm;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;

/**
 * How a chat answer is stored in the response cache and the call ledger, and read back: its text, its
 * tool calls and its reasoning, so a cached answer that called tools comes back as tool calls.
 *
 * <p>An answer with no tool calls and no reasoning is stored as its bare text, exactly as before tools
 * and reasoning were kept; any other is a JSON object under the one key {@value #KEY}. Reading takes a
 * text that is not such an object as bare text, so answers stored before stay usable.
 */
final class AssistantReplies {

    /** The key an answer with tool calls or reasoning is stored under. */
    static final String KEY = "parley_assistant_reply";

    private static final ObjectMapper JSON = new ObjectMapper();

    private AssistantReplies() {
    }

    /** The stored form of an answer (null when there is no answer). */
    static String stored(AiMessage message) {
        if (message == null) {
            return null;
        }
        boolean plain = !message.hasToolExecutionRequests() && (message.thinking() == null || message.thinking().isBlank());
        if (plain) {
            return message.text();
        }
        ObjectNode root = JSON.createObjectNode();
        ObjectNode reply = root.putObject(KEY);
        if (message.text() != null) {
            reply.put("text", message.text());
        }
        if (message.thinking() != null && !message.thinking().isBlank()) {
            reply.put("reasoning", message.thinking());
        }
        var calls = reply.putArray("toolCalls");
        for (ToolExecutionRequest call : message.toolExecutionRequests()) {
            calls.addObject().put("id", call.id()).put("name", call.name()).put("arguments", call.arguments());
        }
        return root.toString();
    }

    /**
     * The answer a stored form holds: text (stripped), tool calls, reasoning.
     *
     * @throws IllegalArgumentException when it has neither text nor a tool call, or a tool call has no name
     */
    static AiMessage parse(String stored) {
        if (stored == null || stored.isBlank()) {
            throw new IllegalArgumentException("the answer is empty");
        }
        JsonNode reply = envelope(stored);
        if (reply == null) {
            return AiMessage.from(stored.strip());
        }
        String text = reply.path("text").isTextual() ? reply.get("text").asText().strip() : "";
        List<ToolExecutionRequest> calls = new ArrayList<>();
        for (JsonNode call : reply.path("toolCalls")) {
            String name = call.path("name").asText("");
            if (name.isBlank()) {
                throw new IllegalArgumentException("a tool call has no function name");
            }
            calls.add(ToolExecutionRequest.builder().id(call.path("id").isTextual() ? call.get("id").asText() : null)
                    .name(name).arguments(call.path("arguments").asText("{}")).build());
        }
        if (text.isEmpty() && calls.isEmpty()) {
            throw new IllegalArgumentException("the answer is empty");
        }
        var builder = AiMessage.builder().text(text.isEmpty() ? null : text).toolExecutionRequests(calls);
        if (reply.path("reasoning").isTextual()) {
            builder.thinking(reply.get("reasoning").asText());
        }
        return builder.build();
    }

    private static JsonNode envelope(String stored) {
        String t = stored.strip();
        if (!t.startsWith("{") || !t.contains(KEY)) {
            return null;
        }
        try {
            JsonNode node = JSON.readTree(t);
            return node != null && node.isObject() && node.size() == 1 && node.path(KEY).isObject() ? node.get(KEY) : null;
        } catch (JsonProcessingException e) {
            return null;
        }
    }
}
