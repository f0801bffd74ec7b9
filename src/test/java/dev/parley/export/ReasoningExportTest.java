package dev.parley.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.parley.export.ExportRecord.Message;
import dev.parley.recipe.ExportSettings;
import dev.parley.recipe.InvalidRecipeException;
import dev.parley.recipe.RecipeLoader;

/**
 * The reasoning a model returned with an assistant turn, in every format: left out unless asked for, a
 * {@code reasoning_content} field on assistant messages where the format has one, or a {@code <think>} block
 * before the content. Each file is read back as its consumer reads it ({@link FormatReader}).
 */
class ReasoningExportTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Reasoning of the first and second answer; the first holds markup, which stays text. */
    static final String R1 = "The order <b>#12</b> shipped on Monday.";
    static final String R2 = "Two days have passed, so it arrives tomorrow.";
    static final String A1 = "It shipped on Monday.";
    static final String A2 = "It arrives tomorrow.";

    @TempDir
    Path dir;

    /** One dialogue of two exchanges, each answer with its reasoning. */
    static List<ExportRecord> withReasoning() {
        List<Message> messages = List.of(Message.of(ExportRecord.SYSTEM, ExportFixtures.SYSTEM_PROMPT),
                Message.of(ExportRecord.USER, "Where is my order?"), new Message(ExportRecord.ASSISTANT, A1, 1, R1),
                Message.of(ExportRecord.USER, "When does it arrive?"), new Message(ExportRecord.ASSISTANT, A2, 1, R2));
        return List.of(ExportFixtures.synthetic("run-1/1", Map.of("topic", "delivery"), messages, 4.5));
    }

    private static ExportOptions options(String formats, ReasoningForm form) {
        return new ExportOptions(ExportFormats.parse(formats), SplitRatios.ALL_TRAIN, OptionalLong.empty(), Optional.empty(),
                OptionalDouble.empty(), OptionalInt.empty(), false, form);
    }

    /** Writes the export and reads each format's training file back, by format name. */
    private Map<String, List<JsonNode>> export(String formats, ReasoningForm form) throws IOException {
        Path out = dir.resolve(form.key() + "-" + formats.replace(',', '-'));
        ExportOptions options = options(formats, form);
        new DatasetPackager(new ShingleSimilarityGrouping(), JSON).write(out, withReasoning(), ExportFixtures.source(false, 1),
                options, 8192);
        var files = new java.util.LinkedHashMap<String, List<JsonNode>>();
        for (DatasetExporter format : options.formats()) {
            files.put(format.format(), FormatReader.rows(format, Files.readAllBytes(out.resolve(format.fileName("train")))));
        }
        assertThat(JSON.readTree(out.resolve("manifest.json").toFile()).path("export").path("reasoning").asText())
                .isEqualTo(form.key());
        return files;
    }

    /** The assistant messages' texts of one format's rows, as its trainer takes them. */
    private static List<String> assistantTexts(String format, List<JsonNode> rows) {
        List<String> texts = new ArrayList<>();
        for (JsonNode row : rows) {
            switch (format) {
                case "alpaca" -> texts.add(row.get("output").asText());
                case "sharegpt" -> row.get("conversations").forEach(m -> {
                    if ("gpt".equals(m.get("from").asText())) {
                        texts.add(m.get("value").asText());
                    }
                });
                default -> row.get("messages").forEach(m -> {
                    if ("assistant".equals(m.get("role").asText())) {
                        texts.add(m.get("content").asText());
                    }
                });
            }
        }
        return texts;
    }

    @Test
    void by_default_no_format_carries_the_reasoning() throws Exception {
        assertThat(ExportOptions.DEFAULTS.reasoning()).isEqualTo(ReasoningForm.OMIT);
        assertThat(ExportRequest.NONE.over(ExportSettings.NONE).reasoning()).isEqualTo(ReasoningForm.OMIT);
        assertThat(RecipeLoader.parse(RECIPE).export().reasoning()).isEmpty();

        Map<String, List<JsonNode>> files = export("all", ExportRequest.NONE.over(ExportSettings.NONE).reasoning());
        assertThat(files).hasSize(ExportFormats.all().size());
        files.forEach((format, rows) -> {
            assertThat(rows.toString()).as(format).doesNotContain("Order <b>", "Two days", "<think>", "reasoning_content");
            assertThat(assistantTexts(format, rows)).as(format).containsExactly(A1, A2);
        });
    }

    @Test
    void think_writes_a_think_block_before_each_answer_in_every_format() throws Exception {
        export("all", ReasoningForm.THINK).forEach((format, rows) -> {
            assertThat(assistantTexts(format, rows)).as(format).containsExactly(
                    "<think>\n" + R1 + "\n</think>\n\n" + A1, "<think>\n" + R2 + "\n</think>\n\n" + A2);
            assertThat(rows.toString()).as(format).doesNotContain("reasoning_content");
        });
    }

    @Test
    void field_writes_reasoning_content_on_the_assistant_messages_of_trl_and_parquet() throws Exception {
        export("trl,parquet", ReasoningForm.FIELD).forEach((format, rows) -> {
            assertThat(rows).as(format).hasSize(1);
            List<JsonNode> messages = new ArrayList<>();
            rows.getFirst().get("messages").forEach(messages::add);
            assertThat(messages).extracting(m -> m.path("role").asText())
                    .containsExactly("system", "user", "assistant", "user", "assistant");
            assertThat(messages).extracting(m -> m.path(ReasoningForm.FIELD_NAME).asText(null))
                    .as(format + ": only assistant messages have the field").containsExactly(null, null, R1, null, R2);
            assertThat(assistantTexts(format, rows)).as(format + ": the content is the answer alone").containsExactly(A1, A2);
            assertThat(rows.getFirst().get("tokens").asInt()).as(format + ": the reasoning counts towards the tokens")
                    .isEqualTo(withReasoning().getFirst().tokens());
        });
        assertThat(withReasoning().getFirst().tokens()).isEqualTo(withReasoning().getFirst().withReasoning(ReasoningForm.OMIT)
                .tokens() + TokenEstimate.of(R1) + TokenEstimate.of(R2));
    }

    @Test
    void field_is_refused_for_formats_without_a_reasoning_field() {
        assertThatThrownBy(() -> options("openai", ReasoningForm.FIELD)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--reasoning field: openai has no reasoning field (trl and parquet have one); use --reasoning"
                        + " think for it, or export them separately");
        assertThatThrownBy(() -> options("all", ReasoningForm.FIELD))
                .hasMessageStartingWith("--reasoning field: openai, sharegpt, alpaca have no reasoning field");
        assertThatThrownBy(() -> ExportRequest.of("trl", null, null, null, null, null, null, null, "thinking"))
                .hasMessage("--reasoning: unknown form 'thinking' (known: omit, field, think)");
    }

    private static final String RECIPE = """
            name: reasoning
            language: en
            count: 1
            turns: { min: 2, max: 4 }
            assistant: { system-prompt: "You help." }
            dimensions: { topic: [delivery] }
            """;

    @Test
    void the_recipe_names_the_form_and_a_request_overrides_it() {
        ExportSettings think = RecipeLoader.parse(RECIPE + "export: { formats: [trl], reasoning: think }").export();
        assertThat(think.reasoning()).contains("think");
        assertThat(ExportRequest.NONE.over(think).reasoning()).isEqualTo(ReasoningForm.THINK);
        assertThat(ExportRequest.of(null, null, null, null, null, null, null, null, "field").over(think).reasoning())
                .isEqualTo(ReasoningForm.FIELD);
        assertThat(RecipeLoader.toTree(RecipeLoader.parse(RECIPE + "export: { reasoning: think }")).path("export")
                .path("reasoning").asText()).as("written back with the run").isEqualTo("think");

        assertThatThrownBy(() -> RecipeLoader.parse(RECIPE + "export: { reasoning: verbose }"))
                .isInstanceOfSatisfying(InvalidRecipeException.class, e -> assertThat(e.problems())
                        .anySatisfy(p -> {
                            assertThat(p.field()).isEqualTo("export.reasoning");
                            assertThat(p.message()).isEqualTo("must be one of omit, field, think, not 'verbose'");
                        }));
    }
}
