package dev.parley.export;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Each consumer's published rules for its training format, as checks that list every problem of a
 * line or row (empty when it passes). Written from the consumers' documentation, not from Parley's
 * exporters, so the two can disagree.
 */
final class ConsumerRules {

    private ConsumerRules() {
    }

    /**
     * OpenAI chat fine-tuning: a {@code messages} array is present; roles are system, user,
     * assistant or tool; messages carry only known keys; there is at least one assistant message; a
     * {@code weight} appears only on assistant messages and is 0 or 1; the line has no other key than
     * {@code messages}, {@code tools} and {@code parallel_tool_calls}. With function calling (OpenAI's
     * fine-tuning guide, "Fine-tuning with function calling"): an assistant message's {@code tool_calls}
     * are {@code {id, type: "function", function: {name, arguments}}} with the arguments as JSON text of an
     * object, naming a function of the line's {@code tools} list ({@code {type: "function", function: {name,
     * description, parameters}}}); such a message may leave out {@code content}; a {@code tool} message has
     * the {@code tool_call_id} of an earlier call and a string content.
     */
    static List<String> openAi(JsonNode line) {
        List<String> problems = new ArrayList<>();
        for (String key : keys(line)) {
            if (!Set.of("messages", "tools", "parallel_tool_calls").contains(key)) {
                problems.add("unknown key " + key);
            }
        }
        Set<String> declared = new HashSet<>();
        for (JsonNode tool : line.path("tools")) {
            if (!tool.path("type").asText().equals("function") || !tool.path("function").path("name").isTextual()
                    || !tool.path("function").path("parameters").isObject()) {
                problems.add("tools: " + tool + " is not {type: function, function: {name, parameters}}");
            }
            declared.add(tool.path("function").path("name").asText());
        }
        Set<String> callIds = new HashSet<>();
        JsonNode messages = line.path("messages");
        if (!messages.isArray() || messages.isEmpty()) {
            problems.add("messages missing or empty");
            return problems;
        }
        boolean assistant = false;
        for (int i = 0; i < messages.size(); i++) {
            JsonNode m = messages.get(i);
            String role = m.path("role").asText("");
            if (!Set.of("system", "user", "assistant", "tool").contains(role)) {
                problems.add("messages[" + i + "]: unknown role '" + role + "'");
            }
            for (String key : keys(m)) {
                if (!Set.of("role", "content", "name", "weight", "tool_calls", "tool_call_id").contains(key)) {
                    problems.add("messages[" + i + "]: unknown key " + key);
                }
            }
            boolean calls = m.has("tool_calls");
            if (!m.path("content").isTextual() && !(calls && role.equals("assistant") && !m.has("content"))) {
                problems.add("messages[" + i + "]: content is not a string");
            }
            if (calls) {
                if (!role.equals("assistant") || !m.get("tool_calls").isArray() || m.get("tool_calls").isEmpty()) {
                    problems.add("messages[" + i + "]: tool_calls must be a non-empty list on an assistant message");
                }
                for (JsonNode call : m.path("tool_calls")) {
                    problems.addAll(openAiCall(call, declared, "messages[" + i + "]"));
                    callIds.add(call.path("id").asText());
                }
            }
            if (role.equals("tool") && !callIds.contains(m.path("tool_call_id").asText("\u0000"))) {
                problems.add("messages[" + i + "]: tool message answers no earlier call (tool_call_id "
                        + m.path("tool_call_id") + ")");
            }
            if (!role.equals("tool") && m.has("tool_call_id")) {
                problems.add("messages[" + i + "]: tool_call_id on a " + role + " message");
            }
            if (m.has("weight")) {
                if (!role.equals("assistant")) {
                    problems.add("messages[" + i + "]: weight on a " + role + " message");
                }
                if (!m.get("weight").isInt() || (m.get("weight").asInt() != 0 && m.get("weight").asInt() != 1)) {
                    problems.add("messages[" + i + "]: weight must be 0 or 1");
                }
            }
            assistant |= role.equals("assistant");
        }
        if (!assistant) {
            problems.add("no assistant message");
        }
        return problems;
    }

    /** One OpenAI tool call: id, type function, a declared function's name, arguments as JSON text of an object. */
    private static List<String> openAiCall(JsonNode call, Set<String> declared, String where) {
        List<String> problems = new ArrayList<>();
        if (!call.path("id").isTextual() || call.get("id").asText().isEmpty()) {
            problems.add(where + ": a tool call has no id");
        }
        if (!call.path("type").asText().equals("function")) {
            problems.add(where + ": a tool call's type is not function");
        }
        String name = call.path("function").path("name").asText("");
        if (!declared.contains(name)) {
            problems.add(where + ": calls '" + name + "', which the line's tools do not declare");
        }
        JsonNode arguments = call.path("function").path("arguments");
        if (!arguments.isTextual()) {
            problems.add(where + ": arguments are not JSON text");
        } else {
            try {
                if (!new ObjectMapper().readTree(arguments.asText()).isObject()) {
                    problems.add(where + ": arguments are not a JSON object");
                }
            } catch (IOException e) {
                problems.add(where + ": arguments are not JSON");
            }
        }
        return problems;
    }

    /**
     * TRL / Hugging Face conversational: {@code messages} of {role, content} with role system, user,
     * assistant or tool (system only first), content a string; Parley's {@code weights} has one 0 or 1
     * per message and 1 only on assistant messages. With tools (TRL's dataset formats, "Tool Calling"):
     * {@code tool_calls} of {@code {type: "function", function: {name, arguments}}} with the arguments an
     * object, and a {@code tools} column of JSON-schema functions naming every function called.
     */
    static List<String> trl(JsonNode row) {
        List<String> problems = new ArrayList<>();
        JsonNode messages = row.path("messages");
        if (!messages.isArray() || messages.isEmpty()) {
            problems.add("messages missing or empty");
            return problems;
        }
        Set<String> declared = new HashSet<>();
        row.path("tools").forEach(t -> declared.add(t.path("function").path("name").asText()));
        JsonNode weights = row.path("weights");
        if (!weights.isArray() || weights.size() != messages.size()) {
            problems.add("weights not aligned with messages");
        }
        for (int i = 0; i < messages.size(); i++) {
            JsonNode m = messages.get(i);
            String role = m.path("role").asText("");
            if (!Set.of("system", "user", "assistant", "tool").contains(role)) {
                problems.add("messages[" + i + "]: unknown role '" + role + "'");
            }
            for (JsonNode call : m.path("tool_calls")) {
                if (!call.path("type").asText().equals("function") || !call.path("function").path("arguments").isObject()) {
                    problems.add("messages[" + i + "]: a tool call is not {type: function, function: {name, arguments: {…}}}");
                }
                if (!declared.contains(call.path("function").path("name").asText())) {
                    problems.add("messages[" + i + "]: calls a function the tools column does not declare");
                }
            }
            if (role.equals("system") && i > 0) {
                problems.add("messages[" + i + "]: system message not first");
            }
            if (!m.path("content").isTextual()) {
                problems.add("messages[" + i + "]: content is not a string");
            }
            if (weights.isArray() && i < weights.size()) {
                int w = weights.get(i).asInt(-1);
                if (w != 0 && w != 1) {
                    problems.add("weights[" + i + "] must be 0 or 1");
                } else if (w == 1 && !role.equals("assistant")) {
                    problems.add("weights[" + i + "] trains on a " + role + " message");
                }
            }
        }
        return problems;
    }

    /**
     * ShareGPT as LLaMA-Factory reads it ({@code data/README.md}): {@code conversations} of {from, value};
     * from is system, human, gpt, function_call or observation; an optional system entry first, then
     * human and observation in odd positions, gpt and function_call in even ones, ending with gpt or
     * function_call. A function_call value is the call as {@code {"name", "arguments"}} JSON (a list for
     * several), and {@code tools} is JSON text of a list of functions with name and parameters.
     */
    static List<String> shareGpt(JsonNode line) {
        List<String> problems = new ArrayList<>();
        JsonNode conversations = line.path("conversations");
        if (!conversations.isArray() || conversations.isEmpty()) {
            problems.add("conversations missing or empty");
            return problems;
        }
        int start = conversations.get(0).path("from").asText().equals("system") ? 1 : 0;
        for (int i = 0; i < conversations.size(); i++) {
            JsonNode m = conversations.get(i);
            String from = m.path("from").asText("");
            if (!Set.of("system", "human", "gpt", "function_call", "observation").contains(from)) {
                problems.add("conversations[" + i + "]: unknown from '" + from + "'");
            }
            if (!m.path("value").isTextual()) {
                problems.add("conversations[" + i + "]: value is not a string");
            }
            if (i >= start) {
                List<String> expected = (i - start) % 2 == 0 ? List.of("human", "observation") : List.of("gpt", "function_call");
                if (!expected.contains(from)) {
                    problems.add("conversations[" + i + "]: expected " + String.join(" or ", expected) + ", got " + from);
                }
            }
            if (from.equals("function_call")) {
                problems.addAll(functionCall(m.path("value").asText(), line.path("tools"), "conversations[" + i + "]"));
            }
        }
        if ((conversations.size() - start) % 2 != 0 || conversations.size() == start) {
            problems.add("conversations must end with gpt after human/gpt pairs");
        }
        return problems;
    }

    /** A function_call value: JSON of {name, arguments: {…}} or a list of them, each naming a function of {@code tools}. */
    private static List<String> functionCall(String value, JsonNode tools, String where) {
        List<String> problems = new ArrayList<>();
        Set<String> declared = new HashSet<>();
        try {
            new ObjectMapper().readTree(tools.asText("[]")).forEach(t -> declared.add(t.path("name").asText()));
            JsonNode parsed = new ObjectMapper().readTree(value);
            for (JsonNode call : parsed.isArray() ? parsed : List.of(parsed)) {
                if (!declared.contains(call.path("name").asText()) || !call.path("arguments").isObject()) {
                    problems.add(where + ": function_call " + call + " is not {name of a declared tool, arguments: {…}}");
                }
            }
        } catch (IOException e) {
            problems.add(where + ": function_call value or tools are not JSON");
        }
        return problems;
    }

    /** Alpaca: exactly {@code instruction}, {@code input} and {@code output}, all strings; instruction and output non-empty. */
    static List<String> alpaca(JsonNode line) {
        List<String> problems = new ArrayList<>();
        if (!Set.copyOf(keys(line)).equals(Set.of("instruction", "input", "output"))) {
            problems.add("keys must be instruction, input, output; got " + keys(line));
        }
        for (String key : List.of("instruction", "input", "output")) {
            if (!line.path(key).isTextual()) {
                problems.add(key + " is not a string");
            }
        }
        if (line.path("instruction").asText("").isBlank()) {
            problems.add("instruction is empty");
        }
        if (line.path("output").asText("").isBlank()) {
            problems.add("output is empty");
        }
        return problems;
    }

    /**
     * OpenAI preference fine-tuning (DPO), as its guide and API reference publish it
     * (https://platform.openai.com/docs/guides/direct-preference-optimization): exactly the keys {@code input},
     * {@code preferred_output} and {@code non_preferred_output}; {@code input} an object with a {@code messages}
     * array (and optionally {@code tools}, {@code parallel_tool_calls}) of system, user or assistant messages with
     * string content, ending with the user's message; each output a list of messages whose roles are assistant or
     * tool, holding an assistant message, and, since OpenAI trains on one-turn examples, exactly one message with
     * string content; the two outputs differ.
     */
    static List<String> openAiPreference(JsonNode line) {
        List<String> problems = new ArrayList<>();
        for (String key : keys(line)) {
            if (!Set.of("input", "preferred_output", "non_preferred_output").contains(key)) {
                problems.add("unknown key " + key);
            }
        }
        JsonNode input = line.path("input");
        for (String key : keys(input)) {
            if (!Set.of("messages", "tools", "parallel_tool_calls").contains(key)) {
                problems.add("input: unknown key " + key);
            }
        }
        JsonNode messages = input.path("messages");
        if (!messages.isArray() || messages.isEmpty()) {
            problems.add("input.messages missing or empty");
        } else {
            for (int i = 0; i < messages.size(); i++) {
                JsonNode m = messages.get(i);
                if (!Set.of("system", "user", "assistant").contains(m.path("role").asText(""))) {
                    problems.add("input.messages[" + i + "]: unknown role '" + m.path("role").asText("") + "'");
                }
                if (!m.path("content").isTextual()) {
                    problems.add("input.messages[" + i + "]: content is not a string");
                }
            }
            if (!messages.get(messages.size() - 1).path("role").asText("").equals("user")) {
                problems.add("input.messages does not end with the user's message");
            }
        }
        for (String side : List.of("preferred_output", "non_preferred_output")) {
            JsonNode out = line.path(side);
            if (!out.isArray() || out.size() != 1) {
                problems.add(side + " must hold exactly one message");
                continue;
            }
            JsonNode m = out.get(0);
            if (!m.path("role").asText("").equals("assistant")) {
                problems.add(side + "[0]: role must be assistant");
            }
            if (!m.path("content").isTextual() || m.path("content").asText().isBlank()) {
                problems.add(side + "[0]: content is not a non-empty string");
            }
        }
        if (line.path("preferred_output").equals(line.path("non_preferred_output"))) {
            problems.add("preferred and non-preferred outputs are the same");
        }
        return problems;
    }

    /**
     * TRL conversational preference with an explicit prompt (https://huggingface.co/docs/trl/dataset_formats):
     * {@code prompt}, {@code chosen} and {@code rejected} are lists of {role, content} messages; the prompt holds
     * system (first only) and user / assistant messages and ends with a user message; chosen and rejected hold the
     * completion only, starting with an assistant message.
     */
    static List<String> trlPreference(JsonNode row) {
        List<String> problems = new ArrayList<>(conversation("prompt", row.path("prompt")));
        if (!problems.isEmpty()) {
            return problems;
        }
        if (!row.path("prompt").get(row.path("prompt").size() - 1).path("role").asText().equals("user")) {
            problems.add("prompt does not end with a user message");
        }
        for (String side : List.of("chosen", "rejected")) {
            problems.addAll(conversation(side, row.path(side)));
            if (row.path(side).isArray() && !row.path(side).isEmpty()
                    && !row.path(side).get(0).path("role").asText().equals("assistant")) {
                problems.add(side + " does not start with the assistant's reply");
            }
        }
        return problems;
    }

    /**
     * TRL conversational unpaired preference (KTO): {@code prompt} and {@code completion} message lists as in
     * {@link #trlPreference} and a boolean {@code label}.
     */
    static List<String> trlKto(JsonNode row) {
        List<String> problems = new ArrayList<>(conversation("prompt", row.path("prompt")));
        problems.addAll(conversation("completion", row.path("completion")));
        if (!row.path("label").isBoolean()) {
            problems.add("label is not a boolean");
        }
        return problems;
    }

    private static List<String> conversation(String name, JsonNode messages) {
        List<String> problems = new ArrayList<>();
        if (!messages.isArray() || messages.isEmpty()) {
            problems.add(name + " missing or empty");
            return problems;
        }
        for (int i = 0; i < messages.size(); i++) {
            JsonNode m = messages.get(i);
            String role = m.path("role").asText("");
            if (!Set.of("system", "user", "assistant").contains(role)) {
                problems.add(name + "[" + i + "]: unknown role '" + role + "'");
            }
            if (role.equals("system") && i > 0) {
                problems.add(name + "[" + i + "]: system message not first");
            }
            if (!m.path("content").isTextual()) {
                problems.add(name + "[" + i + "]: content is not a string");
            }
        }
        return problems;
    }

    static List<String> keys(JsonNode node) {
        List<String> keys = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext();) {
            keys.add(it.next());
        }
        return keys;
    }
}
