package dev.parley.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.parley.export.ExportRecord.Message;

/**
 * Each preference format against its consumer's published rules: OpenAI's preference fine-tuning rules, TRL's
 * conversational preference and unpaired preference types (the DPO rows rendered through real chat templates with
 * {@code @huggingface/jinja}, the prompt a prefix of both sides), KTO's labels, and the Parquet files read back by
 * DuckDB equal to the JSONL.
 */
class PreferenceFormatsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path NODE_DIR = JinjaRenderer.NODE_DIR;
    private static final String SYSTEM = ExportFixtures.SYSTEM_PROMPT;

    @TempDir
    static Path dir;
    static Path out;
    static List<PreferencePair> pairs;
    static List<ExportRecord> records;

    /** Twelve dialogues, each with a pair at its second assistant turn, exported in every preference format. */
    @BeforeAll
    static void export() throws IOException {
        records = new ArrayList<>();
        pairs = new ArrayList<>();
        for (int seq = 0; seq < 12; seq++) {
            String user1 = "Halo, pesanan INV-" + (1000 + seq) + " belum sampai. " + ExportFixtures.UNICODE;
            String assistant1 = "Boleh saya cek dulu nomor pesanannya?";
            String user2 = "Nomornya INV-" + (1000 + seq) + ".";
            String good = "Pesanan INV-" + (1000 + seq) + " tiba besok; saya sudah membuka laporan untuk Anda.";
            String weak = "Maaf, saya tidak tahu.";
            records.add(ExportFixtures.synthetic("run-1/" + seq, Map.of("topic", seq % 2 == 0 ? "late" : "refund"),
                    user1, assistant1, user2, good));
            pairs.add(new PreferencePair("run-1", seq, 4, Map.of("topic", seq % 2 == 0 ? "late" : "refund"),
                    List.of(Message.of("system", SYSTEM), Message.of("user", user1), Message.of("assistant", assistant1),
                            Message.of("user", user2)),
                    List.of(Message.of("assistant", good)), List.of(Message.of("assistant", weak)), 5, 1 + seq % 3,
                    PreferencePair.Source.TURN_REVISION, PreferencePair.Side.version(2), PreferencePair.Side.version(1)));
        }
        var gathered = PreferencePairs.gather(List.of(() -> new PreferenceSource.Offer(pairs, Map.of())), 1.0);
        var options = ExportOptions.of("openai,dpo,kto,openai-preference", "0.5,0.5", 3L, null, null);
        out = dir.resolve("export");
        new DatasetPackager(new ShingleSimilarityGrouping(), JSON).write(out, records, gathered,
                ExportFixtures.source(false, records.size()), options, 8192);
    }

    private static List<JsonNode> lines(String file) throws IOException {
        List<JsonNode> rows = new ArrayList<>();
        for (String line : Files.readAllLines(out.resolve(file), StandardCharsets.UTF_8)) {
            rows.add(JSON.readTree(line));
        }
        return rows;
    }

    private static List<JsonNode> both(String format) throws IOException {
        List<JsonNode> rows = new ArrayList<>(lines("train." + format + ".jsonl"));
        rows.addAll(lines("validation." + format + ".jsonl"));
        return rows;
    }

    @Test
    void a_pair_a_format_cannot_hold_is_named_in_the_card_and_counted_in_the_manifest() {
        PreferencePair p = pairs.get(1);
        var longer = new PreferencePair(p.runId(), p.seq(), p.turn(), p.cell(), p.prompt(),
                List.of(Message.of("assistant", "Pesanan Anda tiba besok."), Message.of("user", "Oke, terima kasih."),
                        Message.of("assistant", "Sama-sama!")),
                p.rejected(), p.chosenScore(), p.rejectedScore(), p.source(), p.chosenFrom(), p.rejectedFrom());
        var gathered = PreferencePairs.gather(List.of(() -> new PreferenceSource.Offer(List.of(pairs.get(0), longer),
                Map.of())), 1.0);
        var export = PreferenceExport.of(gathered, List.of(new PreferenceFormat.Dpo(), new PreferenceFormat.OpenAi()),
                Map.of("train", List.of(records.get(0), records.get(1))));

        assertThat(export.leftOut(new PreferenceFormat.OpenAi())).isEqualTo(1);
        assertThat(export.leftOut(new PreferenceFormat.Dpo())).isZero();
        var card = new StringBuilder();
        export.section(card);
        assertThat(card.toString().lines().filter(l -> l.startsWith("- `openai-preference`: ")))
                .singleElement().asString()
                .contains("**1 of the 2 pair(s) are not in it**: OpenAI trains on one assistant message per side");
        assertThat(card.toString().lines().filter(l -> l.startsWith("- `dpo`: ")))
                .singleElement().asString().doesNotContain("not in it");
        ObjectNode manifest = JSON.createObjectNode();
        export.manifest(manifest);
        assertThat(manifest.at("/preference/leftOutByFormat/openai-preference").asInt()).isEqualTo(1);
        assertThat(manifest.at("/preference/leftOutByFormat/dpo").asInt()).isZero();
    }

    @Test
    void openai_preference_lines_follow_openais_published_rules_with_provenance_in_the_aligned_sidecar() throws IOException {
        for (String split : List.of("train", "validation")) {
            List<JsonNode> rows = lines(split + ".openai-preference.jsonl");
            List<JsonNode> sidecar = lines(split + ".openai-preference.provenance.jsonl");
            assertThat(rows).hasSameSizeAs(sidecar).isNotEmpty();
            for (int i = 0; i < rows.size(); i++) {
                assertThat(ConsumerRules.openAiPreference(rows.get(i))).as(split + " line " + i).isEmpty();
                assertThat(rows.get(i).at("/input/messages/0/content").asText()).isEqualTo(SYSTEM);
                PreferencePair pair = pairs.get(sidecar.get(i).get("seq").asInt());
                assertThat(rows.get(i).at("/preferred_output/0/content").asText()).isEqualTo(pair.chosen().getFirst().content());
                assertThat(sidecar.get(i).get("margin").asDouble()).isEqualTo(pair.margin());
            }
        }
        assertThat(both("openai-preference")).hasSize(12);
    }

    @Test
    void dpo_rows_are_trl_conversational_preference_rows_with_scores_and_provenance() throws IOException {
        List<JsonNode> rows = both("dpo");
        assertThat(rows).hasSize(12);
        for (JsonNode row : rows) {
            assertThat(ConsumerRules.trlPreference(row)).as(row.get("id").asText()).isEmpty();
            PreferencePair pair = pairs.get(row.at("/provenance/seq").asInt());
            assertThat(row.get("score_chosen").asDouble() - row.get("score_rejected").asDouble()).isEqualTo(pair.margin())
                    .isGreaterThanOrEqualTo(1.0);
            assertThat(row.at("/provenance/source").asText()).isEqualTo("turn-revision");
            assertThat(row.at("/provenance/chosenFrom").asText()).isEqualTo("v2");
            assertThat(row.at("/provenance/rejectedFrom").asText()).isEqualTo("v1");
            assertThat(row.at("/provenance/turn").asInt()).isEqualTo(4);
        }
    }

    @Test
    void kto_gives_each_pair_a_true_chosen_row_and_a_false_rejected_row_with_the_same_prompt() throws IOException {
        List<JsonNode> rows = both("kto");
        assertThat(rows).hasSize(24);
        Map<String, List<JsonNode>> bySeq = new HashMap<>();
        rows.forEach(r -> bySeq.computeIfAbsent(r.at("/provenance/id").asText(), k -> new ArrayList<>()).add(r));
        assertThat(bySeq).hasSize(12);
        for (List<JsonNode> two : bySeq.values()) {
            assertThat(two).allSatisfy(r -> assertThat(ConsumerRules.trlKto(r)).isEmpty());
            assertThat(two).extracting(r -> r.get("label").asBoolean()).containsExactlyInAnyOrder(true, false);
            assertThat(two.get(0).get("prompt")).isEqualTo(two.get(1).get("prompt"));
            PreferencePair pair = pairs.get(two.getFirst().at("/provenance/seq").asInt());
            for (JsonNode r : two) {
                Message side = (r.get("label").asBoolean() ? pair.chosen() : pair.rejected()).getFirst();
                assertThat(r.at("/completion/0/content").asText()).isEqualTo(side.content());
            }
        }
    }

    @Test
    void a_dialogues_pairs_are_in_its_split_in_every_format() throws IOException {
        Map<String, String> splitOf = new HashMap<>();
        for (String split : List.of("train", "validation")) {
            lines(split + ".provenance.jsonl").forEach(p -> splitOf.put(p.get("id").asText(), split));
        }
        for (String split : List.of("train", "validation")) {
            for (JsonNode row : lines(split + ".dpo.jsonl")) {
                assertThat(splitOf.get("run-1/" + row.at("/provenance/seq").asInt())).isEqualTo(split);
            }
            for (JsonNode row : lines(split + ".openai-preference.provenance.jsonl")) {
                assertThat(splitOf.get("run-1/" + row.get("seq").asInt())).isEqualTo(split);
            }
        }
        assertThat(splitOf.values()).contains("train", "validation");
    }

    @Test
    void the_parquet_files_read_back_through_duckdb_as_the_jsonl_rows() throws Exception {
        for (String format : List.of("dpo", "kto")) {
            for (String split : List.of("train", "validation")) {
                List<JsonNode> jsonl = lines(split + "." + format + ".jsonl");
                List<JsonNode> parquet = FormatReader.duckdb(out.resolve(split + "." + format + ".parquet"), "*");
                assertThat(parquet).as(format + " " + split).hasSameSizeAs(jsonl);
                for (int i = 0; i < jsonl.size(); i++) {
                    JsonNode row = parquet.get(i).deepCopy();
                    ((ObjectNode) row).set("provenance",
                            JSON.readTree(parquet.get(i).get("provenance").asText()));
                    assertThat(row).as(format + " " + split + " row " + i).isEqualTo(jsonl.get(i));
                }
            }
        }
    }

    @Test
    void the_card_and_manifest_describe_the_pairs() throws IOException {
        String card = Files.readString(out.resolve("README.md"));
        assertThat(card).contains("## Preference pairs", "12 pair(s) from 12 dialogue(s)", "`turn-revision` 12",
                "never the rejected side of a pair", "config_name: dpo", "train.dpo.parquet");
        JsonNode manifest = JSON.readTree(out.resolve("manifest.json").toFile());
        assertThat(manifest.at("/preference/pairs").asInt()).isEqualTo(12);
        assertThat(manifest.at("/preference/bySource/turn-revision").asInt()).isEqualTo(12);
        assertThat(manifest.at("/preference/byMargin/4").asInt()).isEqualTo(4);
        assertThat(manifest.at("/preference/splits/train").asInt() + manifest.at("/preference/splits/validation").asInt())
                .isEqualTo(12);
    }

    @Test
    void trl_dpo_rows_render_through_real_chat_templates_with_the_prompt_a_prefix_of_both_sides() throws Exception {
        installTheRenderer();
        List<JsonNode> rows = lines("train.dpo.jsonl");
        for (String template : List.of("llama-3", "qwen-2.5")) {
            List<JsonNode> rendered = render(template, out.resolve("train.dpo.jsonl"));
            assertThat(rendered).hasSameSizeAs(rows);
            for (int i = 0; i < rendered.size(); i++) {
                JsonNode r = rendered.get(i);
                assertThat(r.get("ok").asBoolean()).as(template + ": " + r).isTrue();
                String prompt = r.get("prompt").asText();
                assertThat(r.get("chosen").asText()).as(template).startsWith(prompt)
                        .contains(rows.get(i).at("/chosen/0/content").asText());
                assertThat(r.get("rejected").asText()).as(template).startsWith(prompt)
                        .contains(rows.get(i).at("/rejected/0/content").asText());
                assertThat(prompt).contains(SYSTEM, rows.get(i).at("/prompt/3/content").asText())
                        .doesNotContain(rows.get(i).at("/chosen/0/content").asText());
            }
        }
    }

    @Test
    void with_the_system_prompt_folded_mistrals_template_takes_every_dpo_row() throws Exception {
        installTheRenderer();
        Path folded = dir.resolve("folded");
        var asked = ExportOptions.of("dpo", null, null, null, null);
        var options = new ExportOptions(asked.formats(), asked.split(), asked.seed(), asked.realFile(), asked.realRatio(),
                asked.contextLength(), true, asked.preferenceFormats(), asked.minMargin());
        new DatasetPackager(new ShingleSimilarityGrouping(), JSON).write(folded, records,
                PreferencePairs.gather(List.of(() -> new PreferenceSource.Offer(pairs, Map.of())), 1.0),
                ExportFixtures.source(false, records.size()), options, 8192);
        List<JsonNode> rendered = render("mistral", folded.resolve("train.dpo.jsonl"));
        assertThat(rendered).hasSize(12).allSatisfy(r -> {
            assertThat(r.get("ok").asBoolean()).as(r.toString()).isTrue();
            assertThat(r.get("prompt").asText()).contains(SYSTEM);
            assertThat(r.get("chosen").asText()).startsWith(r.get("prompt").asText());
        });
        assertThat(render("mistral", out.resolve("train.dpo.jsonl"))).as("unfolded, the system message is refused")
                .allSatisfy(r -> assertThat(r.get("ok").asBoolean()).isFalse());
    }

    private static void installTheRenderer() throws IOException, InterruptedException {
        JinjaRenderer.install(dir);
    }

    /** Each row of a DPO file rendered by {@code render-preference.mjs} with one chat template. */
    private static List<JsonNode> render(String template, Path rows) throws IOException, InterruptedException {
        Process node = new ProcessBuilder("node", NODE_DIR.resolve("render-preference.mjs").toString(),
                JinjaRenderer.TEMPLATES.resolve(template + ".json").toString(), rows.toString())
                .redirectErrorStream(true).start();
        String output = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(node.waitFor(60, TimeUnit.SECONDS) && node.exitValue() == 0).as(output).isTrue();
        List<JsonNode> rendered = new ArrayList<>();
        for (String line : output.lines().filter(l -> !l.isBlank()).toList()) {
            rendered.add(JSON.readTree(line));
        }
        return rendered;
    }
}
