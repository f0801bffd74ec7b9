package dev.parley.export;

import java.io.IOException;
import java.io.Writer;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.parley.generate.Dialogue;
import dev.parley.generate.Turn;

/**
 * OpenAI chat fine-tuning JSONL: one {@code {"messages": [...]}} object per line, the recipe's
 * system prompt first. Nothing else goes into a line: OpenAI's format accepts no extra keys.
 */
public final class OpenAiChatExporter {

    /** The file name this format is written to. */
    public static final String FILE = "train.jsonl";

    private static final ObjectMapper JSON = new ObjectMapper();

    private OpenAiChatExporter() {
    }

    /** Writes the dialogues, one line each, and returns how many were written. */
    public static int export(List<Dialogue> dialogues, String systemPrompt, Writer out) throws IOException {
        int n = 0;
        for (Dialogue d : dialogues) {
            out.write(line(d, systemPrompt));
            out.write('\n');
            n++;
        }
        out.flush();
        return n;
    }

    /** One dialogue as a JSONL line (without the newline). */
    public static String line(Dialogue dialogue, String systemPrompt) {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode messages = root.putArray("messages");
        messages.addObject().put("role", "system").put("content", systemPrompt);
        for (Turn t : dialogue.turns()) {
            messages.addObject().put("role", t.role()).put("content", t.content());
        }
        return root.toString();
    }
}
