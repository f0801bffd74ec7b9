package dev.parley.export;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** A JSON Lines format: one JSON object per record, UTF-8, {@code \n} after every line. */
abstract class JsonlExporter implements DatasetExporter {

    /**
     * Writes characters outside the Basic Multilingual Plane (emoji, rare CJK) as UTF-8 too, not as
     * pairs of surrogate escapes: valid either way, but the files stay readable.
     */
    static final ObjectMapper JSON = JsonMapper.builder().enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8).build();

    /** The record as one JSON object, or empty when this format cannot represent it. */
    abstract Optional<ObjectNode> line(ExportRecord record);

    @Override
    public String mediaType() {
        return "application/jsonl";
    }

    @Override
    public int write(List<ExportRecord> records, OutputStream out) throws IOException {
        int n = 0;
        for (ExportRecord dialogue : records) {
            for (ExportRecord r : trainingRecords(dialogue)) {
                Optional<ObjectNode> line = line(r);
                if (line.isPresent()) {
                    // Jackson writes non-ASCII characters as UTF-8, never as \\u escapes: the files stay readable.
                    out.write(JSON.writeValueAsBytes(line.get()));
                    out.write('\n');
                    n++;
                }
            }
        }
        out.flush();
        return n;
    }

    /** All records as one string, for the REST download of a single format. */
    String text(List<ExportRecord> records) throws IOException {
        var out = new java.io.ByteArrayOutputStream();
        write(records, out);
        return out.toString(StandardCharsets.UTF_8);
    }
}
