package dev.parley.export;

import java.io.IOException;
import java.util.List;

import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@code manifest.json}: enough to know exactly what the export is and to make it again — the
 * recipe and its hash, the prompt files' hashes, the models and parameters per role, the seeds, the
 * Parley version, the counts, and the SHA-256 of every other file in the folder.
 */
final class ExportManifest {

    static final String FILE = "manifest.json";
    private static final ObjectMapper JSON = JsonMapper.builder().enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
            .enable(SerializationFeature.INDENT_OUTPUT).build();

    private ExportManifest() {
    }

    static byte[] write(DatasetCard.Facts f, List<ExportResult.WrittenFile> files, List<String> warnings)
            throws IOException {
        ExportSource src = f.source();
        RunReport report = src.report();
        ObjectNode root = JSON.createObjectNode();
        root.put("offlineDemo", report.offlineDemo());
        if (report.offlineDemo()) {
            root.put("notice", DatasetCard.DEMO_BANNER);
        }
        root.put("parleyVersion", src.parleyVersion());
        ObjectNode run = root.putObject("run");
        run.put("id", report.runId());
        run.put("recipe", report.recipe());
        run.put("status", report.status());
        root.set("recipe", readTree(src.recipeJson()));
        root.put("recipeHash", src.recipeHash());
        root.put("recipeHashOf", "SHA-256 of the recipe as compact JSON, exactly as stored with the run");
        ObjectNode prompts = root.putObject("promptHashes");
        src.promptHashes().forEach(prompts::put);
        ObjectNode rubric = root.putObject("rubric");
        src.rubric().ifPresent(r -> {
            rubric.put("name", r.name());
            rubric.put("turnFloor", r.turnFloor());
            ObjectNode criteria = rubric.putObject("criteria");
            r.criteria().forEach(c -> criteria.putObject(c.name()).put("weight", c.weight()).put("floor", c.floor()));
        });
        root.put("threshold", src.recipe().judge().threshold());
        ObjectNode models = root.putObject("models");
        src.models().forEach((role, m) -> {
            ObjectNode node = models.putObject(role);
            node.put("model", m.model());
            if (m.temperature().isPresent()) {
                node.put("temperature", m.temperature().getAsDouble());
            } else {
                node.putNull("temperature");
            }
            m.settings().ifPresent(settings -> settings.writeParameters(node));
            if (!m.panel().isEmpty()) {
                m.panel().forEach(node.putArray("panel")::add);
            }
            node.put("note", m.note());
        });
        ObjectNode seeds = root.putObject("seeds");
        seeds.put("recipe", src.recipe().seed());
        seeds.put("split", f.seed());
        seeds.put("mix", f.seed());
        seeds.put("items", "per record, in <split>.provenance.jsonl");

        ObjectNode export = root.putObject("export");
        ArrayNode formats = export.putArray("formats");
        f.options().formatNames().forEach(formats::add);
        ObjectNode split = export.putObject("split");
        f.options().split().shares().forEach(split::put);
        export.put("contextLength", f.contextLength());
        export.put("foldSystem", f.options().foldSystem());
        export.put("reasoning", f.options().reasoning().key());
        export.put("tokenEstimate", "approximate: 1 token per 4 non-space characters, 1 per CJK/Thai character, +3 per"
                + " message, +3 per record");
        ObjectNode mix = export.putObject("mix");
        mix.put("file", f.mix().file().isEmpty() ? null : f.mix().file());
        if (f.mix().requestedShare().isPresent()) {
            mix.put("minimumRealShare", f.mix().requestedShare().getAsDouble());
        } else {
            mix.putNull("minimumRealShare");
        }
        mix.put("real", f.mix().real());
        mix.put("synthetic", f.mix().synthetic());
        mix.put("syntheticLeftOut", f.mix().syntheticLeftOut());
        mix.put("realShare", Math.round(f.mix().realShare() * 10000) / 10000.0);

        ObjectNode counts = root.putObject("counts");
        ObjectNode funnel = counts.putObject("funnel");
        report.counts().forEach(funnel::put);
        ObjectNode splits = counts.putObject("splits");
        f.splits().forEach(splits::put);
        counts.put("exported", f.stats().records());
        counts.put("synthetic", f.stats().synthetic());
        counts.put("real", f.stats().real());
        counts.put("maskedTurns", f.stats().maskedTurns());
        counts.put("nearDuplicateGroups", f.nearDuplicates());
        counts.put("overContextLength", f.stats().overContextLength().size());
        ObjectNode leftOut = counts.putObject("leftOutByFormat");
        f.leftOut().forEach((format, loss) -> leftOut.putObject(format).put("dialogues", loss.dialogues())
                .put("trainedTurns", loss.trainedTurns()).put("textBesideToolCalls", loss.textBesideCalls()));

        if (f.preference().any()) {
            f.preference().manifest(root);
        }

        ObjectNode pii = root.putObject("pii");
        pii.put("detector", "dev.parley.quality.PiiDetector, over each record's conversation (system prompt excluded)");
        pii.put("recordsWithFindings", f.stats().piiRecords().size());
        ObjectNode byType = pii.putObject("byType");
        f.stats().piiByType().forEach(byType::put);
        ArrayNode piiRecords = pii.putArray("records");
        f.stats().piiRecords().forEach(piiRecords::add);

        ArrayNode warn = root.putArray("warnings");
        warnings.forEach(warn::add);
        ArrayNode list = root.putArray("files");
        for (ExportResult.WrittenFile file : files) {
            ObjectNode node = list.addObject();
            node.put("path", file.path());
            node.put("format", file.format());
            node.put("split", file.split().isEmpty() ? null : file.split());
            if (file.records() >= 0) {
                node.put("records", file.records());
            }
            node.put("bytes", file.bytes());
            node.put("sha256", file.sha256());
        }
        return JSON.writeValueAsBytes(root);
    }

    /** Paths listed in an earlier manifest, so that files a new export no longer writes can be removed. */
    static List<String> listedFiles(byte[] manifest) {
        try {
            JsonNode files = JSON.readTree(manifest).path("files");
            var paths = new java.util.ArrayList<String>();
            files.forEach(f -> paths.add(f.path("path").asText()));
            return paths;
        } catch (IOException e) {
            return List.of();
        }
    }

    private static JsonNode readTree(String json) throws IOException {
        return JSON.readTree(json);
    }
}
