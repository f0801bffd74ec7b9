package dev.parley.quality;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.parley.dialogue.ToolCall;
import dev.parley.dialogue.Turn;

/**
 * Every tool call has exactly one result: call ids are set and unique in the dialogue, and the {@code tool}
 * messages right after an assistant message that calls tools answer each of its calls once and nothing else.
 */
public final class ToolResultsGate implements Gate {

    /** Gate name recorded on rejected items. */
    public static final String GATE = "tool-results";

    @Override
    public String name() {
        return GATE;
    }

    @Override
    public Result check(Candidate candidate) {
        return Result.of(candidate.dialogue(), check(candidate.dialogue().turns()));
    }

    private static Optional<Rejection> check(List<Turn> turns) {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < turns.size(); i++) {
            Turn turn = turns.get(i);
            if (turn.isTool() && (i == 0 || !turns.get(i - 1).isTool() && !turns.get(i - 1).callsTools())) {
                return reject("message " + (i + 1) + " is a tool result that answers no call before it");
            }
            if (!turn.callsTools()) {
                continue;
            }
            Map<String, ToolCall> open = new LinkedHashMap<>();
            for (ToolCall call : turn.toolCalls()) {
                if (call.id().isBlank()) {
                    return reject(ToolGates.describe(call, i + 1) + " has no id for its result to name");
                }
                if (!ids.add(call.id())) {
                    return reject(ToolGates.describe(call, i + 1) + " repeats an id another call has");
                }
                open.put(call.id(), call);
            }
            Set<String> answered = new HashSet<>();
            int j = i + 1;
            for (; j < turns.size() && turns.get(j).isTool(); j++) {
                String id = turns.get(j).toolCallId();
                if (!open.containsKey(id)) {
                    return reject("message " + (j + 1) + " answers the call '" + id + "', which message " + (i + 1)
                            + " did not make");
                }
                if (!answered.add(id)) {
                    return reject(ToolGates.describe(open.get(id), i + 1) + " has more than one result (message "
                            + (j + 1) + " answers it again)");
                }
            }
            for (ToolCall call : open.values()) {
                if (!answered.contains(call.id())) {
                    return reject(ToolGates.describe(call, i + 1) + " has no result");
                }
            }
            i = j - 1;
        }
        return Optional.empty();
    }

    private static Optional<Rejection> reject(String reason) {
        return Optional.of(new Rejection(GATE, reason));
    }
}
