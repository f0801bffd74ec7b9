package dev.parley.export;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * Writes an export folder from records: mixes in real dialogues, splits, and writes every format's
 * file per split, the provenance sidecars, {@code report.json}, the charts, the dataset card and,
 * last, {@code manifest.json} with the checksum of everything else. Files are written to a staging
 * folder and moved into place one by one, so each appears whole or not at all; files an earlier
 * export listed in its manifest but this one does not write are removed.
 */
public final class DatasetPackager {

    public static final String REPORT = "report.json";

    private final SimilarityGrouping grouping;
    private final ObjectMapper json;

    public DatasetPackager(SimilarityGrouping grouping, ObjectMapper json) {
        this.grouping = grouping;
        this.json = json.copy().enable(SerializationFeature.INDENT_OUTPUT);
    }

    /**
     * @param synthetic     the run's accepted dialogues
     * @param contextLength records longer than this (approximate tokens) are reported
     */
    public ExportResult write(Path dir, List<ExportRecord> synthetic, ExportSource source, ExportOptions options,
            int contextLength) throws IOException {
        return write(dir, synthetic, PreferencePairs.NONE, source, options, contextLength);
    }

    /**
     * @param synthetic     the run's accepted dialogues
     * @param pairs         their preference pairs, written in the preference formats the options name, each in the
     *                      split its dialogue went to
     * @param contextLength records longer than this (approximate tokens) are reported
     */
    public ExportResult write(Path dir, List<ExportRecord> synthetic, PreferencePairs pairs, ExportSource source,
            ExportOptions options, int contextLength) throws IOException {
        long seed = options.seed().orElse(source.recipe().seed());
        Optional<String> systemPrompt = Optional.of(source.recipe().assistant().systemPrompt());
        // Reasoning in the form asked for before anything is measured, so token counts and the card see what is written.
        List<ExportRecord> asWritten = synthetic.stream().map(r -> r.withReasoning(options.reasoning())).toList();

        RealDataMixer.Mix mix;
        if (options.realFile().isPresent()) {
            Path file = options.realFile().get();
            mix = RealDataMixer.mix(asWritten, RealDialogues.read(file, systemPrompt), options.realRatio(), seed,
                    file.getFileName().toString());
        } else {
            mix = new RealDataMixer.Mix(asWritten, RealDataMixer.MixReport.syntheticOnly(asWritten.size()));
        }
        DatasetSplitter.Result split = new DatasetSplitter(grouping).split(mix.records(), options.split(), seed);
        DatasetStats stats = DatasetStats.of(mix.records(), source.recipe().dimensions(), contextLength);
        PreferenceExport preference = options.preferenceFormats().isEmpty() ? PreferenceExport.NONE
                : PreferenceExport.of(pairs, options.preferenceFormats(), split.splits());

        Files.createDirectories(dir);
        Path staging = Files.createTempDirectory(dir, ".export-");
        try {
            List<ExportResult.WrittenFile> files = new ArrayList<>();
            List<String> warnings = new ArrayList<>();
            Map<String, FormatLoss> leftOut = new LinkedHashMap<>();
            for (var s : split.splits().entrySet()) {
                List<ExportRecord> records = options.foldSystem()
                        ? s.getValue().stream().map(ExportRecord::withSystemFolded).toList()
                        : s.getValue();
                for (DatasetExporter format : options.formats()) {
                    int[] written = new int[1];
                    files.add(stage(staging, format.fileName(s.getKey()), format.format(), s.getKey(),
                            out -> written[0] = format.write(records, out), () -> written[0]));
                    FormatLoss loss = FormatLoss.of(format, s.getValue());
                    if (loss.any()) {
                        leftOut.merge(format.format(), loss, FormatLoss::plus);
                    }
                }
                if (!options.formats().isEmpty()) {
                    files.add(stage(staging, ProvenanceSidecar.fileName(s.getKey()), "provenance", s.getKey(),
                            out -> ProvenanceSidecar.write(s.getValue(), out), () -> s.getValue().size()));
                }
                stagePreference(staging, s.getKey(), preference, options.foldSystem(), files);
            }
            List<ExportResult.WrittenFile> dataFiles = List.copyOf(files);
            warnings.addAll(TrainerRules.warnings(dataFiles.stream().filter(f -> !f.format().equals("provenance")).toList()));
            String name = source.recipe().name().replaceAll("[^A-Za-z0-9]+", "_");
            var llamaFactory = TrainerConfigs.llamaFactory(name, options.formats(), split.splits().keySet());
            if (llamaFactory.isPresent()) {
                files.add(stage(staging, TrainerConfigs.LLAMA_FACTORY, "llama-factory", "",
                        out -> json.writeValue(nonClosing(out), llamaFactory.get()), () -> -1));
                if (mix.records().stream().anyMatch(ExportRecord::hasTools)) {
                    warnings.add(TrainerRules.LLAMA_FACTORY_TOOLS);
                }
            }
            var axolotl = TrainerConfigs.axolotl(options.formats(), split.splits().keySet());
            if (axolotl.isPresent()) {
                files.add(stage(staging, TrainerConfigs.AXOLOTL, "axolotl", "",
                        out -> out.write(axolotl.get().getBytes(java.nio.charset.StandardCharsets.UTF_8)), () -> -1));
            }
            leftOut.forEach((format, loss) -> {
                if (loss.losesTurns()) {
                    warnings.add(format + ": " + loss.trainedTurns() + " assistant turn(s) to train on are not training"
                            + " targets in this format, so that no masked turn is; " + loss.dialogues()
                            + " dialogue(s) are left out of it entirely");
                }
                if (loss.textBesideCalls() > 0) {
                    warnings.add(format + ": " + loss.textBesideCalls() + " assistant message(s) said something beside"
                            + " their tool calls, which this format's tool-call entries cannot hold; that text is not in"
                            + " the file");
                }
            });
            if (!stats.piiRecords().isEmpty()) {
                warnings.add(stats.piiRecords().size() + " record(s) contain what looks like personal data or a secret ("
                        + stats.piiByType() + "); they are exported unredacted, ids in manifest.json pii.records");
            }
            if (!stats.overContextLength().isEmpty()) {
                warnings.add(stats.overContextLength().size() + " record(s) are longer than the context length of "
                        + contextLength + " approximate tokens (parley.export.context-length); a trainer will truncate"
                        + " or drop them: " + stats.overContextLength().entrySet().stream().limit(5)
                                .map(e -> e.getKey() + " (" + e.getValue() + ")").collect(Collectors.joining(", "))
                        + (stats.overContextLength().size() > 5 ? ", …" : ""));
            }

            files.add(stage(staging, REPORT, "report", "", out -> json.writeValue(nonClosing(out), source.report()), () -> -1));
            boolean charts = true;
            try {
                for (var chart : DatasetCharts.draw(stats, source.report(), source.recipe().name()).entrySet()) {
                    files.add(stage(staging, chart.getKey(), "chart", "", out -> out.write(chart.getValue()), () -> -1));
                }
            } catch (IOException | RuntimeException | LinkageError | java.awt.AWTError e) {
                // A machine without fonts or image writers still gets its data; the card then shows no charts.
                charts = false;
                warnings.add("charts not drawn: " + e);
            }
            if (preference.notExported() > 0) {
                warnings.add(preference.notExported() + " preference pair(s) belong to dialogues left out of this export"
                        + " and are not written");
            }
            for (PreferenceFormat format : preference.formats()) {
                int left = preference.leftOut(format);
                if (left > 0) {
                    warnings.add(format.format() + ": " + left + " preference pair(s) not written: " + format.whyLeftOut());
                }
            }
            var facts = new DatasetCard.Facts(source, options, stats, split.counts(), mix.report(),
                    split.nearDuplicates().size(), dataFiles, leftOut, charts, contextLength, seed, preference);
            files.add(stage(staging, DatasetCard.FILE, "card", "",
                    out -> out.write(DatasetCard.render(facts).getBytes(java.nio.charset.StandardCharsets.UTF_8)), () -> -1));
            List<ExportResult.WrittenFile> listed = List.copyOf(files);
            files.add(stage(staging, ExportManifest.FILE, "manifest", "",
                    out -> out.write(ExportManifest.write(facts, listed, warnings)), () -> -1));

            List<String> previous = Files.isRegularFile(dir.resolve(ExportManifest.FILE))
                    ? ExportManifest.listedFiles(Files.readAllBytes(dir.resolve(ExportManifest.FILE)))
                    : List.of();
            for (ExportResult.WrittenFile f : files) {
                move(staging.resolve(f.path()), dir.resolve(f.path()));
            }
            Set<String> now = files.stream().map(ExportResult.WrittenFile::path).collect(Collectors.toCollection(HashSet::new));
            for (String old : previous) {
                Path stale = dir.resolve(old).normalize();
                if (!now.contains(old) && stale.startsWith(dir.normalize()) && !stale.equals(dir.normalize())) {
                    Files.deleteIfExists(stale);
                }
            }
            return new ExportResult(source.report(), dir, files, split.counts(), mix.report(), split.nearDuplicates().size(),
                    stats, warnings);
        } finally {
            deleteTree(staging);
        }
    }

    /**
     * Writes one split's preference files: per format its JSONL, its Parquet when it has one, and for OpenAI's
     * format the provenance sidecar aligned with its lines; with {@code foldSystem}, each prompt's system prompt
     * starts its first user message.
     */
    private static void stagePreference(Path staging, String split, PreferenceExport preference, boolean foldSystem,
            List<ExportResult.WrittenFile> files) throws IOException {
        List<PreferencePair> inSplit = preference.bySplit().getOrDefault(split, List.of());
        List<PreferencePair> pairs = foldSystem ? inSplit.stream().map(PreferencePair::withSystemFolded).toList() : inSplit;
        for (PreferenceFormat format : preference.formats()) {
            int[] written = new int[1];
            files.add(stage(staging, format.fileName(split), format.format(), split,
                    out -> written[0] = format.write(pairs, out), () -> written[0]));
            Optional<String> parquet = format.parquetFileName(split);
            if (parquet.isPresent()) {
                int[] rows = new int[1];
                files.add(stage(staging, parquet.get(), format.format(), split,
                        out -> rows[0] = PreferenceParquet.write(format, pairs, out), () -> rows[0]));
            }
            if (format instanceof PreferenceFormat.OpenAi) {
                List<PreferencePair> held = pairs.stream().filter(format::holds).toList();
                files.add(stage(staging, PreferenceFormat.OpenAi.sidecarName(split), "provenance", split, out -> {
                    for (PreferencePair p : held) {
                        out.write(JsonlExporter.JSON.writeValueAsBytes(PreferenceFormat.provenance(p)));
                        out.write('\n');
                    }
                }, held::size));
            }
        }
    }

    /** Writes what {@code body} produces to a file under the staging folder, with its size and checksum. */
    private static ExportResult.WrittenFile stage(Path staging, String path, String format, String split, Body body,
            java.util.function.IntSupplier records) throws IOException {
        Path file = staging.resolve(path);
        Files.createDirectories(file.getParent());
        MessageDigest sha = sha256();
        try (OutputStream out = new DigestOutputStream(new java.io.BufferedOutputStream(Files.newOutputStream(file)), sha)) {
            body.write(out);
        }
        return new ExportResult.WrittenFile(path, format, split, records.getAsInt(), Files.size(file),
                HexFormat.of().formatHex(sha.digest()));
    }

    @FunctionalInterface
    private interface Body {
        void write(OutputStream out) throws IOException;
    }

    /** Writes one format's records for one split into memory: the REST download of a single file. */
    public static byte[] bytes(DatasetExporter format, List<ExportRecord> records) throws IOException {
        var out = new ByteArrayOutputStream();
        format.write(records, out);
        return out.toByteArray();
    }

    private static OutputStream nonClosing(OutputStream out) {
        return new java.io.FilterOutputStream(out) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                flush();
            }
        };
    }

    private static void move(Path from, Path to) throws IOException {
        Files.createDirectories(to.getParent());
        try {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
