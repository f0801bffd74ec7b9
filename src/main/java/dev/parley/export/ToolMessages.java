package dev.parley.export;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.parley.dialogue.ToolCall;
import dev.parley.recipe.ToolDefinition;

/**
 * Tool calls, tool results and tool declarations in the shapes the formats' readers take:
 * <ul>
 * <li>OpenAI chat fine-tuning: {@code tool_calls} of {@code {id, type: "function", function: {name, arguments}}}
 * with the arguments as JSON text, {@code tool} messages with {@code tool_call_id}, and a {@code tools} list of
 * {@code {type: "function", function: {name, description, parameters}}} (OpenAI's fine-tuning guide, function
 * calling);</li>
 * <li>TRL / Hugging Face chat templates: the same, but the arguments as a JSON object, since templates such as
 * Qwen 2.5's write {@code arguments | tojson}, and {@code tool} messages carrying the tool's {@code name} (TRL's
 * dataset formats, tool calling);</li>
 * <li>LLaMA-Factory's ShareGPT: a {@code function_call} turn whose value is the call as
 * {@code {"name", "arguments"}} JSON text (a list for several), an {@code observation} turn with the results, and
 * {@code tools} as the JSON text of the function list (LLaMA-Factory's {@code data/README.md}).</li>
 * </ul>
 */
final class ToolMessages {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ToolMessages() {
    }

    /** OpenAI's {@code tool_calls}: arguments as JSON text. */
    static ArrayNode openAiCalls(List<ToolCall> calls) {
        ArrayNode list = JSON.createArrayNode();
        for (ToolCall c : calls) {
            list.addObject().put("id", c.id()).put("type", "function").putObject("function").put("name", c.name())
                    .put("arguments", c.arguments());
        }
        return list;
    }

    /** A chat template's {@code tool_calls}: arguments as a JSON object (text when they are not one). */
    static ArrayNode templateCalls(List<ToolCall> calls) {
        ArrayNode list = JSON.createArrayNode();
        for (ToolCall c : calls) {
            list.addObject().put("id", c.id()).put("type", "function").putObject("function").put("name", c.name())
                    .set("arguments", arguments(c));
        }
        return list;
    }

    /** The declared tools as a chat request's (and OpenAI's fine-tuning) {@code tools} list. */
    static ArrayNode openAiTools(List<ToolDefinition> tools) {
        ArrayNode list = JSON.createArrayNode();
        for (ToolDefinition t : tools) {
            list.addObject().put("type", "function").putObject("function").put("name", t.name())
                    .put("description", t.description()).set("parameters", t.parameters());
        }
        return list;
    }

    /** LLaMA-Factory's {@code function_call} value: one call as {@code {"name", "arguments"}}, several as a list. */
    static String functionCall(List<ToolCall> calls) {
        ArrayNode list = JSON.createArrayNode();
        for (ToolCall c : calls) {
            list.addObject().put("name", c.name()).set("arguments", arguments(c));
        }
        return (list.size() == 1 ? list.get(0) : list).toString();
    }

    /** LLaMA-Factory's {@code tools} column: the function list as JSON text. */
    static String functionList(List<ToolDefinition> tools) {
        ArrayNode list = JSON.createArrayNode();
        for (ToolDefinition t : tools) {
            list.addObject().put("name", t.name()).put("description", t.description()).set("parameters", t.parameters());
        }
        return list.toString();
    }

    /** The name of the tool a {@code tool} message answers, from the call of that id before it. */
    static String toolName(List<ExportRecord.Message> messages, int index) {
        String id = messages.get(index).toolCallId();
        for (int i = index - 1; i >= 0; i--) {
            for (ToolCall c : messages.get(i).toolCalls()) {
                if (c.id().equals(id)) {
                    return c.name();
                }
            }
        }
        return "";
    }

    private static JsonNode arguments(ToolCall call) {
        try {
            JsonNode parsed = JSON.readTree(call.arguments());
            if (parsed != null && parsed.isObject()) {
                return parsed;
            }
        } catch (Exception e) {
            // Not JSON: kept as the text the model wrote (the gates turn such a dialogue away before export).
        }
        return JSON.getNodeFactory().textNode(call.arguments());
    }

    /** A message's object for a chat template: role, content, and its tool calls or answered call with it. */
    static ObjectNode templateMessage(ArrayNode messages, List<ExportRecord.Message> all, int index) {
        ExportRecord.Message m = all.get(index);
        ObjectNode message = messages.addObject().put("role", m.role()).put("content", m.content());
        if (m.callsTools()) {
            message.set("tool_calls", templateCalls(m.toolCalls()));
        }
        if (m.isTool()) {
            message.put("tool_call_id", m.toolCallId()).put("name", toolName(all, index));
        }
        return message;
    }
}
