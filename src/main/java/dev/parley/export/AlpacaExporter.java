package dev.parley.export;

import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Alpaca JSONL ({@code {"instruction", "input", "output"}}, three strings), for trainers that learn
 * one answer per example. A multi-turn dialogue becomes one example per trained assistant turn:
 * <ul>
 * <li>{@code output} is that turn;</li>
 * <li>{@code instruction} is the system prompt, a blank line, then the user message that turn answers;</li>
 * <li>{@code input} is the conversation before that user message, one {@code User: …} or
 * {@code Assistant: …} paragraph per message (masked turns included, as context), or empty for the
 * first exchange.</li>
 * </ul>
 * A masked turn is never an output, so a dialogue whose assistant turns are all masked writes nothing, and
 * neither does a dialogue with tool use (the card and manifest count it as lost to the format).
 */
public final class AlpacaExporter extends JsonlExporter {

    public static final String FORMAT = "alpaca";

    @Override
    public String format() {
        return FORMAT;
    }

    @Override
    public String fileName(String split) {
        return split + ".alpaca.jsonl";
    }

    @Override
    public String description() {
        return "Alpaca JSONL (`instruction`, `input`, `output`), one line per trained assistant turn: the turn is the"
                + " output, the user message before it (after the system prompt) the instruction, earlier turns the"
                + " input.";
    }

    @Override
    public List<ExportRecord> trainingRecords(ExportRecord record) {
        return record.hasTools() ? List.of() : record.perTrainedTurn();
    }

    /** A dialogue with tool use has no Alpaca line: three strings cannot hold calls and results. */
    @Override
    public int trainedTurnsKept(ExportRecord record) {
        return record.hasTools() ? 0 : record.trainedTurns();
    }

    /** The record ends at the turn to learn (see {@link #trainingRecords}). */
    @Override
    Optional<ObjectNode> line(ExportRecord record) {
        List<ExportRecord.Message> turns = record.conversation();
        int output = turns.size() - 1;
        int question = output - 1;
        while (question >= 0 && turns.get(question).isAssistant()) {
            question--;
        }
        String userMessage = question >= 0 ? turns.get(question).content() : "";
        String instruction = record.systemPrompt().map(s -> s + "\n\n" + userMessage).orElse(userMessage);
        var history = new StringBuilder();
        for (int i = 0; i < Math.max(question, 0); i++) {
            ExportRecord.Message m = turns.get(i);
            if (!history.isEmpty()) {
                history.append("\n\n");
            }
            history.append(m.isAssistant() ? "Assistant: " : "User: ").append(m.content());
        }
        ObjectNode root = JSON.createObjectNode();
        root.put("instruction", instruction);
        root.put("input", history.toString());
        root.put("output", turns.get(output).content());
        return Optional.of(root);
    }
}
