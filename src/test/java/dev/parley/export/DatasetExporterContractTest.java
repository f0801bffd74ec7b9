package dev.parley.export;

import static dev.parley.export.ExportFixtures.MASKED;
import static dev.parley.export.ExportFixtures.MASKED_INDEX;
import static dev.parley.export.ExportFixtures.SYSTEM_PROMPT;
import static dev.parley.export.ExportFixtures.UNICODE;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The contract every {@link DatasetExporter} keeps: the same records in give parseable output with
 * one line or row per training record the format makes of them, in order, the system prompt first,
 * the masked turn never trained on, unicode intact, and nothing at all for no records.
 */
class DatasetExporterContractTest {

    static Stream<String> formats() {
        return ExportFormats.names().stream();
    }

    /** A message as the consumer sees it: who says what, and whether a trainer learns from it. */
    record Seen(String role, String content, boolean trained) {
    }

    /** The conversation a row carries, in Parley's role names (not for Alpaca, which has none). */
    static List<Seen> conversation(DatasetExporter format, JsonNode row) {
        List<Seen> seen = new ArrayList<>();
        switch (format.format()) {
            case "openai" -> row.get("messages").forEach(m -> seen.add(new Seen(m.get("role").asText(),
                    m.get("content").asText(), m.get("role").asText().equals("assistant") && m.path("weight").asInt(1) == 1)));
            case "trl", "parquet" -> {
                for (int i = 0; i < row.get("messages").size(); i++) {
                    JsonNode m = row.get("messages").get(i);
                    seen.add(new Seen(m.get("role").asText(), m.get("content").asText(), row.get("weights").get(i).asInt() == 1));
                }
            }
            case "sharegpt" -> {
                Map<String, String> role = Map.of("system", "system", "human", "user", "gpt", "assistant");
                row.get("conversations").forEach(m -> seen.add(new Seen(role.get(m.get("from").asText()),
                        m.get("value").asText(), m.get("from").asText().equals("gpt") && m.path("weight").asInt(1) == 1)));
            }
            default -> throw new AssertionError("no conversation view for " + format.format());
        }
        return seen;
    }

    static byte[] write(DatasetExporter format, List<ExportRecord> records) throws IOException {
        var out = new ByteArrayOutputStream();
        assertThat(format.write(records, out)).as("lines or rows written").isEqualTo(trainingRecords(format, records).size());
        return out.toByteArray();
    }

    static List<ExportRecord> trainingRecords(DatasetExporter format, List<ExportRecord> records) {
        return records.stream().flatMap(r -> format.trainingRecords(r).stream()).toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("formats")
    void writes_one_parseable_record_per_line_or_row_in_order(String name) throws IOException {
        DatasetExporter format = ExportFormats.byName(name);
        List<ExportRecord> records = ExportFixtures.contractRecords();

        List<JsonNode> rows = FormatReader.rows(format, write(format, records));
        records = trainingRecords(format, records);

        assertThat(rows).hasSize(records.size());
        if (format instanceof AlpacaExporter) {
            assertThat(rows).extracting(r -> r.get("output").asText()).containsExactly(
                    "Boleh saya minta nomor pesanannya?", "Paket INV-123 tiba besok.", "Sama-sama! " + UNICODE);
            return;
        }
        for (int i = 0; i < records.size(); i++) {
            assertThat(conversation(format, rows.get(i))).extracting(Seen::role, Seen::content)
                    .containsExactlyElementsOf(records.get(i).messages().stream()
                            .map(m -> org.assertj.core.groups.Tuple.tuple(m.role(), m.content())).toList());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("formats")
    void puts_the_system_prompt_first(String name) throws IOException {
        DatasetExporter format = ExportFormats.byName(name);
        List<JsonNode> rows = FormatReader.rows(format, write(format, ExportFixtures.contractRecords()));

        for (JsonNode row : rows) {
            if (format instanceof AlpacaExporter) {
                assertThat(row.get("instruction").asText()).startsWith(SYSTEM_PROMPT + "\n\n");
            } else {
                assertThat(conversation(format, row).getFirst()).isEqualTo(new Seen("system", SYSTEM_PROMPT, false));
                assertThat(conversation(format, row).stream().skip(1)).noneMatch(s -> s.role().equals("system"));
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("formats")
    void never_trains_on_the_masked_turn_and_trains_on_the_others_it_carries(String name) throws IOException {
        DatasetExporter format = ExportFormats.byName(name);
        List<JsonNode> rows = FormatReader.rows(format, write(format, ExportFixtures.contractRecords()));

        if (format instanceof AlpacaExporter) {
            // Only the output is trained on: the unmasked turn after the masked one, which is history.
            assertThat(rows.get(1).get("output").asText()).isEqualTo("Paket INV-123 tiba besok.");
            assertThat(rows.get(1).get("input").asText()).isEqualTo("User: Paket saya terlambat.\n\nAssistant: " + MASKED);
            assertThat(rows.get(1).get("instruction").asText()).isEqualTo(SYSTEM_PROMPT + "\n\nNomornya INV-123.");
            return;
        }
        if (format instanceof TrainsEveryAssistantTurn) {
            // Its trainers learn every assistant turn of a row, and the masked turn comes first: the dialogue is left out.
            assertThat(rows).hasSize(2);
            assertThat(rows).allSatisfy(row -> assertThat(conversation(format, row)).extracting(Seen::content)
                    .doesNotContain(MASKED));
            assertThat(format.trainedTurnsKept(ExportFixtures.contractRecords().get(1))).isZero();
            return;
        }
        List<Seen> masked = conversation(format, rows.get(1));
        assertThat(masked.get(MASKED_INDEX)).isEqualTo(new Seen("assistant", MASKED, false));
        assertThat(masked.get(4)).isEqualTo(new Seen("assistant", "Paket INV-123 tiba besok.", true));
        for (JsonNode row : List.of(rows.get(0), rows.get(2))) {
            assertThat(conversation(format, row)).filteredOn(s -> s.role().equals("assistant"))
                    .isNotEmpty().allMatch(Seen::trained);
        }
        assertThat(conversation(format, rows.get(0))).filteredOn(s -> !s.role().equals("assistant"))
                .noneMatch(Seen::trained);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("formats")
    void keeps_unicode_exactly(String name) throws IOException {
        DatasetExporter format = ExportFormats.byName(name);
        byte[] bytes = write(format, ExportFixtures.contractRecords());

        JsonNode row = FormatReader.rows(format, bytes).getLast();
        if (format instanceof AlpacaExporter) {
            assertThat(row.get("instruction").asText()).endsWith("\n\n" + UNICODE);
            assertThat(row.get("output").asText()).isEqualTo("Sama-sama! " + UNICODE);
        } else {
            assertThat(conversation(format, row).get(1).content()).isEqualTo(UNICODE);
            assertThat(conversation(format, row).get(2).content()).isEqualTo("Sama-sama! " + UNICODE);
        }
        if (!(format instanceof ParquetExporter)) {
            String text = new String(bytes, StandardCharsets.UTF_8);
            assertThat(text).as("written as UTF-8, not as \\u escapes").contains("🙏").contains("日本語")
                    .doesNotContain("\\ud83d").doesNotContain("\\u65e5");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("formats")
    void writes_an_empty_file_for_no_records(String name) throws IOException {
        DatasetExporter format = ExportFormats.byName(name);
        byte[] bytes = write(format, List.of());

        assertThat(FormatReader.rows(format, bytes)).isEmpty();
        if (!(format instanceof ParquetExporter)) {
            assertThat(bytes).isEmpty();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("formats")
    void leaves_the_stream_open_for_the_caller(String name) throws IOException {
        DatasetExporter format = ExportFormats.byName(name);
        boolean[] closed = {false};
        var out = new ByteArrayOutputStream() {
            @Override
            public void close() {
                closed[0] = true;
            }
        };

        format.write(ExportFixtures.contractRecords(), out);

        assertThat(closed[0]).isFalse();
        assertThat(out.size()).isPositive();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("formats")
    void names_its_files_by_split(String name) {
        DatasetExporter format = ExportFormats.byName(name);
        assertThat(format.fileName("train")).startsWith("train.");
        assertThat(format.fileName("validation")).startsWith("validation.");
        assertThat(ExportFormats.all().stream().map(f -> f.fileName("train")).distinct()).hasSize(ExportFormats.all().size());
        assertThat(ExportFormats.byName(format.format())).isSameAs(format);
    }
}
