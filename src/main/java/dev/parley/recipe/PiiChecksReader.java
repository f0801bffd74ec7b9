package dev.parley.recipe;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Reads and writes a recipe's {@code checks.pii}: either one action for every kind
 * ({@code reject}, {@code redact}, {@code off}) or a mapping {@code {action, kinds, allow}} that
 * chooses per kind and lists values to leave alone. Every problem goes to the loader's sink with its
 * field path.
 */
final class PiiChecksReader {

    private static final String FIELD = "checks.pii";
    private static final List<String> ACTIONS = List.of(Recipe.Checks.REJECT, Recipe.Checks.REDACT, Recipe.Checks.OFF);
    private static final List<String> KIND_ACTIONS = List.of(Recipe.Checks.REJECT, Recipe.Checks.REDACT,
            Recipe.PiiRules.ALLOW);

    /** The default action and the per-kind rules read. */
    record Read(String action, Recipe.PiiRules rules) {
    }

    private final BiConsumer<String, String> problem;

    PiiChecksReader(BiConsumer<String, String> problem) {
        this.problem = problem;
    }

    Read read(ObjectNode checks) {
        String fallback = Recipe.Checks.DEFAULT.pii();
        JsonNode node = checks.get("pii");
        if (node == null || node.isNull()) {
            return new Read(fallback, Recipe.PiiRules.NONE);
        }
        if (node.isValueNode()) {
            return new Read(action(node, FIELD, ACTIONS, fallback), Recipe.PiiRules.NONE);
        }
        if (!node.isObject()) {
            problem.accept(FIELD, "must be reject, redact, off or a mapping {action, kinds, allow}");
            return new Read(fallback, Recipe.PiiRules.NONE);
        }
        node.fieldNames().forEachRemaining(key -> {
            if (!List.of("action", "kinds", "allow").contains(key)) {
                problem.accept(FIELD + "." + key, "is not a known field (known: action, allow, kinds)");
            }
        });
        String action = node.has("action") ? action(node.get("action"), FIELD + ".action", ACTIONS, fallback)
                : fallback;
        return new Read(action, new Recipe.PiiRules(kinds(node.get("kinds")), allow(node.get("allow"))));
    }

    private Map<String, String> kinds(JsonNode node) {
        var kinds = new LinkedHashMap<String, String>();
        if (node == null || node.isNull()) {
            return kinds;
        }
        if (!node.isObject()) {
            problem.accept(FIELD + ".kinds", "must be a mapping of kind to reject, redact or allow");
            return kinds;
        }
        node.fields().forEachRemaining(e -> {
            String path = FIELD + ".kinds." + e.getKey();
            if (!Recipe.PII_KINDS.contains(e.getKey())) {
                problem.accept(path, "is not a kind of personal data (known: " + String.join(", ", Recipe.PII_KINDS)
                        + ")");
                return;
            }
            String action = action(e.getValue(), path, KIND_ACTIONS, null);
            if (action != null) {
                kinds.put(e.getKey(), action);
            }
        });
        return kinds;
    }

    private List<String> allow(JsonNode node) {
        var allow = new ArrayList<String>();
        if (node == null || node.isNull()) {
            return allow;
        }
        if (!node.isArray()) {
            problem.accept(FIELD + ".allow", "must be a list of values, such as the shop's hotline or support address");
            return allow;
        }
        for (int i = 0; i < node.size(); i++) {
            JsonNode value = node.get(i);
            if (!value.isValueNode() || value.isNull() || value.asText().isBlank()) {
                problem.accept(FIELD + ".allow[" + i + "]", "must be a value that is not blank");
            } else {
                allow.add(value.asText());
            }
        }
        return allow;
    }

    private String action(JsonNode node, String path, List<String> allowed, String fallback) {
        if (node.isBoolean() && !node.asBoolean() && allowed.contains(Recipe.Checks.OFF)) {
            return Recipe.Checks.OFF; // YAML 1.1 reads an unquoted off as false
        }
        if (node.isValueNode() && allowed.contains(node.asText())) {
            return node.asText();
        }
        problem.accept(path, "must be " + String.join(", ", allowed.subList(0, allowed.size() - 1)) + " or "
                + allowed.get(allowed.size() - 1) + ", not '" + node.asText() + "'");
        return fallback;
    }

    /** Writes {@code checks.pii} as read back by {@link #read}: the plain action when no kind is chosen. */
    static void write(Recipe.Checks c, ObjectNode checks) {
        Recipe.PiiRules rules = c.piiRules();
        if (rules.kinds().isEmpty() && rules.allow().isEmpty()) {
            checks.put("pii", c.pii());
            return;
        }
        ObjectNode pii = checks.putObject("pii").put("action", c.pii());
        ObjectNode kinds = pii.putObject("kinds");
        rules.kinds().forEach(kinds::put);
        ArrayNode allow = pii.putArray("allow");
        rules.allow().forEach(allow::add);
    }
}
