package dev.parley.llm;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.langchain4j.exception.HttpException;

/**
 * The OpenAI-compatible Files and Batches endpoints one batch needs: upload a JSONL input file
 * ({@code POST /files}, purpose {@code batch}), create a batch of {@code /v1/chat/completions} requests from it
 * ({@code POST /batches}, 24 hour window), read it ({@code GET /batches/{id}}), find the batch of an input file
 * ({@code GET /batches}, paged), download an output or error file ({@code GET /files/{id}/content}) and cancel
 * ({@code POST /batches/{id}/cancel}), as OpenAI's API reference describes them. Failures are classified as
 * those of a chat call ({@link ModelGateway#classify}): 429 and 5xx are transient, other 4xx refusals.
 */
final class OpenAiBatchApi {

    /** The endpoint every batch line is sent to. */
    static final String CHAT_COMPLETIONS = "/v1/chat/completions";
    /** Pages of the batch list read when looking for the batch of an input file. */
    private static final int LIST_PAGES = 20;

    /**
     * A batch as the provider reports it.
     *
     * @param id           the batch id
     * @param status       the provider's status
     * @param inputFileId  the input file it was created from
     * @param outputFileId the file of answered requests, once there is one
     * @param errorFileId  the file of failed and unanswered requests, once there is one
     * @param completed    requests answered
     * @param failed       requests failed
     * @param errors       the reasons the whole batch failed, if it did
     */
    record ProviderBatch(String id, String status, String inputFileId, Optional<String> outputFileId,
            Optional<String> errorFileId, int completed, int failed, String errors) {

        /** Whether the provider is done with it. */
        boolean ended() {
            return switch (status) {
                case "completed", "failed", "expired", "cancelled" -> true;
                default -> false;
            };
        }
    }

    private final ModelEndpoint endpoint;
    private final String base;
    private final HttpClient http;
    private final ObjectMapper json;
    private final Duration timeout;

    OpenAiBatchApi(ModelEndpoint endpoint, ObjectMapper json, Duration timeout) {
        this.endpoint = endpoint;
        String url = endpoint.baseUrl().orElseThrow();
        this.base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        this.json = json;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    /** Uploads a batch input file and answers its id. */
    String upload(byte[] jsonl, String fileName) {
        String boundary = "parley-" + UUID.randomUUID();
        var body = new ByteArrayOutputStream();
        String head = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\nbatch\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName + "\"\r\n"
                + "Content-Type: application/jsonl\r\n\r\n";
        body.writeBytes(head.getBytes(StandardCharsets.UTF_8));
        body.writeBytes(jsonl);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpRequest request = request("/files").header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build();
        return text(send(request), "id");
    }

    /** Creates a batch of chat completions from an uploaded file. */
    ProviderBatch create(String inputFileId, Map<String, String> metadata) {
        ObjectNode body = json.createObjectNode().put("input_file_id", inputFileId).put("endpoint", CHAT_COMPLETIONS)
                .put("completion_window", "24h");
        ObjectNode meta = body.putObject("metadata");
        metadata.forEach(meta::put);
        return batch(send(request("/batches").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build()));
    }

    ProviderBatch get(String batchId) {
        return batch(send(request("/batches/" + batchId).GET().build()));
    }

    ProviderBatch cancel(String batchId) {
        return batch(send(request("/batches/" + batchId + "/cancel").POST(HttpRequest.BodyPublishers.noBody()).build()));
    }

    /** The batch created from an input file, if there is one among the newest batches. */
    Optional<ProviderBatch> findByInputFile(String inputFileId) {
        String after = null;
        for (int page = 0; page < LIST_PAGES; page++) {
            JsonNode list = send(request("/batches?limit=100" + (after == null ? "" : "&after=" + after)).GET().build());
            for (JsonNode b : list.path("data")) {
                if (inputFileId.equals(b.path("input_file_id").asText())) {
                    return Optional.of(batch(b));
                }
            }
            if (!list.path("has_more").asBoolean(false) || list.path("last_id").asText("").isEmpty()) {
                return Optional.empty();
            }
            after = list.path("last_id").asText();
        }
        return Optional.empty();
    }

    /** The text of an output or error file. */
    String content(String fileId) {
        return sendForText(request("/files/" + fileId + "/content").GET().build());
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout);
        endpoint.apiKey().ifPresent(key -> builder.header("Authorization", "Bearer " + key));
        return builder;
    }

    private JsonNode send(HttpRequest request) {
        String text = sendForText(request);
        try {
            return json.readTree(text);
        } catch (JsonProcessingException e) {
            throw ModelGateway.classify(endpoint, new IllegalStateException("the batch API answered " + request.uri().getPath()
                    + " with something that is not JSON: " + e.getOriginalMessage(), e));
        }
    }

    private String sendForText(HttpRequest request) {
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw ModelGateway.classify(endpoint, new IllegalStateException("batch API " + request.uri().getPath()
                    + ": " + e.getMessage(), e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ModelCallException(ModelCallException.Kind.STOPPED, "interrupted while calling the batch API", e);
        }
        if (response.statusCode() / 100 != 2) {
            throw ModelGateway.classify(endpoint, new HttpException(response.statusCode(), request.method() + " "
                    + request.uri().getPath() + ": " + response.body()));
        }
        return response.body();
    }

    private ProviderBatch batch(JsonNode b) {
        String errors = "";
        for (JsonNode e : b.path("errors").path("data")) {
            errors += (errors.isEmpty() ? "" : "; ") + e.path("code").asText("") + " " + e.path("message").asText("");
        }
        return new ProviderBatch(b.path("id").asText(), b.path("status").asText(), b.path("input_file_id").asText(),
                optional(b, "output_file_id"), optional(b, "error_file_id"),
                b.path("request_counts").path("completed").asInt(), b.path("request_counts").path("failed").asInt(),
                errors.strip());
    }

    private static Optional<String> optional(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() || value.asText().isEmpty() ? Optional.empty() : Optional.of(value.asText());
    }

    private static String text(JsonNode node, String field) {
        String value = node.path(field).asText("");
        if (value.isEmpty()) {
            throw new ModelCallException(ModelCallException.Kind.TRANSIENT, "the batch API answered without " + field, null);
        }
        return value;
    }
}
