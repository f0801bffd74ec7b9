package dev.parley.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.parley.bench.OpenAiStubServer;
import dev.parley.bench.OpenAiStubServer.Recorded;
import dev.parley.bench.OpenAiStubServer.Reply;
import dev.parley.bench.ToolCallingResponder;
import dev.parley.dialogue.Cell;
import dev.parley.dialogue.Dialogue;
import dev.parley.dialogue.ToolCall;
import dev.parley.dialogue.Turn;
import dev.parley.llm.CallContext;
import dev.parley.llm.InjectOpenAiStub;
import dev.parley.llm.ModelCall;
import dev.parley.llm.ModelCallException;
import dev.parley.llm.ModelEndpoints;
import dev.parley.llm.ModelGateway;
import dev.parley.llm.ModelRole;
import dev.parley.llm.OpenAiStubResource;
import dev.parley.llm.PromptSet;
import dev.parley.recipe.Recipe;
import dev.parley.recipe.ToolDefinition;
import dev.parley.recipe.Tools;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Role-play with tools over real HTTP: the assistant model is offered the recipe's tools as OpenAI
 * functions, its {@code tool_calls} are answered through {@link ToolResults}, the results go back as
 * {@code tool} messages naming their call, and the model is asked again until it answers in text; the
 * reasoning it returns stays with its turn and is never sent back.
 */
@QuarkusTest
@WithTestResource(OpenAiStubResource.class)
class RolePlayToolsStubTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SYSTEM_PROMPT = "You are the help desk of Stubshop. Look orders up before answering.";
    private static final Tools TOOLS = new Tools(List.of(new ToolDefinition("lookup_order", "Finds an order by its id",
            json("""
                    {"type":"object","properties":{"order_id":{"type":"string","description":"the order's id"}},
                     "required":["order_id"],"additionalProperties":false}"""))));

    @InjectOpenAiStub
    OpenAiStubServer stub;

    @Inject
    ModelGateway gateway;

    @Inject
    ModelEndpoints endpoints;

    @Inject
    ObjectMapper mapper;

    /** A fixture-like tool: the order's status from its id, and how often it was asked. */
    private final AtomicInteger toolCalls = new AtomicInteger();
    private final ToolResults orders = (call, brief, history, context) -> {
        toolCalls.incrementAndGet();
        assertThat(history.getLast().toolCalls()).as("the history ends with the turn that made the call").contains(call);
        return "{\"order\":" + call.arguments() + ",\"status\":\"shipped\"}";
    };

    @BeforeEach
    void resetStub() {
        stub.reset();
        toolCalls.set(0);
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** The user simulator: asks about order n, never done. */
    private static Reply simulatedUser(JsonNode request) {
        if (RolePlayWriter.USER_TURN_SCHEMA.equals(OpenAiStubServer.schemaName(request))) {
            String conversation = OpenAiStubServer.userMessage(request);
            int asked = conversation.split("\"role\" : \"user\"", -1).length;
            return Reply.ok("{\"message\":\"Where is my order number " + asked + "?\",\"done\":false}");
        }
        return OpenAiStubServer.defaultReply(request);
    }

    private RolePlayWriter writer(CallContext context) {
        return new RolePlayWriter(gateway, endpoints.resolve(ModelRole.USER, Optional.empty()),
                endpoints.resolve(ModelRole.GENERATOR, Optional.empty()),
                PromptSet.load(Optional.empty(), Recipe.JudgeSettings.DEFAULT_RUBRIC), new Recipe.TurnRange(4, 4), TOOLS,
                orders, context);
    }

    private static DialogueBrief brief(long seed) {
        return new DialogueBrief(SYSTEM_PROMPT, "en", new Cell(Map.of("topic", "late delivery", "persona", "retired teacher")),
                4, seed);
    }

    private static boolean isAssistantCall(Recorded r) {
        return OpenAiStubServer.schemaName(r.body()).isEmpty();
    }

    @Test
    void tool_calls_go_over_http_and_their_results_come_back_as_tool_messages_in_order() throws Exception {
        stub.respondWith(ToolCallingResponder.over(RolePlayToolsStubTest::simulatedUser).withReasoning());
        List<ModelCall> calls = new CopyOnWriteArrayList<>();

        Dialogue dialogue = writer(new CallContext(calls::add, true)).write(brief(90_101)).value();

        assertThat(dialogue.turns()).extracting(Turn::role)
                .containsExactly("user", "assistant", "tool", "assistant", "user", "assistant", "tool", "assistant");
        for (int n = 1; n <= 2; n++) {
            int at = (n - 1) * 4;
            Turn calling = dialogue.turns().get(at + 1);
            String id = ToolCallingResponder.callId(n);
            assertThat(calling.toolCalls()).containsExactly(new ToolCall(id, "lookup_order", "{\"order_id\":\"order_id-" + n + "\"}"));
            assertThat(calling.content()).isEmpty();
            assertThat(calling.reasoning()).isEqualTo(ToolCallingResponder.reasoningFor(n, true));
            Turn result = dialogue.turns().get(at + 2);
            assertThat(result.toolCallId()).isEqualTo(id);
            assertThat(result.content()).isEqualTo("{\"order\":{\"order_id\":\"order_id-" + n + "\"},\"status\":\"shipped\"}");
            Turn answer = dialogue.turns().get(at + 3);
            assertThat(answer.toolCalls()).isEmpty();
            assertThat(answer.content()).isEqualTo("Answer " + n + ": the tool says " + result.content() + ".");
            assertThat(answer.reasoning()).isEqualTo(ToolCallingResponder.reasoningFor(n, false));
        }
        assertThat(toolCalls).hasValue(2);

        List<Recorded> assistantCalls = stub.requests(RolePlayToolsStubTest::isAssistantCall);
        assertThat(assistantCalls).as("a call that asks for the tool and one that answers, per user message").hasSize(4);
        for (Recorded call : assistantCalls) {
            JsonNode tools = call.body().path("tools");
            assertThat(tools).hasSize(1);
            assertThat(tools.get(0).path("type").asText()).isEqualTo("function");
            assertThat(tools.get(0).path("function").path("name").asText()).isEqualTo("lookup_order");
            assertThat(tools.get(0).path("function").path("description").asText()).isEqualTo("Finds an order by its id");
            // The schema as the recipe wrote it, but for additionalProperties: LangChain4j's OpenAI client leaves it
            // out of tools that are not strict.
            ObjectNode written = (ObjectNode) TOOLS.functions().getFirst().parameters().deepCopy();
            written.remove("additionalProperties");
            assertThat(tools.get(0).path("function").path("parameters")).isEqualTo(written);
            String everything = call.body().toString();
            assertThat(everything).as("the assistant never sees the plan, nor its own reasoning")
                    .doesNotContain("retired teacher").doesNotContain("late delivery").doesNotContain("<brief>")
                    .doesNotContain("Reasoning ").doesNotContain("reasoning_content");
        }
        for (int n = 1; n <= 2; n++) {
            JsonNode messages = assistantCalls.get(2 * n - 1).body().path("messages");
            JsonNode calling = messages.get(messages.size() - 2);
            JsonNode result = messages.get(messages.size() - 1);
            assertThat(calling.path("role").asText()).isEqualTo("assistant");
            assertThat(calling.path("tool_calls").get(0).path("id").asText()).isEqualTo(ToolCallingResponder.callId(n));
            assertThat(calling.path("tool_calls").get(0).path("function").path("name").asText()).isEqualTo("lookup_order");
            assertThat(result.path("role").asText()).isEqualTo("tool");
            assertThat(result.path("tool_call_id").asText()).isEqualTo(ToolCallingResponder.callId(n));
            assertThat(result.path("content").asText()).contains("\"status\":\"shipped\"");
        }
        List<Recorded> userCalls = stub.requests(r -> RolePlayWriter.USER_TURN_SCHEMA.equals(r.schemaName()));
        assertThat(userCalls.get(1).userText()).as("the simulated user sees what was said, not the tool exchange")
                .contains("Answer 1: the tool says").doesNotContain("\"role\" : \"tool\"").doesNotContain("lookup_order");

        Dialogue stored = mapper.readValue(mapper.writeValueAsString(dialogue), Dialogue.class);
        assertThat(stored).as("the calls, results and reasoning survive the stored JSON").isEqualTo(dialogue);
        assertThat(calls).extracting(ModelCall::outcome).containsOnly(ModelCall.OK).hasSize(6);

        // A resumed item asks the same questions: every answer, tool calls included, comes from the cache.
        stub.reset();
        List<ModelCall> again = new CopyOnWriteArrayList<>();
        Dialogue resumed = writer(new CallContext(again::add, true)).write(brief(90_101)).value();
        assertThat(stub.requests()).as("no call repeated").isEmpty();
        assertThat(again).extracting(ModelCall::outcome).containsOnly(ModelCall.CACHED).hasSize(6);
        assertThat(resumed).isEqualTo(dialogue);
    }

    @Test
    void a_model_that_keeps_calling_tools_fails_the_item_at_the_limit() {
        stub.respondWith(request -> {
            if (isAssistantCall(new Recorded(request, "", 0))) {
                // Asks for the tool again whatever it is told: as if every result were missing.
                ObjectNode onlyTools = (ObjectNode) request.deepCopy();
                onlyTools.putArray("messages").addObject().put("role", "user").put("content", "again");
                return ToolCallingResponder.over(OpenAiStubServer::defaultReply).apply(onlyTools);
            }
            return simulatedUser(request);
        });

        assertThatThrownBy(() -> writer(new CallContext(c -> {
        }, false)).write(brief(90_102)))
                .isInstanceOfSatisfying(ModelCallException.class,
                        e -> assertThat(e.kind()).isEqualTo(ModelCallException.Kind.MALFORMED))
                .hasMessageContaining("called tools " + RolePlayWriter.MAX_TOOL_ROUNDS + " times for one user message");
        assertThat(stub.requests(RolePlayToolsStubTest::isAssistantCall)).hasSize(RolePlayWriter.MAX_TOOL_ROUNDS + 1);
        assertThat(toolCalls).hasValue(RolePlayWriter.MAX_TOOL_ROUNDS);
    }

    @Test
    void without_tools_the_request_offers_none_and_reasoning_is_kept() {
        stub.respondWith(ToolCallingResponder.over(RolePlayToolsStubTest::simulatedUser).withReasoning());
        var plain = new RolePlayWriter(gateway, endpoints.resolve(ModelRole.USER, Optional.empty()),
                endpoints.resolve(ModelRole.GENERATOR, Optional.empty()),
                PromptSet.load(Optional.empty(), Recipe.JudgeSettings.DEFAULT_RUBRIC), new Recipe.TurnRange(4, 4),
                new CallContext(c -> {
                }, false));

        Dialogue dialogue = plain.write(brief(90_103)).value();

        assertThat(dialogue.turns()).extracting(Turn::role).containsExactly("user", "assistant", "user", "assistant");
        assertThat(dialogue.turns()).filteredOn(Turn::isAssistant).extracting(Turn::reasoning)
                .containsExactly(ToolCallingResponder.reasoningFor(1, false), ToolCallingResponder.reasoningFor(2, false));
        assertThat(stub.requests(RolePlayToolsStubTest::isAssistantCall))
                .allSatisfy(r -> assertThat(r.body().has("tools")).isFalse());
    }
}
