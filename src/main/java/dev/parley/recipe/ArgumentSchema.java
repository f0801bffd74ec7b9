package dev.parley.recipe;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The subset of JSON Schema a tool's {@code parameters} may use, and a validator for it: what OpenAI's function
 * calling documents for function parameters ({@code type}, {@code properties}, {@code required},
 * {@code additionalProperties}, {@code enum}, {@code items}, {@code description}) plus the plain value limits
 * ({@code minimum}, {@code maximum}, {@code minLength}, {@code maxLength}, {@code pattern}, {@code minItems},
 * {@code maxItems}) and the annotations {@code title}, {@code default} and {@code format} (not checked). A keyword
 * outside it is a recipe problem rather than silently ignored, so every schema the recipe declares is one this
 * class checks in full. Written here rather than taken from a library because the subset is small and the recipe
 * loader and the gates must agree on exactly what it means.
 */
public final class ArgumentSchema {

    private static final Set<String> TYPES = Set.of("object", "array", "string", "number", "integer", "boolean", "null");
    private static final Set<String> KEYWORDS = Set.of("type", "properties", "required", "additionalProperties", "enum",
            "items", "description", "title", "default", "format", "minimum", "maximum", "minLength", "maxLength",
            "pattern", "minItems", "maxItems");

    private ArgumentSchema() {
    }

    /**
     * Reports what is wrong with a tool's parameter schema: it must be an {@code object} schema, and each
     * sub-schema may use only the supported keywords, each with a value of the right kind.
     *
     * @param problem told the field path and message of every problem
     */
    public static void checkParameters(JsonNode schema, String path, BiConsumer<String, String> problem) {
        if (schema == null || !schema.isObject()) {
            problem.accept(path, "must be a JSON schema of type object");
            return;
        }
        if (!"object".equals(schema.path("type").asText())) {
            problem.accept(path + ".type", "must be 'object' (a function takes named arguments)");
        }
        checkSchema(schema, path, problem);
    }

    private static void checkSchema(JsonNode schema, String path, BiConsumer<String, String> problem) {
        if (!schema.isObject()) {
            problem.accept(path, "must be a JSON schema (a mapping)");
            return;
        }
        for (Iterator<String> it = schema.fieldNames(); it.hasNext();) {
            String key = it.next();
            if (!KEYWORDS.contains(key)) {
                problem.accept(path + "." + key, "is not a supported JSON-schema keyword (supported: "
                        + String.join(", ", KEYWORDS.stream().sorted().toList()) + ")");
            }
        }
        JsonNode type = schema.get("type");
        if (type != null && types(type).isEmpty()) {
            problem.accept(path + ".type", "must be one of " + String.join(", ", TYPES.stream().sorted().toList())
                    + ", or a list of them");
        }
        JsonNode properties = schema.get("properties");
        if (properties != null) {
            if (!properties.isObject()) {
                problem.accept(path + ".properties", "must map argument names to schemas");
            } else {
                properties.fields().forEachRemaining(e -> checkSchema(e.getValue(), path + ".properties." + e.getKey(), problem));
            }
        }
        JsonNode required = schema.get("required");
        if (required != null) {
            if (!required.isArray()) {
                problem.accept(path + ".required", "must be a list of argument names");
            } else {
                for (int i = 0; i < required.size(); i++) {
                    String name = required.get(i).asText();
                    if (!required.get(i).isTextual() || properties == null || !properties.has(name)) {
                        problem.accept(path + ".required[" + i + "]", "names '" + name + "', which is not in properties");
                    }
                }
            }
        }
        JsonNode additional = schema.get("additionalProperties");
        if (additional != null && !additional.isBoolean()) {
            problem.accept(path + ".additionalProperties", "must be true or false");
        }
        JsonNode values = schema.get("enum");
        if (values != null && (!values.isArray() || values.isEmpty())) {
            problem.accept(path + ".enum", "must be a non-empty list of values");
        }
        JsonNode items = schema.get("items");
        if (items != null) {
            checkSchema(items, path + ".items", problem);
        }
        for (String key : List.of("minimum", "maximum")) {
            if (schema.has(key) && !schema.get(key).isNumber()) {
                problem.accept(path + "." + key, "must be a number");
            }
        }
        for (String key : List.of("minLength", "maxLength", "minItems", "maxItems")) {
            if (schema.has(key) && (!schema.get(key).isIntegralNumber() || schema.get(key).asInt() < 0)) {
                problem.accept(path + "." + key, "must be a whole number ≥ 0");
            }
        }
        JsonNode pattern = schema.get("pattern");
        if (pattern != null) {
            try {
                Pattern.compile(pattern.asText());
            } catch (PatternSyntaxException e) {
                problem.accept(path + ".pattern", "is not a valid regular expression: " + e.getDescription());
            }
        }
    }

    /**
     * What is wrong with a value under a schema the recipe declared (checked by {@link #checkParameters}), each
     * as a path from {@code $} and a message; empty when the value is valid.
     */
    public static List<String> violations(JsonNode schema, JsonNode value) {
        List<String> found = new ArrayList<>();
        validate(schema, value, "$", found);
        return found;
    }

    private static void validate(JsonNode schema, JsonNode value, String path, List<String> found) {
        JsonNode type = schema.get("type");
        if (type != null && types(type).stream().noneMatch(t -> isOfType(value, t))) {
            found.add(path + " must be " + String.join(" or ", types(type)) + ", not " + typeOf(value));
            return;
        }
        JsonNode values = schema.get("enum");
        if (values != null && !contains(values, value)) {
            found.add(path + " must be one of " + values + ", not " + value);
        }
        if (value.isTextual()) {
            String text = value.asText();
            int length = text.codePointCount(0, text.length());
            if (schema.has("minLength") && length < schema.get("minLength").asInt()) {
                found.add(path + " must be at least " + schema.get("minLength").asInt() + " characters long");
            }
            if (schema.has("maxLength") && length > schema.get("maxLength").asInt()) {
                found.add(path + " must be at most " + schema.get("maxLength").asInt() + " characters long");
            }
            if (schema.has("pattern") && !Pattern.compile(schema.get("pattern").asText()).matcher(text).find()) {
                found.add(path + " does not match the pattern " + schema.get("pattern").asText());
            }
        }
        if (value.isNumber()) {
            if (schema.has("minimum") && value.decimalValue().compareTo(schema.get("minimum").decimalValue()) < 0) {
                found.add(path + " must be ≥ " + schema.get("minimum").asText());
            }
            if (schema.has("maximum") && value.decimalValue().compareTo(schema.get("maximum").decimalValue()) > 0) {
                found.add(path + " must be ≤ " + schema.get("maximum").asText());
            }
        }
        if (value.isArray()) {
            if (schema.has("minItems") && value.size() < schema.get("minItems").asInt()) {
                found.add(path + " must have at least " + schema.get("minItems").asInt() + " items");
            }
            if (schema.has("maxItems") && value.size() > schema.get("maxItems").asInt()) {
                found.add(path + " must have at most " + schema.get("maxItems").asInt() + " items");
            }
            if (schema.has("items")) {
                for (int i = 0; i < value.size(); i++) {
                    validate(schema.get("items"), value.get(i), path + "[" + i + "]", found);
                }
            }
        }
        if (value.isObject()) {
            JsonNode properties = schema.path("properties");
            for (JsonNode name : schema.path("required")) {
                if (!value.has(name.asText())) {
                    found.add(path + "." + name.asText() + " is required");
                }
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext();) {
                var field = it.next();
                JsonNode sub = properties.get(field.getKey());
                if (sub != null) {
                    validate(sub, field.getValue(), path + "." + field.getKey(), found);
                } else if (schema.path("additionalProperties").isBoolean() && !schema.get("additionalProperties").asBoolean()) {
                    found.add(path + "." + field.getKey() + " is not a declared argument");
                }
            }
        }
    }

    private static List<String> types(JsonNode type) {
        List<String> list = new ArrayList<>();
        if (type.isTextual() && TYPES.contains(type.asText())) {
            list.add(type.asText());
        } else if (type.isArray() && !type.isEmpty()) {
            var seen = new HashSet<String>();
            for (JsonNode t : type) {
                if (!t.isTextual() || !TYPES.contains(t.asText()) || !seen.add(t.asText())) {
                    return List.of();
                }
                list.add(t.asText());
            }
        }
        return list;
    }

    private static boolean isOfType(JsonNode value, String type) {
        return switch (type) {
            case "object" -> value.isObject();
            case "array" -> value.isArray();
            case "string" -> value.isTextual();
            case "number" -> value.isNumber();
            case "integer" -> value.isIntegralNumber()
                    || value.isNumber() && value.decimalValue().stripTrailingZeros().scale() <= 0;
            case "boolean" -> value.isBoolean();
            case "null" -> value.isNull();
            default -> false;
        };
    }

    private static String typeOf(JsonNode value) {
        if (value.isObject()) {
            return "an object";
        }
        if (value.isArray()) {
            return "a list";
        }
        if (value.isTextual()) {
            return "text";
        }
        if (value.isNumber()) {
            return "a number";
        }
        if (value.isBoolean()) {
            return "true/false";
        }
        return "null";
    }

    private static boolean contains(JsonNode values, JsonNode value) {
        for (JsonNode v : values) {
            if (v.equals(value) || v.isNumber() && value.isNumber() && sameNumber(v.decimalValue(), value.decimalValue())) {
                return true;
            }
        }
        return false;
    }

    private static boolean sameNumber(BigDecimal a, BigDecimal b) {
        return a.compareTo(b) == 0;
    }
}
