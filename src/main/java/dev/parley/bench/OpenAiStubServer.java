package dev.parley.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
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
 * <p>Every request is recorded with its JSON body and {@code Authorization} header (unless
 * {@linkplain #recordRequests(boolean) turned off}). What it answers is decided by a
 * {@linkplain #respondWith(Function) responder}; the default one answers Parley's generator and
 * judge requests validly: a dialogue of the length the {@code <brief>} asks for, and a verdict that
 * gives every criterion in the {@code <criteria>} block a 5.
 *
 * <p>For the benchmark it can also answer a fixed {@linkplain #latency(Duration) latency} after each
 * request arrived (each request runs on its own virtual thread, so waiting requests block nothing),
 * {@linkplain #injectFaults(Faults) inject faults} at given rates, and {@linkplain #counts() count}
 * requests by {@link Outcome} along with the peak number in flight.
 *
 * <p>Past 300 lines because it plays one endpoint's contract, OpenAI's chat completions: the request readers, the
 * replies it builds (dialogues, verdicts, seeded answers, OpenAI's errors) and the injected faults all share the
 * shapes of its requests and replies.
 */
public final class OpenAiStubServer implements AutoCloseable {

    /** Schema names Parley sends in {@code response_format.json_schema.name}. */
    public static final String DIALOGUE = "dialogue";
    public static final String VERDICT = "judge_verdict";
    /** The {@code Retry-After} every 429 carries, in seconds. */
    public static final int RETRY_AFTER_SECONDS = 1;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern BRIEF = Pattern.compile("<brief>(.*?)</brief>", Pattern.DOTALL);
    private static final Pattern MESSAGES = Pattern.compile("^\\s*messages:\\s*(\\d+)\\s*$", Pattern.MULTILINE);
    private static final Pattern CRITERIA = Pattern.compile("<criteria>(.*?)</criteria>", Pattern.DOTALL);
    private static final Pattern CRITERION = Pattern.compile("^\\s*-\\s*([A-Za-z0-9_-]+)\\s*:", Pattern.MULTILINE);

    /**
     * One request as the server received it.
     *
     * @param body          the JSON body
     * @param authorization the {@code Authorization} header
     * @param receivedNanos {@link System#nanoTime()} when the request arrived
     */
    public record Recorded(JsonNode body, String authorization, long receivedNanos) {

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
     * @param message      more fields of the assistant message, such as {@code tool_calls} or
     *                     {@code reasoning_content} (200 only; null for none)
     */
    public record Reply(int status, String content, String finishReason, String errorBody, ObjectNode message) {

        public Reply {
            Objects.requireNonNull(finishReason, "finishReason");
        }

        /** A reply whose message has nothing but its content. */
        public Reply(int status, String content, String finishReason, String errorBody) {
            this(status, content, finishReason, errorBody, null);
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

    /** What became of a request, as {@link #counts()} tallies it. */
    public enum Outcome {
        /** Answered 200 with what the responder returned. */
        OK,
        /** Answered 429 with {@code Retry-After: 1}. */
        RATE_LIMITED,
        /** Answered 5xx. */
        SERVER_ERROR,
        /** Held past the client's timeout, then the connection was closed without an answer. */
        TIMEOUT,
        /** Answered 200 with content that is not JSON. */
        MALFORMED,
        /** Answered with another error status by the responder (400, 401, …). */
        OTHER_ERROR;

        /** Lower-case name with dashes, as the benchmark prints it. */
        public String key() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /**
     * Faults to inject, each a share of requests drawn independently for every request from a
     * random seeded with {@code seed}; a request not drawn for a fault gets the responder's answer.
     *
     * @param rateLimited share answered 429 with {@code Retry-After: 1}
     * @param serverError share answered 500
     * @param timeout     share held for {@code hold}, then closed without an answer
     * @param malformed   share answered 200 with content that is not JSON
     * @param seed        seed of the draws
     * @param hold        how long a timed-out request is held: longer than the client's timeout
     */
    public record Faults(double rateLimited, double serverError, double timeout, double malformed, long seed,
            Duration hold) {

        /** No faults. */
        public static final Faults NONE = new Faults(0, 0, 0, 0, 0, Duration.ofSeconds(3));

        public Faults {
            Objects.requireNonNull(hold, "hold");
            for (double rate : new double[] {rateLimited, serverError, timeout, malformed}) {
                if (!(rate >= 0 && rate <= 1)) {
                    throw new IllegalArgumentException("fault rates must be from 0 to 1, got " + rate);
                }
            }
            if (rateLimited + serverError + timeout + malformed > 1 + 1e-9) {
                throw new IllegalArgumentException("fault rates add up to more than 1");
            }
            if (hold.isNegative()) {
                throw new IllegalArgumentException("hold must not be negative, got " + hold);
            }
        }

        /** Whether any fault is injected at all. */
        public boolean any() {
            return rateLimited + serverError + timeout + malformed > 0;
        }

        /** The fault for a uniform draw from [0, 1), or null for none. */
        Outcome pick(double u) {
            double edge = rateLimited;
            if (u < edge) {
                return Outcome.RATE_LIMITED;
            }
            if (u < (edge += serverError)) {
                return Outcome.SERVER_ERROR;
            }
            if (u < (edge += timeout)) {
                return Outcome.TIMEOUT;
            }
            if (u < edge + malformed) {
                return Outcome.MALFORMED;
            }
            return null;
        }
    }

    /**
     * Requests counted since the last {@linkplain #resetCounts() reset}.
     *
     * @param byOutcome    requests per outcome, every outcome present
     * @param peakInFlight the most requests being handled at one moment
     * @param firstArrival {@link System#nanoTime()} when the first request arrived (0 when none did)
     * @param lastDone     {@link System#nanoTime()} when the last request ended: its answer sent, or closed (0 when none did)
     */
    public record Counts(Map<Outcome, Long> byOutcome, int peakInFlight, long firstArrival, long lastDone) {

        public Counts {
            byOutcome = Collections.unmodifiableMap(new EnumMap<>(byOutcome));
        }

        /** From the first request's arrival to the last request's end; zero when there were none. */
        public Duration window() {
            return lastDone > firstArrival ? Duration.ofNanos(lastDone - firstArrival) : Duration.ZERO;
        }

        /** Requests of one outcome. */
        public long of(Outcome outcome) {
            return byOutcome.getOrDefault(outcome, 0L);
        }

        /** All requests. */
        public long total() {
            return byOutcome.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /** Backlog of the listening socket: the JDK default (50) is too small for 64 clients connecting at once. */
    private static final int BACKLOG = 1024;

    private final HttpServer server;
    private final ExecutorService executor;
    private final List<Recorded> requests = Collections.synchronizedList(new ArrayList<>());
    private volatile Function<JsonNode, Reply> responder = OpenAiStubServer::defaultReply;
    private volatile boolean recording = true;
    private volatile Duration latency = Duration.ZERO;
    private volatile Faults faults = Faults.NONE;
    private SplittableRandom draws = new SplittableRandom(0);
    private final AtomicLongArray outcomes = new AtomicLongArray(Outcome.values().length);
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger peakInFlight = new AtomicInteger();
    private final AtomicLong firstArrival = new AtomicLong(Long.MAX_VALUE);
    private final AtomicLong lastDone = new AtomicLong(Long.MIN_VALUE);

    /** The Files and Batches endpoints, answering each batch line with this server's responder. */
    private final BatchApiStub batchApi = new BatchApiStub(body -> responder.apply(body));

    private OpenAiStubServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /**
     * Starts a server on 127.0.0.1 and a free port. Every request runs on its own virtual thread,
     * so any number of connections is served at once.
     */
    public static OpenAiStubServer start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), BACKLOG);
            ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
            server.setExecutor(executor);
            var stub = new OpenAiStubServer(server, executor);
            server.createContext("/v1/chat/completions", stub::handle);
            server.createContext("/v1/files", stub.batchApi::files);
            server.createContext("/v1/batches", stub.batchApi::batches);
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

    /** The Files and Batches endpoints (batch mode), with their settings and what they answered. */
    public BatchApiStub batchApi() {
        return batchApi;
    }

    /** Replaces what the server answers from now on. */
    public void respondWith(Function<JsonNode, Reply> responder) {
        this.responder = Objects.requireNonNull(responder, "responder");
    }

    /**
     * Answers every request this long after it arrived, its own reading and answering included (not a timeout,
     * which waits {@link Faults#hold()}).
     */
    public void latency(Duration latency) {
        if (latency.isNegative()) {
            throw new IllegalArgumentException("latency must not be negative, got " + latency);
        }
        this.latency = latency;
    }

    /** Injects these faults from now on, drawing from a random seeded with {@link Faults#seed()}. */
    public void injectFaults(Faults faults) {
        Objects.requireNonNull(faults, "faults");
        synchronized (this) {
            this.draws = new SplittableRandom(faults.seed());
            this.faults = faults;
        }
    }

    /** Whether to keep every request's body for {@link #requests()} (on by default; a long benchmark turns it off). */
    public void recordRequests(boolean recording) {
        this.recording = recording;
    }

    /** Forgets recorded requests and counts, and goes back to the default answers, no latency and no faults. */
    public void reset() {
        responder = OpenAiStubServer::defaultReply;
        latency = Duration.ZERO;
        injectFaults(Faults.NONE);
        recording = true;
        requests.clear();
        resetCounts();
        batchApi.reset();
    }

    /** Every request received since the last reset, in arrival order. */
    public List<Recorded> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    /** The recorded requests that match. */
    public List<Recorded> requests(Predicate<Recorded> filter) {
        return requests().stream().filter(filter).toList();
    }

    /** Requests by outcome, the peak in flight, and the time from the first request to the last answer. */
    public Counts counts() {
        var byOutcome = new EnumMap<Outcome, Long>(Outcome.class);
        for (Outcome o : Outcome.values()) {
            byOutcome.put(o, outcomes.get(o.ordinal()));
        }
        long first = firstArrival.get();
        long last = lastDone.get();
        boolean none = first == Long.MAX_VALUE || last == Long.MIN_VALUE;
        return new Counts(byOutcome, peakInFlight.get(), none ? 0 : first, none ? 0 : last);
    }

    /** Starts counting afresh; requests in flight are counted when they end. */
    public void resetCounts() {
        for (int i = 0; i < outcomes.length(); i++) {
            outcomes.set(i, 0);
        }
        peakInFlight.set(inFlight.get());
        firstArrival.set(Long.MAX_VALUE);
        lastDone.set(Long.MIN_VALUE);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.close();
    }

    // ---- default answers ----------------------------------------------------------------------

    /** The default responder: a valid dialogue for generator calls, all-5 verdicts for judge calls. */
    private static final java.util.concurrent.atomic.AtomicLong TICKETS = new java.util.concurrent.atomic.AtomicLong();

    public static Reply defaultReply(JsonNode request) {
        return switch (schemaName(request)) {
            // Numbered, so that dialogues of the same plan cell are not exact duplicates of each other,
            // as a sampling model's would not be.
            case DIALOGUE -> Reply.ok(dialogue(requestedMessages(request),
                    cellValues(request) + ", ticket " + TICKETS.incrementAndGet()));
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

    // ---- answers that differ by seed ----------------------------------------------------------

    private static final Pattern OPENING = Pattern.compile("<opening>\\s*(.*?)\\s*</opening>", Pattern.DOTALL);
    private static final Pattern JUDGED_DIALOGUE = Pattern.compile("<dialogue>(.*?)</dialogue>", Pattern.DOTALL);
    private static final Pattern QUALITY = Pattern.compile("\\[q([1-5])\\]");

    /**
     * A responder whose answers depend on each request's seed, as a sampling model's do: the user simulator
     * asks a numbered question, the assistant and the dialogue writer claim a quality from the seed
     * ({@link #qualityOf}), a dialogue opens with the request's {@code <opening>} message when it has one, and
     * the judge scores what the messages claim ({@link #claimedQualityVerdict}).
     */
    public static Reply seededReply(JsonNode request) {
        long seed = seedOf(request);
        return switch (schemaName(request)) {
            case "" -> seededChatReply(request);
            case "user_turn" -> Reply.ok(JSON.createObjectNode()
                    .put("message", "Could you help me with my order number " + seed + "?").put("done", false).toString());
            case DIALOGUE -> seededDialogueReply(request);
            case VERDICT -> claimedQualityVerdict(request);
            default -> defaultReply(request);
        };
    }

    /** The {@code seed} a request carries (0 when it has none). */
    public static long seedOf(JsonNode request) {
        return request.path("seed").asLong(0);
    }

    /** The quality, 1 to 5, that an answer to a request with this seed claims: spread over seeds, so candidates differ. */
    public static int qualityOf(long seed) {
        return Math.floorMod(Long.hashCode(seed * 0x9E3779B97F4A7C15L), 5) + 1;
    }

    /** A plain chat reply that depends on the request's seed and claims its quality, e.g. {@code [q4] Reply 17: ...}. */
    public static Reply seededChatReply(JsonNode request) {
        long seed = seedOf(request);
        return Reply.ok("[q" + qualityOf(seed) + "] Reply " + seed + ": here is what you can do next with the order.");
    }

    /**
     * A dialogue answer that depends on the request's seed: it opens with the request's {@code <opening>}
     * message when there is one, and its assistant messages claim the seed's quality.
     */
    public static Reply seededDialogueReply(JsonNode request) {
        long seed = seedOf(request);
        Matcher opening = OPENING.matcher(userMessage(request));
        ObjectNode root = JSON.createObjectNode();
        ArrayNode list = root.putArray("messages");
        int messages = requestedMessages(request);
        for (int i = 0; i < messages; i++) {
            boolean user = i % 2 == 0;
            String content = i == 0 ? opening.find() ? opening.group(1)
                    : "Hello, I need help with my order (" + cellValues(request) + ", seed " + seed + ")."
                    : user ? "And what about the delivery, question " + (i / 2) + "?"
                    : "[q" + qualityOf(seed) + "] Answer " + (i / 2 + 1) + " for seed " + seed + ": here is what to do.";
            list.addObject().put("role", user ? "user" : "assistant").put("content", content);
        }
        return Reply.ok(root.toString());
    }

    /** The quality a message claims with {@code [qN]}, or 5 when it claims none. */
    public static int claimedQuality(String text) {
        Matcher m = QUALITY.matcher(text);
        return m.find() ? Integer.parseInt(m.group(1)) : 5;
    }

    /**
     * A verdict for a judge request that scores each assistant message of its {@code <dialogue>} block by the
     * quality it claims, and every criterion by the lowest of those.
     */
    public static Reply claimedQualityVerdict(JsonNode request) {
        Matcher block = JUDGED_DIALOGUE.matcher(userMessage(request));
        ObjectNode root = JSON.createObjectNode();
        ArrayNode turns = root.putArray("turns");
        int lowest = 5;
        if (block.find()) {
            try {
                for (JsonNode m : JSON.readTree(block.group(1))) {
                    if ("assistant".equals(m.path("role").asText())) {
                        int quality = claimedQuality(m.path("content").asText());
                        lowest = Math.min(lowest, quality);
                        turns.addObject().put("turn", m.path("turn").asInt()).put("score", quality)
                                .put("reason", "claims quality " + quality);
                    }
                }
            } catch (IOException e) {
                return Reply.error(400, "invalid_request_error", null, "the <dialogue> block is not JSON");
            }
        }
        ArrayNode scores = root.putArray("scores");
        for (String c : criteria(request)) {
            scores.addObject().put("criterion", c).put("score", lowest).put("reason", "the weakest reply claims " + lowest);
        }
        root.put("summary", "stub verdict by claimed quality: " + lowest);
        return Reply.ok(root.toString());
    }

    // ---- HTTP ---------------------------------------------------------------------------------

    private static final AtomicLong COMPLETIONS = new AtomicLong();

    /** Content of an injected malformed answer: prose around broken JSON, as weak local models write. */
    static final String MALFORMED_CONTENT = "Sure! Here is what you asked for: {\"messages\": [oops";

    private void handle(HttpExchange exchange) throws IOException {
        long arrived = System.nanoTime();
        firstArrival.accumulateAndGet(arrived, Math::min);
        peakInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        boolean answered = false;
        try (exchange) {
            if (!"POST".equals(exchange.getRequestMethod())) {
                count(Outcome.OTHER_ERROR);
                send(exchange, 405, Reply.error(405, "invalid_request_error", null, "POST only").errorBody());
                return;
            }
            JsonNode body;
            int bodyLength;
            try (InputStream in = exchange.getRequestBody()) {
                byte[] bytes = in.readAllBytes();
                bodyLength = bytes.length;
                body = JSON.readTree(bytes);
            } catch (IOException e) {
                count(Outcome.OTHER_ERROR);
                send(exchange, 400, Reply.error(400, "invalid_request_error", null, "body is not JSON").errorBody());
                return;
            }
            if (recording) {
                requests.add(new Recorded(body, exchange.getRequestHeaders().getFirst("Authorization"), arrived));
            }
            Outcome fault = drawFault();
            if (fault == Outcome.TIMEOUT) {
                count(Outcome.TIMEOUT);
                // Closing the exchange before any response headers closes the connection: the client
                // has given up by then, or sees the connection end without an answer.
                pause(faults.hold());
                return;
            }
            Reply reply;
            if (fault == Outcome.RATE_LIMITED) {
                reply = Reply.rateLimited();
            } else if (fault == Outcome.SERVER_ERROR) {
                reply = Reply.serverError();
            } else if (fault == Outcome.MALFORMED) {
                reply = Reply.ok(MALFORMED_CONTENT);
            } else {
                try {
                    reply = responder.apply(body);
                } catch (RuntimeException e) {
                    reply = Reply.error(500, "server_error", null, "stub responder failed: " + e.getMessage());
                }
            }
            count(fault == Outcome.MALFORMED ? Outcome.MALFORMED : outcomeOf(reply.status()));
            // The answer is due a latency after the request arrived: the stub's own reading and answering
            // are inside it, as a real endpoint's are inside the latency it is measured by.
            pause(Duration.ofNanos(arrived + latency.toNanos() - System.nanoTime()));
            // In flight until the answer leaves: a client that gives its slot on as soon as it has read an answer
            // may send its next request before this thread runs again.
            answered = true;
            inFlight.decrementAndGet();
            // Counted as done before it is sent: a client that has read the answer finds it in the counts.
            lastDone.accumulateAndGet(System.nanoTime(), Math::max);
            if (reply.status() == 200) {
                send(exchange, 200, completion(body, bodyLength, reply));
            } else {
                send(exchange, reply.status(), reply.errorBody() == null ? "" : reply.errorBody());
            }
        } finally {
            if (!answered) {
                inFlight.decrementAndGet();
                lastDone.accumulateAndGet(System.nanoTime(), Math::max);
            }
        }
    }

    private Outcome drawFault() {
        Faults f = faults;
        if (!f.any()) {
            return null;
        }
        double u;
        synchronized (this) {
            u = draws.nextDouble();
        }
        return f.pick(u);
    }

    static Outcome outcomeOf(int status) {
        if (status == 200) {
            return Outcome.OK;
        }
        if (status == 429) {
            return Outcome.RATE_LIMITED;
        }
        return status >= 500 ? Outcome.SERVER_ERROR : Outcome.OTHER_ERROR;
    }

    private void count(Outcome outcome) {
        outcomes.incrementAndGet(outcome.ordinal());
    }

    /** Sleeps on the request's virtual thread, which frees its carrier for other requests. */
    private static void pause(Duration duration) {
        if (duration.isZero() || duration.isNegative()) {
            return;
        }
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A chat completion; tokens are estimated at four bytes each, the id numbered rather than random. */
    static String completion(JsonNode request, int requestBytes, Reply reply) {
        int promptTokens = Math.max(1, requestBytes / 4);
        int completionTokens = Math.max(1, (reply.content() == null ? 0 : reply.content().length()) / 4);
        ObjectNode root = JSON.createObjectNode();
        root.put("id", "chatcmpl-stub-" + COMPLETIONS.incrementAndGet());
        root.put("object", "chat.completion");
        root.put("created", Instant.now().getEpochSecond());
        root.put("model", request.path("model").asText("stub-model"));
        ObjectNode choice = root.putArray("choices").addObject();
        choice.put("index", 0);
        ObjectNode message = choice.putObject("message").put("role", "assistant").put("content", reply.content());
        if (reply.message() != null) {
            message.setAll(reply.message());
        }
        choice.putNull("logprobs");
        choice.put("finish_reason", reply.finishReason());
        root.putObject("usage").put("prompt_tokens", promptTokens).put("completion_tokens", completionTokens)
                .put("total_tokens", promptTokens + completionTokens);
        return root.toString();
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        if (status == 429) {
            exchange.getResponseHeaders().set("Retry-After", Integer.toString(RETRY_AFTER_SECONDS));
        }
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }
}
