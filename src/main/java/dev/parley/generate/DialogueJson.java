package dev.parley.generate;

import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.parley.dialogue.Turn;

/**
 * Messages as prompts show them to a model: role and content, an assistant message's tool calls and a tool
 * message's call id with them (and only then, so a dialogue without tools reads as it always has).
 */
public final class DialogueJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private DialogueJson() {
    }

    /** The messages as a JSON list, each numbered from 1 under {@code turn} when {@code numbered}. */
    public static String of(List<Turn> turns, boolean numbered) {
        ArrayNode array = JSON.createArrayNode();
        int n = 1;
        for (Turn t : turns) {
            ObjectNode message = array.addObject();
            if (numbered) {
                message.put("turn", n++);
            }
            message.put("role", t.role()).put("content", t.content());
            if (t.callsTools()) {
                ArrayNode calls = message.putArray("tool_calls");
                t.toolCalls().forEach(c -> calls.addObject().put("id", c.id()).put("name", c.name())
                        .put("arguments", c.arguments()));
            }
            if (t.toolCallId() != null) {
                message.put("tool_call_id", t.toolCallId());
            }
        }
        return array.toPrettyString();
    }
}
