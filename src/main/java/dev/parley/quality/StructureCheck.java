package dev.parley.quality;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

import dev.parley.dialogue.Dialogue;
import dev.parley.dialogue.Turn;
import dev.parley.recipe.Recipe;

/**
 * The first, cheapest gate: the dialogue has the shape training needs. Messages alternate user,
 * assistant, user, …, the last one is the assistant's, none is empty, and the count is within the
 * recipe's turn range. An assistant message may call tools, and is then followed by their results
 * and the assistant again.
 */
public final class StructureCheck implements Gate {

    /** Gate name recorded on rejected items. */
    public static final String GATE = "structure";

    private final Recipe.TurnRange turns;

    /** The gate for a recipe's turn range. */
    public StructureCheck(Recipe.TurnRange turns) {
        this.turns = Objects.requireNonNull(turns, "turns");
    }

    @Override
    public String name() {
        return GATE;
    }

    @Override
    public Result check(Candidate candidate) {
        return Result.of(candidate.dialogue(), check(candidate.dialogue(), turns));
    }

    /**
     * The first structural problem found, or empty when the dialogue is well-formed. Tool use fits in between: an
     * assistant message that calls tools is followed by one or more {@code tool} messages, and then by the
     * assistant again (another call, or its answer), so {@code user → assistant(tool_calls) → tool… → assistant}
     * is one exchange. The turn range counts the user's messages and the assistant's answers, not tool calls
     * and results.
     */
    public static Optional<Rejection> check(Dialogue dialogue, Recipe.TurnRange turns) {
        List<Turn> list = dialogue.turns();
        if (list.isEmpty()) {
            return reject("the dialogue has no messages");
        }
        Turn previous = null;
        int counted = 0;
        for (int i = 0; i < list.size(); i++) {
            Turn turn = list.get(i);
            Optional<Rejection> misplaced = misplaced(previous, turn, i + 1);
            if (misplaced.isPresent()) {
                return misplaced;
            }
            if (turn.content().isBlank() && !turn.callsTools()) {
                return reject("message " + (i + 1) + " (" + turn.role() + ") is empty");
            }
            if (!turn.callsTools() && !turn.isTool()) {
                counted++;
            }
            previous = turn;
        }
        Turn last = list.getLast();
        if (last.callsTools() || last.isTool()) {
            return reject("the dialogue ends with a tool " + (last.isTool() ? "result" : "call")
                    + "; the last message must be the assistant's answer");
        }
        if (!last.isAssistant()) {
            return reject("the dialogue ends with the user; the last message must be the assistant's");
        }
        if (!turns.contains(counted)) {
            return reject("the dialogue has " + counted + " messages" + (counted == list.size() ? ""
                    : " besides tool calls and results") + "; the recipe asks for " + turns.min() + " to " + turns.max());
        }
        return Optional.empty();
    }

    /** Whether {@code turn} may follow {@code previous} (null: it opens the dialogue). */
    private static Optional<Rejection> misplaced(Turn previous, Turn turn, int position) {
        if (!turn.toolCalls().isEmpty() && !turn.isAssistant()) {
            return reject("message " + position + " (" + turn.role() + ") calls tools; only the assistant does");
        }
        if (previous != null && previous.callsTools() && !turn.isTool()) {
            return reject("message " + position + " is from the " + turn.role() + " but should be a tool result (an"
                    + " assistant message that calls tools is followed by their results)");
        }
        if (previous != null && previous.isTool() && !turn.isTool() && !turn.isAssistant()) {
            return reject("message " + position + " is from the " + turn.role() + " but should be from the assistant"
                    + " (tool results are followed by the assistant)");
        }
        if (turn.isTool() && (previous == null || !previous.callsTools() && !previous.isTool())) {
            return reject("message " + position + " is a tool result that answers no tool call before it");
        }
        if (turn.isTool() || previous != null && previous.isTool()) {
            return Optional.empty();
        }
        String expected = previous == null || previous.isAssistant() ? Turn.USER : Turn.ASSISTANT;
        if (!turn.role().equals(expected)) {
            return reject("message " + position + " is from the " + turn.role() + " but should be from the " + expected
                    + " (roles must alternate, starting with the user)");
        }
        return Optional.empty();
    }

    private static Optional<Rejection> reject(String reason) {
        return Optional.of(new Rejection(GATE, reason));
    }
}
