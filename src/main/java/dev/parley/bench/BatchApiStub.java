package dev.parley.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;

/**
 * The OpenAI Files and Batches endpoints for the {@link OpenAiStubServer}, in the shapes of OpenAI's API
 * reference: {@code POST /v1/files} (multipart, purpose {@code batch}), {@code GET /v1/files/{id}/content},
 * {@code POST /v1/batches}, {@code GET /v1/batches} (newest first, {@code after} and {@code limit}),
 * {@code GET /v1/batches/{id}} and {@code POST /v1/batches/{id}/cancel}. A batch is {@code in_progress} for
 * its {@linkplain #completionDelay(Duration) delay} and then answers each line with the stub server's responder,
 * writing an output file of {@code {custom_id, response: {status_code, body}}} lines and an error file of the
 * lines that failed or were never run. Tests can make batches {@linkplain #expireNextBatch(int) expire} after
 * some lines, {@linkplain #failEvery(int) fail} some lines, or {@linkplain #failNextBatch() fail} a whole batch.
 * Every answered line is recorded, so a test can check that no request was answered twice.
 *
 * <p>Longer than most classes because the six endpoints share one in-memory provider (files, batches and their
 * life cycle), which a test drives as a whole.
 */
public final class BatchApiStub {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern BOUNDARY = Pattern.compile("boundary=\"?([^\";]+)\"?");

    /** A batch as the stub keeps it. */
    private static final class StubBatch {
        final String id;
        final String inputFileId;
        final long createdAt = Instant.now().getEpochSecond();
        final long createdNanos = System.nanoTime();
        final int expireAfter;
        final boolean fail;
        final JsonNode metadata;
        String status = "validating";
        String outputFileId;
        String errorFileId;
        int total;
        int completed;
        int failed;

        StubBatch(String id, String inputFileId, int expireAfter, boolean fail, JsonNode metadata) {
            this.id = id;
            this.inputFileId = inputFileId;
            this.expireAfter = expireAfter;
            this.fail = fail;
            this.metadata = metadata;
        }
    }

    private final Function<JsonNode, OpenAiStubServer.Reply> responder;
    private final Map<String, byte[]> files = Collections.synchronizedMap(new LinkedHashMap<>());
    private final Map<String, StubBatch> batches = Collections.synchronizedMap(new LinkedHashMap<>());
    private final List<JsonNode> answered = Collections.synchronizedList(new ArrayList<>());
    private final AtomicLong ids = new AtomicLong();
    private final List<Integer> uploads = Collections.synchronizedList(new ArrayList<>());
    private volatile Duration delay = Duration.ZERO;
    private volatile int failEvery;
    private volatile int expireNext = -1;
    private volatile boolean failNext;

    /** @param responder answers one request body, as the stub server's chat completions do */
    BatchApiStub(Function<JsonNode, OpenAiStubServer.Reply> responder) {
        this.responder = responder;
    }

    /** How long a batch stays in progress after its creation before it is answered; a change applies to open batches. */
    public void completionDelay(Duration delay) {
        this.delay = delay;
    }

    /** Every {@code n}th line of a batch (from the {@code n}th) gets a 500 in the error file; 0 for none. */
    public void failEvery(int n) {
        this.failEvery = n;
    }

    /** The next batch created answers its first {@code answered} lines and then expires. */
    public void expireNextBatch(int answered) {
        this.expireNext = answered;
    }

    /** The next batch created fails as a whole (a refused input file) and answers nothing. */
    public void failNextBatch() {
        this.failNext = true;
    }

    /** Forgets everything. */
    public void reset() {
        files.clear();
        batches.clear();
        answered.clear();
        uploads.clear();
        delay = Duration.ZERO;
        failEvery = 0;
        expireNext = -1;
        failNext = false;
    }

    /** The request bodies of every line answered 200, across all batches, in the order answered. */
    public List<JsonNode> answeredRequests() {
        synchronized (answered) {
            return List.copyOf(answered);
        }
    }

    /** Batches created, oldest first: their status and request counts, as {@code GET /v1/batches/{id}} shows them. */
    public List<JsonNode> batches() {
        synchronized (batches) {
            return batches.values().stream().<JsonNode>map(this::view).toList();
        }
    }

    /** Input files uploaded. */
    public int uploads() {
        return uploads.size();
    }

    /** The size in bytes of each input file uploaded, in upload order. */
    public List<Integer> uploadSizes() {
        synchronized (uploads) {
            return List.copyOf(uploads);
        }
    }

    // ---- HTTP ---------------------------------------------------------------------------------

    void files(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if ("POST".equals(exchange.getRequestMethod()) && path.equals("/v1/files")) {
                byte[] content = filePart(exchange);
                if (content == null) {
                    send(exchange, 400, error("no file part with purpose batch"));
                    return;
                }
                String id = "file-" + ids.incrementAndGet();
                files.put(id, content);
                uploads.add(content.length);
                send(exchange, 200, JSON.createObjectNode().put("id", id).put("object", "file").put("bytes", content.length)
                        .put("created_at", Instant.now().getEpochSecond()).put("filename", id + ".jsonl")
                        .put("purpose", "batch").toString());
                return;
            }
            Matcher m = Pattern.compile("^/v1/files/([^/]+)/content$").matcher(path);
            if ("GET".equals(exchange.getRequestMethod()) && m.matches() && files.containsKey(m.group(1))) {
                sendBytes(exchange, 200, files.get(m.group(1)), "application/octet-stream");
                return;
            }
            send(exchange, 404, error("no such file"));
        }
    }

    void batches(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            if (path.equals("/v1/batches") && "POST".equals(method)) {
                JsonNode body = JSON.readTree(exchange.getRequestBody().readAllBytes());
                String fileId = body.path("input_file_id").asText();
                if (!files.containsKey(fileId) || !"/v1/chat/completions".equals(body.path("endpoint").asText())) {
                    send(exchange, 400, error("unknown input_file_id or endpoint"));
                    return;
                }
                int expire = expireNext;
                expireNext = -1;
                boolean fail = failNext;
                failNext = false;
                var batch = new StubBatch("batch_" + ids.incrementAndGet(), fileId, expire, fail, body.path("metadata"));
                batch.total = lines(files.get(fileId)).size();
                batches.put(batch.id, batch);
                send(exchange, 200, view(batch).toString());
                return;
            }
            if (path.equals("/v1/batches") && "GET".equals(method)) {
                send(exchange, 200, list(exchange.getRequestURI().getQuery()).toString());
                return;
            }
            Matcher m = Pattern.compile("^/v1/batches/([^/]+)(/cancel)?$").matcher(path);
            StubBatch batch = m.matches() ? batches.get(m.group(1)) : null;
            if (batch == null) {
                send(exchange, 404, error("no such batch"));
                return;
            }
            synchronized (batch) {
                if (m.group(2) != null && "POST".equals(method)) {
                    cancel(batch);
                } else {
                    advance(batch);
                }
                send(exchange, 200, view(batch).toString());
            }
        }
    }

    // ---- batches ------------------------------------------------------------------------------

    private void advance(StubBatch batch) {
        if (!batch.status.equals("validating") && !batch.status.equals("in_progress")) {
            return;
        }
        if (System.nanoTime() - batch.createdNanos < delay.toNanos()) {
            batch.status = "in_progress";
            return;
        }
        if (batch.fail) {
            batch.status = "failed";
            return;
        }
        List<JsonNode> lines = lines(files.get(batch.inputFileId));
        var output = new StringBuilder();
        var errors = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            JsonNode line = lines.get(i);
            String customId = line.path("custom_id").asText();
            if (batch.expireAfter >= 0 && i >= batch.expireAfter) {
                errors.append(errorLine(customId, "batch_expired", "This request could not be executed before the completion window expired."));
                batch.failed++;
            } else if (failEvery > 0 && (i + 1) % failEvery == 0) {
                errors.append(resultLine(customId, 500, tree(OpenAiStubServer.Reply.serverError().errorBody())));
                batch.failed++;
            } else {
                OpenAiStubServer.Reply reply = responder.apply(line.path("body"));
                JsonNode body = tree(reply.status() == 200
                        ? OpenAiStubServer.completion(line.path("body"), line.path("body").toString().length(), reply)
                        : reply.errorBody());
                (reply.status() == 200 ? output : errors).append(resultLine(customId, reply.status(), body));
                if (reply.status() == 200) {
                    answered.add(line.path("body"));
                    batch.completed++;
                } else {
                    batch.failed++;
                }
            }
        }
        batch.outputFileId = store(output);
        batch.errorFileId = store(errors);
        batch.status = batch.expireAfter >= 0 ? "expired" : "completed";
    }

    private void cancel(StubBatch batch) {
        if (batch.status.equals("validating") || batch.status.equals("in_progress")) {
            var errors = new StringBuilder();
            for (JsonNode line : lines(files.get(batch.inputFileId))) {
                errors.append(errorLine(line.path("custom_id").asText(), "batch_cancelled", "The batch was cancelled."));
                batch.failed++;
            }
            batch.errorFileId = store(errors);
            batch.status = "cancelled";
        }
    }

    private String store(StringBuilder content) {
        if (content.isEmpty()) {
            return null;
        }
        String id = "file-" + ids.incrementAndGet();
        files.put(id, content.toString().getBytes(StandardCharsets.UTF_8));
        return id;
    }

    private JsonNode list(String query) {
        Map<String, String> params = new LinkedHashMap<>();
        if (query != null) {
            for (String pair : query.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    params.put(pair.substring(0, eq), pair.substring(eq + 1));
                }
            }
        }
        int limit = Integer.parseInt(params.getOrDefault("limit", "20"));
        List<StubBatch> newestFirst;
        synchronized (batches) {
            newestFirst = new ArrayList<>(batches.values());
        }
        Collections.reverse(newestFirst);
        int from = 0;
        if (params.containsKey("after")) {
            for (int i = 0; i < newestFirst.size(); i++) {
                if (newestFirst.get(i).id.equals(params.get("after"))) {
                    from = i + 1;
                }
            }
        }
        List<StubBatch> page = newestFirst.subList(from, Math.min(newestFirst.size(), from + limit));
        ObjectNode root = JSON.createObjectNode().put("object", "list");
        ArrayNode data = root.putArray("data");
        page.forEach(b -> data.add(view(b)));
        root.put("first_id", page.isEmpty() ? null : page.getFirst().id);
        root.put("last_id", page.isEmpty() ? null : page.getLast().id);
        root.put("has_more", from + limit < newestFirst.size());
        return root;
    }

    private ObjectNode view(StubBatch b) {
        ObjectNode node = JSON.createObjectNode().put("id", b.id).put("object", "batch").put("endpoint", "/v1/chat/completions")
                .put("input_file_id", b.inputFileId).put("completion_window", "24h").put("status", b.status)
                .put("output_file_id", b.outputFileId).put("error_file_id", b.errorFileId).put("created_at", b.createdAt);
        if (b.fail && b.status.equals("failed")) {
            ObjectNode errors = node.putObject("errors").put("object", "list");
            errors.putArray("data").addObject().put("code", "invalid_request").put("message", "the stub was told to fail this batch")
                    .putNull("param").putNull("line");
        } else {
            node.putNull("errors");
        }
        node.putObject("request_counts").put("total", b.total).put("completed", b.completed).put("failed", b.failed);
        node.set("metadata", b.metadata);
        return node;
    }

    private static String resultLine(String customId, int status, JsonNode body) {
        ObjectNode line = JSON.createObjectNode().put("id", "batch_req_" + customId).put("custom_id", customId);
        line.putObject("response").put("status_code", status).put("request_id", "req_" + customId).set("body", body);
        line.putNull("error");
        return line + "\n";
    }

    private static String errorLine(String customId, String code, String message) {
        ObjectNode line = JSON.createObjectNode().put("id", "batch_req_" + customId).put("custom_id", customId);
        line.putNull("response");
        line.putObject("error").put("code", code).put("message", message);
        return line + "\n";
    }

    private static List<JsonNode> lines(byte[] content) {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : new String(content, StandardCharsets.UTF_8).split("\n")) {
            if (!line.isBlank()) {
                lines.add(tree(line));
            }
        }
        return lines;
    }

    /** The {@code file} part of a multipart upload whose {@code purpose} part is {@code batch}. */
    private static byte[] filePart(HttpExchange exchange) throws IOException {
        String type = exchange.getRequestHeaders().getFirst("Content-Type");
        Matcher m = type == null ? null : BOUNDARY.matcher(type);
        if (m == null || !m.find()) {
            return null;
        }
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        // ISO-8859-1 maps bytes to chars one to one, so offsets in the text are offsets in the body.
        String text = new String(body, StandardCharsets.ISO_8859_1);
        String delimiter = "--" + m.group(1);
        boolean batchPurpose = false;
        byte[] file = null;
        for (String part : text.split(Pattern.quote(delimiter))) {
            int headersEnd = part.indexOf("\r\n\r\n");
            if (headersEnd < 0) {
                continue;
            }
            String headers = part.substring(0, headersEnd);
            String content = part.substring(headersEnd + 4, part.endsWith("\r\n") ? part.length() - 2 : part.length());
            if (headers.contains("name=\"purpose\"")) {
                batchPurpose = content.strip().equals("batch");
            } else if (headers.contains("name=\"file\"")) {
                file = content.getBytes(StandardCharsets.ISO_8859_1);
            }
        }
        return batchPurpose ? file : null;
    }

    private static JsonNode tree(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
        }
    }

    private static String error(String message) {
        return OpenAiStubServer.Reply.error(400, "invalid_request_error", null, message).errorBody();
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        sendBytes(exchange, status, body.getBytes(StandardCharsets.UTF_8), "application/json");
    }

    private static void sendBytes(HttpExchange exchange, int status, byte[] bytes, String type) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }
}
