package dev.parley.export;

import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Hugging Face / TRL conversational JSONL: {@code {"messages": [{"role", "content"}, ...]}} as
 * {@code datasets.load_dataset("json", ...)} and TRL's {@code SFTTrainer} read it, plus fields the
 * trainer ignores. TRL's {@code assistant_only_loss} (and LLaMA-Factory, which reads this file through
 * {@code dataset_info.json}) learns every assistant turn of a line, so a dialogue is cut to end before
 * its first masked turn (see {@link TrainsEveryAssistantTurn}):
 * <ul>
 * <li>{@code weights}: one number per message, aligned with {@code messages}: 1 for an assistant
 * turn, 0 for system and user messages;</li>
 * <li>{@code id}, {@code origin} ({@code synthetic} or {@code real}), {@code cell} (the plan cell as
 * {@code dim=value|…}), {@code score} (judge mean, null when not judged), {@code tokens}
 * (approximate, see {@link TokenEstimate}) and {@code provenance} (the object of
 * {@link ProvenanceSidecar}: models per role, recipe and prompt hashes, seed, scores, revisions,
 * synthetic depth).</li>
 * </ul>
 * Every line has the same keys, so the columns load with one schema. A dialogue with tools has its assistant's
 * {@code tool_calls} (arguments as objects, as chat templates render them), {@code tool} messages with the
 * call's id and the tool's name, and a {@code tools} column, the list TRL hands the chat template
 * ({@link ToolMessages}); a tool message's weight is 0, as it is never a training target. With
 * {@code --reasoning field} an assistant message with reasoning also has {@code reasoning_content}, which Qwen3's
 * chat template reads.
 */
public final class TrlChatExporter extends JsonlExporter implements TrainsEveryAssistantTurn {

    public static final String FORMAT = "trl";

    @Override
    public String format() {
        return FORMAT;
    }

    @Override
    public String fileName(String split) {
        return split + ".trl.jsonl";
    }

    @Override
    public String description() {
        return "Hugging Face / TRL conversational JSONL (`messages`), each dialogue cut to end before its first masked"
                + " turn, since TRL's `assistant_only_loss` and LLaMA-Factory learn every assistant turn of a line;"
                + " `weights` aligned with the messages, `id`, `origin`, `cell`, `score`, `tokens` and `provenance`.";
    }

    @Override
    public boolean writesReasoningField() {
        return true;
    }

    /** The message's reasoning as {@code reasoning_content}, when the export keeps it as a field. */
    private static void withReasoningField(ObjectNode message, ExportRecord.Message m) {
        if (m.reasoning() != null) {
            message.put(ReasoningForm.FIELD_NAME, m.reasoning());
        }
    }

    @Override
    Optional<ObjectNode> line(ExportRecord record) {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode messages = root.putArray("messages");
        ArrayNode weights = root.putArray("weights");
        List<ExportRecord.Message> all = record.messages();
        for (int i = 0; i < all.size(); i++) {
            withReasoningField(ToolMessages.templateMessage(messages, all, i), all.get(i));
            weights.add(all.get(i).trainMask());
        }
        root.put("id", record.id());
        root.put("origin", record.provenance().origin().key());
        root.put("cell", record.cell().isEmpty() ? "" : record.cellKey());
        if (record.score().isPresent()) {
            root.put("score", record.score().getAsDouble());
        } else {
            root.putNull("score");
        }
        root.put("tokens", record.tokens());
        root.set("provenance", ProvenanceSidecar.line(record));
        if (!record.tools().isEmpty()) {
            root.set("tools", ToolMessages.openAiTools(record.tools()));
        }
        return Optional.of(root);
    }
}
