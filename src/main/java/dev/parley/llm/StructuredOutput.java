package dev.parley.llm;

import java.util.Objects;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;

import dev.langchain4j.model.chat.request.json.JsonObjectSchema;

/**
 * The shape a structured call must answer in: a named JSON schema sent to the model, and the
 * parser that turns the answer into a record. The parser throws {@link IllegalArgumentException}
 * with a reason when the answer does not fit; the call then counts as malformed.
 *
 * @param name   schema name, sent with the request (and how the offline demo model knows what is asked)
 * @param schema the JSON schema
 * @param parser answer to record
 */
public record StructuredOutput<T>(String name, JsonObjectSchema schema, Function<JsonNode, T> parser) {
    public StructuredOutput {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(parser, "parser");
    }
}
