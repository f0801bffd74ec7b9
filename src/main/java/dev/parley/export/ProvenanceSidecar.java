package dev.parley.export;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Provenance for formats that allow no extra keys: {@code <split>.provenance.jsonl}, one object per
 * record, aligned line by line with {@code <split>.jsonl} and the other JSONL formats of that split
 * (Alpaca excepted when it leaves out a fully masked dialogue; its lines carry no id, so the card
 * says how many were left out). Each line: {@code id}, {@code synthetic} (true for Parley's records),
 * {@code origin}, {@code source} (run id or file), {@code position} (plan seq or file line), {@code cell},
 * {@code seed}, {@code generator}, {@code userSimulator} (the model that wrote the user turns),
 * {@code judge}, {@code recipeHash}, {@code promptHashes} (file name to SHA-256), {@code score},
 * {@code scores}, {@code revisions}, {@code seedSyntheticDepth}, {@code author} (the person who wrote the
 * exported version, null for a model's), {@code decisions} (the people's decisions in force on it, oldest first:
 * {@code action}, {@code by}, {@code at}), {@code tags} (people's tags on it), {@code maskedTurns},
 * {@code tokens}, {@code offlineDemo}. The same object is the {@code provenance} field of the TRL and ShareGPT
 * lines and the {@code provenance} column (as JSON text) of Parquet. Real records have {@code synthetic: false},
 * {@code origin: real}, depth 0, and null models, seed and hashes.
 */
final class ProvenanceSidecar {

    private static final ObjectMapper JSON = JsonlExporter.JSON;

    private ProvenanceSidecar() {
    }

    static String fileName(String split) {
        return split + ".provenance.jsonl";
    }

    static void write(List<ExportRecord> records, OutputStream out) throws IOException {
        for (ExportRecord r : records) {
            out.write(JSON.writeValueAsBytes(line(r)));
            out.write('\n');
        }
        out.flush();
    }

    static ObjectNode line(ExportRecord r) {
        ObjectNode line = fields(r.id(), r.provenance(), r.cell(), r.score(), r.scores());
        line.put("maskedTurns", r.maskedTurns());
        line.put("tokens", r.tokens());
        line.put("offlineDemo", r.provenance().offlineDemo());
        return line;
    }

    /** The provenance fields of one record or stored item, in the sidecar's order. */
    static ObjectNode fields(String id, ExportRecord.Provenance p, Map<String, String> cellValues, OptionalDouble score,
            Map<String, Integer> criterionScores) {
        ObjectNode line = JSON.createObjectNode();
        line.put("id", id);
        line.put("synthetic", p.synthetic());
        line.put("origin", p.origin().key());
        line.put("source", p.source());
        line.put("position", p.position());
        ObjectNode cell = line.putObject("cell");
        cellValues.forEach(cell::put);
        if (p.seed().isPresent()) {
            line.put("seed", p.seed().getAsLong());
        } else {
            line.putNull("seed");
        }
        line.put("generator", p.generator().orElse(null));
        line.put("userSimulator", p.userSimulator().orElse(null));
        line.put("judge", p.judge().orElse(null));
        line.put("recipeHash", p.recipeHash().orElse(null));
        ObjectNode prompts = line.putObject("promptHashes");
        p.promptHashes().forEach(prompts::put);
        if (score.isPresent()) {
            line.put("score", score.getAsDouble());
        } else {
            line.putNull("score");
        }
        ObjectNode scores = line.putObject("scores");
        criterionScores.forEach(scores::put);
        line.put("revisions", p.revisions());
        line.put("seedSyntheticDepth", p.seedSyntheticDepth());
        line.put("author", p.author().orElse(null));
        ArrayNode decisions = line.putArray("decisions");
        p.decisions().forEach(d -> decisions.addObject().put("action", d.action()).put("by", d.by())
                .put("at", d.at().toString()));
        ArrayNode tags = line.putArray("tags");
        p.tags().forEach(tags::add);
        return line;
    }
}
