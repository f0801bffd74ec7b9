package dev.parley.llm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.model.chat.Capability;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.langchain4j.model.chat.request.ResponseFormatType;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonSchema;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.openai.OpenAiChatRequestParameters;
import dev.langchain4j.model.openai.OpenAiChatResponseMetadata;
import dev.langchain4j.model.openai.internal.OpenAiUtils;
import dev.langchain4j.model.openai.internal.chat.ChatCompletionChoice;
import dev.langchain4j.model.openai.internal.chat.ChatCompletionRequest;
import dev.langchain4j.model.openai.internal.chat.ChatCompletionResponse;

/**
 * An OpenAI-compatible {@code POST /chat/completions} endpoint as a LangChain4j {@link ChatModel}: over
 * {@link PlainHttpClient} for an {@code http://} endpoint, over the JDK's HTTP client for an {@code https://} one.
 *
 * <p>The request and the answer are mapped by LangChain4j's own OpenAI mapping ({@link OpenAiUtils}: messages,
 * tools, {@code response_format}, {@code seed}, {@code reasoning_content}, usage, finish reason), so what goes on
 * the wire is what LangChain4j's OpenAI model sends. What differs is the way there: the request is written once,
 * as compact JSON, on the calling thread, and sent with a blocking call that parks the caller's virtual thread.
 * The quarkus-langchain4j client wrote it on the REST client's event loop, through its handler chain and context
 * propagation; at 64 calls in flight that one thread was a fifth of Parley's CPU in a run, and the first 64
 * requests queued behind it while it was still cold (README, Benchmarks).
 *
 * <p>An error answer becomes an {@link EndpointHttpException}: its status, its body, and its {@code Retry-After}.
 */
final class OpenAiChatEndpoint implements ChatModel {

    private static final Logger LOG = Logger.getLogger(OpenAiChatEndpoint.class);
    /** As LangChain4j's OpenAI client reads and writes these classes, without its indentation. */
    private static final ObjectMapper JSON = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_IGNORED_PROPERTIES)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL);

    /** The JDK's client, for {@code https://} endpoints. */
    private final HttpClient http;
    /** For {@code http://} endpoints (a server on the same machine or network); null for the others. */
    private final PlainHttpClient plain;
    private final URI completions;
    private final Optional<String> apiKey;
    private final Duration timeout;
    private final boolean log;

    /**
     * @param baseUrl the endpoint's base URL, {@code /chat/completions} is added to it
     * @param apiKey  sent as a bearer token when there is one
     * @param timeout for connecting, and for each whole call
     * @param log     log each request and answer body (never the key)
     */
    OpenAiChatEndpoint(String baseUrl, Optional<String> apiKey, Duration timeout, boolean log) {
        this.completions = URI.create((baseUrl.endsWith("/") ? baseUrl : baseUrl + "/") + "chat/completions");
        this.apiKey = apiKey;
        this.timeout = timeout;
        this.log = log;
        boolean plainText = "http".equalsIgnoreCase(completions.getScheme());
        this.plain = plainText ? new PlainHttpClient(completions, timeout, PlainHttpClient.IDLE_LIMIT) : null;
        this.http = plainText ? null : HttpClient.newBuilder().connectTimeout(timeout).build();
        Primer.ready();
    }

    @Override
    public ChatResponse doChat(ChatRequest chatRequest) {
        var parameters = (OpenAiChatRequestParameters) chatRequest.parameters();
        ChatCompletionRequest request = OpenAiUtils.toOpenAiChatRequest(chatRequest, parameters, false, null, false, false)
                .stream(false).build();
        ChatCompletionResponse response = parse(send(write(request)));
        // Reads reasoning_content (vLLM, DeepSeek, Qwen, …) into AiMessage.thinking(); it is never sent back. An
        // answer without choices is refused here, before its first choice is read below.
        AiMessage message = OpenAiUtils.aiMessageFrom(response, true);
        ChatCompletionChoice first = response.choices().getFirst();
        var metadata = OpenAiChatResponseMetadata.builder()
                .id(response.id())
                .modelName(response.model())
                .tokenUsage(OpenAiUtils.tokenUsageFrom(response.usage()))
                .finishReason(OpenAiUtils.finishReasonFrom(first.finishReason()))
                .created(response.created())
                .serviceTier(response.serviceTier())
                .systemFingerprint(response.systemFingerprint())
                .build();
        return ChatResponse.builder().aiMessage(message).metadata(metadata).build();
    }

    @Override
    public OpenAiChatRequestParameters defaultRequestParameters() {
        return OpenAiChatRequestParameters.EMPTY;
    }

    @Override
    public Set<Capability> supportedCapabilities() {
        return Set.of(Capability.RESPONSE_FORMAT_JSON_SCHEMA);
    }

    private static String write(ChatCompletionRequest request) {
        try {
            return JSON.writeValueAsString(request);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write a chat request as JSON", e);
        }
    }

    private String send(String body) {
        if (log) {
            LOG.infof("model request POST %s: %s", completions, body);
        }
        return plain != null ? sendPlain(body) : sendJdk(body);
    }

    private String sendPlain(String body) {
        PlainHttpClient.Answer answer;
        try {
            answer = plain.post("application/json", apiKey, body.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return checked(answer.status(), answer.body(), answer.retryAfter());
    }

    private String sendJdk(String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(completions).timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        apiKey.ifPresent(key -> request.header("Authorization", "Bearer " + key));
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a model's answer", e);
        }
        return checked(response.statusCode(), response.body(), response.headers().firstValue("Retry-After"));
    }

    /** The answer's body when its status is a success, else an {@link EndpointHttpException}. */
    private String checked(int status, String body, Optional<String> retryAfter) {
        if (log) {
            LOG.infof("model answer %d: %s", status, body);
        }
        if (status / 100 != 2) {
            throw new EndpointHttpException(status, body, RetryAfter.parse(retryAfter.orElse(null)));
        }
        return body;
    }

    private static ChatCompletionResponse parse(String body) {
        try {
            return JSON.readValue(body, ChatCompletionResponse.class);
        } catch (IOException e) {
            throw new IllegalArgumentException("the endpoint's answer is not a chat completion: " + e.getMessage(), e);
        }
    }

    /**
     * Writes a request and reads an answer once, both made up here, when the first endpoint is built: the first
     * calls of a run all start within a few milliseconds, and each would otherwise wait while Jackson introspects
     * the request and answer classes and their code is loaded. Nothing is sent.
     */
    private static final class Primer {

        static {
            var schema = JsonSchema.builder().name("primer")
                    .rootElement(JsonObjectSchema.builder().addStringProperty("text").required("text").build()).build();
            var parameters = OpenAiChatRequestParameters.builder().modelName("primer").temperature(0.5).seed(1)
                    .responseFormat(ResponseFormat.builder().type(ResponseFormatType.JSON).jsonSchema(schema).build()).build();
            var request = ChatRequest.builder().messages(SystemMessage.from("system"), UserMessage.from("user"))
                    .parameters(parameters).build();
            write(OpenAiUtils.toOpenAiChatRequest(request, parameters, false, null, false, false).stream(false).build());
            OpenAiUtils.aiMessageFrom(parse("{\"id\":\"primer\",\"object\":\"chat.completion\",\"created\":0,"
                    + "\"model\":\"primer\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
                    + "\"content\":\"{}\"},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":1,"
                    + "\"completion_tokens\":1,\"total_tokens\":2}}"), true);
        }

        private Primer() {
        }

        /** Nothing: calling it runs the class's initialiser, once. */
        static void ready() {
        }
    }

    /** An error answer of a model endpoint: its status and body, and how long it asked to wait, if it did. */
    static final class EndpointHttpException extends HttpException {

        private final transient Optional<Duration> retryAfter;

        EndpointHttpException(int statusCode, String body, Optional<Duration> retryAfter) {
            super(statusCode, body);
            this.retryAfter = retryAfter;
        }

        /** The answer's {@code Retry-After}, capped at an hour; empty when it sent none. */
        Optional<Duration> retryAfter() {
            return retryAfter;
        }
    }
}
