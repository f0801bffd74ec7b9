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

    /**
     * This dialogue with the reasoning of {@code before}'s assistant turns kept on the turns at the same
     * position that say the same (role and text): a person's edit, which carries text only, keeps the
     * reasoning of the answers it left unchanged and drops that of the ones it rewrote.
     */
    public Dialogue withReasoningOf(Dialogue before) {
        List<Turn> kept = new java.util.ArrayList<>(turns);
        for (int i = 0; i < Math.min(turns.size(), before.turns.size()); i++) {
            Turn was = before.turns.get(i);
            Turn now = turns.get(i);
            if (was.reasoning() != null && now.reasoning() == null && was.role().equals(now.role())
                    && was.content().equals(now.content())) {
                kept.set(i, now.withReasoning(was.reasoning()));
            }
        }
        return new Dialogue(kept);
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
