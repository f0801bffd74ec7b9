package dev.parley.export;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The rows of a TRL preference format as Apache Parquet, one row per JSONL line with the same columns: message
 * lists as lists of {@code {role, content}} structs (what {@code datasets} reads as conversational data), numbers
 * and labels as such, and {@code provenance} as JSON text. One row group, Snappy-compressed, written like
 * {@link ParquetExporter}.
 */
final class PreferenceParquet {

    private static final String MESSAGES = """
              required group %s (LIST) {
                repeated group list {
                  required group element {
                    required binary role (STRING);
                    required binary content (STRING);
                  }
                }
              }
            """;

    static final MessageType DPO = MessageTypeParser.parseMessageType("message parley_dpo {\n"
            + "  required binary id (STRING);\n" + MESSAGES.formatted("prompt") + MESSAGES.formatted("chosen")
            + MESSAGES.formatted("rejected") + """
              required double score_chosen;
              required double score_rejected;
              required double margin;
              required binary source (STRING);
              required binary provenance (STRING);
            }
            """);

    static final MessageType KTO = MessageTypeParser.parseMessageType("message parley_kto {\n"
            + "  required binary id (STRING);\n" + MESSAGES.formatted("prompt") + MESSAGES.formatted("completion") + """
              required boolean label;
              required double score;
              required binary provenance (STRING);
            }
            """);

    private PreferenceParquet() {
    }

    static MessageType schema(PreferenceFormat format) {
        return switch (format) {
            case PreferenceFormat.Dpo d -> DPO;
            case PreferenceFormat.Kto k -> KTO;
            case PreferenceFormat.OpenAi o -> throw new IllegalArgumentException("OpenAI's preference format has no Parquet file");
        };
    }

    /** Writes every pair's rows and returns how many it wrote. Does not close {@code out}. */
    static int write(PreferenceFormat format, List<PreferencePair> pairs, OutputStream out) throws IOException {
        MessageType schema = schema(format);
        int n = 0;
        try (ParquetWriter<ObjectNode> writer = new ParquetExporter.Builder<ObjectNode>(
                new ParquetExporter.StreamOutputFile(out), () -> new RowWriteSupport(schema))
                .withConf(new PlainParquetConfiguration())
                .withCompressionCodec(CompressionCodecName.SNAPPY)
                .build()) {
            for (PreferencePair pair : pairs) {
                for (ObjectNode row : format.rows(pair)) {
                    writer.write(row);
                    n++;
                }
            }
        }
        out.flush();
        return n;
    }

    /** Emits a JSON row field by field in schema order; an object in a text column is written as its JSON text. */
    private static final class RowWriteSupport extends ParquetExporter.SchemaWriteSupport<ObjectNode> {
        RowWriteSupport(MessageType schema) {
            super(schema);
        }

        @Override
        public void write(ObjectNode row) {
            rc.startMessage();
            List<Type> fields = schema().getFields();
            for (int i = 0; i < fields.size(); i++) {
                Type field = fields.get(i);
                JsonNode value = row.get(field.getName());
                if (value == null) {
                    throw new IllegalArgumentException("row has no " + field.getName());
                }
                rc.startField(field.getName(), i);
                if (field.isPrimitive()) {
                    primitive(field.asPrimitiveType(), value);
                } else {
                    messages(value);
                }
                rc.endField(field.getName(), i);
            }
            rc.endMessage();
        }

        private void primitive(PrimitiveType type, JsonNode value) {
            switch (type.getPrimitiveTypeName()) {
                case DOUBLE -> rc.addDouble(value.asDouble());
                case BOOLEAN -> rc.addBoolean(value.asBoolean());
                case INT32 -> rc.addInteger(value.asInt());
                default -> rc.addBinary(Binary.fromString(value.isTextual() ? value.asText() : value.toString()));
            }
        }

        /** A three-level Parquet LIST of {@code {role, content}}. */
        private void messages(JsonNode list) {
            rc.startGroup();
            if (!list.isEmpty()) {
                rc.startField("list", 0);
                for (JsonNode m : list) {
                    rc.startGroup();
                    rc.startField("element", 0);
                    rc.startGroup();
                    rc.startField("role", 0);
                    rc.addBinary(Binary.fromString(m.path("role").asText()));
                    rc.endField("role", 0);
                    rc.startField("content", 1);
                    rc.addBinary(Binary.fromString(m.path("content").asText()));
                    rc.endField("content", 1);
                    rc.endGroup();
                    rc.endField("element", 0);
                    rc.endGroup();
                }
                rc.endField("list", 0);
            }
            rc.endGroup();
        }
    }
}
