package dev.parley.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A small OpenAI-compatible server for tests and the benchmark: {@code POST /v1/chat/completions}
 * on 127.0.0.1 and a random port, so the real LangChain4j client and the real HTTP path are
 * exercised. It lives in main code because {@code parley bench} starts it in-process.
 *
 * <p>Every request is recorded with its JSON body and {@code Authorization} header. What it answers
 * is decided by a {@linkplain #respondWith(Function) responder}; the default one writes a valid
 * dialogue of the length the {@code <brief>} asks for, and a verdict that gives every criterion in
 * the {@code <criteria>} block a 5.
 */
public final class OpenAiStubServer implements AutoCloseable {

    /** Schema names Parley sends in {@code response_format.json_schema.name}. */
    public static final String DIALOGUE = "dialogue";
    public static final String VERDICT = "judge_verdict";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern BRIEF = Pattern.compile("<brief>(.*?)</brief>", Pattern.DOTALL);
    private static final Pattern MESSAGES = Pattern.compile("^\\s*messages:\\s*(\\d+)\\s*$", Pattern.MULTILINE);
    private static final Pattern CRITERIA = Pattern.compile("<criteria>(.*?)</criteria>", Pattern.DOTALL);
    private static final Pattern CRITERION = Pattern.compile("^\\s*-\\s*([A-Za-z0-9_-]+)\\s*:", Pattern.MULTILINE);

    /** One request as the server received it. */
    public record Recorded(JsonNode body, String authorization) {

        /** The {@code response_format.json_schema.name}, empty when there is none. */
        public String schemaName() {
            return body.path("response_format").path("json_schema").path("name").asText("");
        }

        public boolean isGenerator() {
            return DIALOGUE.equals(schemaName());
        }

        public boolean isJudge() {
            return VERDICT.equals(schemaName());
        }

        /** The text of the last user message. */
        public String userText() {
            return userMessage(body);
        }
    }

    /**
     * What to answer one request with.
     *
     * @param status       HTTP status; 200 answers with a chat completion, anything else with {@code errorBody}
     * @param content      the assistant message content (200 only)
     * @param finishReason the choice's {@code finish_reason} (200 only)
     * @param errorBody    the error body (non-200 only)
     */
    public record Reply(int status, String content, String finishReason, String errorBody) {

        public Reply {
            Objects.requireNonNull(finishReason, "finishReason");
        }

        /** A completed answer with this content. */
        public static Reply ok(String content) {
            return new Reply(200, Objects.requireNonNull(content, "content"), "stop", null);
        }

        /** An answer cut off at the token limit. */
        public static Reply truncated(String content) {
            return new Reply(200, content, "length", null);
        }

        /** An HTTP error with an OpenAI-style error body. */
        public static Reply error(int status, String type, String code, String message) {
            ObjectNode root = JSON.createObjectNode();
            ObjectNode error = root.putObject("error");
            error.put("message", message).put("type", type).putNull("param");
            if (code == null) {
                error.putNull("code");
            } else {
                error.put("code", code);
            }
            return new Reply(status, null, "stop", root.toString());
        }

        /** 401 as OpenAI answers a wrong key. */
        public static Reply unauthorized() {
            return error(401, "invalid_request_error", "invalid_api_key",
                    "Incorrect API key provided: te****ey. You can find your API key at https://platform.openai.com/account/api-keys.");
        }

        /** 429 as OpenAI answers when the rate limit is hit. */
        public static Reply rateLimited() {
            return error(429, "requests", "rate_limit_exceeded", "Rate limit reached for stub-model. Please try again in 20ms.");
        }

        /** 500 as OpenAI answers an internal error. */
        public static Reply serverError() {
            return error(500, "server_error", null, "The server had an error while processing your request.");
        }
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final List<Recorded> requests = new CopyOnWriteArrayList<>();
    private volatile Function<JsonNode, Reply> responder = OpenAiStubServer::defaultReply;

    private OpenAiStubServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** Starts a server on 127.0.0.1 and a free port. */
    public static OpenAiStubServer start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
            server.setExecutor(executor);
            var stub = new OpenAiStubServer(server, executor);
            server.createContext("/v1/chat/completions", stub::handle);
            server.start();
            return stub;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the OpenAI stub server", e);
        }
    }

    /** The base URL to configure, e.g. {@code http://127.0.0.1:41234/v1}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    /** Replaces what the server answers from now on. */
    public void respondWith(Function<JsonNode, Reply> responder) {
        this.responder = Objects.requireNonNull(responder, "responder");
    }

    /** Forgets recorded requests and goes back to the default answers. */
    public void reset() {
        responder = OpenAiStubServer::defaultReply;
        requests.clear();
    }

    /** Every request received since the last reset, in arrival order. */
    public List<Recorded> requests() {
        return List.copyOf(requests);
    }

    /** The recorded requests that match. */
    public List<Recorded> requests(Predicate<Recorded> filter) {
        return requests.stream().filter(filter).toList();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.close();
    }

    // ---- default answers ----------------------------------------------------------------------

    /** The default responder: a valid dialogue for generator calls, all-5 verdicts for judge calls. */
    public static Reply defaultReply(JsonNode request) {
        return switch (schemaName(request)) {
            case DIALOGUE -> Reply.ok(dialogue(requestedMessages(request), cellValues(request)));
            case VERDICT -> Reply.ok(verdict(criteria(request), 5));
            default -> Reply.error(400, "invalid_request_error", null, "the stub only answers Parley's structured calls");
        };
    }

    /** {@code response_format.json_schema.name} of a request body. */
    public static String schemaName(JsonNode request) {
        return request.path("response_format").path("json_schema").path("name").asText("");
    }

    /** The text of the last user message of a request body. */
    public static String userMessage(JsonNode request) {
        String text = "";
        for (JsonNode m : request.path("messages")) {
            if ("user".equals(m.path("role").asText())) {
                JsonNode content = m.path("content");
                text = content.isTextual() ? content.asText() : content.path(0).path("text").asText("");
            }
        }
        return text;
    }

    /** The {@code <brief>} block of the user message, or empty. */
    public static String brief(JsonNode request) {
        Matcher m = BRIEF.matcher(userMessage(request));
        return m.find() ? m.group(1) : "";
    }

    /** The {@code messages: N} line of the brief (4 when absent). */
    public static int requestedMessages(JsonNode request) {
        Matcher m = MESSAGES.matcher(brief(request));
        return m.find() ? Integer.parseInt(m.group(1)) : 4;
    }

    /** The criterion names listed in the {@code <criteria>} block, in order. */
    public static List<String> criteria(JsonNode request) {
        Matcher block = CRITERIA.matcher(userMessage(request));
        List<String> names = new ArrayList<>();
        if (block.find()) {
            Matcher m = CRITERION.matcher(block.group(1));
            while (m.find()) {
                names.add(m.group(1));
            }
        }
        return names;
    }

    /**
     * The brief's cell as one line, e.g. {@code topic: refund, persona: student}: every line of the
     * brief except its {@code language} and {@code messages} lines.
     */
    public static String cellValues(JsonNode request) {
        return brief(request).lines().map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("language:") && !l.startsWith("messages:"))
                .collect(Collectors.joining(", "));
    }

    /**
     * A dialogue answer: {@code messages} alternating user and assistant, starting with the user;
     * the first message names what it is about, so tests can tell dialogues apart.
     */
    public static String dialogue(int messages, String about) {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode list = root.putArray("messages");
        for (int i = 0; i < messages; i++) {
            boolean user = i % 2 == 0;
            String content = i == 0 ? "Hello, I need help (" + about + ")."
                    : user ? "Follow-up question " + (i / 2) + "." : "Answer " + (i / 2 + 1) + ": here is what to do next.";
            list.addObject().put("role", user ? "user" : "assistant").put("content", content);
        }
        return root.toString();
    }

    /** A verdict answer giving every criterion the same score. */
    public static String verdict(List<String> criteria, int score) {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode scores = root.putArray("scores");
        for (String c : criteria) {
            scores.addObject().put("criterion", c).put("score", score).put("reason", c + " scored " + score + " by the stub");
        }
        root.put("summary", "stub verdict: " + score);
        return root.toString();
    }

    // ---- HTTP ---------------------------------------------------------------------------------

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"POST".equals(exchange.getRequestMethod())) {
                send(exchange, 405, Reply.error(405, "invalid_request_error", null, "POST only").errorBody());
                return;
            }
            JsonNode body;
            try (InputStream in = exchange.getRequestBody()) {
                body = JSON.readTree(in);
            } catch (IOException e) {
                send(exchange, 400, Reply.error(400, "invalid_request_error", null, "body is not JSON").errorBody());
                return;
            }
            requests.add(new Recorded(body, exchange.getRequestHeaders().getFirst("Authorization")));
            Reply reply;
            try {
                reply = responder.apply(body);
            } catch (RuntimeException e) {
                reply = Reply.error(500, "server_error", null, "stub responder failed: " + e.getMessage());
            }
            if (reply.status() == 200) {
                send(exchange, 200, completion(body, reply));
            } else {
                send(exchange, reply.status(), reply.errorBody() == null ? "" : reply.errorBody());
            }
        }
    }

    private static String completion(JsonNode request, Reply reply) {
        int promptTokens = Math.max(1, request.toString().length() / 4);
        int completionTokens = Math.max(1, reply.content().length() / 4);
        ObjectNode root = JSON.createObjectNode();
        root.put("id", "chatcmpl-" + UUID.randomUUID());
        root.put("object", "chat.completion");
        root.put("created", Instant.now().getEpochSecond());
        root.put("model", request.path("model").asText("stub-model"));
        ObjectNode choice = root.putArray("choices").addObject();
        choice.put("index", 0);
        choice.putObject("message").put("role", "assistant").put("content", reply.content());
        choice.putNull("logprobs");
        choice.put("finish_reason", reply.finishReason());
        root.putObject("usage").put("prompt_tokens", promptTokens).put("completion_tokens", completionTokens)
                .put("total_tokens", promptTokens + completionTokens);
        return root.toString();
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }
}
