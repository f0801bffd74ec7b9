package dev.parley.quality;

import java.util.List;
import java.util.Optional;

import dev.parley.dialogue.ToolCall;
import dev.parley.dialogue.Turn;
import dev.parley.recipe.Tools;

/** A gate that checks each tool call of a dialogue against the recipe's tools, and rejects at the first it finds wrong. */
abstract class ToolCallGate implements Gate {

    final Tools tools;
    private final String name;

    ToolCallGate(String name, Tools tools) {
        this.name = name;
        this.tools = tools;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final Result check(Candidate candidate) {
        List<Turn> turns = candidate.dialogue().turns();
        for (int i = 0; i < turns.size(); i++) {
            for (ToolCall call : turns.get(i).toolCalls()) {
                Optional<String> wrong = check(call, i + 1);
                if (wrong.isPresent()) {
                    return Result.of(candidate.dialogue(), Optional.of(new Rejection(name, wrong.get())));
                }
            }
        }
        return Result.pass(candidate.dialogue());
    }

    /** What is wrong with one call of the message at this 1-based position, if anything. */
    abstract Optional<String> check(ToolCall call, int position);
}
