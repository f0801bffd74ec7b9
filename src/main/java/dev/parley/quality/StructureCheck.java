package dev.parley.quality;

import java.util.List;
import java.util.Optional;

import dev.parley.dialogue.Dialogue;
import dev.parley.dialogue.Turn;
import dev.parley.recipe.Recipe;

/**
 * The first, cheapest gate: the dialogue has the shape training needs. Messages alternate user,
 * assistant, user, …, the last one is the assistant's, none is empty, and the count is within the
 * recipe's turn range.
 */
public final class StructureCheck implements Gate {

    /** Gate name recorded on rejected items. */
    public static final String GATE = "structure";

    private final Recipe.TurnRange turns;

    /** The gate for a recipe's turn range. */
    public StructureCheck(Recipe.TurnRange turns) {
        this.turns = java.util.Objects.requireNonNull(turns, "turns");
    }

    @Override
    public String name() {
        return GATE;
    }

    @Override
    public Result check(Candidate candidate) {
        return Result.of(candidate.dialogue(), check(candidate.dialogue(), turns));
    }

    /** The first structural problem found, or empty when the dialogue is well-formed. */
    public static Optional<Rejection> check(Dialogue dialogue, Recipe.TurnRange turns) {
        List<Turn> list = dialogue.turns();
        if (list.isEmpty()) {
            return reject("the dialogue has no messages");
        }
        for (int i = 0; i < list.size(); i++) {
            String expected = i % 2 == 0 ? Turn.USER : Turn.ASSISTANT;
            Turn turn = list.get(i);
            if (!turn.role().equals(expected)) {
                return reject("message " + (i + 1) + " is from the " + turn.role() + " but should be from the " + expected
                        + " (roles must alternate, starting with the user)");
            }
            if (turn.content().isBlank()) {
                return reject("message " + (i + 1) + " (" + turn.role() + ") is empty");
            }
        }
        if (!list.getLast().isAssistant()) {
            return reject("the dialogue ends with the user; the last message must be the assistant's");
        }
        if (!turns.contains(list.size())) {
            return reject("the dialogue has " + list.size() + " messages; the recipe asks for " + turns.min() + " to "
                    + turns.max());
        }
        return Optional.empty();
    }

    private static Optional<Rejection> reject(String reason) {
        return Optional.of(new Rejection(GATE, reason));
    }
}
