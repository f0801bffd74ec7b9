package dev.parley.export;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What an export wrote.
 *
 * @param report         the run's report
 * @param dir            the export folder
 * @param files          every file written, with its checksum (the manifest last)
 * @param splits         records per split
 * @param mix            how real and synthetic dialogues were mixed
 * @param nearDuplicates near-duplicate groups kept within one split
 * @param stats          the numbers the dataset card shows
 * @param warnings       things the user should know (records over the context length, charts not drawn)
 */
public record ExportResult(RunReport report, Path dir, List<WrittenFile> files, Map<String, Integer> splits,
        RealDataMixer.MixReport mix, int nearDuplicates, DatasetStats stats, List<String> warnings) {

    public ExportResult {
        files = List.copyOf(files);
        splits = Collections.unmodifiableMap(new LinkedHashMap<>(splits));
        warnings = List.copyOf(warnings);
    }

    /**
     * One file of the export.
     *
     * @param path    path relative to the export folder, with {@code /} separators
     * @param format  the training format, {@code provenance}, or what else the file is ({@code card}, …)
     * @param split   the split it holds, or empty
     * @param records records (lines or rows) in it, or -1 when it holds no records
     * @param bytes   size
     * @param sha256  SHA-256 of its bytes
     */
    public record WrittenFile(String path, String format, String split, int records, long bytes, String sha256) {
    }
}
