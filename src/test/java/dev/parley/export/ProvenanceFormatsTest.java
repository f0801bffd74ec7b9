package dev.parley.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Every record carries its provenance in every format: inside the record where the format allows
 * extra fields (TRL, ShareGPT, Parquet), and in the sidecar, aligned line by line, for OpenAI.
 */
class ProvenanceFormatsTest {

    private static final ExportRecord SYNTHETIC = ExportFixtures.synthetic("run-1/7", Map.of("topic", "refund"),
            "Dana saya belum kembali.", "Boleh saya minta nomor pesanannya?");
    private static final ExportRecord REAL = RealDialogues.parse(
            "{\"messages\":[{\"role\":\"user\",\"content\":\"Halo\"},{\"role\":\"assistant\",\"content\":\"Halo juga\"}]}",
            "real.jsonl", 3, Optional.of(ExportFixtures.SYSTEM_PROMPT));
    private static final List<ExportRecord> RECORDS = List.of(SYNTHETIC, REAL);

    @Test
    void the_sidecar_holds_every_field_for_the_openai_lines_which_hold_none() throws IOException {
        List<JsonNode> openai = FormatReader.rows(new OpenAiChatExporter(), bytes(new OpenAiChatExporter()));
        assertThat(openai).allSatisfy(line -> assertThat(ConsumerRules.keys(line)).containsExactly("messages"));

        var out = new ByteArrayOutputStream();
        ProvenanceSidecar.write(RECORDS, out);
        String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
        assertThat(lines).hasSize(2);
        assertSynthetic(FormatReader.JSON.readTree(lines[0]));
        assertReal(FormatReader.JSON.readTree(lines[1]));
    }

    @Test
    void trl_and_sharegpt_lines_carry_it_in_a_provenance_field() throws IOException {
        for (DatasetExporter format : List.of(new TrlChatExporter(), new ShareGptExporter())) {
            List<JsonNode> rows = FormatReader.rows(format, bytes(format));
            assertThat(rows).as(format.format()).hasSize(2);
            assertSynthetic(rows.get(0).get("provenance"));
            assertReal(rows.get(1).get("provenance"));
        }
    }

    @Test
    void parquet_rows_carry_a_synthetic_column_and_the_provenance_as_json() throws IOException {
        List<JsonNode> rows = FormatReader.parquet(bytes(new ParquetExporter()));

        assertThat(rows.get(0).get("synthetic").asBoolean()).isTrue();
        assertThat(rows.get(1).get("synthetic").asBoolean()).isFalse();
        assertSynthetic(rows.get(0).get("provenance"));
        assertReal(rows.get(1).get("provenance"));
    }

    private static void assertSynthetic(JsonNode p) {
        assertThat(p.get("id").asText()).isEqualTo("run-1/7");
        assertThat(p.get("synthetic").asBoolean()).isTrue();
        assertThat(p.get("origin").asText()).isEqualTo("synthetic");
        assertThat(p.get("source").asText()).isEqualTo("run-1");
        assertThat(p.get("position").asInt()).isEqualTo(7);
        assertThat(p.get("generator").asText()).isEqualTo("gen-model");
        assertThat(p.get("userSimulator").asText()).isEqualTo("user-model");
        assertThat(p.get("judge").asText()).isEqualTo("judge-model");
        assertThat(p.get("recipeHash").asText()).isEqualTo("abc123");
        assertThat(p.get("promptHashes").toString()).isEqualTo("{\"write-dialogue.system.md\":\"f00d\"}");
        assertThat(p.get("seed").asLong()).isEqualTo(42);
        assertThat(p.at("/cell/topic").asText()).isEqualTo("refund");
        assertThat(p.get("score").asDouble()).isEqualTo(4.2);
        assertThat(p.get("scores").toString()).isEqualTo("{\"helpfulness\":4,\"correctness\":5}");
        assertThat(p.get("revisions").asInt()).isEqualTo(ExportFixtures.REVISIONS);
        assertThat(p.get("seedSyntheticDepth").asInt()).isEqualTo(ExportFixtures.SEED_DEPTH);
    }

    private static void assertReal(JsonNode p) {
        assertThat(p.get("id").asText()).isEqualTo("real/real.jsonl:3");
        assertThat(p.get("synthetic").asBoolean()).isFalse();
        assertThat(p.get("origin").asText()).isEqualTo("real");
        assertThat(p.get("source").asText()).isEqualTo("real.jsonl");
        assertThat(p.get("position").asInt()).isEqualTo(3);
        assertThat(p.get("seedSyntheticDepth").asInt()).isZero();
        assertThat(p.get("revisions").asInt()).isZero();
        assertThat(p.get("generator").isNull()).isTrue();
        assertThat(p.get("judge").isNull()).isTrue();
        assertThat(p.get("recipeHash").isNull()).isTrue();
        assertThat(p.get("seed").isNull()).isTrue();
        assertThat(p.get("score").isNull()).isTrue();
        assertThat(p.get("promptHashes").isEmpty()).isTrue();
    }

    private static byte[] bytes(DatasetExporter format) throws IOException {
        return DatasetPackager.bytes(format, RECORDS);
    }
}
