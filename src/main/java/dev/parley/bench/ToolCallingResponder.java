package dev.parley.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.parley.bench.OpenAiStubServer.Reply;

/**
 * A stub responder for a deployed assistant's chat calls (no {@code response_format}) that scripts a
 * realistic, deterministic tool exchange: when the request offers {@code tools} and nothing has answered a
 * tool call since the last user message, it calls the first tool (OpenAI {@code tool_calls}, arguments
 * filled from the tool's required string properties, id {@code call_u<n>_1} for the n-th user message);
 * once a tool result has come back, it answers in text quoting the results. Optionally every answer
 * carries {@code reasoning_content}, as vLLM, DeepSeek and Qwen return it. Structured calls go to
 * the responder it wraps.
 */
public final class ToolCallingResponder implements Function<JsonNode, Reply> {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Function<JsonNode, Reply> structured;
    private final boolean reasoning;

    private ToolCallingResponder(Function<JsonNode, Reply> structured, boolean reasoning) {
        this.structured = Objects.requireNonNull(structured, "structured");
        this.reasoning = reasoning;
    }

    /** Answers chat calls as described, and hands structured calls to {@code structured}. */
    public static ToolCallingResponder over(Function<JsonNode, Reply> structured) {
        return new ToolCallingResponder(structured, false);
    }

    /** The same responder, with {@code reasoning_content} on every chat answer. */
    public ToolCallingResponder withReasoning() {
        return new ToolCallingResponder(structured, true);
    }

    /** The reasoning returned with the answer to the n-th user message ({@code calls} true for its tool call). */
    public static String reasoningFor(int userMessage, boolean calls) {
        return "Reasoning " + userMessage + (calls ? ": a tool can tell." : ": ready to answer.");
    }

    /** The id of the call made for the n-th user message. */
    public static String callId(int userMessage) {
        return "call_u" + userMessage + "_1";
    }

    @Override
    public Reply apply(JsonNode request) {
        if (!OpenAiStubServer.schemaName(request).isEmpty()) {
            return structured.apply(request);
        }
        JsonNode messages = request.path("messages");
        int users = 0;
        List<String> results = new ArrayList<>();
        for (JsonNode m : messages) {
            String role = m.path("role").asText();
            if ("user".equals(role)) {
                users++;
                results.clear();
            } else if ("tool".equals(role)) {
                results.add(m.path("content").asText());
            }
        }
        JsonNode tools = request.path("tools");
        ObjectNode extras = JSON.createObjectNode();
        if (tools.isArray() && !tools.isEmpty() && results.isEmpty()) {
            JsonNode function = tools.get(0).path("function");
            ObjectNode call = extras.putArray("tool_calls").addObject();
            call.put("id", callId(users)).put("type", "function");
            call.putObject("function").put("name", function.path("name").asText())
                    .put("arguments", arguments(function.path("parameters"), users).toString());
            withReasoning(extras, users, true);
            return new Reply(200, null, "tool_calls", null, extras);
        }
        String text = "Answer " + users + (results.isEmpty() ? "." : ": the tool says " + String.join("; ", results) + ".");
        withReasoning(extras, users, false);
        return new Reply(200, text, "stop", null, extras.isEmpty() ? null : extras);
    }

    private void withReasoning(ObjectNode extras, int users, boolean calls) {
        if (reasoning) {
            extras.put("reasoning_content", reasoningFor(users, calls));
        }
    }

    /** Every required property: a string {@code <name>-<n>}, or the number n. */
    private static ObjectNode arguments(JsonNode schema, int users) {
        ObjectNode arguments = JSON.createObjectNode();
        for (JsonNode required : schema.path("required")) {
            String name = required.asText();
            String type = schema.path("properties").path(name).path("type").asText("string");
            if ("integer".equals(type) || "number".equals(type)) {
                arguments.put(name, users);
            } else {
                arguments.put(name, name + "-" + users);
            }
        }
        return arguments;
    }
}
