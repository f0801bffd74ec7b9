package dev.parley.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The reasoning forms as a reasoning model's own chat template reads them: Qwen3's template (its
 * {@code tokenizer_config.json}, kept as {@code chat-templates/qwen-3.json}) takes an assistant message's
 * {@code reasoning_content}, or else a {@code <think>} block at the start of its content, and renders the
 * reasoning of the turns after the last user message only.
 */
class ReasoningChatTemplateTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    @BeforeAll
    static void installTheRenderer() throws IOException, InterruptedException {
        JinjaRenderer.install(dir);
    }

    private static String rendered(ReasoningForm form) throws Exception {
        Path out = dir.resolve(form.key());
        new DatasetPackager(new ShingleSimilarityGrouping(), JSON).write(out, ReasoningExportTest.withReasoning(),
                ExportFixtures.source(false, 1), new ExportOptions(List.of(new TrlChatExporter()), SplitRatios.ALL_TRAIN,
                        OptionalLong.empty(), Optional.empty(), OptionalDouble.empty(), OptionalInt.empty(), false, form),
                8192);
        List<JsonNode> rendered = JinjaRenderer.render("qwen-3", out.resolve("train.trl.jsonl"));
        assertThat(rendered).hasSize(1);
        assertThat(rendered.getFirst().get("ok").asBoolean()).as(rendered.toString()).isTrue();
        return rendered.getFirst().get("text").asText();
    }

    @Test
    void qwen_3_reads_the_field_and_the_think_block_alike() throws Exception {
        String field = rendered(ReasoningForm.FIELD);
        String think = rendered(ReasoningForm.THINK);

        assertThat(think).isEqualTo(field);
        assertThat(field).contains("<|im_start|>assistant\n<think>\n" + ReasoningExportTest.R2 + "\n</think>\n\n"
                + ReasoningExportTest.A2 + "<|im_end|>");
        // The template's own rule: an answer before the last user message is rendered without its reasoning.
        assertThat(field).contains("<|im_start|>assistant\n" + ReasoningExportTest.A1 + "<|im_end|>")
                .doesNotContain(ReasoningExportTest.R1);
    }

    @Test
    void qwen_3_without_the_reasoning_renders_an_empty_think_block() throws Exception {
        String omitted = rendered(ReasoningForm.OMIT);

        assertThat(omitted).contains("<|im_start|>assistant\n<think>\n\n</think>\n\n" + ReasoningExportTest.A2)
                .doesNotContain(ReasoningExportTest.R1).doesNotContain(ReasoningExportTest.R2);
    }
}
