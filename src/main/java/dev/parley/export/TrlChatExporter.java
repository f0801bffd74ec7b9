package dev.parley.export;

import java.util.Optional;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Hugging Face / TRL conversational JSONL: {@code {"messages": [{"role", "content"}, ...]}} as
 * {@code datasets.load_dataset("json", ...)} and TRL's {@code SFTTrainer} read it, plus fields the
 * trainer ignores:
 * <ul>
 * <li>{@code weights}: one number per message, aligned with {@code messages}: 1 for an assistant
 * turn to train on, 0 for everything else (system, user, and assistant turns the judge masked).
 * A custom collator can turn it into the loss mask;</li>
 * <li>{@code id}, {@code origin} ({@code synthetic} or {@code real}), {@code cell} (the plan cell as
 * {@code dim=value|…}), {@code score} (judge mean, null when not judged), {@code tokens}
 * (approximate, see {@link TokenEstimate}) and {@code provenance} (the object of
 * {@link ProvenanceSidecar}: models per role, recipe and prompt hashes, seed, scores, revisions,
 * synthetic depth).</li>
 * </ul>
 * Every line has the same keys, so the columns load with one schema.
 */
public final class TrlChatExporter extends JsonlExporter {

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
        return "Hugging Face / TRL conversational JSONL (`messages`); `weights` is aligned with the messages"
                + " (1 = train on this assistant turn, 0 = context only), with `id`, `origin`, `cell`, `score`, `tokens` and"
                + " `provenance`.";
    }

    @Override
    Optional<ObjectNode> line(ExportRecord record) {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode messages = root.putArray("messages");
        ArrayNode weights = root.putArray("weights");
        for (ExportRecord.Message m : record.messages()) {
            messages.addObject().put("role", m.role()).put("content", m.content());
            weights.add(m.trainMask());
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
        return Optional.of(root);
    }
}
