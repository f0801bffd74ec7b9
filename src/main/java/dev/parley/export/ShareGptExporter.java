package dev.parley.export;

import java.util.ArrayList;
import java.util.List;
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
 * Axolotl leave alone because no dataset mapping names it. A dialogue with tools is written as LLaMA-Factory reads
 * function calling: an assistant message that calls tools becomes a {@code function_call} turn, its results one
 * {@code observation} turn, and the line gets a {@code tools} column ({@link ToolMessages}). A {@code function_call}
 * value is the calls' JSON and nothing else (LLaMA-Factory parses it as JSON), so what an assistant said beside its
 * calls is not in the file; the export counts it ({@link FormatLoss}) and says so.
 */
public final class ShareGptExporter extends JsonlExporter {

    public static final String FORMAT = "sharegpt";

    /** Parley's roles to ShareGPT's {@code from} values. */
    static final Map<String, String> FROM = Map.of(ExportRecord.SYSTEM, "system", ExportRecord.USER, "human",
            ExportRecord.ASSISTANT, "gpt");

    /** LLaMA-Factory's default {@code function_tag} and {@code observation_tag}. */
    static final String FUNCTION_CALL = "function_call";
    static final String OBSERVATION = "observation";

    /**
     * The results of one round of calls, from message {@code first} on, as one {@code observation} turn (one per
     * {@code function_call}, as LLaMA-Factory's odd and even positions require; several results one per line).
     *
     * @return the index of the last tool message taken
     */
    private static int observation(ArrayNode conversations, List<ExportRecord.Message> all, int first) {
        List<String> results = new ArrayList<>();
        int last = first;
        for (int i = first; i < all.size() && all.get(i).isTool(); i++) {
            results.add(all.get(i).content());
            last = i;
        }
        conversations.addObject().put("from", OBSERVATION).put("value", String.join("\n", results));
        return last;
    }

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
    public int textLeftBesideToolCalls(ExportRecord record) {
        return (int) record.messages().stream().filter(m -> m.callsTools() && !m.content().isBlank()).count();
    }

    @Override
    Optional<ObjectNode> line(ExportRecord record) {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode conversations = root.putArray("conversations");
        List<ExportRecord.Message> all = record.messages();
        for (int i = 0; i < all.size(); i++) {
            ExportRecord.Message m = all.get(i);
            if (m.isTool()) {
                i = observation(conversations, all, i);
                continue;
            }
            ObjectNode entry = m.callsTools()
                    ? conversations.addObject().put("from", FUNCTION_CALL).put("value", ToolMessages.functionCall(m.toolCalls()))
                    : conversations.addObject().put("from", FROM.get(m.role())).put("value", m.content());
            if (m.masked()) {
                entry.put("weight", 0);
            }
        }
        if (!record.tools().isEmpty()) {
            root.put("tools", ToolMessages.functionList(record.tools()));
        }
        root.set("provenance", ProvenanceSidecar.line(record));
        return Optional.of(root);
    }
}
