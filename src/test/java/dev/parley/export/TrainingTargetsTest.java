package dev.parley.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import org.duckdb.DuckDBDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import dev.parley.export.ExportRecord.Message;

/**
 * For every record of every format, the assistant turns that are training targets under the trainer
 * configuration the README documents, computed from the written file and each trainer's own rule,
 * never from the exporter's marks: OpenAI trains assistant messages without {@code "weight": 0};
 * Axolotl's {@code chat_template} type trains a message whose {@code message_field_training} field
 * is set when that field is truthy, else when its role is in {@code roles_to_train}; TRL's
 * {@code assistant_only_loss} and LLaMA-Factory (sharegpt formatting, {@code mask_history} off) train
 * every assistant message of a row; an Alpaca trainer trains the output. Parquet is also read with DuckDB. The dialogues are written
 * here by hand with each masked turn where trainers go wrong: last, in the middle, first, several.
 */
class TrainingTargetsTest {

    private static final YAMLMapper YAML = new YAMLMapper();

    /** Dialogues as {role: text}, with masked assistant turns named {@code masked-…}. */
    private static final List<ExportRecord> DIALOGUES = List.of(
            dialogue("d/0", "u1", "a1", "u2", "a2"),
            dialogue("d/1", "u1", "a1", "u2", "masked-last"),
            dialogue("d/2", "u1", "a1", "u2", "masked-middle", "u3", "a3-after-middle"),
            dialogue("d/3", "u1", "masked-first", "u2", "a2-after-first"),
            dialogue("d/4", "u1", "masked-only"),
            dialogue("d/5", "u1", "a1", "u2", "masked-one", "u3", "a3", "u4", "masked-two"));

    private static ExportRecord dialogue(String id, String... turns) {
        List<Message> messages = new ArrayList<>();
        messages.add(Message.of(ExportRecord.SYSTEM, "You help."));
        for (int i = 0; i < turns.length; i++) {
            String role = i % 2 == 0 ? ExportRecord.USER : ExportRecord.ASSISTANT;
            messages.add(new Message(role, id + " " + turns[i], turns[i].startsWith("masked") ? 0 : 1));
        }
        return ExportFixtures.synthetic(id, Map.of(), messages, 4.0);
    }

    /** Every masked assistant text of the dialogues, and every assistant text that is to be trained on. */
    private static Set<String> texts(boolean masked) {
        Set<String> texts = new HashSet<>();
        DIALOGUES.forEach(d -> d.messages().stream().filter(m -> m.isAssistant() && m.masked() == masked)
                .forEach(m -> texts.add(m.content())));
        return texts;
    }

    private static List<JsonNode> rows(DatasetExporter format) throws IOException {
        var out = new ByteArrayOutputStream();
        format.write(DIALOGUES, out);
        return FormatReader.rows(format, out.toByteArray());
    }

    @Test
    void openai_fine_tuning_trains_no_masked_turn_and_every_other_assistant_turn() throws IOException {
        List<String> targets = new ArrayList<>();
        for (JsonNode row : rows(new OpenAiChatExporter())) {
            // OpenAI: an assistant message is trained unless its weight is 0.
            row.get("messages").forEach(m -> {
                if (m.get("role").asText().equals("assistant") && m.path("weight").asInt(1) != 0) {
                    targets.add(m.get("content").asText());
                }
            });
        }

        assertThat(targets).doesNotContainAnyElementsOf(texts(true)).containsExactlyInAnyOrderElementsOf(texts(false));
    }

    @Test
    void axolotl_with_the_written_config_trains_no_masked_turn_in_the_openai_or_sharegpt_file() throws IOException {
        for (DatasetExporter format : List.of(new OpenAiChatExporter(), new ShareGptExporter())) {
            JsonNode config = YAML.readTree(TrainerConfigs.axolotl(List.of(format), List.of("train")).orElseThrow());
            JsonNode dataset = config.get("datasets").get(0);
            assertThat(dataset.get("type").asText()).isEqualTo("chat_template");
            assertThat(dataset.get("path").asText()).isEqualTo(format.fileName("train"));

            List<String> targets = new ArrayList<>();
            for (JsonNode row : rows(format)) {
                row.get(dataset.get("field_messages").asText()).forEach(m -> {
                    if (axolotlTrains(dataset, m)) {
                        targets.add(m.get(dataset.at("/message_property_mappings/content").asText()).asText());
                    }
                });
            }

            assertThat(targets).as(format.format()).doesNotContainAnyElementsOf(texts(true))
                    .containsExactlyInAnyOrderElementsOf(texts(false));
        }
    }

    /**
     * Axolotl's {@code ChatTemplateStrategy}: the message's training field, when present and not
     * null, decides; otherwise the role (mapped through {@code roles}) must be in {@code roles_to_train}.
     */
    static boolean axolotlTrains(JsonNode dataset, JsonNode message) {
        JsonNode training = message.get(dataset.get("message_field_training").asText());
        if (training != null && !training.isNull()) {
            return training.isBoolean() ? training.asBoolean() : training.asDouble() != 0;
        }
        String role = message.get(dataset.at("/message_property_mappings/role").asText()).asText();
        JsonNode roles = dataset.path("roles");
        for (var it = roles.fields(); it.hasNext();) {
            var entry = it.next();
            for (JsonNode alias : entry.getValue()) {
                if (alias.asText().equals(role)) {
                    role = entry.getKey();
                }
            }
        }
        for (JsonNode trained : dataset.get("roles_to_train")) {
            if (trained.asText().equals(role)) {
                return true;
            }
        }
        return false;
    }

    @Test
    void trl_and_llama_factory_train_every_assistant_turn_of_a_row_and_none_is_masked() throws IOException {
        for (DatasetExporter format : List.of(new TrlChatExporter(), new ParquetExporter())) {
            JsonNode info = TrainerConfigs.llamaFactory("parley", List.of(format), List.of("train")).orElseThrow()
                    .get("parley_train_" + format.format());
            assertThat(info.get("file_name").asText()).isEqualTo(format.fileName("train"));
            String messagesColumn = info.at("/columns/messages").asText();
            JsonNode tags = info.get("tags");

            List<String> targets = new ArrayList<>();
            for (JsonNode row : rows(format)) {
                JsonNode messages = row.get(messagesColumn);
                // LLaMA-Factory takes a leading system message out, then needs user/assistant pairs.
                int start = messages.get(0).get(tags.get("role_tag").asText()).asText()
                        .equals(tags.get("system_tag").asText()) ? 1 : 0;
                assertThat((messages.size() - start) % 2).as("pairs").isZero();
                for (int i = start; i < messages.size(); i++) {
                    String role = messages.get(i).get(tags.get("role_tag").asText()).asText();
                    String expected = tags.get((i - start) % 2 == 0 ? "user_tag" : "assistant_tag").asText();
                    assertThat(role).isEqualTo(expected);
                    if (role.equals(tags.get("assistant_tag").asText())) {
                        targets.add(messages.get(i).get(tags.get("content_tag").asText()).asText());
                    }
                }
            }

            assertThat(targets).as(format.format()).doesNotContainAnyElementsOf(texts(true))
                    .containsExactlyInAnyOrder("d/0 a1", "d/0 a2", "d/1 a1", "d/2 a1", "d/5 a1");
        }
    }

    @Test
    void duckdb_reads_the_parquet_rows_as_the_trl_rows_with_no_masked_turn(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("train.parquet");
        try (var out = Files.newOutputStream(file)) {
            new ParquetExporter().write(DIALOGUES, out);
        }

        List<String> targets = new ArrayList<>();
        try (Connection db = new DuckDBDriver().connect("jdbc:duckdb:", new Properties());
                Statement sql = db.createStatement();
                ResultSet rows = sql.executeQuery("SELECT m.role, m.content FROM (SELECT unnest(messages) AS m FROM"
                        + " read_parquet('" + file.toAbsolutePath().toString().replace("'", "''") + "'))")) {
            while (rows.next()) {
                if (rows.getString(1).equals("assistant")) {
                    targets.add(rows.getString(2));
                }
            }
        }

        assertThat(targets).doesNotContainAnyElementsOf(texts(true))
                .containsExactlyInAnyOrder("d/0 a1", "d/0 a2", "d/1 a1", "d/2 a1", "d/5 a1");
    }

    @Test
    void the_turns_trl_cannot_carry_are_counted_as_lost_to_it() {
        var trl = new TrlChatExporter();
        var loss = FormatLoss.of(trl, DIALOGUES);

        // d/2 loses a3-after-middle; d/3 loses a2-after-first and the whole dialogue, as does d/4; d/5 loses a3.
        assertThat(loss).isEqualTo(new FormatLoss(2, 3));
        assertThat(FormatLoss.of(new OpenAiChatExporter(), DIALOGUES)).isEqualTo(FormatLoss.NONE);
    }

    @Test
    void alpaca_trains_each_unmasked_turn_once_as_an_output_with_its_history() throws IOException {
        List<JsonNode> rows = rows(new AlpacaExporter());
        List<String> outputs = rows.stream().map(r -> r.get("output").asText()).toList();

        assertThat(outputs).doesNotContainAnyElementsOf(texts(true)).containsExactlyInAnyOrderElementsOf(texts(false));
        JsonNode afterMiddle = rows.stream().filter(r -> r.get("output").asText().equals("d/2 a3-after-middle"))
                .findFirst().orElseThrow();
        assertThat(afterMiddle.get("instruction").asText()).isEqualTo("You help.\n\nd/2 u3");
        assertThat(afterMiddle.get("input").asText()).isEqualTo(
                "User: d/2 u1\n\nAssistant: d/2 a1\n\nUser: d/2 u2\n\nAssistant: d/2 masked-middle");
    }
}
