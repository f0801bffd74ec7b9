package dev.parley.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.parley.bench.OpenAiStubServer;

/**
 * The English example in batch mode against the stub's Files and Batches endpoints, with the packaged
 * application killed (SIGKILL) while its first batch is open: the resume polls the same batch, and every
 * request reaches the stub exactly once. The report prices the calls at gpt-4o-mini's batch prices.
 */
class BatchModeIT {

    private static final Path RECIPE = PackagedParley.RECIPE;
    private static final Duration DEADLINE = PackagedParley.DEADLINE;

    private OpenAiStubServer stub;
    private final List<Process> processes = new ArrayList<>();

    @BeforeEach
    void startStub() {
        stub = OpenAiStubServer.start();
    }

    @AfterEach
    void stop() {
        processes.forEach(Process::destroyForcibly);
        stub.close();
    }

    private Process parley(Path dir, String name, String... args) throws IOException {
        Process p = PackagedParley.start(dir, Map.of("PARLEY_LLM_BASE_URL", stub.baseUrl(), "PARLEY_LLM_API_KEY", "test",
                "PARLEY_LLM_MODEL", "gpt-4o-mini", "PARLEY_LLM_BATCH", "true", "PARLEY_LLM_BATCH_SETTLE", "500ms",
                "PARLEY_LLM_BATCH_POLL_INTERVAL", "100ms", "PARLEY_LLM_BATCH_POLL_MAX", "300ms",
                "PARLEY_ENGINE_LEASE", "3s", "PARLEY_DATA_DIR", dir.resolve("data").toString()), name, args);
        processes.add(p);
        return p;
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (!condition.getAsBoolean()) {
            PackagedParley.checkDeadline(deadline, what);
            Thread.sleep(20);
        }
    }

    @Test
    void the_english_example_runs_in_batch_mode_across_a_kill_9_and_asks_every_request_once(@TempDir Path dir)
            throws Exception {
        // The first batch stays open until the process has been killed and the resume has found it.
        stub.batchApi().completionDelay(Duration.ofSeconds(8));
        Process first = parley(dir, "first", "generate", RECIPE.toString(), "--out", "out", "--count", "12");
        String id = PackagedParley.runId(dir, "first");
        await(() -> !stub.batchApi().batches().isEmpty(), "the first batch");

        first.destroyForcibly();
        first.waitFor();
        assertThat(stub.batchApi().answeredRequests()).as("answered before the kill").isEmpty();
        stub.batchApi().completionDelay(Duration.ofMillis(500));

        Process resumed = parley(dir, "resume", "resume", id, "--out", "out");

        assertThat(resumed.waitFor(DEADLINE.toSeconds(), TimeUnit.SECONDS)).as("resume finished").isTrue();
        assertThat(resumed.exitValue()).as("resume: %s", Files.readString(dir.resolve("resume.err"))).isZero();
        JsonNode report = new ObjectMapper().readTree(dir.resolve("out/report.json").toFile());
        assertThat(report.path("status").asText()).isEqualTo("completed");
        assertThat(report.path("counts").path("unfinished").asInt()).isZero();

        List<JsonNode> answered = stub.batchApi().answeredRequests();
        List<JsonNode> created = stub.batchApi().batches();
        assertThat(stub.requests()).as("direct chat calls").isEmpty();
        assertThat(answered).as("every request answered once").doesNotHaveDuplicates();
        // Every line of every batch was answered, none sent in a second batch: each request reached the stub once.
        assertThat(created.stream().mapToInt(b -> b.path("request_counts").path("total").asInt()).sum())
                .isEqualTo(answered.size());
        assertThat(stub.batchApi().uploads()).isEqualTo(created.size());
        assertThat(answered.stream().filter(b -> OpenAiStubServer.DIALOGUE.equals(OpenAiStubServer.schemaName(b))))
                .hasSize(12);
        assertThat(created.getFirst().path("request_counts").path("total").asInt()).as("the writers' batch").isEqualTo(12);
        System.out.printf("batch mode, %d dialogues across a kill -9: %d batches of %s requests, %d answered, $%.6f"
                + " ($%.6f without batch mode)%n", 12, created.size(),
                created.stream().map(b -> b.path("request_counts").path("total").asText()).toList(), answered.size(),
                report.path("costUsd").asDouble(), report.path("costWithoutBatchUsd").asDouble());
        // gpt-4o-mini's batch prices are half its direct ones.
        double cost = report.path("costUsd").asDouble();
        assertThat(cost).isPositive();
        assertThat(report.path("costWithoutBatchUsd").asDouble()).isCloseTo(2 * cost, org.assertj.core.data.Offset.offset(2e-6));
    }
}
