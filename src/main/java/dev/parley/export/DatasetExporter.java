package dev.parley.export;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/**
 * One training-file format. Every implementation writes the same {@link ExportRecord}s, one record
 * per line or row, the system prompt first, and passes the shared exporter contract test.
 */
public interface DatasetExporter {

    /** The name used in {@code --format} and {@code ?format=}, e.g. {@code openai}. */
    String format();

    /** The file a split is written to, e.g. {@code train.jsonl} or {@code validation.sharegpt.jsonl}. */
    String fileName(String split);

    /** The media type of the file. */
    String mediaType();

    /** One sentence for the dataset card: who reads this format and how it carries the training mask. */
    String description();

    /**
     * Writes the records in order and returns how many lines or rows it wrote: one per record of
     * {@link #trainingRecords}. Does not close {@code out}.
     */
    int write(List<ExportRecord> records, OutputStream out) throws IOException;

    /**
     * What one dialogue becomes in this format, so that under the trainer configuration the README
     * documents for it no masked turn is a training target: the dialogue itself for formats that
     * mark a masked turn per message (OpenAI's {@code weight}, read by OpenAI and Axolotl), or records
     * cut from it for formats whose trainers learn every assistant turn or only the last one. Empty
     * when nothing of the dialogue can be trained on in this format.
     */
    default List<ExportRecord> trainingRecords(ExportRecord record) {
        return List.of(record);
    }

    /** Assistant messages of a written record whose text beside their tool calls this format does not write. */
    default int textLeftBesideToolCalls(ExportRecord record) {
        return 0;
    }

    /**
     * Whether this format writes an assistant message's reasoning as a {@code reasoning_content} field
     * ({@link ReasoningForm#FIELD}); formats without one can carry it only as a {@code <think>} block.
     */
    default boolean writesReasoningField() {
        return false;
    }

    /** How many of the dialogue's trained assistant turns remain training targets in this format. */
    default int trainedTurnsKept(ExportRecord record) {
        return record.trainedTurns();
    }
}
