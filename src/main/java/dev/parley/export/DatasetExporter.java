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
     * Writes the records in order and returns how many were written. A format may leave out a record
     * it cannot represent (Alpaca, for a dialogue whose assistant turns are all masked); it never
     * writes anything else. Does not close {@code out}.
     */
    int write(List<ExportRecord> records, OutputStream out) throws IOException;
}
