package dev.parley.llm;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.openai.OpenAiChatRequestParameters;

import dev.parley.bench.OpenAiStubServer;
import dev.parley.config.ParleyConfig;
import io.quarkus.runtime.configuration.DurationConverter;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.runtime.configuration.MemorySizeConverter;
import io.smallrye.config.SmallRyeConfigBuilder;

/**
 * The batch machinery on its own against the stub's Files and Batches endpoints, with a store in memory: a
 * stage split by the provider's limits, the open-batch limit, a failed batch, and the two crash windows
 * around an upload (before it, and between the upload and storing the batch id).
 */
class BatchCollectorTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RUN = "run-1";

    private OpenAiStubServer stub;
    private final InMemoryBatchStore store = new InMemoryBatchStore();
    private final List<RunBatches> opened = new ArrayList<>();

    @BeforeEach
    void startStub() {
        stub = OpenAiStubServer.start();
        stub.respondWith(body -> OpenAiStubServer.Reply.ok("answer to " + OpenAiStubServer.userMessage(body)));
    }

    @AfterEach
    void stop() {
        opened.forEach(RunBatches::close);
        stub.close();
    }

    private ModelEndpoint endpoint() {
        return new ModelEndpoint(ModelRole.GENERATOR, Optional.of(stub.baseUrl()), Optional.of("test"), "gpt-4o-mini", 0.9,
                true);
    }

    private static ParleyConfig config(Map<String, String> batch) {
        var values = new java.util.HashMap<String, String>(Map.of("parley.llm.batch.settle", "100ms",
                "parley.llm.batch.poll-interval", "20ms", "parley.llm.batch.poll-max", "50ms",
                "parley.llm.retry-backoff", "10ms"));
        batch.forEach((k, v) -> values.put("parley.llm.batch." + k, v));
        // Quarkus's own converters read durations as "100ms" and sizes as "1M", as in application.properties.
        return new SmallRyeConfigBuilder().withMapping(ParleyConfig.class).withDefaultValues(values)
                .withConverter(Duration.class, 200, new DurationConverter())
                .withConverter(MemorySize.class, 200, new MemorySizeConverter()).build()
                .getConfigMapping(ParleyConfig.class);
    }

    private RunBatches batches(Map<String, String> settings) {
        var batches = new RunBatches(RUN, store, config(settings), JSON, (endpoint, requests, in, out) -> {
        }, () -> {
        });
        opened.add(batches);
        return batches;
    }

    private static ChatRequest request(int i) {
        return ChatRequest.builder().messages(UserMessage.from("question " + i))
                .parameters(OpenAiChatRequestParameters.builder().modelName("gpt-4o-mini").build()).build();
    }

    private static String hash(int i) {
        return String.format("%064d", i);
    }

    /** Asks {@code n} requests at once, one item each, and returns their answers' texts in order. */
    private List<String> askAll(RunBatches batches, int n) throws Exception {
        try (ExecutorService items = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<BatchAnswer>> answers = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int seq = i;
                answers.add(items.submit(() -> batches.lane(seq).answer(endpoint(), request(seq), hash(seq), true)));
            }
            List<String> texts = new ArrayList<>();
            for (Future<BatchAnswer> a : answers) {
                texts.add(a.get().text());
            }
            return texts;
        }
    }

    private List<Integer> totals() {
        return stub.batchApi().batches().stream().map(b -> b.path("request_counts").path("total").asInt()).toList();
    }

    @Test
    void splits_a_stage_larger_than_one_file_into_several_batches() throws Exception {
        List<String> answers = askAll(batches(Map.of("max-requests", "4")), 10);

        assertThat(answers).hasSize(10).allSatisfy(a -> assertThat(a).startsWith("answer to question "));
        assertThat(answers.get(7)).isEqualTo("answer to question 7");
        assertThat(totals()).containsExactly(4, 4, 2);
        assertThat(stub.batchApi().answeredRequests()).hasSize(10).doesNotHaveDuplicates();
    }

    @Test
    void splits_by_the_bytes_of_a_file_too() throws Exception {
        // One line of these requests is 150 to 200 bytes: a file of at most 500 bytes holds two or three.
        askAll(batches(Map.of("max-bytes", "500")), 7);

        assertThat(stub.batchApi().uploadSizes()).hasSizeGreaterThanOrEqualTo(3).allSatisfy(size -> assertThat(size)
                .isLessThanOrEqualTo(500));
        assertThat(totals()).allSatisfy(t -> assertThat(t).isBetween(1, 3));
        assertThat(totals().stream().mapToInt(Integer::intValue).sum()).isEqualTo(7);
        assertThat(stub.batchApi().answeredRequests()).hasSize(7).doesNotHaveDuplicates();
    }

    @Test
    void keeps_no_more_batches_open_than_allowed() throws Exception {
        stub.batchApi().completionDelay(Duration.ofMillis(200));
        AtomicInteger mostOpen = new AtomicInteger();
        AtomicBoolean watching = new AtomicBoolean(true);
        Thread watcher = Thread.ofVirtual().start(() -> {
            while (watching.get()) {
                int open = (int) stub.batchApi().batches().stream()
                        .filter(b -> List.of("validating", "in_progress").contains(b.path("status").asText())).count();
                mostOpen.accumulateAndGet(open, Math::max);
                Thread.onSpinWait();
            }
        });

        askAll(batches(Map.of("max-requests", "3", "max-open", "1")), 9);
        watching.set(false);
        watcher.join();

        assertThat(totals()).containsExactly(3, 3, 3);
        assertThat(mostOpen.get()).isEqualTo(1);
    }

    @Test
    void a_failed_batch_sends_its_requests_again() throws Exception {
        stub.batchApi().failNextBatch();

        List<String> answers = askAll(batches(Map.of()), 3);

        assertThat(answers).containsExactly("answer to question 0", "answer to question 1", "answer to question 2");
        assertThat(stub.batchApi().batches()).extracting(b -> b.path("status").asText()).containsExactly("failed", "completed");
        assertThat(store.batches(RUN)).extracting(BatchStore.StoredBatch::status).containsExactly("failed", "completed");
    }

    @Test
    void a_batch_created_before_its_id_was_stored_is_found_by_its_input_file() throws Exception {
        // As a process killed between creating the batch and storing its id leaves it: the provider has the file and
        // the batch; the store knows the file only.
        byte[] line = JSON.writeValueAsBytes(JSON.createObjectNode().put("custom_id", "0-x-1").put("method", "POST")
                .put("url", "/v1/chat/completions").set("body", JSON.valueToTree(Map.of("model", "gpt-4o-mini",
                        "messages", List.of(Map.of("role", "user", "content", "question 0"))))));
        var api = new OpenAiBatchApi(endpoint(), JSON, Duration.ofSeconds(5));
        String fileId = api.upload(line, "crashed.jsonl");
        api.create(fileId, Map.of());
        store.open(RUN, new BatchStore.StoredBatch("ref-0", ModelRole.GENERATOR, "gpt-4o-mini", Optional.empty(),
                Optional.empty(), BatchStore.UPLOADING, 1, 0, 0), List.of(new BatchStore.StoredRequest("0-x-1", "ref-0", 0,
                        hash(0), 1)));
        store.fileUploaded(RUN, "ref-0", fileId);

        List<String> answers = askAll(batches(Map.of()), 1);

        assertThat(answers).containsExactly("answer to question 0");
        assertThat(stub.batchApi().batches()).as("no second batch").hasSize(1);
        assertThat(stub.batchApi().uploads()).isEqualTo(1);
    }

    @Test
    void a_batch_stored_but_never_uploaded_is_sent_as_a_new_one() throws Exception {
        store.open(RUN, new BatchStore.StoredBatch("ref-0", ModelRole.GENERATOR, "gpt-4o-mini", Optional.empty(),
                Optional.empty(), BatchStore.UPLOADING, 1, 0, 0), List.of(new BatchStore.StoredRequest("0-x-1", "ref-0", 0,
                        hash(0), 1)));

        List<String> answers = askAll(batches(Map.of()), 1);

        assertThat(answers).containsExactly("answer to question 0");
        assertThat(store.batches(RUN)).extracting(BatchStore.StoredBatch::status)
                .containsExactly(BatchStore.ABANDONED, "completed");
        assertThat(store.latestRequest(RUN, hash(0)).orElseThrow().attempt()).isEqualTo(2);
        List<JsonNode> answered = stub.batchApi().answeredRequests();
        assertThat(answered).hasSize(1);
    }
}
