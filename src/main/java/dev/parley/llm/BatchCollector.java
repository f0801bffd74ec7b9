package dev.parley.llm;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.openai.OpenAiChatRequestParameters;
import dev.langchain4j.model.openai.internal.OpenAiUtils;

import dev.parley.config.ParleyConfig;

/**
 * The requests of one run for one endpoint and model in batch mode. Items' threads hand their requests in
 * and wait; once no new request has come for the settle time (or a file is full) the waiting requests are
 * stored with their batch, written as one JSONL input file, uploaded, and made a batch; a watcher polls it
 * with backoff and, when it ends, hands each waiting request its answer from the output file, or tells it
 * that it is unanswered (expired, cancelled, failed) so it goes into the next batch. A request a resumed
 * item asks again finds its stored batch and waits on it instead.
 *
 * <p>Longer than most classes because the submission, the watching and the hand-over of answers share
 * the one map of outcomes by {@code custom_id}, and are easier to check side by side.
 */
final class BatchCollector {

    private static final Logger LOG = Logger.getLogger(BatchCollector.class);
    /** How often a waiting item looks whether its run is stopping. */
    private static final long STOP_CHECK_MILLIS = 200;

    /** What became of a request in a batch that ended. */
    private sealed interface Outcome {
    }

    private record Answered(BatchAnswer answer) implements Outcome {
    }

    /** Not answered (the batch expired, was cancelled or failed, or never reached the provider): send it again. */
    private record Unanswered(String why) implements Outcome {
    }

    private record Failed(ModelCallException failure) implements Outcome {
    }

    /** A request waiting to be put in a batch. */
    private record Pending(BatchStore.StoredRequest request, byte[] line, long inputTokens, long outputTokens) {
    }

    private final String runId;
    private final ModelEndpoint endpoint;
    private final BatchStore store;
    private final OpenAiBatchApi api;
    private final ParleyConfig.Batch settings;
    private final ObjectMapper json;
    private final BatchAdmission admission;
    private final Runnable stopCheck;
    private final int attempts;
    private final Duration retryBackoff;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition arrived = lock.newCondition();
    private final List<Pending> pending = new ArrayList<>();
    /** The bytes the waiting requests' lines take in a file, each with its newline. */
    private long pendingBytes;
    private long lastArrival;
    private final Map<String, CompletableFuture<Outcome>> outcomes = new ConcurrentHashMap<>();
    private final Set<String> watched = ConcurrentHashMap.newKeySet();
    private final Semaphore openSlots;
    private volatile boolean closed;
    private Thread flusher;

    BatchCollector(String runId, ModelEndpoint endpoint, BatchStore store, OpenAiBatchApi api, ParleyConfig config,
            ObjectMapper json, BatchAdmission admission, Runnable stopCheck) {
        this.runId = runId;
        this.endpoint = endpoint;
        this.store = store;
        this.api = api;
        this.settings = config.llm().batch();
        this.json = json;
        this.admission = admission;
        this.stopCheck = stopCheck;
        this.attempts = Math.max(1, config.llm().maxRetries() + 1);
        this.retryBackoff = config.llm().retryBackoff();
        this.openSlots = new Semaphore(Math.max(1, settings.maxOpen()));
    }

    /** See {@link BatchLane#answer}; {@code seq} is the item the request is made for. */
    BatchAnswer answer(int seq, ChatRequest request, String hash, boolean mayBeStored) {
        String lastWhy = "";
        if (mayBeStored) {
            Optional<BatchStore.StoredRequest> stored = store.latestRequest(runId, hash);
            if (stored.isPresent()) {
                watch(stored.get().ref(), false);
                Outcome outcome = await(stored.get().customId());
                if (outcome instanceof Answered a) {
                    return a.answer();
                }
                if (outcome instanceof Failed f) {
                    throw f.failure();
                }
                lastWhy = ((Unanswered) outcome).why();
            }
        }
        byte[] line = line(request);
        long inputTokens = Math.max(1, line.length / 4);
        Integer maxTokens = request.parameters() == null ? null : request.parameters().maxOutputTokens();
        long outputTokens = maxTokens != null ? maxTokens : inputTokens;
        for (int round = 0; round < attempts; round++) {
            int attempt = store.latestRequest(runId, hash).map(BatchStore.StoredRequest::attempt).orElse(0) + 1;
            String customId = seq + "-" + hash.substring(0, Math.min(16, hash.length())) + "-" + attempt;
            var stored = new BatchStore.StoredRequest(customId, "", seq, hash, attempt);
            enqueue(new Pending(stored, withCustomId(line, customId), inputTokens, outputTokens));
            Outcome outcome = await(customId);
            if (outcome instanceof Answered a) {
                return a.answer();
            }
            if (outcome instanceof Failed f) {
                throw f.failure();
            }
            lastWhy = ((Unanswered) outcome).why();
        }
        throw new ModelCallException(ModelCallException.Kind.TRANSIENT, "no answer from " + endpoint.model()
                + " through " + attempts + " batch(es): " + lastWhy, null);
    }

    /** Stops submitting and watching; waiting items notice the run's stop themselves. */
    void close() {
        closed = true;
        lock.lock();
        try {
            for (Pending p : pending) {
                outcomes.computeIfAbsent(p.request().customId(), k -> new CompletableFuture<>()).complete(new Failed(
                        new ModelCallException(ModelCallException.Kind.STOPPED, "the run is stopping", null)));
            }
            pending.clear();
            pendingBytes = 0;
            arrived.signalAll();
        } finally {
            lock.unlock();
        }
        if (flusher != null) {
            flusher.interrupt();
        }
    }

    // ---- collecting and submitting ------------------------------------------------------------

    private void enqueue(Pending request) {
        lock.lock();
        try {
            if (closed) {
                throw new ModelCallException(ModelCallException.Kind.STOPPED, "the run is stopping", null);
            }
            outcomes.put(request.request().customId(), new CompletableFuture<>());
            pending.add(request);
            pendingBytes += request.line().length + 1;
            lastArrival = System.nanoTime();
            if (flusher == null) {
                flusher = Thread.ofVirtual().name("batch-" + runId + "-" + endpoint.role().key()).start(this::flushLoop);
            }
            arrived.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void flushLoop() {
        while (!closed) {
            List<Pending> chunk;
            lock.lock();
            try {
                while (!closed && pending.isEmpty()) {
                    arrived.await();
                }
                long settle = settings.settle().toNanos();
                long quiet;
                while (!closed && !full() && (quiet = System.nanoTime() - lastArrival) < settle) {
                    arrived.awaitNanos(settle - quiet);
                }
                if (closed) {
                    return;
                }
                chunk = takeChunk();
            } catch (InterruptedException e) {
                return;
            } finally {
                lock.unlock();
            }
            submit(chunk);
        }
    }

    private boolean full() {
        return pending.size() >= settings.maxRequests() || pendingBytes >= settings.maxBytes();
    }

    /** The oldest waiting requests that fit in one file (at least one, however large). */
    private List<Pending> takeChunk() {
        List<Pending> chunk = new ArrayList<>();
        long bytes = 0;
        while (!pending.isEmpty() && chunk.size() < settings.maxRequests()) {
            Pending next = pending.getFirst();
            if (!chunk.isEmpty() && bytes + next.line().length + 1 > settings.maxBytes()) {
                break;
            }
            bytes += next.line().length + 1;
            chunk.add(pending.removeFirst());
        }
        pendingBytes -= bytes;
        return chunk;
    }

    private void submit(List<Pending> chunk) {
        try {
            stopCheck.run();
            admission.admit(endpoint, chunk.size(), chunk.stream().mapToLong(Pending::inputTokens).sum(),
                    chunk.stream().mapToLong(Pending::outputTokens).sum());
        } catch (ModelCallException e) {
            complete(chunk, new Failed(e));
            return;
        }
        try {
            openSlots.acquire();
        } catch (InterruptedException e) {
            complete(chunk, new Failed(new ModelCallException(ModelCallException.Kind.STOPPED, "the run is stopping", e)));
            return;
        }
        String ref = UUID.randomUUID().toString();
        List<BatchStore.StoredRequest> requests = chunk.stream().map(p -> new BatchStore.StoredRequest(
                p.request().customId(), ref, p.request().seq(), p.request().requestHash(), p.request().attempt())).toList();
        boolean slotHandedOn = false;
        try {
            // Stored before anything reaches the provider: a crash from here on finds the batch on resume.
            store.open(runId, new BatchStore.StoredBatch(ref, endpoint.role(), endpoint.model(), Optional.empty(),
                    Optional.empty(), BatchStore.UPLOADING, chunk.size(), 0, 0), requests);
            var file = new ByteArrayOutputStream();
            chunk.forEach(p -> {
                file.writeBytes(p.line());
                file.write('\n');
            });
            String fileId = withRetries(() -> api.upload(file.toByteArray(), "parley-" + ref + ".jsonl"));
            store.fileUploaded(runId, ref, fileId);
            OpenAiBatchApi.ProviderBatch batch = withRetries(() -> api.create(fileId, metadata(ref)));
            store.created(runId, ref, batch.id(), batch.status());
            LOG.infof("run %s: batch %s of %d %s requests submitted", runId, batch.id(), chunk.size(), endpoint.role().key());
            slotHandedOn = true;
            watch(ref, true);
        } catch (ModelCallException e) {
            complete(chunk, new Failed(e));
        } catch (RuntimeException e) {
            complete(chunk, new Failed(ModelGateway.classify(endpoint, e)));
        } finally {
            if (!slotHandedOn) {
                openSlots.release();
            }
        }
    }

    private Map<String, String> metadata(String ref) {
        return Map.of("parley_run", runId, "parley_batch", ref);
    }

    private void complete(List<Pending> chunk, Outcome outcome) {
        for (Pending p : chunk) {
            outcomes.computeIfAbsent(p.request().customId(), k -> new CompletableFuture<>()).complete(outcome);
        }
    }

    // ---- watching -----------------------------------------------------------------------------

    /** Polls a stored batch until it ends, then hands out its answers; once per batch and process. */
    private void watch(String ref, boolean holdsSlot) {
        if (!watched.add(ref)) {
            if (holdsSlot) {
                openSlots.release();
            }
            return;
        }
        Thread.ofVirtual().name("batch-watch-" + ref).start(() -> {
            try {
                watchUntilEnded(ref);
            } catch (RuntimeException e) {
                LOG.warnf("run %s: watching batch %s failed: %s", runId, ref, e.getMessage());
                ModelCallException failure = e instanceof ModelCallException m ? m : ModelGateway.classify(endpoint, e);
                store.requests(runId, ref).forEach(r -> outcome(r.customId()).complete(new Failed(failure)));
                // Watched again by the next request that finds it, once the endpoint answers.
                watched.remove(ref);
            } finally {
                // An ended batch stays watched: its outcomes wait in the map for requests not yet back.
                if (holdsSlot) {
                    openSlots.release();
                }
            }
        });
    }

    private void watchUntilEnded(String ref) {
        BatchStore.StoredBatch stored = store.batch(runId, ref).orElseThrow();
        List<BatchStore.StoredRequest> requests = store.requests(runId, ref);
        if (stored.status().equals(BatchStore.ABANDONED) || stored.batchId().isEmpty() && stored.fileId().isEmpty()) {
            // Never uploaded (a crash between storing and uploading): nothing was paid, send them again.
            store.status(runId, ref, BatchStore.ABANDONED, 0, 0);
            requests.forEach(r -> outcome(r.customId()).complete(new Unanswered("its batch was never uploaded")));
            return;
        }
        String batchId = stored.batchId().orElseGet(() -> recreate(ref, stored.fileId().get()));
        Duration pause = settings.pollInterval();
        OpenAiBatchApi.ProviderBatch batch;
        while (true) {
            if (closed) {
                return;
            }
            try {
                batch = api.get(batchId);
                store.status(runId, ref, batch.status(), batch.completed(), batch.failed());
                if (batch.ended()) {
                    break;
                }
            } catch (ModelCallException e) {
                if (e.kind() == ModelCallException.Kind.REFUSED || e.kind() == ModelCallException.Kind.STOPPED) {
                    throw e;
                }
                LOG.warnf("run %s: polling batch %s: %s", runId, batchId, e.getMessage());
            }
            if (!sleep(pause)) {
                return;
            }
            pause = pause.multipliedBy(2).compareTo(settings.pollMax()) > 0 ? settings.pollMax() : pause.multipliedBy(2);
        }
        Map<String, Outcome> results = new HashMap<>();
        batch.outputFileId().ifPresent(id -> readResults(withRetries(() -> api.content(id)), results));
        batch.errorFileId().ifPresent(id -> readResults(withRetries(() -> api.content(id)), results));
        String why = "batch " + batchId + " ended " + batch.status() + (batch.errors().isEmpty() ? "" : ": " + batch.errors());
        for (BatchStore.StoredRequest r : requests) {
            outcome(r.customId()).complete(results.getOrDefault(r.customId(), new Unanswered(why)));
        }
        LOG.infof("run %s: batch %s %s (%d answered of %d)", runId, batchId, batch.status(),
                results.values().stream().filter(Answered.class::isInstance).count(), requests.size());
    }

    /** A batch whose file was uploaded but whose creation was not stored: the provider's, if it made one. */
    private String recreate(String ref, String fileId) {
        OpenAiBatchApi.ProviderBatch batch = withRetries(() -> api.findByInputFile(fileId))
                .orElseGet(() -> withRetries(() -> api.create(fileId, metadata(ref))));
        store.created(runId, ref, batch.id(), batch.status());
        return batch.id();
    }

    /** Reads the lines of an output or error file into outcomes by {@code custom_id}. */
    private void readResults(String text, Map<String, Outcome> results) {
        for (String line : text.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode node;
            try {
                node = json.readTree(line);
            } catch (JsonProcessingException e) {
                LOG.warnf("run %s: a batch result line is not JSON: %s", runId, e.getOriginalMessage());
                continue;
            }
            String customId = node.path("custom_id").asText("");
            JsonNode response = node.path("response");
            int status = response.path("status_code").asInt(0);
            if (status == 200) {
                JsonNode body = response.path("body");
                JsonNode choice = body.path("choices").path(0);
                results.put(customId, new Answered(new BatchAnswer(choice.path("message").path("content").asText(null),
                        choice.path("finish_reason").asText(""), body.path("usage").path("prompt_tokens").asLong(),
                        body.path("usage").path("completion_tokens").asLong())));
            } else if (status == 429 || status >= 500 || status == 0) {
                String code = node.path("error").path("code").asText(status == 0 ? "no answer" : "HTTP " + status);
                results.put(customId, new Unanswered(code + " " + node.path("error").path("message").asText("")));
            } else {
                results.put(customId, new Failed(ModelGateway.classify(endpoint, new dev.langchain4j.exception.HttpException(
                        status, response.path("body").toString()))));
            }
        }
    }

    // ---- waiting ------------------------------------------------------------------------------

    private CompletableFuture<Outcome> outcome(String customId) {
        return outcomes.computeIfAbsent(customId, k -> new CompletableFuture<>());
    }

    /** Waits for a request's outcome, looking every so often whether the run is stopping. */
    private Outcome await(String customId) {
        CompletableFuture<Outcome> future = outcome(customId);
        try {
            while (true) {
                try {
                    return future.get(STOP_CHECK_MILLIS, TimeUnit.MILLISECONDS);
                } catch (TimeoutException e) {
                    stopCheck.run();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ModelCallException(ModelCallException.Kind.STOPPED, "interrupted while waiting for a batch", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("a batch outcome failed", e.getCause());
        } finally {
            if (future.isDone()) {
                outcomes.remove(customId, future);
            }
        }
    }

    private <T> T withRetries(Supplier<T> call) {
        ModelCallException last = null;
        for (int attempt = 1; attempt <= attempts; attempt++) {
            try {
                return call.get();
            } catch (ModelCallException e) {
                if (e.kind() != ModelCallException.Kind.TRANSIENT) {
                    throw e;
                }
                last = e;
                if (!sleep(retryBackoff.multipliedBy(1L << Math.min(attempt - 1, 10)))) {
                    throw new ModelCallException(ModelCallException.Kind.STOPPED, "the run is stopping", e);
                }
            }
        }
        throw last;
    }

    private boolean sleep(Duration pause) {
        try {
            Thread.sleep(pause);
            return !closed;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    // ---- request lines ------------------------------------------------------------------------

    /**
     * The batch line of a request, its {@code custom_id} left to fill: the body is what LangChain4j's OpenAI
     * client sends for the same request, so a batched request and a direct one are the same request.
     */
    private byte[] line(ChatRequest request) {
        OpenAiChatRequestParameters parameters = request.parameters() instanceof OpenAiChatRequestParameters p ? p
                : OpenAiChatRequestParameters.builder().overrideWith(request.parameters()).build();
        Object body = OpenAiUtils.toOpenAiChatRequest(request, parameters, false, false).build();
        ObjectNode line = json.createObjectNode();
        line.put("custom_id", "");
        line.put("method", "POST");
        line.put("url", OpenAiBatchApi.CHAT_COMPLETIONS);
        line.set("body", json.valueToTree(body));
        try {
            return json.writeValueAsBytes(line);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a batch line", e);
        }
    }

    private byte[] withCustomId(byte[] line, String customId) {
        try {
            ObjectNode node = (ObjectNode) json.readTree(line);
            node.put("custom_id", customId);
            return json.writeValueAsString(node).getBytes(StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot write a batch line", e);
        }
    }
}
