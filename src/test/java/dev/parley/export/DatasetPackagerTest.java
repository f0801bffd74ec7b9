package dev.parley.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/** The export folder as a whole: files, checksums, dataset card, charts, mixing and re-export. */
class DatasetPackagerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @TempDir
    Path dir;

    /** Twenty synthetic dialogues over the recipe's three topics (voucher gets none), one with a masked turn. */
    private static List<ExportRecord> records() {
        List<ExportRecord> records = new ArrayList<>(ExportFixtures.contractRecords());
        for (int i = 3; i < 20; i++) {
            records.add(ExportFixtures.synthetic("run-1/" + i, Map.of("topic", i % 2 == 0 ? "refund" : "late"),
                    "Pertanyaan nomor " + i + " tentang pesanan " + (1000 + i * 37), "Jawaban khusus " + i + " untuk kasus " + i * i));
        }
        return records;
    }

    private ExportResult write(ExportOptions options, boolean offline, int contextLength) throws IOException {
        return new DatasetPackager(new ShingleSimilarityGrouping(), new ObjectMapper())
                .write(dir, records(), ExportFixtures.source(offline, 20), options, contextLength);
    }

    private List<String> filesIn(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile).map(p -> root.relativize(p).toString().replace('\\', '/')).sorted().toList();
        }
    }

    @Test
    void writes_every_format_per_split_with_provenance_card_charts_report_and_a_manifest_of_checksums() throws Exception {
        ExportResult result = write(ExportOptions.of("all", "0.8,0.1,0.1", null, null, null), false, 8192);

        List<String> expected = new ArrayList<>();
        for (String split : List.of("train", "validation", "test")) {
            expected.addAll(List.of(split + ".jsonl", split + ".trl.jsonl", split + ".sharegpt.jsonl", split + ".alpaca.jsonl",
                    split + ".parquet", split + ".provenance.jsonl"));
        }
        expected.addAll(List.of("dataset_info.json", "axolotl.yaml", "report.json", "charts/score-histogram.png", "charts/length-distribution.png",
                "charts/coverage.png", "README.md", "manifest.json"));
        assertThat(filesIn(dir)).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(result.files()).extracting(ExportResult.WrittenFile::path).containsExactlyElementsOf(expected);
        assertThat(result.splits()).containsExactly(Map.entry("train", 16), Map.entry("validation", 2), Map.entry("test", 2));
        // The masked contract dialogue masks its first assistant turn: TRL and Parquet rows cannot carry it.
        assertThat(result.warnings()).containsExactly(
                "trl: 1 assistant turn(s) to train on are not training targets in this format, so that no masked turn is;"
                        + " 1 dialogue(s) are left out of it entirely",
                "parquet: 1 assistant turn(s) to train on are not training targets in this format, so that no masked turn"
                        + " is; 1 dialogue(s) are left out of it entirely");

        JsonNode manifest = JSON.readTree(dir.resolve("manifest.json").toFile());
        assertThat(manifest.get("files")).hasSize(expected.size() - 1);
        for (JsonNode f : manifest.get("files")) {
            byte[] bytes = Files.readAllBytes(dir.resolve(f.get("path").asText()));
            assertThat(f.get("sha256").asText()).as(f.get("path").asText())
                    .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)));
            assertThat(f.get("bytes").asLong()).isEqualTo(bytes.length);
        }
        assertThat(manifest.at("/counts/splits/train").asInt()).isEqualTo(16);
        assertThat(manifest.at("/counts/maskedTurns").asInt()).isEqualTo(1);
        assertThat(manifest.at("/counts/funnel/accepted").asInt()).isEqualTo(20);
        assertThat(manifest.get("recipeHash").asText()).isEqualTo("abc123");
        assertThat(manifest.at("/promptHashes/write-dialogue.system.md").asText()).isEqualTo("f00d");
        assertThat(manifest.at("/models/judge/model").asText()).isEqualTo("judge-model");
        assertThat(manifest.at("/models/judge/temperature").asDouble()).isZero();
        assertThat(manifest.at("/seeds/recipe").asLong()).isEqualTo(7);
        assertThat(manifest.at("/seeds/split").asLong()).isEqualTo(7);
        assertThat(manifest.get("parleyVersion").asText()).isEqualTo("9.9.9-test");
        assertThat(manifest.get("offlineDemo").asBoolean()).isFalse();
        assertThat(manifest.at("/export/formats").toString()).isEqualTo("[\"openai\",\"trl\",\"sharegpt\",\"alpaca\",\"parquet\"]");

        assertThat(manifest.at("/counts/leftOutByFormat/trl/dialogues").asInt()).isEqualTo(1);
        assertThat(manifest.at("/counts/leftOutByFormat/trl/trainedTurns").asInt()).isEqualTo(1);
        assertThat(manifest.at("/counts/leftOutByFormat").has("openai")).isFalse();

        // LLaMA-Factory gets each TRL and Parquet file with its columns and tags.
        JsonNode info = JSON.readTree(dir.resolve("dataset_info.json").toFile());
        assertThat(info.fieldNames()).toIterable().containsExactly("shop_support_train_trl", "shop_support_validation_trl",
                "shop_support_test_trl", "shop_support_train_parquet", "shop_support_validation_parquet",
                "shop_support_test_parquet");
        assertThat(info.at("/shop_support_validation_parquet/file_name").asText()).isEqualTo("validation.parquet");
        assertThat(info.at("/shop_support_train_trl/formatting").asText()).isEqualTo("sharegpt");
        assertThat(info.at("/shop_support_train_trl/tags/assistant_tag").asText()).isEqualTo("assistant");
        JsonNode axolotl = YAML.readTree(dir.resolve("axolotl.yaml").toFile());
        assertThat(axolotl.at("/datasets/0/path").asText()).isEqualTo("train.jsonl");
        assertThat(axolotl.at("/test_datasets/0/path").asText()).isEqualTo("validation.jsonl");

        // The sidecar is aligned line by line with the OpenAI and ShareGPT files of its split.
        List<String> sidecar = Files.readAllLines(dir.resolve("train.provenance.jsonl"));
        List<String> shareGpt = Files.readAllLines(dir.resolve("train.sharegpt.jsonl"));
        assertThat(sidecar).hasSize(16).hasSameSizeAs(Files.readAllLines(dir.resolve("train.jsonl")));
        for (int i = 0; i < sidecar.size(); i++) {
            assertThat(JSON.readTree(sidecar.get(i)).get("id")).isEqualTo(JSON.readTree(shareGpt.get(i)).at("/provenance/id"));
        }
        JsonNode first = JSON.readTree(sidecar.getFirst());
        assertThat(first.get("origin").asText()).isEqualTo("synthetic");
        assertThat(first.get("generator").asText()).isEqualTo("gen-model");
        assertThat(first.get("seed").asLong()).isEqualTo(42);
        assertThat(first.get("tokens").asInt()).isPositive();
        assertThat(FormatReader.parquet(Files.readAllBytes(dir.resolve("validation.parquet")))).hasSize(2);
    }

    @Test
    void writes_a_hugging_face_dataset_card_with_front_matter_and_the_numbers() throws IOException {
        write(ExportOptions.of("openai,sharegpt", "0.9,0.1", null, null, null), false, 8192);

        String card = Files.readString(dir.resolve("README.md"));
        assertThat(card).startsWith("---\n");
        JsonNode front = YAML.readTree(card.substring(4, card.indexOf("\n---\n", 4)));
        assertThat(front.get("language").toString()).isEqualTo("[\"id\"]");
        assertThat(front.has("license")).isTrue();
        assertThat(front.get("license").isNull()).as("left for the user").isTrue();
        assertThat(front.get("task_categories").toString()).contains("text-generation");
        assertThat(front.get("size_categories").toString()).isEqualTo("[\"n<1K\"]");
        assertThat(front.get("tags").toString()).contains("\"synthetic\"").doesNotContain("not-for-training");
        assertThat(front.at("/configs/0/config_name").asText()).isEqualTo("openai");
        assertThat(front.at("/configs/0/data_files/1/path").asText()).isEqualTo("validation.jsonl");
        assertThat(front.at("/configs/1/data_files/0/path").asText()).isEqualTo("train.sharegpt.jsonl");

        assertThat(card).contains("# shop-support", "Support chats for a small shop", "| generator | `gen-model` | unknown | 0.9 | unknown | unknown |",
                "`helpfulness` ×2, `correctness` ×1 (floor 2)", "under 3 are kept for context but masked",
                "weighted mean ≥ 3.5 and no criterion under its floor",
                "In this run: revised: 2, accepted after revision: 1.",
                "- length bias (correlation of length and score): Spearman: 0.12", "`stock-phrase`", "| rejected by checks | 1 |",
                "| **exported** | **20** |", "Rejections per gate: `judge` 2, `structure` 1.", "train 18, validation 2",
                "![Judge scores](charts/score-histogram.png)", "![Coverage](charts/coverage.png)",
                "Planned cells with an accepted dialogue: 2 of 2 (the grid has 3).",
                "Judged dialogues of the run (accepted or not) per mean judge score: 2.5–3.0: 1, 3.5–4.0: 1, 4.0–4.5: 2.",
                "Distinct-1 / distinct-2 over the run's accepted dialogues: 0.23 / 0.41", "`topic` values with no exported dialogue: voucher.",
                "1 assistant turn(s) are kept for context", "No dialogue was rejected by a PII, secret or memorisation gate",
                "Parley's PII detector (e-mail addresses, phone numbers, card numbers, IBANs, NIK, IP addresses, keys and tokens) found nothing",
                "Real: 0 · synthetic: 20 · real share: 0.0%", "**Model collapse.**", "accumulate, never replace",
                "parley export run-1 --format openai,sharegpt --split 0.9,0.1,0 --seed 7")
                .doesNotContain("NOT FOR TRAINING", "savedByRevision", "lengthBias");
    }

    @Test
    void folds_the_system_prompt_into_the_first_user_message_when_asked() throws IOException {
        var options = ExportOptions.of("openai,trl,sharegpt", null, null, null, null);
        options = new ExportOptions(options.formats(), options.split(), options.seed(), options.realFile(),
                options.realRatio(), options.contextLength(), true);

        write(options, false, 8192);

        JsonNode openai = JSON.readTree(Files.readAllLines(dir.resolve("train.jsonl")).getFirst());
        assertThat(openai.at("/messages/0/role").asText()).isEqualTo("user");
        assertThat(openai.at("/messages/0/content").asText())
                .isEqualTo(ExportFixtures.SYSTEM_PROMPT + "\n\nHalo, dana saya belum kembali.");
        assertThat(openai.get("messages")).hasSize(2);
        assertThat(Files.readString(dir.resolve("train.trl.jsonl"))).doesNotContain("\"role\":\"system\"");
        assertThat(Files.readString(dir.resolve("train.sharegpt.jsonl"))).doesNotContain("\"from\":\"system\"");
        assertThat(JSON.readTree(dir.resolve("manifest.json").toFile()).at("/export/foldSystem").asBoolean()).isTrue();
    }

    @Test
    void puts_the_recipe_license_into_the_card() throws IOException {
        var recipe = dev.parley.recipe.RecipeLoader.parse(ExportFixtures.RECIPE_YAML + "export: { license: cc-by-4.0 }\n");
        var source = ExportFixtures.source(false, 20);
        source = new ExportSource(source.report(), recipe, source.recipeJson(), source.recipeHash(), source.promptHashes(),
                source.rubric(), source.models(), source.diversity(), source.parleyVersion());

        new DatasetPackager(new ShingleSimilarityGrouping(), new ObjectMapper()).write(dir, records(), source,
                ExportOptions.DEFAULTS, 8192);

        String card = Files.readString(dir.resolve("README.md"));
        JsonNode front = YAML.readTree(card.substring(4, card.indexOf("\n---\n", 4)));
        assertThat(front.get("license").asText()).isEqualTo("cc-by-4.0");
    }

    @Test
    void says_prominently_when_the_offline_demo_model_made_the_data() throws IOException {
        write(ExportOptions.DEFAULTS, true, 8192);

        String card = Files.readString(dir.resolve("README.md"));
        String body = card.substring(card.indexOf("\n---\n") + 5);
        assertThat(body.lines().limit(5)).anySatisfy(line -> assertThat(line).contains("NOT FOR TRAINING"));
        assertThat(card).contains("- not-for-training");
        JsonNode manifest = JSON.readTree(dir.resolve("manifest.json").toFile());
        assertThat(manifest.get("offlineDemo").asBoolean()).isTrue();
        assertThat(manifest.get("notice").asText()).contains("NOT FOR TRAINING");
        assertThat(manifest.fieldNames().next()).as("the first thing a reader sees").isEqualTo("offlineDemo");
    }

    @Test
    void draws_the_charts_as_png_images_without_a_display() throws IOException {
        write(ExportOptions.DEFAULTS, false, 8192);

        assertThat(System.getProperty("java.awt.headless")).isEqualTo("true");
        for (String chart : List.of("score-histogram", "length-distribution", "coverage")) {
            BufferedImage image = ImageIO.read(dir.resolve("charts/" + chart + ".png").toFile());
            assertThat(image).as(chart).isNotNull();
            assertThat(image.getWidth()).isEqualTo(800);
            assertThat(image.getHeight()).isGreaterThan(100);
        }
    }

    @Test
    void mixes_in_real_dialogues_tags_their_origin_and_reports_the_share() throws IOException {
        Path real = dir.resolve("real-input.jsonl");
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            lines.append("{\"conversations\":[{\"from\":\"human\",\"value\":\"real question ").append(i)
                    .append("\"},{\"from\":\"gpt\",\"value\":\"real answer ").append(i).append("\"}]}\n");
        }
        Files.writeString(real, lines);
        Path out = dir.resolve("out");

        ExportResult result = new DatasetPackager(new ShingleSimilarityGrouping(), new ObjectMapper()).write(out, records(),
                ExportFixtures.source(false, 20), ExportOptions.of("trl", null, null, real, 0.25), 8192);

        // 5 real at 25% or more allow 15 synthetic of the 20.
        assertThat(result.mix().real()).isEqualTo(5);
        assertThat(result.mix().synthetic()).isEqualTo(15);
        assertThat(result.mix().syntheticLeftOut()).isEqualTo(5);
        List<JsonNode> rows = FormatReader.rows(new TrlChatExporter(), Files.readAllBytes(out.resolve("train.trl.jsonl")));
        // The masked contract dialogue is among the 15 kept, and masks its first assistant turn: not a TRL row.
        assertThat(rows).hasSize(19);
        assertThat(rows).filteredOn(r -> r.get("origin").asText().equals("real")).hasSize(5)
                .allSatisfy(r -> assertThat(r.at("/messages/0/content").asText()).isEqualTo(ExportFixtures.SYSTEM_PROMPT));
        assertThat(Files.readString(out.resolve("README.md"))).contains("Real: 5 · synthetic: 15 · real share: 25.0% (at least 25.0% asked for)",
                "- mixed-real-synthetic", "| left out to keep the real share | 5 |", "| real dialogues added | 5 |");
        JsonNode manifest = JSON.readTree(out.resolve("manifest.json").toFile());
        assertThat(manifest.at("/export/mix/realShare").asDouble()).isEqualTo(0.25);
        assertThat(manifest.at("/export/mix/file").asText()).isEqualTo("real-input.jsonl");
        assertThat(manifest.at("/counts/real").asInt()).isEqualTo(5);
    }

    @Test
    void a_new_export_replaces_the_files_of_the_last_one_and_leaves_other_files_alone() throws IOException {
        write(ExportOptions.of("openai,alpaca", "0.9,0.1", null, null, null), false, 8192);
        Files.writeString(dir.resolve("notes.txt"), "mine");

        write(ExportOptions.of("openai", null, null, null, null), false, 8192);

        assertThat(filesIn(dir)).contains("train.jsonl", "train.provenance.jsonl", "notes.txt", "manifest.json")
                .doesNotContain("train.alpaca.jsonl", "validation.jsonl", "validation.provenance.jsonl");
        assertThat(Files.readAllLines(dir.resolve("train.jsonl"))).hasSize(20);
        try (Stream<Path> hidden = Files.list(dir)) {
            assertThat(hidden.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(".export-"));
        }
    }

    @Test
    void scans_the_exported_records_for_personal_data_and_names_the_records_without_redacting_them() throws IOException {
        List<ExportRecord> records = new ArrayList<>(records());
        records.add(ExportFixtures.synthetic("run-1/20", Map.of("topic", "refund"), "Email saya budi.santoso@example.co.id ya",
                "Baik, kami kirim ke budi.santoso@example.co.id."));

        ExportResult result = new DatasetPackager(new ShingleSimilarityGrouping(), new ObjectMapper())
                .write(dir, records, ExportFixtures.source(false, 21), ExportOptions.DEFAULTS, 8192);

        assertThat(result.stats().piiRecords()).containsExactly("run-1/20");
        assertThat(result.stats().piiByType()).containsExactly(Map.entry("email", 2));
        assertThat(result.warnings()).singleElement().asString().startsWith("1 record(s) contain what looks like personal data");
        JsonNode manifest = JSON.readTree(dir.resolve("manifest.json").toFile());
        assertThat(manifest.at("/pii/records").toString()).isEqualTo("[\"run-1/20\"]");
        assertThat(manifest.at("/pii/byType/email").asInt()).isEqualTo(2);
        assertThat(Files.readString(dir.resolve("README.md"))).contains("found something that looks like personal data or a"
                + " secret in 1 record(s) (email 2). They are exported as they are, not redacted");
        assertThat(Files.readString(dir.resolve("train.jsonl"))).contains("budi.santoso@example.co.id");
    }

    @Test
    void warns_about_records_longer_than_the_context_length_and_still_exports_them() throws IOException {
        int longest = records().stream().mapToInt(ExportRecord::tokens).max().orElseThrow();

        ExportResult result = write(ExportOptions.DEFAULTS, false, longest - 1);

        assertThat(result.warnings()).singleElement().asString().startsWith("1 record(s) are longer than the context length of "
                + (longest - 1) + " approximate tokens").contains("(" + longest + ")");
        assertThat(Files.readAllLines(dir.resolve("train.jsonl"))).hasSize(20);
        assertThat(JSON.readTree(dir.resolve("manifest.json").toFile()).at("/counts/overContextLength").asInt()).isEqualTo(1);
        assertThat(Files.readString(dir.resolve("README.md"))).contains("1 record(s) exceed the context length of " + (longest - 1));
    }
}
