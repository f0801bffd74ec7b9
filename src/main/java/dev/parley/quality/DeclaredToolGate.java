package dev.parley.quality;

import java.util.Optional;

import dev.parley.dialogue.ToolCall;
import dev.parley.recipe.ToolDefinition;
import dev.parley.recipe.Tools;

/** Every tool call names a function the recipe declares. */
public final class DeclaredToolGate extends ToolCallGate {

    /** Gate name recorded on rejected items. */
    public static final String GATE = "tool-name";

    public DeclaredToolGate(Tools tools) {
        super(GATE, tools);
    }

    @Override
    Optional<String> check(ToolCall call, int position) {
        return tools.function(call.name()).isPresent() ? Optional.empty()
                : Optional.of(ToolGates.describe(call, position) + " names a tool the recipe does not declare (declared: "
                        + (tools.isEmpty() ? "none" : String.join(", ",
                                tools.functions().stream().map(ToolDefinition::name).toList())) + ")");
    }
}
