package dev.parley.quality;

import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.parley.dialogue.ToolCall;
import dev.parley.recipe.Recipe;

/**
 * The deterministic gates of tool use, built from a recipe: every call names a declared tool
 * ({@link DeclaredToolGate}), its arguments validate against that tool's schema ({@link ToolArgumentsGate}), every
 * call has exactly one result and every result answers a call ({@link ToolResultsGate}), and no answer states a
 * fact a lookup did not return ({@link GroundedAnswerGate}). They run for every recipe: without declared tools a
 * dialogue that calls one is turned away, and one without tool turns passes all four untouched.
 */
public final class ToolGates {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ToolGates() {
    }

    /** The four gates of a recipe, in the order they run. */
    public static List<Gate> of(Recipe recipe) {
        return List.of(new DeclaredToolGate(recipe.tools()), new ToolArgumentsGate(recipe.tools()), new ToolResultsGate(),
                new GroundedAnswerGate(recipe.assistant().systemPrompt()));
    }

    /** A call as the gates name it in a reason: {@code call 'call_1' (name) of message 3}. */
    static String describe(ToolCall call, int position) {
        return "call '" + call.id() + "' (" + call.name() + ") of message " + position;
    }

    /** A call's arguments read as JSON, or empty when they are not JSON at all. */
    static Optional<JsonNode> arguments(ToolCall call) {
        try {
            return Optional.ofNullable(JSON.readTree(call.arguments()));
        } catch (Exception e) {
            return Optional.empty();
        }
    }
}
