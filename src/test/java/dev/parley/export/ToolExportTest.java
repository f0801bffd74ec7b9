package dev.parley.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Dialogues with tool use in every format, checked with each consumer's published rules (OpenAI's function-calling
 * fine-tuning format, TRL's tool-calling dataset format, LLaMA-Factory's sharegpt with function_call and
 * observation turns): the calls, results and tools are there, a masked call is masked, and a tool's result is
 * never a training target.
 */
class ToolExportTest {

    private static List<JsonNode> written(DatasetExporter format) throws IOException {
        var out = new ByteArrayOutputStream();
        format.write(ExportFixtures.toolRecords(), out);
        return FormatReader.rows(format, out.toByteArray());
    }

    @Test
    void openai_lines_carry_tool_calls_tool_messages_and_tools_and_pass_openais_rules() throws IOException {
        List<JsonNode> lines = written(new OpenAiChatExporter());

        assertThat(lines).hasSize(2).allSatisfy(l -> assertThat(ConsumerRules.openAi(l)).isEmpty());
        JsonNode lookup = lines.getFirst();
        assertThat(lookup.get("tools").get(0).get("function").get("name").asText()).isEqualTo("cek_status_pesanan");
        JsonNode call = lookup.get("messages").get(2);
        assertThat(call.has("content")).as("a call that says nothing has no content").isFalse();
        assertThat(call.get("tool_calls").get(0).get("function").get("arguments").asText())
                .isEqualTo("{\"nomor_pesanan\": \"INV-123\"}");
        assertThat(lookup.get("messages").get(3).get("role").asText()).isEqualTo("tool");
        assertThat(lookup.get("messages").get(3).get("tool_call_id").asText()).isEqualTo("call_1");
        // The masked call has weight 0; the tool messages never carry a weight.
        JsonNode masked = lines.get(1).get("messages");
        assertThat(masked.get(2).get("weight").asInt()).isZero();
        assertThat(masked.get(4).has("weight")).isFalse();
        assertThat(masked.get(4).get("content").asText()).isEqualTo("Saya cek ulang.");
        for (JsonNode m : masked) {
            if (m.get("role").asText().equals("tool")) {
                assertThat(m.has("weight")).isFalse();
            }
        }
    }

    @Test
    void trl_and_parquet_rows_carry_object_arguments_named_results_and_a_tools_column() throws IOException {
        for (DatasetExporter format : List.of(new TrlChatExporter(), new ParquetExporter())) {
            List<JsonNode> rows = written(format);

            // The second record's first call is masked: cut before it, nothing is left.
            assertThat(rows).as(format.format()).hasSize(1).allSatisfy(r -> assertThat(ConsumerRules.trl(r)).isEmpty());
            JsonNode row = rows.getFirst();
            assertThat(row.get("tools").get(0).get("function").get("parameters").get("required").get(0).asText())
                    .isEqualTo("nomor_pesanan");
            JsonNode call = row.get("messages").get(2).get("tool_calls").get(0);
            assertThat(call.get("function").get("arguments").get("nomor_pesanan").asText()).isEqualTo("INV-123");
            assertThat(row.get("messages").get(3).get("tool_call_id").asText()).isEqualTo("call_1");
            assertThat(row.get("weights").toString()).as("the call is trained, its result never").isEqualTo("[0,0,1,0,1]");
        }
        assertThat(written(new TrlChatExporter()).getFirst().get("messages").get(3).get("name").asText())
                .isEqualTo("cek_status_pesanan");
        assertThat(FormatLoss.of(new TrlChatExporter(), ExportFixtures.toolRecords())).isEqualTo(new FormatLoss(1, 2));
    }

    @Test
    void sharegpt_lines_have_function_call_and_observation_turns_as_llama_factory_reads_them() throws IOException {
        List<JsonNode> lines = written(new ShareGptExporter());

        assertThat(lines).hasSize(2).allSatisfy(l -> assertThat(ConsumerRules.shareGpt(l)).isEmpty());
        JsonNode masked = lines.get(1).get("conversations");
        assertThat(masked).extracting(m -> m.get("from").asText())
                .containsExactly("system", "human", "function_call", "observation", "function_call", "observation", "gpt");
        assertThat(masked.get(2).get("weight").asInt()).isZero();
        assertThat(masked.get(4).get("value").asText())
                .isEqualTo("{\"name\":\"cek_status_pesanan\",\"arguments\":{\"nomor_pesanan\":\"INV-123\"}}");
        assertThat(masked.get(5).get("value").asText()).isEqualTo(ExportFixtures.TOOL_RESULT);
        assertThat(FormatReader.JSON.readTree(lines.getFirst().get("tools").asText()).get(0).get("name").asText())
                .isEqualTo("cek_status_pesanan");
    }

    @Test
    void sharegpt_counts_the_text_said_beside_a_tool_call_and_the_export_names_it(@TempDir Path dir) throws IOException {
        assertThat(FormatLoss.of(new ShareGptExporter(), ExportFixtures.toolRecords()))
                .as("\"Saya cek ulang.\" beside the second call").isEqualTo(new FormatLoss(0, 0, 1));
        assertThat(FormatLoss.of(new OpenAiChatExporter(), ExportFixtures.toolRecords())).isEqualTo(FormatLoss.NONE);

        ExportResult result = new DatasetPackager(new ShingleSimilarityGrouping(), FormatReader.JSON).write(dir.resolve("s"),
                ExportFixtures.toolRecords(), ExportFixtures.source(false, 2),
                ExportOptions.of("openai,sharegpt", null, null, null, null), 8192);

        assertThat(result.warnings()).contains("sharegpt: 1 assistant message(s) said something beside their tool calls,"
                + " which this format's tool-call entries cannot hold; that text is not in the file");
        assertThat(result.warnings()).noneMatch(w -> w.startsWith("sharegpt: 0 assistant turn(s)"));
        JsonNode manifest = FormatReader.JSON.readTree(dir.resolve("s/manifest.json").toFile());
        assertThat(manifest.at("/counts/leftOutByFormat/sharegpt/textBesideToolCalls").asInt()).isEqualTo(1);
        assertThat(manifest.at("/counts/leftOutByFormat").has("openai")).isFalse();
        assertThat(Files.readString(dir.resolve("s/README.md")))
                .contains("The text 1 assistant message(s) said beside their tool calls is not in it");
    }

    @Test
    void alpaca_leaves_out_a_dialogue_with_tool_use_and_counts_it_lost() throws IOException {
        assertThat(written(new AlpacaExporter())).isEmpty();
        assertThat(FormatLoss.of(new AlpacaExporter(), ExportFixtures.toolRecords())).isEqualTo(new FormatLoss(2, 4));
    }

    @Test
    void an_export_with_tools_warns_that_llama_factorys_dataset_entries_do_not_see_tool_calls(@TempDir Path dir)
            throws IOException {
        ExportResult withTools = new DatasetPackager(new ShingleSimilarityGrouping(), FormatReader.JSON).write(dir.resolve("t"),
                ExportFixtures.toolRecords(), ExportFixtures.source(false, 2), ExportOptions.of("trl", null, null, null, null),
                8192);
        ExportResult without = new DatasetPackager(new ShingleSimilarityGrouping(), FormatReader.JSON).write(dir.resolve("p"),
                ExportFixtures.contractRecords(), ExportFixtures.source(false, 3), ExportOptions.of("trl", null, null, null,
                        null), 8192);

        assertThat(withTools.warnings()).contains(TrainerRules.LLAMA_FACTORY_TOOLS);
        assertThat(without.warnings()).doesNotContain(TrainerRules.LLAMA_FACTORY_TOOLS);
    }
}
