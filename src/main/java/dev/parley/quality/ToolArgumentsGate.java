package dev.parley.quality;

import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import dev.parley.dialogue.ToolCall;
import dev.parley.recipe.ArgumentSchema;
import dev.parley.recipe.Tools;

/**
 * Every tool call's arguments are a JSON object valid against the declared tool's parameter schema (the subset of
 * JSON Schema {@link ArgumentSchema} checks). A call of an undeclared tool is left to {@link DeclaredToolGate}.
 */
public final class ToolArgumentsGate extends ToolCallGate {

    /** Gate name recorded on rejected items. */
    public static final String GATE = "tool-arguments";

    public ToolArgumentsGate(Tools tools) {
        super(GATE, tools);
    }

    @Override
    Optional<String> check(ToolCall call, int position) {
        var declared = tools.function(call.name());
        if (declared.isEmpty()) {
            return Optional.empty();
        }
        Optional<JsonNode> arguments = ToolGates.arguments(call);
        if (arguments.isEmpty() || !arguments.get().isObject()) {
            return Optional.of(ToolGates.describe(call, position) + " has arguments that are not a JSON object");
        }
        List<String> violations = ArgumentSchema.violations(declared.get().parameters(), arguments.get());
        return violations.isEmpty() ? Optional.empty()
                : Optional.of(ToolGates.describe(call, position) + " has invalid arguments: " + String.join("; ", violations));
    }
}
