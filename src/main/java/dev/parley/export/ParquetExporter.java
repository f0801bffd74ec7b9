package dev.parley.export;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;

/**
 * Apache Parquet, one row per record, with the same rows and columns as the TRL JSONL (each dialogue
 * cut to end before its first masked turn, see {@link TrainsEveryAssistantTurn}): {@code messages}
 * (a list of {@code {role, content, reasoning_content}} structs, the shape {@code datasets} and TRL read
 * as conversational data; {@code reasoning_content} is null unless {@code --reasoning field}), {@code weights} (aligned with the messages: 1 = an assistant turn, 0 = system
 * or user), {@code id}, {@code origin}, {@code cell}, {@code score} (null when not
 * judged), {@code tokens}, {@code synthetic} (false only for real dialogues mixed in) and
 * {@code provenance} (the {@link ProvenanceSidecar} object as JSON text, since its maps differ per
 * recipe). A message that calls tools has {@code tool_calls} (the TRL JSONL's list as JSON text), a tool's result
 * its {@code tool_call_id}, and a run with tools fills {@code tools} (the declared functions as JSON text); the
 * three are null otherwise. One row group, Snappy-compressed.
 * <p>
 * Written with Apache parquet-java through parquet-floor, which supplies the few Hadoop interfaces
 * parquet-java's writer API names, so no Hadoop library is on the class path.
 */
public final class ParquetExporter implements TrainsEveryAssistantTurn {

    public static final String FORMAT = "parquet";

    static final MessageType SCHEMA = MessageTypeParser.parseMessageType("""
            message parley_record {
              required binary id (STRING);
              required group messages (LIST) {
                repeated group list {
                  required group element {
                    required binary role (STRING);
                    required binary content (STRING);
                    optional binary tool_calls (STRING);
                    optional binary tool_call_id (STRING);
                    optional binary reasoning_content (STRING);
                  }
                }
              }
              required group weights (LIST) {
                repeated group list {
                  required int32 element;
                }
              }
              required binary origin (STRING);
              required binary cell (STRING);
              optional double score;
              required int32 tokens;
              required boolean synthetic;
              required binary provenance (STRING);
              optional binary tools (STRING);
            }
            """);

    @Override
    public String format() {
        return FORMAT;
    }

    @Override
    public boolean writesReasoningField() {
        return true;
    }

    @Override
    public String fileName(String split) {
        return split + ".parquet";
    }

    @Override
    public String mediaType() {
        return "application/vnd.apache.parquet";
    }

    @Override
    public String description() {
        return "Apache Parquet with the TRL rows (each dialogue cut before its first masked turn): a `messages` column"
                + " (list of `{role, content}`), `weights` aligned with it, and `id`, `origin`, `cell`, `score`,"
                + " `tokens`,"
                + " `synthetic` and `provenance` (JSON text).";
    }

    @Override
    public int write(List<ExportRecord> records, OutputStream out) throws IOException {
        int n = 0;
        try (ParquetWriter<ExportRecord> writer = new Builder<ExportRecord>(new StreamOutputFile(out), RecordWriteSupport::new)
                .withConf(new PlainParquetConfiguration())
                .withCompressionCodec(CompressionCodecName.SNAPPY)
                .build()) {
            for (ExportRecord dialogue : records) {
                for (ExportRecord r : trainingRecords(dialogue)) {
                    writer.write(r);
                    n++;
                }
            }
        }
        out.flush();
        return n;
    }

    /** A Parquet writer of any row type, its rows emitted by the given write support. */
    static final class Builder<T> extends ParquetWriter.Builder<T, Builder<T>> {
        private final Supplier<WriteSupport<T>> support;

        Builder(OutputFile file, Supplier<WriteSupport<T>> support) {
            super(file);
            this.support = support;
        }

        @Override
        protected Builder<T> self() {
            return this;
        }

        @Override
        protected WriteSupport<T> getWriteSupport(ParquetConfiguration conf) {
            return support.get();
        }

        @Override
        @SuppressWarnings("deprecation")
        protected WriteSupport<T> getWriteSupport(org.apache.hadoop.conf.Configuration conf) {
            return support.get();
        }
    }

    /** Write support with a fixed schema, Parley named as the writer, and the record consumer kept for {@code write}. */
    abstract static class SchemaWriteSupport<T> extends WriteSupport<T> {
        private final MessageType schema;
        protected RecordConsumer rc;

        SchemaWriteSupport(MessageType schema) {
            this.schema = schema;
        }

        @Override
        public WriteContext init(ParquetConfiguration configuration) {
            return new WriteContext(schema, Map.of("writer", "Parley"));
        }

        @Override
        @SuppressWarnings("deprecation")
        public WriteContext init(org.apache.hadoop.conf.Configuration configuration) {
            return new WriteContext(schema, Map.of("writer", "Parley"));
        }

        @Override
        public void prepareForWrite(RecordConsumer recordConsumer) {
            this.rc = recordConsumer;
        }

        MessageType schema() {
            return schema;
        }
    }

    /** Emits one record as a Parquet row, field by field, in schema order. */
    private static final class RecordWriteSupport extends SchemaWriteSupport<ExportRecord> {
        RecordWriteSupport() {
            super(SCHEMA);
        }

        @Override
        public void write(ExportRecord r) {
            rc.startMessage();
            string("id", 0, r.id());
            list("messages", 1, r.messages().size(), i -> {
                rc.startGroup();
                string("role", 0, r.messages().get(i).role());
                string("content", 1, r.messages().get(i).content());
                toolFields(r.messages(), i);
                reasoningField(r.messages().get(i));
                rc.endGroup();
            });
            list("weights", 2, r.messages().size(), i -> rc.addInteger(r.messages().get(i).trainMask()));
            string("origin", 3, r.provenance().origin().key());
            string("cell", 4, r.cell().isEmpty() ? "" : r.cellKey());
            if (r.score().isPresent()) {
                rc.startField("score", 5);
                rc.addDouble(r.score().getAsDouble());
                rc.endField("score", 5);
            }
            rc.startField("tokens", 6);
            rc.addInteger(r.tokens());
            rc.endField("tokens", 6);
            rc.startField("synthetic", 7);
            rc.addBoolean(r.provenance().synthetic());
            rc.endField("synthetic", 7);
            string("provenance", 8, ProvenanceSidecar.line(r).toString());
            if (!r.tools().isEmpty()) {
                string("tools", 9, ToolMessages.openAiTools(r.tools()).toString());
            }
            rc.endMessage();
        }

        /** A message's tool calls (as a chat template takes them) and answered call, as JSON text when it has them. */
        private void toolFields(List<ExportRecord.Message> messages, int i) {
            ExportRecord.Message m = messages.get(i);
            if (m.callsTools()) {
                string("tool_calls", 2, ToolMessages.templateCalls(m.toolCalls()).toString());
            }
            if (m.isTool()) {
                string("tool_call_id", 3, m.toolCallId());
            }
        }

        /** The message's reasoning as {@code reasoning_content} (null when the export leaves it out or there is none). */
        private void reasoningField(ExportRecord.Message m) {
            if (m.reasoning() != null) {
                string(ReasoningForm.FIELD_NAME, 4, m.reasoning());
            }
        }

        private void string(String name, int index, String value) {
            rc.startField(name, index);
            rc.addBinary(Binary.fromString(value));
            rc.endField(name, index);
        }

        /** A three-level Parquet LIST: {@code <name> (LIST) { repeated group list { element } }}. */
        private void list(String name, int index, int size, java.util.function.IntConsumer element) {
            rc.startField(name, index);
            rc.startGroup();
            if (size > 0) {
                rc.startField("list", 0);
                for (int i = 0; i < size; i++) {
                    rc.startGroup();
                    rc.startField("element", 0);
                    element.accept(i);
                    rc.endField("element", 0);
                    rc.endGroup();
                }
                rc.endField("list", 0);
            }
            rc.endGroup();
            rc.endField(name, index);
        }
    }

    /** Parquet's output abstraction over a plain stream; the caller owns (and closes) the stream. */
    static final class StreamOutputFile implements OutputFile {
        private final OutputStream out;

        StreamOutputFile(OutputStream out) {
            this.out = out;
        }

        @Override
        public PositionOutputStream create(long blockSizeHint) {
            return new PositionOutputStream() {
                private long position;

                @Override
                public long getPos() {
                    return position;
                }

                @Override
                public void write(int b) throws IOException {
                    out.write(b);
                    position++;
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    out.write(b, off, len);
                    position += len;
                }

                @Override
                public void flush() throws IOException {
                    out.flush();
                }

                @Override
                public void close() throws IOException {
                    out.flush();
                }
            };
        }

        @Override
        public PositionOutputStream createOrOverwrite(long blockSizeHint) {
            return create(blockSizeHint);
        }

        @Override
        public boolean supportsBlockSize() {
            return false;
        }

        @Override
        public long defaultBlockSize() {
            return 0;
        }

        @Override
        public String getPath() {
            return "parley-export";
        }
    }
}
