package dev.parley.export;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import org.duckdb.DuckDBDriver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.hardwood.InputFile;
import dev.hardwood.reader.ParquetFileReader;
import dev.hardwood.reader.RowReader;
import dev.hardwood.row.PqStruct;

/**
 * Reads an exporter's output back, the way its consumer would: JSON Lines line by line, Parquet with
 * Hardwood (an independent reader that shares no code with the writer), each row as a JSON object
 * with the column names as keys.
 */
final class FormatReader {

    static final ObjectMapper JSON = new ObjectMapper();

    private FormatReader() {
    }

    static List<JsonNode> rows(DatasetExporter format, byte[] bytes) throws IOException {
        if (format instanceof ParquetExporter) {
            return parquet(bytes);
        }
        String text = new String(bytes, StandardCharsets.UTF_8);
        List<JsonNode> rows = new ArrayList<>();
        if (text.isEmpty()) {
            return rows;
        }
        if (!text.endsWith("\n")) {
            throw new AssertionError("JSONL must end with a newline");
        }
        for (String line : text.substring(0, text.length() - 1).split("\n", -1)) {
            if (line.isBlank()) {
                throw new AssertionError("JSONL has a blank line");
            }
            rows.add(JSON.readTree(line));
        }
        return rows;
    }

    /**
     * A Parquet file read by DuckDB, the reader many Hugging Face tools use: each row of {@code SELECT <columns>} as
     * the JSON object DuckDB's {@code to_json} makes of it.
     */
    static List<JsonNode> duckdb(Path file, String columns) throws SQLException, IOException {
        List<JsonNode> rows = new ArrayList<>();
        try (Connection db = new DuckDBDriver().connect("jdbc:duckdb:", new Properties());
                Statement sql = db.createStatement();
                ResultSet result = sql.executeQuery("SELECT to_json(t)::VARCHAR FROM (SELECT " + columns
                        + " FROM read_parquet('" + file.toAbsolutePath().toString().replace("'", "''") + "')) t")) {
            while (result.next()) {
                rows.add(JSON.readTree(result.getString(1)));
            }
        }
        return rows;
    }

    static List<JsonNode> parquet(byte[] bytes) throws IOException {
        Path file = Files.createTempFile("parley-test", ".parquet");
        try {
            Files.write(file, bytes);
            List<JsonNode> rows = new ArrayList<>();
            try (ParquetFileReader reader = ParquetFileReader.open(InputFile.of(file)); RowReader row = reader.rowReader()) {
                while (row.hasNext()) {
                    row.next();
                    ObjectNode node = JSON.createObjectNode();
                    node.put("id", row.getString("id"));
                    ArrayNode messages = node.putArray("messages");
                    for (PqStruct m : row.getList("messages").structs()) {
                        ObjectNode message = messages.addObject().put("role", m.getString("role"))
                                .put("content", m.getString("content"));
                        // The tool columns are JSON text in Parquet; read back as the TRL line has them.
                        if (!m.isNull("tool_calls")) {
                            message.set("tool_calls", JSON.readTree(m.getString("tool_calls")));
                        }
                        if (!m.isNull("tool_call_id")) {
                            message.put("tool_call_id", m.getString("tool_call_id"));
                        }
                        if (!m.isNull(ReasoningForm.FIELD_NAME)) {
                            message.put(ReasoningForm.FIELD_NAME, m.getString(ReasoningForm.FIELD_NAME));
                        }
                    }
                    ArrayNode weights = node.putArray("weights");
                    row.getList("weights").ints().forEach(weights::add);
                    node.put("origin", row.getString("origin"));
                    node.put("cell", row.getString("cell"));
                    if (row.isNull("score")) {
                        node.putNull("score");
                    } else {
                        node.put("score", row.getDouble("score"));
                    }
                    node.put("tokens", row.getInt("tokens"));
                    node.put("synthetic", row.getBoolean("synthetic"));
                    node.set("provenance", JSON.readTree(row.getString("provenance")));
                    if (!row.isNull("tools")) {
                        node.set("tools", JSON.readTree(row.getString("tools")));
                    }
                    rows.add(node);
                }
            }
            return rows;
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
