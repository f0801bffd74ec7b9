package dev.parley.quality;

import java.util.Optional;

import dev.parley.recipe.ToolDefinition;
import dev.parley.recipe.Tools;

/** Every tool call names a function the recipe declares. */
public final class DeclaredToolGate implements Gate {

    /** Gate name recorded on rejected items. */
    public static final String GATE = "tool-name";

    private final Tools tools;

    public DeclaredToolGate(Tools tools) {
        this.tools = tools;
    }

    @Override
    public String name() {
        return GATE;
    }

    @Override
    public Result check(Candidate candidate) {
        return Result.of(candidate.dialogue(), ToolGates.firstOverCalls(candidate.dialogue(), (call, position) ->
                tools.function(call.name()).isPresent() ? Optional.empty()
                        : Optional.of(new Rejection(GATE, ToolGates.describe(call, position) + " names a tool the recipe"
                                + " does not declare (declared: " + (tools.isEmpty() ? "none" : String.join(", ",
                                        tools.functions().stream().map(ToolDefinition::name).toList())) + ")"))));
    }
}
