package dev.parley.api;

import java.util.ArrayList;
import java.util.List;

import dev.parley.dialogue.Dialogue;
import dev.parley.dialogue.ToolCall;
import dev.parley.dialogue.Turn;

/**
 * The body of a person's edit of a dialogue, in the shape {@code GET /api/runs/{id}/dialogues/{seq}} returns a
 * dialogue's turns, so a client can send back what it read with the text it changed. Only the shape is checked
 * here; whether the calls are sound (declared tool, valid arguments, one result each) is for the run's gates.
 *
 * @param messages every message of the edited dialogue, in order
 */
public record DialogueEdit(List<Message> messages) {

    /**
     * One message of an edit.
     *
     * @param role       {@code user}, {@code assistant} or {@code tool}
     * @param content    what is said, or a tool's result; may be left out for an assistant message that calls tools
     * @param toolCalls  for an assistant message, the tools it calls, in order
     * @param toolCallId for a {@code tool} message, the id of the call it answers
     */
    public record Message(String role, String content, List<Call> toolCalls, String toolCallId) {
    }

    /**
     * A tool call, as the dialogue's JSON has it.
     *
     * @param id        the call's id, which the {@code tool} message answering it names
     * @param name      the tool's name
     * @param arguments the arguments as JSON text
     */
    public record Call(String id, String name, String arguments) {
    }

    /** The edited dialogue, or an {@link InvalidRequestException} naming every field of the wrong shape. */
    Dialogue dialogue() {
        var errors = new ArrayList<Problem.FieldError>();
        if (messages == null || messages.isEmpty()) {
            errors.add(new Problem.FieldError("messages", "give the dialogue's messages, each with a role and content"));
            throw new InvalidRequestException(errors);
        }
        var turns = new ArrayList<Turn>();
        for (int i = 0; i < messages.size(); i++) {
            turns.add(turn(messages.get(i), "messages[" + i + "]", errors));
        }
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        return new Dialogue(turns);
    }

    private static Turn turn(Message m, String at, List<Problem.FieldError> errors) {
        if (m == null || !List.of(Turn.USER, Turn.ASSISTANT, Turn.TOOL).contains(m.role())) {
            errors.add(new Problem.FieldError(at + ".role", "must be user, assistant or tool"));
            return null;
        }
        List<Call> calls = m.toolCalls() == null ? List.of() : m.toolCalls();
        if (!calls.isEmpty() && !Turn.ASSISTANT.equals(m.role())) {
            errors.add(new Problem.FieldError(at + ".toolCalls", "only an assistant message calls tools"));
        }
        if (m.content() == null && calls.isEmpty()) {
            errors.add(new Problem.FieldError(at + ".content", "must be text"));
        }
        boolean tool = Turn.TOOL.equals(m.role());
        if (tool && m.toolCallId() == null) {
            errors.add(new Problem.FieldError(at + ".toolCallId", "must name the call this result answers"));
        } else if (!tool && m.toolCallId() != null) {
            errors.add(new Problem.FieldError(at + ".toolCallId", "only a tool message answers a call"));
        }
        var toolCalls = new ArrayList<ToolCall>();
        for (int j = 0; j < calls.size(); j++) {
            Call c = calls.get(j);
            String call = at + ".toolCalls[" + j + "]";
            if (c == null) {
                errors.add(new Problem.FieldError(call, "must be an object with id, name and arguments"));
                continue;
            }
            if (c.id() == null) {
                errors.add(new Problem.FieldError(call + ".id", "must be text"));
            }
            if (c.name() == null) {
                errors.add(new Problem.FieldError(call + ".name", "must be text"));
            }
            if (c.id() != null && c.name() != null) {
                toolCalls.add(new ToolCall(c.id(), c.name(), c.arguments()));
            }
        }
        return new Turn(m.role(), m.content(), toolCalls, tool ? m.toolCallId() : null, null);
    }
}
