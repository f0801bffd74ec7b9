package dev.parley.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Each format's output passes its consumer's published rules, and the rules themselves catch the
 * mistakes they exist for (so a passing export means something).
 */
class ConsumerRulesTest {

    private static List<JsonNode> export(DatasetExporter format) throws IOException {
        var out = new ByteArrayOutputStream();
        format.write(records(), out);
        return FormatReader.rows(format, out.toByteArray());
    }

    /** The contract records plus a six-message dialogue, so alternation is checked over several pairs. */
    private static List<ExportRecord> records() {
        var records = new java.util.ArrayList<>(ExportFixtures.contractRecords());
        records.add(ExportFixtures.synthetic("run-1/3", Map.of("topic", "voucher"), "a", "b", "c", "d", "e", "f"));
        return records;
    }

    private static JsonNode json(String text) throws IOException {
        return FormatReader.JSON.readTree(text);
    }

    @Nested
    class OpenAi {
        @Test
        void accepts_every_line_parley_writes() throws IOException {
            assertThat(export(new OpenAiChatExporter())).hasSize(4).allSatisfy(line -> assertThat(ConsumerRules.openAi(line)).isEmpty());
        }

        @Test
        void puts_a_weight_only_on_the_masked_turn() throws IOException {
            List<JsonNode> lines = export(new OpenAiChatExporter());

            assertThat(lines.get(1).at("/messages/2/weight").asInt(-1)).isZero();
            assertThat(lines.get(1).at("/messages/4").has("weight")).isFalse();
            assertThat(lines.get(0).toString()).doesNotContain("weight");
        }

        @Test
        void rules_reject_extra_keys_unknown_roles_misplaced_weights_and_no_assistant() throws IOException {
            assertThat(ConsumerRules.openAi(json("{\"messages\":[{\"role\":\"user\",\"content\":\"x\"},{\"role\":\"assistant\",\"content\":\"y\"}],\"id\":1}")))
                    .containsExactly("unknown key id");
            assertThat(ConsumerRules.openAi(json("{\"messages\":[{\"role\":\"bot\",\"content\":\"x\"},{\"role\":\"assistant\",\"content\":\"y\",\"score\":3}]}")))
                    .containsExactly("messages[0]: unknown role 'bot'", "messages[1]: unknown key score");
            assertThat(ConsumerRules.openAi(json("{\"messages\":[{\"role\":\"user\",\"content\":\"x\",\"weight\":0},{\"role\":\"assistant\",\"content\":\"y\",\"weight\":2}]}")))
                    .containsExactly("messages[0]: weight on a user message", "messages[1]: weight must be 0 or 1");
            assertThat(ConsumerRules.openAi(json("{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}")))
                    .containsExactly("no assistant message");
            assertThat(ConsumerRules.openAi(json("{\"conversations\":[]}"))).contains("messages missing or empty");
        }

        @Test
        void rules_reject_a_call_of_an_undeclared_tool_object_arguments_and_a_result_answering_no_call() throws IOException {
            assertThat(ConsumerRules.openAi(json("{\"messages\":[{\"role\":\"user\",\"content\":\"x\"},"
                    + "{\"role\":\"assistant\",\"tool_calls\":[{\"id\":\"c1\",\"type\":\"function\",\"function\":"
                    + "{\"name\":\"lacak\",\"arguments\":{}}}]},{\"role\":\"tool\",\"tool_call_id\":\"c9\",\"content\":\"r\"},"
                    + "{\"role\":\"assistant\",\"content\":\"y\"}],\"tools\":[{\"type\":\"function\",\"function\":"
                    + "{\"name\":\"cek\",\"parameters\":{}}}]}")))
                    .containsExactly("messages[1]: calls 'lacak', which the line's tools do not declare",
                            "messages[1]: arguments are not JSON text",
                            "messages[2]: tool message answers no earlier call (tool_call_id \"c9\")");
        }
    }

    @Nested
    class Trl {
        @Test
        void accepts_every_row_parley_writes_as_jsonl_and_parquet() throws IOException {
            // The contract's masked dialogue masks its first assistant turn, so nothing of it can be trained on here.
            assertThat(export(new TrlChatExporter())).hasSize(3).allSatisfy(row -> assertThat(ConsumerRules.trl(row)).isEmpty());
            assertThat(export(new ParquetExporter())).hasSize(3).allSatisfy(row -> assertThat(ConsumerRules.trl(row)).isEmpty());
        }

        @Test
        void carries_weights_aligned_with_the_messages_and_provenance_fields() throws IOException {
            List<JsonNode> rows = export(new TrlChatExporter());

            assertThat(rows.get(2).get("weights").toString()).isEqualTo("[0,0,1,0,1,0,1]");
            assertThat(rows.get(0).get("weights").toString()).isEqualTo("[0,0,1]");
            assertThat(ConsumerRules.keys(rows.get(0))).containsExactly("messages", "weights", "id", "origin", "cell", "score", "tokens",
                    "provenance");
            assertThat(rows.get(0).get("id").asText()).isEqualTo("run-1/0");
            assertThat(rows.get(0).get("origin").asText()).isEqualTo("synthetic");
            assertThat(rows.get(0).get("cell").asText()).isEqualTo("topic=refund");
            assertThat(rows.get(0).get("score").asDouble()).isEqualTo(4.2);
            assertThat(rows.get(0).get("tokens").asInt()).isEqualTo(records().getFirst().tokens());
        }

        @Test
        void cuts_a_dialogue_before_its_masked_turn() throws IOException {
            var maskedLast = ExportFixtures.synthetic("run-1/9", Map.of(), List.of(
                    ExportRecord.Message.of("user", "q1"), ExportRecord.Message.of("assistant", "good"),
                    ExportRecord.Message.of("user", "q2"), new ExportRecord.Message("assistant", "bad", 0)), 3.0);
            var out = new ByteArrayOutputStream();

            new TrlChatExporter().write(List.of(maskedLast), out);

            JsonNode row = FormatReader.rows(new TrlChatExporter(), out.toByteArray()).getFirst();
            assertThat(row.get("messages").toString()).isEqualTo(
                    "[{\"role\":\"user\",\"content\":\"q1\"},{\"role\":\"assistant\",\"content\":\"good\"}]");
            assertThat(row.get("weights").toString()).isEqualTo("[0,1]");
            assertThat(row.get("id").asText()).isEqualTo("run-1/9");
        }

        @Test
        void rules_reject_unknown_roles_late_system_messages_and_bad_weights() throws IOException {
            assertThat(ConsumerRules.trl(json("{\"messages\":[{\"role\":\"user\",\"content\":\"x\"},{\"role\":\"system\",\"content\":\"y\"}],\"weights\":[1,0]}")))
                    .containsExactly("weights[0] trains on a user message", "messages[1]: system message not first");
            assertThat(ConsumerRules.trl(json("{\"messages\":[{\"role\":\"human\",\"content\":\"x\"}],\"weights\":[0,1]}")))
                    .containsExactly("weights not aligned with messages", "messages[0]: unknown role 'human'");
        }

        @Test
        void rules_reject_text_arguments_an_undeclared_call_and_a_trained_tool_result() throws IOException {
            assertThat(ConsumerRules.trl(json("{\"messages\":[{\"role\":\"user\",\"content\":\"x\"},"
                    + "{\"role\":\"assistant\",\"content\":\"\",\"tool_calls\":[{\"type\":\"function\",\"function\":"
                    + "{\"name\":\"lacak\",\"arguments\":\"{}\"}}]},{\"role\":\"tool\",\"content\":\"r\"}],"
                    + "\"weights\":[0,1,1],\"tools\":[]}")))
                    .containsExactly("messages[1]: a tool call is not {type: function, function: {name, arguments: {…}}}",
                            "messages[1]: calls a function the tools column does not declare", "weights[2] trains on a tool message");
        }
    }

    @Nested
    class ShareGpt {
        @Test
        void accepts_every_line_parley_writes() throws IOException {
            assertThat(export(new ShareGptExporter())).hasSize(4).allSatisfy(line -> assertThat(ConsumerRules.shareGpt(line)).isEmpty());
        }

        @Test
        void rules_reject_unknown_speakers_and_broken_alternation() throws IOException {
            assertThat(ConsumerRules.shareGpt(json("{\"conversations\":[{\"from\":\"system\",\"value\":\"s\"},{\"from\":\"gpt\",\"value\":\"a\"},{\"from\":\"human\",\"value\":\"b\"}]}")))
                    .containsExactly("conversations[1]: expected human or observation, got gpt",
                            "conversations[2]: expected gpt or function_call, got human");
            assertThat(ConsumerRules.shareGpt(json("{\"conversations\":[{\"from\":\"user\",\"value\":\"a\"}]}")))
                    .containsExactly("conversations[0]: unknown from 'user'", "conversations[0]: expected human or observation, got user",
                            "conversations must end with gpt after human/gpt pairs");
        }

        @Test
        void rules_reject_a_function_call_of_an_undeclared_tool_or_out_of_place() throws IOException {
            assertThat(ConsumerRules.shareGpt(json("{\"conversations\":[{\"from\":\"human\",\"value\":\"a\"},"
                    + "{\"from\":\"function_call\",\"value\":\"{\\\"name\\\":\\\"lacak\\\",\\\"arguments\\\":{}}\"},"
                    + "{\"from\":\"function_call\",\"value\":\"x\"},{\"from\":\"gpt\",\"value\":\"b\"}],"
                    + "\"tools\":\"[{\\\"name\\\":\\\"cek\\\"}]\"}")))
                    .containsExactly("conversations[1]: function_call {\"name\":\"lacak\",\"arguments\":{}} is not {name of a"
                            + " declared tool, arguments: {…}}", "conversations[2]: expected human or observation, got function_call",
                            "conversations[2]: function_call value or tools are not JSON");
        }
    }

    @Nested
    class Alpaca {
        @Test
        void accepts_every_line_parley_writes() throws IOException {
            // One line per trained assistant turn: 1 + 1 + 1 + 3.
            assertThat(export(new AlpacaExporter())).hasSize(6).allSatisfy(line -> assertThat(ConsumerRules.alpaca(line)).isEmpty());
        }

        @Test
        void maps_each_trained_turn_of_a_long_dialogue_to_a_line_with_its_history() throws IOException {
            List<JsonNode> lines = export(new AlpacaExporter());

            assertThat(lines.get(0).get("input").asText()).isEmpty();
            assertThat(lines.subList(3, 6)).extracting(l -> l.get("output").asText()).containsExactly("b", "d", "f");
            assertThat(lines.get(3).get("input").asText()).isEmpty();
            assertThat(lines.get(4).get("instruction").asText()).isEqualTo(ExportFixtures.SYSTEM_PROMPT + "\n\nc");
            assertThat(lines.get(4).get("input").asText()).isEqualTo("User: a\n\nAssistant: b");
            assertThat(lines.get(5).get("instruction").asText()).isEqualTo(ExportFixtures.SYSTEM_PROMPT + "\n\ne");
            assertThat(lines.get(5).get("input").asText()).isEqualTo("User: a\n\nAssistant: b\n\nUser: c\n\nAssistant: d");
        }

        @Test
        void never_makes_a_masked_turn_an_output() throws IOException {
            var allMasked = ExportFixtures.synthetic("run-1/8", Map.of(), List.of(
                    ExportRecord.Message.of("user", "q"), new ExportRecord.Message("assistant", "bad", 0)), 2.0);
            var maskedLast = ExportFixtures.synthetic("run-1/9", Map.of(), List.of(
                    ExportRecord.Message.of("user", "q1"), ExportRecord.Message.of("assistant", "good"),
                    ExportRecord.Message.of("user", "q2"), new ExportRecord.Message("assistant", "bad", 0)), 3.0);
            var out = new ByteArrayOutputStream();

            int written = new AlpacaExporter().write(List.of(allMasked, maskedLast), out);

            List<JsonNode> lines = FormatReader.rows(new AlpacaExporter(), out.toByteArray());
            assertThat(written).isEqualTo(1);
            assertThat(lines).hasSize(1);
            assertThat(lines.getFirst().toString()).isEqualTo("{\"instruction\":\"q1\",\"input\":\"\",\"output\":\"good\"}");
        }

        @Test
        void rules_reject_missing_extra_and_non_string_keys() throws IOException {
            assertThat(ConsumerRules.alpaca(json("{\"instruction\":\"i\",\"output\":\"o\",\"history\":[]}")))
                    .containsExactly("keys must be instruction, input, output; got [instruction, output, history]",
                            "input is not a string");
            assertThat(ConsumerRules.alpaca(json("{\"instruction\":\"\",\"input\":\"\",\"output\":5}")))
                    .containsExactly("output is not a string", "instruction is empty");
        }
    }
}
