package dev.parley.dialogue;

import java.util.List;

/**
 * A dialogue between a user and the assistant, without the system prompt (that comes from the recipe).
 *
 * @param turns messages in order
 */
public record Dialogue(List<Turn> turns) {

    public Dialogue {
        turns = List.copyOf(turns);
    }

    public int size() {
        return turns.size();
    }

    /** All text, for length measures and duplicate detection. */
    public String text() {
        var sb = new StringBuilder();
        for (Turn t : turns) {
            sb.append(t.content()).append('\n');
        }
        return sb.toString();
    }
}
