package dev.parley.export;

import java.util.Optional;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * OpenAI chat fine-tuning JSONL: one {@code {"messages": [...]}} object per line, the system prompt
 * first. A masked assistant turn carries {@code "weight": 0} (OpenAI then trains on it as context
 * only); no other message has a weight key, and nothing else goes into a line: OpenAI's format
 * accepts no extra keys. A dialogue with tools has OpenAI's {@code tool_calls}, {@code tool} messages and
 * {@code tools} list ({@link ToolMessages}). Provenance goes into the sidecar file, aligned line by line.
 */
public final class OpenAiChatExporter extends JsonlExporter {

    public static final String FORMAT = "openai";
    /** The file the training split is written to; kept from Parley's first versions. */
    public static final String FILE = "train.jsonl";

    @Override
    public String format() {
        return FORMAT;
    }

    @Override
    public String fileName(String split) {
        return split + ".jsonl";
    }

    @Override
    public String description() {
        return "OpenAI chat fine-tuning JSONL (`{\"messages\": [...]}`); a masked assistant turn has `\"weight\": 0`.";
    }

    @Override
    Optional<ObjectNode> line(ExportRecord record) {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode messages = root.putArray("messages");
        for (ExportRecord.Message m : record.messages()) {
            ObjectNode message = m.callsTools() || m.isTool() ? toolMessage(messages, m)
                    : messages.addObject().put("role", m.role()).put("content", m.content());
            if (m.masked()) {
                message.put("weight", 0);
            }
        }
        if (!record.tools().isEmpty()) {
            root.set("tools", ToolMessages.openAiTools(record.tools()));
        }
        return Optional.of(root);
    }

    /**
     * An assistant message that calls tools ({@code content} left out when it says nothing, as OpenAI's
     * function-calling examples have it) or a tool's result with the id of the call it answers.
     */
    private static ObjectNode toolMessage(ArrayNode messages, ExportRecord.Message m) {
        ObjectNode message = messages.addObject().put("role", m.role());
        if (m.isTool()) {
            return message.put("tool_call_id", m.toolCallId()).put("content", m.content());
        }
        if (!m.content().isBlank()) {
            message.put("content", m.content());
        }
        return message.set("tool_calls", ToolMessages.openAiCalls(m.toolCalls()));
    }
}
