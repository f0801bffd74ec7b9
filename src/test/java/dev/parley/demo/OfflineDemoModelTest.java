package dev.parley.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;

import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.langchain4j.model.chat.request.ResponseFormatType;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonSchema;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import dev.parley.generate.ModelDialogueWriter;
import dev.parley.judge.ModelDialogueReviser;
import dev.parley.judge.Rubric;
import dev.parley.judge.RubricJudge;
import dev.parley.llm.ModelEndpoint;
import dev.parley.llm.PromptSet;
import dev.parley.llm.PromptTemplates;

class OfflineDemoModelTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Rubric RUBRIC = Rubric.parse(PromptTemplates.packaged("rubrics/default.yaml").orElseThrow());

    // ---- writing ------------------------------------------------------------------------------

    @Test
    void answers_the_same_request_and_seed_identically() {
        ChatRequest request = writeRequest("id", "Bahasa Indonesia", 6);

        String first = new OfflineDemoModel(7).chat(request).aiMessage().text();
        String second = new OfflineDemoModel(7).chat(request).aiMessage().text();

        assertThat(first).isEqualTo(second);
    }

    @Test
    void writes_different_dialogues_for_different_seeds() {
        ChatRequest request = writeRequest("id", "Bahasa Indonesia", 6);

        var answers = new HashSet<String>();
        LongStream.range(0, 50).forEach(seed -> answers.add(new OfflineDemoModel(seed).chat(request).aiMessage().text()));

        assertThat(answers).hasSizeGreaterThanOrEqualTo(40);
    }

    @Test
    void a_candidate_asked_to_share_an_opening_opens_with_it_and_goes_on_its_own_way() throws Exception {
        ChatRequest plain = writeRequest("id", "Bahasa Indonesia", 6);
        String opening = "Halo, paket saya INV-12345 belum sampai juga.";
        String block = PromptTemplates.render(PromptSet.WRITE_OPENING,
                PromptTemplates.packaged(PromptSet.WRITE_OPENING).orElseThrow(), Map.of("opening", opening));
        ChatRequest candidate = request(((SystemMessage) plain.messages().get(0)).text(),
                ((UserMessage) plain.messages().get(1)).singleText() + block, ModelDialogueWriter.DIALOGUE_SCHEMA);

        var rests = new HashSet<String>();
        for (long seed = 0; seed < 10; seed++) {
            JsonNode messages = JSON.readTree(new OfflineDemoModel(seed).chat(candidate).aiMessage().text()).path("messages");
            assertThat(messages.get(0).path("content").asText()).isEqualTo(opening);
            rests.add(messages.get(1).path("content").asText());
        }
        assertThat(rests).as("the replies to the shared opening differ by seed").hasSizeGreaterThan(1);
    }

    @Test
    void writes_parseable_dialogues_with_the_requested_message_count_most_of_the_time() {
        ChatRequest request = writeRequest("id", "Bahasa Indonesia", 6);

        int exact = 0;
        for (long seed = 0; seed < 200; seed++) {
            JsonNode messages = parse(new OfflineDemoModel(seed).chat(request)).get("messages");
            assertThat(messages).isInstanceOf(ArrayNode.class);
            for (JsonNode m : messages) {
                assertThat(m.path("role").asText()).isIn("user", "assistant");
                assertThat(m.path("content").isTextual()).isTrue();
            }
            assertThat(messages.get(0).path("role").asText()).isEqualTo("user");
            if (messages.size() == 6) {
                exact++;
            }
        }

        // Some dialogues carry planted flaws (a dropped last message); most must be as asked.
        assertThat(exact).isGreaterThanOrEqualTo(150).isLessThan(200);
    }

    @Test
    void writes_indonesian_for_an_indonesian_brief() {
        ChatRequest request = writeRequest("id", "Bahasa Indonesia", 6);

        var all = new StringBuilder();
        for (long seed = 0; seed < 20; seed++) {
            String text = contents(parse(new OfflineDemoModel(seed).chat(request)));
            assertThat(text).contains("INV-").doesNotContain("ORD-", "Thanks", "order number", "Could you");
            all.append(text);
        }

        assertThat(all.toString().toLowerCase()).contains("saya", "kami", "pesanan", "paket terlambat");
    }

    @Test
    void writes_english_for_an_english_brief() {
        ChatRequest request = writeRequest("en", "English", 4);

        String text = contents(parse(new OfflineDemoModel(3).chat(request)));

        assertThat(text).contains("ORD-").doesNotContain("INV-", "saya", "kami");
    }

    @Test
    void reports_token_usage_of_the_call() {
        ChatRequest request = writeRequest("id", "Bahasa Indonesia", 6);

        ChatResponse response = new OfflineDemoModel(1).chat(request);

        String system = ((SystemMessage) request.messages().get(0)).text();
        String user = ((UserMessage) request.messages().get(1)).singleText();
        assertThat(response.tokenUsage().inputTokenCount())
                .isPositive()
                .isEqualTo(OfflineDemoModel.approximateTokens(system) + OfflineDemoModel.approximateTokens(user));
        assertThat(response.tokenUsage().outputTokenCount())
                .isPositive()
                .isEqualTo(OfflineDemoModel.approximateTokens(response.aiMessage().text()));
        assertThat(response.finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(response.modelName()).isEqualTo(ModelEndpoint.OFFLINE_MODEL);
    }

    @Test
    void declines_requests_it_does_not_know() {
        ChatRequest request = request("Hello", "Tell me a joke.", "joke");

        assertThat(new OfflineDemoModel(1).chat(request).aiMessage().text())
                .isEqualTo("The offline demo model only answers Parley's own requests (schema 'joke').");
    }

    // ---- judging ------------------------------------------------------------------------------

    @Test
    void scores_every_criterion_of_the_rubric() {
        ChatRequest request = judgeRequest(helpfulDialogue());

        JsonNode verdict = parse(new OfflineDemoModel(5).chat(request));

        List<String> criteria = new ArrayList<>();
        for (JsonNode s : verdict.get("scores")) {
            criteria.add(s.path("criterion").asText());
            assertThat(s.path("score").asInt()).isBetween(1, 5);
            assertThat(s.path("reason").asText()).isNotBlank();
        }
        assertThat(criteria).containsExactly("helpfulness", "correctness", "consistency", "naturalness", "safety", "fairness");
        assertThat(verdict.path("summary").asText()).isEqualTo("A plausible support exchange.");
    }

    @Test
    void judges_the_same_dialogue_and_seed_identically() {
        ChatRequest request = judgeRequest(helpfulDialogue());

        assertThat(new OfflineDemoModel(9).chat(request).aiMessage().text())
                .isEqualTo(new OfflineDemoModel(9).chat(request).aiMessage().text());
    }

    @Test
    void scores_an_unhelpful_assistant_low_on_helpfulness() {
        String dialogue = """
                [ { "role": "user", "content": "Halo, paket saya terlambat sudah dua hari." },
                  { "role": "assistant", "content": "Maaf, saya tidak tahu." } ]""";
        ChatRequest request = judgeRequest(dialogue);

        for (long seed = 0; seed < 20; seed++) {
            JsonNode verdict = parse(new OfflineDemoModel(seed).chat(request));
            assertThat(score(verdict, "helpfulness")).as("seed %d", seed).isLessThanOrEqualTo(2);
            assertThat(score(verdict, "correctness")).as("seed %d", seed).isLessThanOrEqualTo(2);
            assertThat(verdict.at("/turns/0/turn").asInt()).as("the assistant's message is message 2").isEqualTo(2);
            assertThat(verdict.at("/turns/0/score").asInt()).as("seed %d", seed).isLessThanOrEqualTo(2);
            assertThat(verdict.path("summary").asText()).isEqualTo("Replace the unhelpful assistant replies with concrete help.");
        }
    }

    // ---- revising -----------------------------------------------------------------------------

    @Test
    void rewrites_weak_turns_with_distinct_fitting_replies_that_its_judge_scores_higher() {
        List<String> original = List.of("Hi, I have a question about billing question.",
                "Thanks for reaching out. Could you share your order number?", "It's ORD-12345.",
                "Sorry, I don't know.", "Is there a fee for billing question?", "Sorry, I don't know.");
        ChatRequest revise = reviseTurnsRequest(dialogueJson(original), "4, 6");

        for (long seed = 0; seed < 30; seed++) {
            JsonNode turns = parse(new OfflineDemoModel(seed).chat(revise)).get("turns");
            List<String> revised = new ArrayList<>(original);
            turns.forEach(t -> revised.set(t.get("turn").asInt() - 1, t.get("content").asText()));

            assertThat(turns).extracting(t -> t.get("turn").asInt()).as("seed %d", seed).containsExactly(4, 6);
            assertThat(Set.of(revised.get(1), revised.get(3), revised.get(5))).as("no reply repeated")
                    .hasSize(3);
            assertThat(revised.get(3)).as("the reply after an order number is about it").contains("ORD-12345");
            JsonNode before = parse(new OfflineDemoModel(seed).chat(judgeRequest(dialogueJson(original))));
            JsonNode after = parse(new OfflineDemoModel(seed).chat(judgeRequest(dialogueJson(revised))));
            for (int turn : List.of(4, 6)) {
                assertThat(turnScore(after, turn)).as("seed %d turn %d", seed, turn)
                        .isGreaterThanOrEqualTo(turnScore(before, turn) + 2);
            }
        }
    }

    // ---- helpers ------------------------------------------------------------------------------

    /** A writer request as ModelDialogueWriter and ModelGateway build it from the packaged templates. */
    private static ChatRequest writeRequest(String language, String languageName, int messages) {
        Map<String, String> values = Map.of(
                "language", language,
                "language_name", languageName,
                "system_prompt", "Kamu adalah asisten layanan pelanggan TokoKita.",
                "messages", Integer.toString(messages),
                "cell", "topic: paket terlambat\npersona: mahasiswa\nmood: kesal",
                "examples", "");
        return request(render(PromptSet.WRITE_SYSTEM, values), render(PromptSet.WRITE_USER, values),
                ModelDialogueWriter.DIALOGUE_SCHEMA);
    }

    /** A judge request as RubricJudge and ModelGateway build it from the packaged templates. */
    private static ChatRequest judgeRequest(String dialogueJson) {
        Map<String, String> values = Map.of(
                "language", "id",
                "language_name", "Bahasa Indonesia",
                "system_prompt", "Kamu adalah asisten layanan pelanggan TokoKita.",
                "cell", "topic: paket terlambat\npersona: mahasiswa\nmood: kesal",
                "dialogue", dialogueJson,
                "criteria", RUBRIC.promptLines());
        return request(render(PromptSet.JUDGE_SYSTEM, values), render(PromptSet.JUDGE_USER, values),
                RubricJudge.VERDICT_SCHEMA);
    }

    /** A request to rewrite the listed turns, as ModelDialogueReviser builds it from the packaged templates. */
    private static ChatRequest reviseTurnsRequest(String dialogueJson, String turns) {
        Map<String, String> values = Map.of(
                "language", "en",
                "language_name", "English",
                "system_prompt", "You are the support assistant of Tasklane.",
                "cell", "topic: billing question\npersona: team lead\nmood: calm",
                "messages", "6",
                "dialogue", dialogueJson,
                "critique", "Replace the unhelpful assistant replies with concrete help.",
                "turns", turns);
        return request(render(PromptSet.REVISE_SYSTEM, values), render(PromptSet.REVISE_TURNS, values),
                ModelDialogueReviser.REVISED_TURNS_SCHEMA);
    }

    /** Messages numbered by turn, alternating from the user, as the judge and reviser prompts show them. */
    private static String dialogueJson(List<String> contents) {
        ArrayNode list = JSON.createArrayNode();
        for (int i = 0; i < contents.size(); i++) {
            list.addObject().put("turn", i + 1).put("role", i % 2 == 0 ? "user" : "assistant").put("content", contents.get(i));
        }
        return list.toString();
    }

    private static int turnScore(JsonNode verdict, int turn) {
        for (JsonNode t : verdict.get("turns")) {
            if (t.path("turn").asInt() == turn) {
                return t.path("score").asInt();
            }
        }
        throw new AssertionError("no score for turn " + turn + " in " + verdict);
    }

    private static ChatRequest request(String system, String user, String schemaName) {
        return ChatRequest.builder()
                .messages(SystemMessage.from(system), UserMessage.from(user))
                .modelName(ModelEndpoint.OFFLINE_MODEL)
                .temperature(0.9)
                .responseFormat(ResponseFormat.builder()
                        .type(ResponseFormatType.JSON)
                        .jsonSchema(JsonSchema.builder().name(schemaName)
                                .rootElement(JsonObjectSchema.builder().addStringProperty("placeholder").build())
                                .build())
                        .build())
                .build();
    }

    private static String helpfulDialogue() {
        return """
                [ { "role": "user", "content": "Halo, paket saya terlambat sudah dua hari." },
                  { "role": "assistant", "content": "Mohon maaf atas keterlambatannya. Boleh saya minta nomor pesanannya?" },
                  { "role": "user", "content": "Nomornya INV-12345." },
                  { "role": "assistant", "content": "Pesanan INV-12345 sudah saya cek dan kami buka laporan untuk Anda." } ]""";
    }

    private static String render(String name, Map<String, String> values) {
        return PromptTemplates.render(name, PromptTemplates.packaged(name).orElseThrow(), values);
    }

    private static JsonNode parse(ChatResponse response) {
        try {
            return JSON.readTree(response.aiMessage().text());
        } catch (JsonProcessingException e) {
            throw new AssertionError("the answer is not JSON: " + response.aiMessage().text(), e);
        }
    }

    private static String contents(JsonNode dialogue) {
        var sb = new StringBuilder();
        dialogue.get("messages").forEach(m -> sb.append(m.path("content").asText()).append('\n'));
        return sb.toString();
    }

    private static int score(JsonNode verdict, String criterion) {
        for (JsonNode s : verdict.get("scores")) {
            if (s.path("criterion").asText().equals(criterion)) {
                return s.path("score").asInt();
            }
        }
        throw new AssertionError("no score for " + criterion + " in " + verdict);
    }
}
