package dev.parley.recipe;

import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A canned result for calls of one tool: the recipe's {@code tools.fixtures} entries. A fixture answers a call
 * when it names the call's tool, each of its argument patterns matches the call's argument of that name (text
 * with {@code *} matching any run of characters, case-insensitively; any other value equal), and each of its
 * cell conditions holds for the dialogue's plan cell. Arguments and cell dimensions a fixture does not name may
 * be anything. The first fixture that answers, in recipe order, gives the result.
 *
 * @param tool      the declared tool's name
 * @param arguments argument name to the pattern its value must match
 * @param cell      dimension name to the value the plan cell must have
 * @param result    the {@code tool} message's content: the result's JSON text, or the text itself
 */
public record ToolFixture(String tool, Map<String, JsonNode> arguments, Map<String, String> cell, String result) {

    public ToolFixture {
        Objects.requireNonNull(tool, "tool");
        Objects.requireNonNull(result, "result");
        arguments = arguments == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(arguments));
        cell = cell == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(cell));
    }

    /** Whether this fixture answers a call of {@code name} with these arguments in a dialogue of this cell. */
    public boolean answers(String name, JsonNode callArguments, Map<String, String> cellValues) {
        if (!tool.equals(name)) {
            return false;
        }
        for (var condition : cell.entrySet()) {
            if (!condition.getValue().equals(cellValues.get(condition.getKey()))) {
                return false;
            }
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = arguments.entrySet().iterator(); it.hasNext();) {
            var pattern = it.next();
            JsonNode actual = callArguments == null ? null : callArguments.get(pattern.getKey());
            if (actual == null || !matches(pattern.getValue(), actual)) {
                return false;
            }
        }
        return true;
    }

    private static boolean matches(JsonNode pattern, JsonNode actual) {
        if (pattern.isTextual() && pattern.asText().contains("*")) {
            String regex = Pattern.quote(pattern.asText()).replace("*", "\\E.*\\Q");
            return Pattern.compile(regex, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | Pattern.DOTALL)
                    .matcher(actual.isTextual() ? actual.asText() : actual.toString()).matches();
        }
        if (pattern.isTextual() && actual.isTextual()) {
            return pattern.asText().equalsIgnoreCase(actual.asText());
        }
        return pattern.equals(actual) || pattern.isNumber() && actual.isNumber()
                && pattern.decimalValue().compareTo(actual.decimalValue()) == 0;
    }
}
