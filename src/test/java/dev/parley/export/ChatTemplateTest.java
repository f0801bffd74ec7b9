package dev.parley.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The exported files rendered with models' own chat templates (taken from their tokenizer_config.json
 * and kept under {@code src/test/resources/chat-templates}) by {@code @huggingface/jinja}, the Jinja
 * renderer of transformers.js, run by Node.js from {@code src/test/node} (installed with {@code npm ci}).
 * Llama 3 and Qwen 2.5 take every record; Mistral's template refuses a system message and takes every
 * record once the system prompt is folded into the first user message, keeping its text.
 */
class ChatTemplateTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    @BeforeAll
    static void installTheRenderer() throws IOException, InterruptedException {
        JinjaRenderer.install(dir);
    }

    /** Every record exported in OpenAI and TRL form, with or without the system prompt folded. */
    private static List<Path> export(boolean fold) throws IOException {
        Path out = dir.resolve(fold ? "folded" : "plain");
        var options = ExportOptions.of("openai,trl", null, null, null, null);
        new DatasetPackager(new ShingleSimilarityGrouping(), JSON).write(out, ExportFixtures.contractRecords(),
                ExportFixtures.source(false, 3), new ExportOptions(options.formats(), options.split(), options.seed(),
                        options.realFile(), options.realRatio(), options.contextLength(), fold), 8192);
        return List.of(out.resolve("train.jsonl"), out.resolve("train.trl.jsonl"));
    }

    private static List<JsonNode> render(String template, Path records) throws IOException, InterruptedException {
        return JinjaRenderer.render(template, records);
    }

    private static List<String> contents(Path records) throws IOException {
        List<String> contents = new ArrayList<>();
        for (String line : Files.readAllLines(records)) {
            JSON.readTree(line).get("messages").forEach(m -> contents.add(m.get("content").asText()));
        }
        return contents;
    }

    @Test
    void llama_3_and_qwen_2_5_render_every_record_with_its_system_prompt_and_turns() throws Exception {
        for (Path file : export(false)) {
            for (String template : List.of("llama-3", "qwen-2.5")) {
                List<JsonNode> rendered = render(template, file);
                assertThat(rendered).as(template + " " + file.getFileName()).allSatisfy(r -> {
                    assertThat(r.get("ok").asBoolean()).as(r.toString()).isTrue();
                    assertThat(r.get("text").asText()).contains(ExportFixtures.SYSTEM_PROMPT);
                });
                String all = String.join("\n", rendered.stream().map(r -> r.get("text").asText()).toList());
                assertThat(contents(file)).allSatisfy(c -> assertThat(all).contains(c.strip()));
            }
        }
    }

    @Test
    void a_trl_record_never_shows_a_masked_turn_to_the_template() throws Exception {
        Path trl = export(false).get(1);

        // TRL's assistant_only_loss trains every assistant turn the template renders: the masked one is not there.
        for (JsonNode r : render("qwen-2.5", trl)) {
            assertThat(r.get("text").asText()).doesNotContain(ExportFixtures.MASKED);
        }
    }

    @Test
    void qwen_2_5_renders_tool_calls_results_and_the_tools_of_every_trl_and_openai_record() throws Exception {
        Path out = dir.resolve("tools");
        new DatasetPackager(new ShingleSimilarityGrouping(), JSON).write(out, ExportFixtures.toolRecords(),
                ExportFixtures.source(false, 2), ExportOptions.of("openai,trl", null, null, null, null), 8192);

        for (Path file : List.of(out.resolve("train.jsonl"), out.resolve("train.trl.jsonl"))) {
            List<JsonNode> rendered = JinjaRenderer.render("qwen-2.5", file, "tools");
            assertThat(rendered).as(file.getFileName().toString()).isNotEmpty().allSatisfy(r -> {
                assertThat(r.get("ok").asBoolean()).as(r.toString()).isTrue();
                String text = r.get("text").asText();
                // The tools go into the system turn, each call is an object in <tool_call>, each result a <tool_response>.
                assertThat(text).contains("# Tools", "\"name\": \"cek_status_pesanan\"", ExportFixtures.SYSTEM_PROMPT,
                        "<tool_call>\n{\"name\": \"cek_status_pesanan\", \"arguments\": {\"nomor_pesanan\": \"INV-123\"}}",
                        "<tool_response>\n" + ExportFixtures.TOOL_RESULT + "\n</tool_response>",
                        ExportFixtures.TOOL_ANSWER + "<|im_end|>");
            });
        }
    }

    @Test
    void mistral_refuses_a_system_message_and_takes_every_folded_record_with_the_system_text() throws Exception {
        for (Path file : export(false)) {
            assertThat(render("mistral", file)).as(file.getFileName().toString()).allSatisfy(r -> {
                assertThat(r.get("ok").asBoolean()).isFalse();
                assertThat(r.get("error").asText()).contains("Conversation roles must alternate");
            });
        }

        for (Path file : export(true)) {
            List<JsonNode> rendered = render("mistral", file);
            assertThat(rendered).as(file.getFileName().toString()).isNotEmpty().allSatisfy(r -> {
                assertThat(r.get("ok").asBoolean()).as(r.toString()).isTrue();
                assertThat(r.get("text").asText()).startsWith("<s>[INST] " + ExportFixtures.SYSTEM_PROMPT + "\n\n");
            });
        }
    }
}
