package dev.parley.dialogue;

import java.util.Objects;

/**
 * A function the assistant asks to have called, in OpenAI's function-call shape.
 *
 * @param id        the call's id, which the {@code tool} message answering it names
 * @param name      the declared tool's name
 * @param arguments the arguments as JSON text, as the model wrote them (they may not be valid JSON; a gate says so)
 */
public record ToolCall(String id, String name, String arguments) {

    public ToolCall {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        arguments = arguments == null ? "{}" : arguments;
    }
}
