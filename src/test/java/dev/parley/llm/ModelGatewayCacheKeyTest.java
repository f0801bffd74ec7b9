package dev.parley.llm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import org.junit.jupiter.api.Test;

import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.langchain4j.model.chat.request.ResponseFormatType;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonSchema;

/**
 * The response cache's key of a request is the SHA-256 of its canonical form, written out by hand in
 * {@code src/test/resources/cache-key}: answers already stored are found by it, so neither Parley's code nor
 * an upgrade of LangChain4j (whose printed messages it holds) may change it unnoticed.
 */
class ModelGatewayCacheKeyTest {

    private static final ModelEndpoint LOCAL = new ModelEndpoint(ModelRole.GENERATOR, Optional.of("http://127.0.0.1:8000/v1"),
            Optional.empty(), "qwen2.5-7b-instruct", 0.7);
    private static final StructuredOutput<Object> DIALOGUE = new StructuredOutput<>("dialogue",
            JsonObjectSchema.builder().addStringProperty("text").required("text").build(), node -> node);

    @Test
    void a_response_format_is_printed_as_langchain4j_prints_it_once_per_schema_object() {
        var root = JsonObjectSchema.builder().addStringProperty("text").required("text").build();
        var other = JsonObjectSchema.builder().addStringProperty("words").required("words").build();
        ResponseFormat first = format("dialogue", root);

        String printed = ModelGateway.printedFormat(first);

        assertThat(printed).isEqualTo(String.valueOf(first)).contains("dialogue").contains("text");
        assertThat(ModelGateway.printedFormat(format("dialogue", root))).as("printed once").isSameAs(printed);
        assertThat(ModelGateway.printedFormat(format("verdict", root))).isEqualTo(String.valueOf(format("verdict", root)))
                .contains("verdict");
        assertThat(ModelGateway.printedFormat(format("dialogue", other))).contains("words").doesNotContain("text");
        assertThat(ModelGateway.printedFormat(null)).isEqualTo("null");
    }

    private static ResponseFormat format(String name, JsonObjectSchema root) {
        return ResponseFormat.builder().type(ResponseFormatType.JSON)
                .jsonSchema(JsonSchema.builder().name(name).rootElement(root).build()).build();
    }

    @Test
    void a_structured_request_is_keyed_by_its_canonical_form() throws Exception {
        var request = ModelGateway.request(LOCAL, new Prompt("You write dialogues.", "Write one about \"refunds\".\nTwo lines."),
                DIALOGUE, 42);

        assertThat(ModelGateway.requestHash(LOCAL, request, 42)).isEqualTo(sha256Of("structured-request.json"));
    }

    @Test
    void a_lone_surrogate_is_keyed_as_the_utf_8_encoder_writes_it() throws Exception {
        var request = ModelGateway.request(LOCAL, new Prompt("You write dialogues.", "caf\u00e9\ud800"), DIALOGUE, 42);

        assertThat(ModelGateway.requestHash(LOCAL, request, 42)).isEqualTo(sha256Of("lone-surrogate.json"));
    }

    @Test
    void a_chat_with_tools_is_keyed_with_their_specifications() throws Exception {
        var lookup = ToolSpecification.builder().name("lookup_order").description("Finds an order")
                .parameters(JsonObjectSchema.builder().addStringProperty("order_id").required("order_id").build()).build();

        assertThat(customerChatKey("Where is order 7?", List.of(lookup))).isEqualTo(sha256Of("chat-with-tools.json"));
    }

    /** Without tools there is no "tools" key at all: answers stored before tools existed still stand in. */
    @Test
    void a_chat_without_tools_has_no_tools_in_its_key() throws Exception {
        assertThat(customerChatKey("Where is order 7?", List.of())).isEqualTo(sha256Of("chat.json"));
    }

    @Test
    void an_emoji_is_keyed_as_its_utf_8_bytes() throws Exception {
        assertThat(customerChatKey("Paketnya sudah sampai \ud83d\ude00 terima kasih kak \ud83d\ude4f", List.of()))
                .isEqualTo(sha256Of("chat-with-emoji.json"));
    }

    /**
     * Long messages with emoji at every offset: the writer's buffer ends inside a pair somewhere, and the key
     * must still be the UTF-8 of the text. Expected: the pinned chat's line with its user text replaced.
     */
    @Test
    void an_emoji_across_the_writers_buffer_is_keyed_as_its_utf_8_bytes() throws Exception {
        String line = line("chat.json");
        var random = new Random(7);
        String[] pieces = {"a", "kak ", "é", "\u4f60", "\ud83d\ude00", "\ud83c\udf89", "\ud801\udc37"};
        for (int length : new int[] {7_990, 8_000, 8_001, 16_003, 40_000}) {
            var text = new StringBuilder();
            while (text.length() < length) {
                text.append(pieces[random.nextInt(pieces.length)]);
            }
            String expected = line.replace("Where is order 7?", text);

            assertThat(customerChatKey(text.toString(), List.of())).as("%d characters", text.length())
                    .isEqualTo(sha256(expected.getBytes(StandardCharsets.UTF_8)));
        }
    }

    @Test
    void tells_a_lone_surrogate_from_a_pair() {
        assertThat(ModelGateway.hasLoneSurrogate("smile \ud83d\ude00 ok")).isFalse();
        assertThat(ModelGateway.hasLoneSurrogate("")).isFalse();
        assertThat(ModelGateway.hasLoneSurrogate("cut \ud83d")).isTrue();
        assertThat(ModelGateway.hasLoneSurrogate("\ude00 first")).isTrue();
        assertThat(ModelGateway.hasLoneSurrogate("\ud83d\ud83d\ude00")).isTrue();
    }

    /** The key of the offline model's chat: "You answer customers." and the user's text, seed -5. */
    private static String customerChatKey(String userText, List<ToolSpecification> tools) {
        var offline = ModelEndpoint.offline(ModelRole.GENERATOR, 0.2);
        var request = ModelGateway.chatRequest(offline, List.of(SystemMessage.from("You answer customers."),
                UserMessage.from(userText)), tools, -5);
        return ModelGateway.requestHash(offline, request, -5);
    }

    /** The SHA-256, in hex, of a file's one line (its line break left out). */
    private static String sha256Of(String file) throws IOException, NoSuchAlgorithmException {
        return sha256(line(file).getBytes(StandardCharsets.UTF_8));
    }

    /** A file's one line, its line break left out. */
    private static String line(String file) throws IOException {
        try (InputStream in = ModelGatewayCacheKeyTest.class.getResourceAsStream("/cache-key/" + file)) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
        }
    }

    private static String sha256(byte[] bytes) throws NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
