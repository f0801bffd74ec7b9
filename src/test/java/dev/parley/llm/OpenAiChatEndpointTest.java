package dev.parley.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.langchain4j.model.chat.request.ResponseFormatType;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonSchema;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.openai.OpenAiChatRequestParameters;
import dev.langchain4j.model.output.FinishReason;
import dev.parley.bench.OpenAiStubServer;
import dev.parley.bench.OpenAiStubServer.Faults;
import dev.parley.bench.OpenAiStubServer.Recorded;
import dev.parley.bench.OpenAiStubServer.Reply;

/** {@link OpenAiChatEndpoint} against the stub server, over real HTTP: what goes on the wire and what comes back. */
class OpenAiChatEndpointTest {

    private OpenAiStubServer stub;

    @BeforeEach
    void start() {
        stub = OpenAiStubServer.start();
    }

    @AfterEach
    void stop() {
        stub.close();
    }

    private static ChatRequest request() {
        var schema = JsonSchema.builder().name("dialogue")
                .rootElement(JsonObjectSchema.builder().addStringProperty("text").required("text").build()).build();
        return ChatRequest.builder()
                .messages(SystemMessage.from("You write dialogues."), UserMessage.from("Write one."))
                .parameters(OpenAiChatRequestParameters.builder().modelName("m-1").temperature(0.7).seed(42)
                        .responseFormat(ResponseFormat.builder().type(ResponseFormatType.JSON).jsonSchema(schema).build())
                        .build())
                .build();
    }

    @Test
    void sends_the_openai_request_once_with_the_key_and_maps_the_answer() {
        stub.respondWith(body -> Reply.ok("{\"text\":\"hello\"}"));
        var endpoint = new OpenAiChatEndpoint(stub.baseUrl(), Optional.of("sk-test"), Duration.ofSeconds(5), false);

        ChatResponse response = endpoint.chat(request());

        List<Recorded> sent = stub.requests();
        assertThat(sent).hasSize(1);
        Recorded r = sent.getFirst();
        assertThat(r.authorization()).isEqualTo("Bearer sk-test");
        assertThat(r.body().path("model").asText()).isEqualTo("m-1");
        assertThat(r.body().path("seed").asInt()).isEqualTo(42);
        assertThat(r.body().path("temperature").asDouble()).isEqualTo(0.7);
        assertThat(r.body().path("stream").asBoolean(true)).isFalse();
        assertThat(r.body().path("messages").findValuesAsText("role")).containsExactly("system", "user");
        assertThat(r.body().at("/response_format/type").asText()).isEqualTo("json_schema");
        assertThat(r.schemaName()).isEqualTo("dialogue");
        assertThat(r.body().at("/response_format/json_schema/schema/required/0").asText()).isEqualTo("text");

        assertThat(response.aiMessage().text()).isEqualTo("{\"text\":\"hello\"}");
        assertThat(response.finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(response.tokenUsage().inputTokenCount()).isPositive();
        assertThat(response.tokenUsage().outputTokenCount()).isPositive();
    }

    @Test
    void an_error_answer_keeps_its_status_body_and_retry_after() {
        stub.injectFaults(new Faults(1.0, 0, 0, 0, 1, Duration.ZERO));
        var endpoint = new OpenAiChatEndpoint(stub.baseUrl(), Optional.empty(), Duration.ofSeconds(5), false);

        assertThatThrownBy(() -> endpoint.chat(request())).isInstanceOfSatisfying(OpenAiChatEndpoint.EndpointHttpException.class,
                e -> {
                    assertThat(e.statusCode()).isEqualTo(429);
                    assertThat(e.getMessage()).contains("rate_limit");
                    assertThat(e.retryAfter()).contains(Duration.ofSeconds(OpenAiStubServer.RETRY_AFTER_SECONDS));
                });
        assertThat(stub.requests().getFirst().authorization()).as("no key, no Authorization header").isNull();
    }

    @Test
    void a_call_slower_than_the_timeout_is_a_transient_timeout() {
        stub.latency(Duration.ofSeconds(3));
        var endpoint = new OpenAiChatEndpoint(stub.baseUrl(), Optional.empty(), Duration.ofMillis(300), false);
        var where = new ModelEndpoint(ModelRole.GENERATOR, Optional.of(stub.baseUrl()), Optional.empty(), "m-1", 0.7);

        assertThatThrownBy(() -> endpoint.chat(request())).satisfies(e -> {
            ModelCallException failure = ModelGateway.classify(where, (RuntimeException) e);
            assertThat(failure.kind()).isEqualTo(ModelCallException.Kind.TRANSIENT);
            assertThat(failure).hasMessage("model call timed out at " + stub.baseUrl());
        });
    }
}
