package dev.parley.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.parley.bench.OpenAiStubServer.Counts;
import dev.parley.bench.OpenAiStubServer.Faults;
import dev.parley.bench.OpenAiStubServer.Outcome;

class OpenAiStubServerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String GENERATOR_REQUEST = """
            {"model": "bench-model",
             "messages": [{"role": "system", "content": "Write a dialogue."},
                          {"role": "user", "content": "<brief>\\nlanguage: en (English)\\nmessages: 6\\ntopic: refund\\n</brief>"}],
             "response_format": {"type": "json_schema", "json_schema": {"name": "dialogue", "schema": {}}}}""";

    private final OpenAiStubServer stub = OpenAiStubServer.start();
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @AfterEach
    void close() {
        stub.close();
        client.close();
    }

    private HttpResponse<String> post(String body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(stub.baseUrl() + "/chat/completions"))
                .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static String content(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body()).at("/choices/0/message/content").asText();
    }

    @Test
    void answers_a_generator_request_with_a_valid_dialogue_of_the_requested_length() throws Exception {
        HttpResponse<String> response = post(GENERATOR_REQUEST);

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode dialogue = JSON.readTree(content(response));
        assertThat(dialogue.get("messages")).hasSize(6);
        assertThat(dialogue.at("/messages/0/content").asText()).contains("topic: refund");
        assertThat(stub.counts().of(Outcome.OK)).isEqualTo(1);
    }

    @Test
    void serves_64_concurrent_requests_in_one_latency_without_queueing_them() throws Exception {
        stub.latency(Duration.ofMillis(250));
        stub.recordRequests(false);

        long start = System.nanoTime();
        List<Future<HttpResponse<String>>> answers = new ArrayList<>();
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 64; i++) {
                answers.add(threads.submit(() -> post(GENERATOR_REQUEST)));
            }
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        for (Future<HttpResponse<String>> answer : answers) {
            assertThat(answer.get().statusCode()).isEqualTo(200);
        }
        Counts counts = stub.counts();
        assertThat(counts.of(Outcome.OK)).isEqualTo(64);
        assertThat(counts.peakInFlight()).isEqualTo(64);
        // Served one after another, 64 answers would take 16 s; concurrently they take one latency.
        assertThat(took).isLessThan(Duration.ofSeconds(3));
        assertThat(counts.window()).isBetween(Duration.ofMillis(250), Duration.ofSeconds(3));
        assertThat(stub.requests()).as("recording turned off").isEmpty();
    }

    @Test
    void answers_one_latency_after_arrival_with_its_own_work_inside_it() throws Exception {
        stub.latency(Duration.ofMillis(250));
        // A responder that takes 200 ms of the 250: an endpoint's own work is part of its latency, not added to it.
        stub.respondWith(request -> {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return OpenAiStubServer.defaultReply(request);
        });

        assertThat(post(GENERATOR_REQUEST).statusCode()).isEqualTo(200);

        assertThat(stub.counts().window()).as("arrival to answer").isBetween(Duration.ofMillis(250), Duration.ofMillis(440));
    }

    @Test
    void injects_faults_at_their_rates_and_repeats_them_for_the_same_seed() throws Exception {
        var faults = new Faults(0.10, 0.05, 0, 0.03, 42, Duration.ZERO);
        List<Integer> first = statuses(faults, 1000);
        Counts counts = stub.counts();

        assertThat(counts.total()).isEqualTo(1000);
        assertThat(counts.of(Outcome.RATE_LIMITED) / 1000.0).isCloseTo(0.10, within(0.03));
        assertThat(counts.of(Outcome.SERVER_ERROR) / 1000.0).isCloseTo(0.05, within(0.02));
        assertThat(counts.of(Outcome.MALFORMED) / 1000.0).isCloseTo(0.03, within(0.02));
        assertThat(counts.of(Outcome.OK)).isEqualTo(1000 - counts.of(Outcome.RATE_LIMITED)
                - counts.of(Outcome.SERVER_ERROR) - counts.of(Outcome.MALFORMED));
        assertThat(counts.of(Outcome.TIMEOUT)).isZero();

        stub.resetCounts();
        assertThat(statuses(faults, 1000)).as("same seed, same faults").isEqualTo(first);
    }

    private List<Integer> statuses(Faults faults, int n) throws Exception {
        stub.injectFaults(faults);
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            statuses.add(post(GENERATOR_REQUEST).statusCode());
        }
        return statuses;
    }

    @Test
    void marks_rate_limits_with_retry_after_and_malformed_answers_with_content_that_is_not_json() throws Exception {
        stub.injectFaults(new Faults(1, 0, 0, 0, 1, Duration.ZERO));
        HttpResponse<String> limited = post(GENERATOR_REQUEST);
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(JSON.readTree(limited.body()).at("/error/code").asText()).isEqualTo("rate_limit_exceeded");

        stub.injectFaults(new Faults(0, 0, 0, 1, 1, Duration.ZERO));
        HttpResponse<String> malformed = post(GENERATOR_REQUEST);
        assertThat(malformed.statusCode()).isEqualTo(200);
        String content = content(malformed);
        assertThatThrownBy(() -> JSON.readTree(content)).isInstanceOf(IOException.class);
    }

    @Test
    void holds_a_timed_out_request_then_closes_the_connection_without_an_answer() {
        stub.injectFaults(new Faults(0, 0, 1, 0, 1, Duration.ofMillis(300)));

        long start = System.nanoTime();
        assertThatThrownBy(() -> post(GENERATOR_REQUEST)).isInstanceOf(IOException.class);

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        assertThat(stub.counts().of(Outcome.TIMEOUT)).isEqualTo(1);
    }

    @Test
    void rejects_fault_rates_outside_zero_to_one_or_adding_up_to_more_than_one() {
        assertThatThrownBy(() -> new Faults(-0.1, 0, 0, 0, 1, Duration.ZERO)).hasMessageContaining("from 0 to 1");
        assertThatThrownBy(() -> new Faults(0.5, 0.3, 0.2, 0.1, 1, Duration.ZERO)).hasMessageContaining("more than 1");
    }
}
