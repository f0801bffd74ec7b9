package dev.parley.export;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Provenance for formats that allow no extra keys: {@code <split>.provenance.jsonl}, one object per
 * record, aligned line by line with {@code <split>.jsonl} and the other JSONL formats of that split
 * (Alpaca excepted when it leaves out a fully masked dialogue; its lines carry no id, so the card
 * says how many were left out). Each line: {@code id}, {@code origin}, {@code source} (run id or file),
 * {@code position} (plan seq or file line), {@code cell}, {@code seed}, {@code generator},
 * {@code judge}, {@code score}, {@code scores}, {@code maskedTurns}, {@code tokens}, {@code offlineDemo}.
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
        ExportRecord.Provenance p = r.provenance();
        ObjectNode line = JSON.createObjectNode();
        line.put("id", r.id());
        line.put("origin", p.origin().key());
        line.put("source", p.source());
        line.put("position", p.position());
        ObjectNode cell = line.putObject("cell");
        r.cell().forEach(cell::put);
        if (p.seed().isPresent()) {
            line.put("seed", p.seed().getAsLong());
        } else {
            line.putNull("seed");
        }
        line.put("generator", p.generator().orElse(null));
        line.put("judge", p.judge().orElse(null));
        if (r.score().isPresent()) {
            line.put("score", r.score().getAsDouble());
        } else {
            line.putNull("score");
        }
        ObjectNode scores = line.putObject("scores");
        r.scores().forEach(scores::put);
        line.put("maskedTurns", r.maskedTurns());
        line.put("tokens", r.tokens());
        line.put("offlineDemo", p.offlineDemo());
        return line;
    }
}
