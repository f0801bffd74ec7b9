package dev.parley.recipe;

import java.util.Objects;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One function the assistant may call, in OpenAI's function format.
 *
 * @param name        the function's name, as calls name it
 * @param description what it does, for the model
 * @param parameters  the JSON schema of its arguments (an {@code object} schema)
 */
public record ToolDefinition(String name, String description, JsonNode parameters) {

    public ToolDefinition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(parameters, "parameters");
        description = description == null ? "" : description;
    }
}
