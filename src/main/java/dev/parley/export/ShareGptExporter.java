package dev.parley.export;

import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * ShareGPT JSONL, as LLaMA-Factory ({@code formatting: sharegpt}) and Axolotl read it:
 * {@code {"conversations": [{"from": "system"|"human"|"gpt", "value": …}, ...]}}, the system prompt
 * first, then {@code human} and {@code gpt} alternating. A masked assistant turn carries
 * {@code "weight": 0} on its {@code gpt} entry (readers that do not know the key ignore it). Each line
 * also has a {@code provenance} object (see {@link ProvenanceSidecar}), a column LLaMA-Factory and
 * Axolotl leave alone because no dataset mapping names it.
 */
public final class ShareGptExporter extends JsonlExporter {

    public static final String FORMAT = "sharegpt";

    /** Parley's roles to ShareGPT's {@code from} values. */
    static final Map<String, String> FROM = Map.of(ExportRecord.SYSTEM, "system", ExportRecord.USER, "human",
            ExportRecord.ASSISTANT, "gpt");

    @Override
    public String format() {
        return FORMAT;
    }

    @Override
    public String fileName(String split) {
        return split + ".sharegpt.jsonl";
    }

    @Override
    public String description() {
        return "ShareGPT JSONL (`{\"conversations\": [{\"from\": \"system|human|gpt\", \"value\": …}]}`) for"
                + " LLaMA-Factory and Axolotl; a masked `gpt` turn has `\"weight\": 0`; `provenance` per line.";
    }

    @Override
    Optional<ObjectNode> line(ExportRecord record) {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode conversations = root.putArray("conversations");
        for (ExportRecord.Message m : record.messages()) {
            ObjectNode entry = conversations.addObject().put("from", FROM.get(m.role())).put("value", m.content());
            if (m.masked()) {
                entry.put("weight", 0);
            }
        }
        root.set("provenance", ProvenanceSidecar.line(record));
        return Optional.of(root);
    }
}
