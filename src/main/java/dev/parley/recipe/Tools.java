package dev.parley.recipe;

import java.util.List;

/**
 * A recipe's {@code tools:} section: the functions the assistant may call.
 *
 * @param functions the declared functions, in recipe order
 */
public record Tools(List<ToolDefinition> functions) {

    public static final Tools NONE = new Tools(List.of());

    public Tools {
        functions = List.copyOf(functions);
    }

    public boolean isEmpty() {
        return functions.isEmpty();
    }
}
