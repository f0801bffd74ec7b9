package dev.parley.llm;

import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.NonRetriableException;
import dev.langchain4j.exception.RetriableException;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.langchain4j.model.chat.request.ResponseFormatType;
import dev.langchain4j.model.chat.request.json.JsonSchema;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.openai.OpenAiChatRequestParameters;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;

import dev.parley.config.ParleyConfig;

/**
 * The one way Parley talks to models: a structured call (system + user message, JSON schema
 * answer) with bounded retries, a concurrency limit per endpoint, and a record of every attempt.
 *
 * <p>Real endpoints go through {@link OpenAiChatEndpoint} (LangChain4j's OpenAI request and answer mapping over
 * the JDK's HTTP client); the offline demo model answers in-process.
 *
 * <p>Longer than most classes because every kind of call (structured, chat, chat with tools, through a batch)
 * must pass the same governor, retries, budget check, cache and call record in the same order; one class keeps
 * that order in one place.
 */
@ApplicationScoped
public class ModelGateway {

    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    /** Response formats as printed for the cache key, by schema object ({@link #printedFormat}). */
    private static final Map<FormatKey, String> PRINTED_FORMATS = new ConcurrentHashMap<>();
    private static final int PRINTED_FORMATS_MAX = 256;
    /**
     * Writes the canonical request for its key. Jackson's UTF-8 writer escapes each half of a surrogate pair
     * ({@code \uD83D\uDE00}) unless told to combine them; the key is defined by the request's text encoded as
     * UTF-8, where an emoji is its four bytes, so pairs are combined.
     */
    private static final JsonFactory CANONICAL = JsonFactory.builder()
            .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8).build();

    /**
     * Calls of the offline demo model in flight at once. It answers in-process, so the machine is its only limit:
     * {@code parley.llm.max-concurrency} bounds a remote endpoint, and its default of 8 left the offline model's
     * items waiting on each other's commits (10,000 offline dialogues: 32-36 s with 8 slots, 19-21 s with 64, and
     * less CPU, as the store's groups grow; 128 no better).
     */
    static final int OFFLINE_SLOTS = 64;

    private final ParleyConfig config;
    private final ObjectMapper json;
    private final ResponseCache cache;
    private final OfflineModel offline;
    private final Map<String, ChatModel> models = new ConcurrentHashMap<>();
    private final java.util.concurrent.locks.ReentrantLock modelLock = new java.util.concurrent.locks.ReentrantLock();
    private final Map<String, EndpointGovernor> governors = new ConcurrentHashMap<>();

    @Inject
    public ModelGateway(ParleyConfig config, ObjectMapper json, ResponseCache cache, OfflineModel offline) {
        this.config = config;
        this.json = json;
        this.cache = cache;
        this.offline = offline;
    }

    /**
     * Asks a model for a structured answer.
     *
     * @param endpoint where and which model
     * @param prompt   the rendered messages
     * @param output   the answer's schema and parser
     * @param seed     the item's seed: part of the request's identity (and hash), and what the offline model draws from
     * @param context  where attempts are recorded, and whether a stored answer may stand in for the call
     * @throws ModelCallException when no usable answer came within the retry bound
     */
    public <T> ModelAnswer<T> ask(ModelEndpoint endpoint, Prompt prompt, StructuredOutput<T> output, long seed,
            CallContext context) {
        return call(endpoint, request(endpoint, prompt, output, seed), output.name(), ModelGateway::textOf,
                text -> parseJson(text, output), seed, context);
    }

    /**
     * Continues a conversation in plain text: the model sees exactly the given messages (a system
     * prompt and the history), as a deployed assistant would. Retries, limits, cache and records
     * are as for {@link #ask}.
     */
    public ModelAnswer<String> chat(ModelEndpoint endpoint, List<ChatMessage> messages, long seed, CallContext context) {
        ModelAnswer<AiMessage> reply = chat(endpoint, messages, List.of(), seed, context);
        if (reply.value().hasToolExecutionRequests()) {
            throw new ModelCallException(ModelCallException.Kind.MALFORMED,
                    "malformed chat answer from " + endpoint.model() + ": it calls tools, and none were offered", null);
        }
        return new ModelAnswer<>(reply.value().text(), reply.usage());
    }

    /**
     * Continues a conversation with tools offered: the model sees the given messages (a system prompt and
     * the history, tool calls and their results included) and the tools' specifications, and answers in
     * text, with tool calls, or both, and with its reasoning when the endpoint returns one
     * ({@code reasoning_content}, {@link AiMessage#thinking()}). A stored answer comes back as it was
     * answered, tool calls and reasoning included ({@link AssistantReplies}). Retries, limits, cache and
     * records are as for {@link #ask}; with no tools the request, and its hash, are those of {@link #chat}.
     *
     * @param tools the functions the model may call; empty for none
     */
    public ModelAnswer<AiMessage> chat(ModelEndpoint endpoint, List<ChatMessage> messages, List<ToolSpecification> tools,
            long seed, CallContext context) {
        return call(endpoint, chatRequest(endpoint, messages, tools, seed), "chat", AssistantReplies::stored,
                AssistantReplies::parse, seed, context);
    }

    /** The request of a chat call: the messages as given, and the tools when there are any. */
    static ChatRequest chatRequest(ModelEndpoint endpoint, List<ChatMessage> messages, List<ToolSpecification> tools,
            long seed) {
        var parameters = parameters(endpoint, seed);
        if (!tools.isEmpty()) {
            parameters.toolSpecifications(tools);
        }
        return ChatRequest.builder().messages(messages).parameters(parameters.build()).build();
    }

    /** What is stored and parsed of a structured answer: its text. */
    private static String textOf(AiMessage message) {
        return message == null ? null : message.text();
    }

    private <T> ModelAnswer<T> call(ModelEndpoint endpoint, ChatRequest request, String answerName,
            Function<AiMessage, String> storedForm, Function<String, T> parser, long seed, CallContext context) {
        Consumer<ModelCall> recorder = context.recorder();
        String hash = requestHash(endpoint, request, seed);
        if (context.useCache()) {
            Optional<ModelAnswer<T>> cached = fromCache(endpoint, hash, parser, recorder);
            if (cached.isPresent()) {
                return cached.get();
            }
        }
        if (endpoint.batch() && context.batches() != null) {
            return callThroughBatch(endpoint, request, answerName, parser, hash, context);
        }
        ChatModel model = model(endpoint, seed);
        int attempts = Math.max(1, config.llm().maxRetries() + 1);
        CallUsage usage = CallUsage.NONE;
        ModelCallException last = null;
        Optional<Duration> retryAfter = Optional.empty();
        for (int attempt = 1; attempt <= attempts; attempt++) {
            if (attempt > 1) {
                pause(attempt - 1, retryAfter);
            }
            retryAfter = Optional.empty();
            context.beforeCall().run();
            EndpointGovernor governor = governor(endpoint);
            EndpointGovernor.Permit permit = acquire(governor, endpoint.role() == ModelRole.GENERATOR);
            long start = System.nanoTime();
            ChatResponse response;
            try {
                response = model.chat(request);
            } catch (RuntimeException e) {
                long millis = (System.nanoTime() - start) / 1_000_000;
                last = classify(endpoint, e);
                retryAfter = release(governor, permit, endpoint, last);
                usage = usage.plus(new CallUsage(1, 0, 0, millis));
                recorder.accept(new ModelCall(endpoint.role(), endpoint.model(), hash, 0, 0, millis,
                        last.kind().key(), last.getMessage()));
                if (last.kind() == ModelCallException.Kind.REFUSED) {
                    throw last;
                }
                continue;
            }
            long millis = (System.nanoTime() - start) / 1_000_000;
            TokenUsage tokens = response.tokenUsage();
            long in = tokens == null || tokens.inputTokenCount() == null ? 0 : tokens.inputTokenCount();
            long out = tokens == null || tokens.outputTokenCount() == null ? 0 : tokens.outputTokenCount();
            usage = usage.plus(new CallUsage(1, in, out, millis));
            // The slot goes to the next call while this answer is checked and recorded (and cached); the governor
            // bounds the answers not yet durable, so a kill -9 repeats few calls beyond those in flight. The offline
            // model answers in-process, with no endpoint to keep busy: its slot is held to the record, which in
            // 10,000-dialogue runs cost less CPU than handing it on (the items' threads park and wake less).
            try {
                if (!endpoint.offline()) {
                    answered(governor, permit);
                }
                if (response.finishReason() == FinishReason.LENGTH) {
                    throw new IllegalArgumentException("the answer was cut off at the output token limit (finish_reason length)");
                }
                String text = storedForm.apply(response.aiMessage());
                T value = parser.apply(text);
                var ok = new ModelCall(endpoint.role(), endpoint.model(), hash, in, out, millis, ModelCall.OK, "");
                if (!context.useCache()) {
                    recorder.accept(ok);
                } else if (context.answered() != null) {
                    context.answered().accept(ok, new ResponseCache.CachedAnswer(text, in, out));
                } else {
                    recorder.accept(ok);
                    cache.put(hash, endpoint.model(), new ResponseCache.CachedAnswer(text, in, out));
                }
                return new ModelAnswer<>(value, usage);
            } catch (IllegalArgumentException e) {
                last = new ModelCallException(ModelCallException.Kind.MALFORMED,
                        "malformed " + answerName + " answer from " + endpoint.model() + ": " + e.getMessage(), e);
                recorder.accept(new ModelCall(endpoint.role(), endpoint.model(), hash, in, out, millis,
                        last.kind().key(), last.getMessage()));
            } finally {
                governor.release(permit, EndpointGovernor.Outcome.SUCCESS, Optional.empty());
            }
        }
        throw new ModelCallException(last.kind(), last.getMessage() + " (after " + attempts + " attempts)", last);
    }

    /**
     * A call of an endpoint in batch mode: the request waits in the run's batch for its role, and its answer
     * is checked, recorded and cached as a direct call's. A malformed answer is asked again in a later batch.
     */
    private <T> ModelAnswer<T> callThroughBatch(ModelEndpoint endpoint, ChatRequest request, String answerName,
            Function<String, T> parser, String hash, CallContext context) {
        int attempts = Math.max(1, config.llm().maxRetries() + 1);
        CallUsage usage = CallUsage.NONE;
        ModelCallException last = null;
        for (int attempt = 1; attempt <= attempts; attempt++) {
            // No beforeCall here: the lane checks the run's stop while the request waits, and its budget when a batch is
            // submitted, so an answer already paid for in a stored batch is collected even once the budget is spent.
            long start = System.nanoTime();
            BatchAnswer answer = context.batches().answer(endpoint, request, hash, attempt == 1);
            long millis = (System.nanoTime() - start) / 1_000_000;
            usage = usage.plus(new CallUsage(1, answer.inputTokens(), answer.outputTokens(), millis));
            try {
                if ("length".equals(answer.finishReason())) {
                    throw new IllegalArgumentException("the answer was cut off at the output token limit (finish_reason length)");
                }
                T value = parser.apply(answer.text());
                var ok = new ModelCall(endpoint.role(), endpoint.model(), hash, answer.inputTokens(), answer.outputTokens(),
                        millis, ModelCall.OK, "", true);
                var cached = new ResponseCache.CachedAnswer(answer.text(), answer.inputTokens(), answer.outputTokens());
                if (!context.useCache()) {
                    context.recorder().accept(ok);
                } else if (context.answered() != null) {
                    context.answered().accept(ok, cached);
                } else {
                    context.recorder().accept(ok);
                    cache.put(hash, endpoint.model(), cached);
                }
                return new ModelAnswer<>(value, usage);
            } catch (IllegalArgumentException e) {
                last = new ModelCallException(ModelCallException.Kind.MALFORMED,
                        "malformed " + answerName + " answer from " + endpoint.model() + ": " + e.getMessage(), e);
                context.recorder().accept(new ModelCall(endpoint.role(), endpoint.model(), hash, answer.inputTokens(),
                        answer.outputTokens(), millis, last.kind().key(), last.getMessage(), true));
            }
        }
        throw new ModelCallException(last.kind(), last.getMessage() + " (after " + attempts + " attempts)", last);
    }

    /** The request of a structured call: the prompt's two messages and the output's JSON schema. */
    static ChatRequest request(ModelEndpoint endpoint, Prompt prompt, StructuredOutput<?> output, long seed) {
        return ChatRequest.builder()
                .messages(SystemMessage.from(prompt.system()), UserMessage.from(prompt.user()))
                .parameters(parameters(endpoint, seed)
                        .responseFormat(ResponseFormat.builder()
                                .type(ResponseFormatType.JSON)
                                .jsonSchema(JsonSchema.builder().name(output.name()).rootElement(output.schema()).build())
                                .build())
                        .build())
                .build();
    }

    /**
     * Model, temperature and the item's seed, sent as OpenAI's {@code seed} (an integer: the seed's
     * two halves folded), so that providers which sample reproducibly for a seed do so per item.
     */
    private static OpenAiChatRequestParameters.Builder parameters(ModelEndpoint endpoint, long seed) {
        return OpenAiChatRequestParameters.builder().modelName(endpoint.model()).temperature(endpoint.temperature())
                .seed(requestSeed(seed));
    }

    /** The {@code seed} an item's requests carry. */
    public static int requestSeed(long itemSeed) {
        return Long.hashCode(itemSeed);
    }

    /** A stored answer to the same request, if there is one that still parses; recorded as a cache hit. */
    private <T> Optional<ModelAnswer<T>> fromCache(ModelEndpoint endpoint, String hash, Function<String, T> parser,
            Consumer<ModelCall> recorder) {
        Optional<ResponseCache.CachedAnswer> hit = cache.find(hash);
        if (hit.isEmpty()) {
            return Optional.empty();
        }
        try {
            T value = parser.apply(hit.get().answer());
            recorder.accept(new ModelCall(endpoint.role(), endpoint.model(), hash, 0, 0, 0, ModelCall.CACHED, ""));
            return Optional.of(new ModelAnswer<>(value, CallUsage.NONE));
        } catch (IllegalArgumentException e) {
            // The parser has grown stricter since the answer was stored: ask the model again.
            return Optional.empty();
        }
    }

    private <T> T parseJson(String text, StructuredOutput<T> output) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("the answer is empty");
        }
        JsonNode node;
        try {
            node = json.readTree(stripFences(text));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the answer is not valid JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("the answer is not a JSON object");
        }
        return output.parser().apply(node);
    }

    /** Some local servers wrap JSON in a Markdown fence even when asked for a schema. */
    static String stripFences(String text) {
        String t = text.strip();
        if (t.startsWith("```")) {
            int firstLine = t.indexOf('\n');
            int end = t.lastIndexOf("```");
            if (firstLine > 0 && end > firstLine) {
                return t.substring(firstLine + 1, end);
            }
        }
        return t;
    }

    /**
     * How many calls of an endpoint may be in flight at once: {@code parley.llm.max-concurrency}, or
     * {@link #OFFLINE_SLOTS} for the offline demo model.
     */
    public int slots(ModelEndpoint endpoint) {
        return endpoint.offline() ? OFFLINE_SLOTS : config.llm().maxConcurrency();
    }

    /** The governor of an endpoint: its adaptive concurrency limit, pauses and circuit breaker. */
    public EndpointGovernor governor(ModelEndpoint endpoint) {
        return governors.computeIfAbsent(endpoint.endpointKey(), key -> new EndpointGovernor(key,
                slots(endpoint), config.llm().circuitBreaker().failureThreshold(),
                config.llm().circuitBreaker().openFor(), config.llm().circuitBreaker().maxOpenings(),
                System::currentTimeMillis));
    }

    /** Why endpoints are not taking calls right now, if any is paused. */
    public java.util.List<String> pauses() {
        return governors.values().stream().map(EndpointGovernor::pauseReason).flatMap(Optional::stream).toList();
    }

    private static EndpointGovernor.Permit acquire(EndpointGovernor governor, boolean first) {
        try {
            return governor.acquire(first);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a model slot", e);
        }
    }

    private static void answered(EndpointGovernor governor, EndpointGovernor.Permit permit) {
        try {
            governor.answered(permit);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to record a model answer", e);
        }
    }

    /** Tells the governor how a failed call ended; a 429 or 503 may carry a Retry-After. */
    private static Optional<Duration> release(EndpointGovernor governor, EndpointGovernor.Permit permit, ModelEndpoint endpoint,
            ModelCallException failure) {
        Optional<Duration> retryAfter = Optional.empty();
        if (failure.status() == 429 || failure.status() == 503) {
            for (Throwable t = failure; t != null; t = t.getCause()) {
                if (t instanceof OpenAiChatEndpoint.EndpointHttpException http) {
                    retryAfter = http.retryAfter();
                    break;
                }
            }
        }
        EndpointGovernor.Outcome outcome = switch (failure.kind()) {
            case TRANSIENT, UNREACHABLE -> failure.status() == 429 ? EndpointGovernor.Outcome.RATE_LIMITED
                    : EndpointGovernor.Outcome.FAILURE;
            default -> EndpointGovernor.Outcome.NEUTRAL;
        };
        if (outcome == EndpointGovernor.Outcome.FAILURE) {
            governor.noteFailure(failure.getMessage());
        }
        governor.release(permit, outcome, retryAfter);
        return retryAfter;
    }

    /** Jittered exponential backoff, and never sooner than the endpoint's Retry-After. */
    private void pause(int retry, Optional<Duration> retryAfter) {
        long base = config.llm().retryBackoff().toMillis();
        long cap = Math.min(MAX_BACKOFF.toMillis(), base << Math.min(retry - 1, 16));
        long sleep = Math.max(cap / 2 + ThreadLocalRandom.current().nextLong(cap / 2 + 1),
                retryAfter.map(Duration::toMillis).orElse(0L));
        try {
            Thread.sleep(sleep);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to retry a model call", e);
        }
    }

    private ChatModel model(ModelEndpoint endpoint, long seed) {
        if (endpoint.offline()) {
            return offline.forSeed(seed);
        }
        String key = endpoint.baseUrl().orElseThrow() + "\u0000" + endpoint.apiKey().orElse("");
        ChatModel built = models.get(key);
        if (built != null) {
            return built;
        }
        // Building a client takes a while, and computeIfAbsent holds a monitor meanwhile: a hundred
        // items starting at once blocked on it, which on Java 21 pins their carrier threads. They wait
        // on this lock instead, parked.
        modelLock.lock();
        try {
            return models.computeIfAbsent(key, k -> build(endpoint));
        } finally {
            modelLock.unlock();
        }
    }

    private ChatModel build(ModelEndpoint endpoint) {
        return new OpenAiChatEndpoint(endpoint.baseUrl().get(), endpoint.apiKey(), clientTimeout(config.llm().timeout()),
                config.llm().logRequests());
    }

    /**
     * The timeout the HTTP clients of model calls and batches get: {@code parley.llm.timeout} rounded up to whole
     * seconds, as Parley has always applied it, and never below one second (the JDK's client refuses a zero
     * timeout, and a call given less would give up before most endpoints answer).
     */
    static Duration clientTimeout(Duration configured) {
        long seconds = configured.toSeconds() + (configured.toNanosPart() > 0 ? 1 : 0);
        return Duration.ofSeconds(Math.max(1, seconds));
    }

    /** Decides what a failed call means: retry, fail the item, or stop the run. */
    static ModelCallException classify(ModelEndpoint endpoint, RuntimeException e) {
        ModelCallException failure = classifyUnredacted(endpoint, e);
        // A provider may echo the key it was sent; the configured one is masked wherever it appears.
        String message = Secrets.redact(failure.getMessage(), endpoint.apiKey().stream().toList());
        return message.equals(failure.getMessage()) ? failure
                : new ModelCallException(failure.kind(), message, e, failure.status());
    }

    private static ModelCallException classifyUnredacted(ModelEndpoint endpoint, RuntimeException e) {
        String where = endpoint.baseUrl().orElse(ModelEndpoint.OFFLINE_MODEL);
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof UnknownHostException
                    || t instanceof NoRouteToHostException) {
                return new ModelCallException(ModelCallException.Kind.UNREACHABLE,
                        "cannot reach the model endpoint " + where + ": " + describe(t), e);
            }
            if (t instanceof SocketTimeoutException || t instanceof java.net.http.HttpTimeoutException
                    || t instanceof java.util.concurrent.TimeoutException) {
                return new ModelCallException(ModelCallException.Kind.TRANSIENT, "model call timed out at " + where, e);
            }
            Integer status = status(t);
            if (status != null) {
                boolean transientStatus = status == 408 || status == 409 || status == 429 || status >= 500;
                return new ModelCallException(
                        transientStatus ? ModelCallException.Kind.TRANSIENT : ModelCallException.Kind.REFUSED,
                        "model endpoint " + where + " answered HTTP " + status + refusalHint(status) + ": "
                                + abbreviate(t.getMessage()),
                        e, status);
            }
        }
        if (e instanceof NonRetriableException) {
            return new ModelCallException(ModelCallException.Kind.REFUSED,
                    "model endpoint " + where + " refused the request: " + abbreviate(e.getMessage()), e);
        }
        if (e instanceof RetriableException) {
            return new ModelCallException(ModelCallException.Kind.TRANSIENT,
                    "model call failed at " + where + ": " + abbreviate(e.getMessage()), e);
        }
        return new ModelCallException(ModelCallException.Kind.TRANSIENT,
                "model call failed at " + where + ": " + describe(e), e);
    }

    private static Integer status(Throwable t) {
        if (t instanceof HttpException http) {
            return http.statusCode();
        }
        return null;
    }

    private static String refusalHint(int status) {
        return switch (status) {
            case 401, 403 -> " (check the API key)";
            case 404 -> " (check the base URL and model name)";
            case 400, 422 -> " (the request was rejected)";
            default -> "";
        };
    }

    private static String describe(Throwable t) {
        String message = t.getMessage();
        return message == null || message.isBlank() ? t.getClass().getSimpleName() : abbreviate(message);
    }

    private static String abbreviate(String s) {
        if (s == null) {
            return "";
        }
        String one = s.replaceAll("\\s+", " ").strip();
        return one.length() > 300 ? one.substring(0, 300) + "…" : one;
    }

    /**
     * The key of a request in the response cache: the SHA-256, in hex, of a canonical JSON object (keys sorted) of
     * the endpoint, the messages as LangChain4j prints them, the model, the response format as printed, the item's
     * seed, the temperature and, only when there are tools, their specifications, as UTF-8 (a lone surrogate, half
     * of a pair without the other, as {@code ?}, as Java's encoder writes it). Stored answers are found by it, so it
     * must not change: {@code ModelGatewayCacheKeyTest} pins it.
     */
    static String requestHash(ModelEndpoint endpoint, ChatRequest request, long seed) {
        List<String> messages = request.messages().stream().map(Object::toString).toList();
        String schema = printedFormat(request.responseFormat());
        List<ToolSpecification> specifications = request.toolSpecifications();
        // Only a request with tools names them, so requests without tools hash as they always have and answers
        // stored before tools existed still stand in.
        List<String> tools = specifications == null ? List.of()
                : specifications.stream().map(ToolSpecification::toJson).toList();
        try {
            var digest = MessageDigest.getInstance("SHA-256");
            List<String> all = new ArrayList<>(messages);
            all.addAll(tools);
            all.addAll(List.of(schema, endpoint.endpointKey(), endpoint.model()));
            if (all.stream().anyMatch(ModelGateway::hasLoneSurrogate)) {
                // Java's UTF-8 encoder writes a lone surrogate as '?', Jackson's as an escape: such a request is
                // written as text first and then encoded, as every request once was.
                var text = new StringWriter();
                try (JsonGenerator out = CANONICAL.createGenerator(text)) {
                    writeCanonical(out, endpoint, messages, schema, seed, tools);
                }
                return HexFormat.of().formatHex(digest.digest(text.toString().getBytes(StandardCharsets.UTF_8)));
            }
            try (JsonGenerator out = CANONICAL.createGenerator(
                    new DigestOutputStream(OutputStream.nullOutputStream(), digest), JsonEncoding.UTF8)) {
                writeCanonical(out, endpoint, messages, schema, seed, tools);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException | IOException e) {
            throw new IllegalStateException("cannot hash a model request", e);
        }
    }

    /**
     * {@code String.valueOf(format)}, printed once per schema object: printing the whole schema for every request
     * was a hundredth of a run's CPU. A format is its type, its schema's name and its root element, which is
     * immutable; the structured outputs made once (the dialogue's, a rubric's verdict) hit, the few made per call
     * print afresh, and the memo starts over past {@link #PRINTED_FORMATS_MAX} entries.
     */
    static String printedFormat(ResponseFormat format) {
        if (format == null || format.jsonSchema() == null) {
            return String.valueOf(format);
        }
        var key = new FormatKey(format.type(), format.jsonSchema().name(), format.jsonSchema().rootElement());
        String printed = PRINTED_FORMATS.get(key);
        if (printed == null) {
            if (PRINTED_FORMATS.size() >= PRINTED_FORMATS_MAX) {
                PRINTED_FORMATS.clear();
            }
            printed = String.valueOf(format);
            PRINTED_FORMATS.put(key, printed);
        }
        return printed;
    }

    /** A response format by its schema's root element as an object (its identity), not by its content. */
    private record FormatKey(ResponseFormatType type, String name, Object root) {
        @Override
        public boolean equals(Object o) {
            return o instanceof FormatKey k && k.type == type && Objects.equals(k.name, name) && k.root == root;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(root) * 31 + Objects.hashCode(name);
        }
    }

    /** The canonical request: one JSON object, its keys in sorted order, "tools" only when there are any. */
    private static void writeCanonical(JsonGenerator out, ModelEndpoint endpoint, List<String> messages, String schema,
            long seed, List<String> tools) throws IOException {
        out.writeStartObject();
        out.writeStringField("endpoint", endpoint.endpointKey());
        writeStrings(out, "messages", messages);
        out.writeStringField("model", endpoint.model());
        out.writeStringField("schema", schema);
        out.writeNumberField("seed", seed);
        out.writeNumberField("temperature", endpoint.temperature());
        if (!tools.isEmpty()) {
            writeStrings(out, "tools", tools);
        }
        out.writeEndObject();
    }

    private static void writeStrings(JsonGenerator out, String field, List<String> values) throws IOException {
        out.writeArrayFieldStart(field);
        for (String value : values) {
            out.writeString(value);
        }
        out.writeEndArray();
    }

    /** Whether {@code s} holds half of a surrogate pair without the other half. */
    static boolean hasLoneSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
                    return true;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return true;
            }
        }
        return false;
    }
}
