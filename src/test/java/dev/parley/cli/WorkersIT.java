package dev.parley.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import dev.parley.bench.OpenAiStubServer;
import dev.parley.store.PostgresTestDatabase;

/**
 * Crashes for real: the packaged application is killed with SIGKILL in the middle of a run against
 * a slow local OpenAI-compatible stub, and the run is finished by a resume (H2) or by the other
 * workers sharing it (PostgreSQL). Every item must end final, exactly once.
 */
class WorkersIT {

    private static final Path RECIPE = PackagedParley.RECIPE;
    private static final Duration DEADLINE = PackagedParley.DEADLINE;

    private OpenAiStubServer stub;
    private final List<Process> processes = new ArrayList<>();

    @BeforeEach
    void startStub() {
        stub = OpenAiStubServer.start();
        stub.latency(Duration.ofMillis(150));
    }

    @AfterEach
    void stop() {
        processes.forEach(Process::destroyForcibly);
        stub.close();
    }

    private Process parley(Path dir, Map<String, String> env, String name, String... args) throws IOException {
        var all = new HashMap<String, String>(Map.of("PARLEY_LLM_BASE_URL", stub.baseUrl(), "PARLEY_LLM_API_KEY", "test",
                "PARLEY_LLM_MODEL", "stub-model", "PARLEY_LLM_MAX_CONCURRENCY", "4", "PARLEY_ENGINE_LEASE", "3s",
                "PARLEY_DATA_DIR", dir.resolve("data").toString()));
        all.putAll(env);
        Process p = PackagedParley.start(dir, all, name, args);
        processes.add(p);
        return p;
    }

    private static String runId(Path dir, String name) throws Exception {
        return PackagedParley.runId(dir, name);
    }

    /** Waits until the stub has answered at least {@code n} requests. */
    private void awaitRequests(int n) throws InterruptedException {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (stub.requests().size() < n) {
            assertThat(System.nanoTime()).as("stub saw %d requests", stub.requests().size()).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    private static int exit(Process p) throws InterruptedException {
        assertThat(p.waitFor(DEADLINE.toSeconds(), TimeUnit.SECONDS)).as("process finished").isTrue();
        return p.exitValue();
    }

    /** Starts {@code generate} for {@code count} dialogues and kills it (SIGKILL) once the stub has seen {@code requests}. */
    private String killMidRun(Path dir, int count, int requests) throws Exception {
        Process first = parley(dir, Map.of(), "first", "generate", RECIPE.toString(), "--out", "out", "--count",
                Integer.toString(count));
        String id = runId(dir, "first");
        awaitRequests(requests);
        first.destroyForcibly();
        first.waitFor();
        return id;
    }

    @Test
    void resumes_after_kill_9_and_every_item_ends_once(@TempDir Path dir) throws Exception {
        String id = killMidRun(dir, 16, 10);
        int beforeResume = stub.requests().size();
        // The dead process's leases run out after 3 s; resume takes the items over then.
        Process resumed = parley(dir, Map.of(), "resume", "resume", id, "--out", "out");

        assertThat(exit(resumed)).as("resume: %s", Files.readString(dir.resolve("resume.err"))).isZero();
        String report = Files.readString(dir.resolve("out/report.json"));
        assertThat(report).contains("\"status\" : \"completed\"").contains("\"planned\" : 16").contains("\"unfinished\" : 0");
        long lines = Files.readAllLines(dir.resolve("out/train.jsonl")).size();
        assertThat(Files.readAllLines(dir.resolve("out/train.jsonl"))).doesNotHaveDuplicates();
        // 16 dialogues need 16 generator and 16 judge calls (+ up to 10 rechecks); only requests in
        // flight at the kill, at most 4, may be asked again.
        var repeated = stub.requests().stream()
                .collect(java.util.stream.Collectors.groupingBy(r -> r.schemaName() + r.userText(), java.util.stream.Collectors.counting()))
                .entrySet().stream().filter(e -> e.getValue() > 1).map(e -> e.getKey().substring(0, Math.min(80, e.getKey().length())) + " ×" + e.getValue()).toList();
        assertThat(stub.requests().size()).as("requests; repeated: %s", repeated).isLessThanOrEqualTo(16 * 2 + 10 + 4);
        assertThat(beforeResume).isLessThan(stub.requests().size());
        assertThat(lines).isPositive();
    }

    @Test
    void sigterm_stops_generate_cleanly_and_resume_finishes_without_asking_again(@TempDir Path dir) throws Exception {
        Process first = parley(dir, Map.of(), "first", "generate", RECIPE.toString(), "--out", "out", "--count", "16");
        String id = runId(dir, "first");
        awaitRequests(8);

        first.destroy();

        assertThat(exit(first)).as("exit after SIGTERM").isEqualTo(ParleyCommand.RUN_FAILED);
        assertThat(Files.readString(dir.resolve("first.err"))).contains("run " + id + " stopped: the process received SIGTERM")
                .contains("parley resume " + id);
        assertThat(Files.readString(dir.resolve("out/report.json"))).contains("\"status\" : \"stopped\"");
        int beforeResume = stub.requests().size();

        Process resumed = parley(dir, Map.of(), "resume", "resume", id, "--out", "out");

        assertThat(exit(resumed)).as("resume: %s", Files.readString(dir.resolve("resume.err"))).isZero();
        assertThat(Files.readString(dir.resolve("out/report.json"))).contains("\"status\" : \"completed\"")
                .contains("\"unfinished\" : 0");
        // Calls under way at the signal were awaited and their answers kept: none is asked twice
        // (a judge recheck asks the same text under another seed).
        var asked = stub.requests().stream().map(r -> r.body().path("seed").asText() + r.schemaName() + r.userText()).toList();
        assertThat(asked).doesNotHaveDuplicates();
        assertThat(beforeResume).isLessThan(stub.requests().size());
    }

    @Test
    void the_server_resumes_a_run_left_running_when_it_starts(@TempDir Path dir) throws Exception {
        String id = killMidRun(dir, 12, 6);

        int port;
        try (var socket = new java.net.ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        // Started with no command: it serves, and takes up the run the killed process left RUNNING.
        parley(dir, Map.of("QUARKUS_HTTP_PORT", Integer.toString(port)), "server");

        JsonNode report = awaitFinished(port, id, dir);
        assertThat(report.path("status").asText()).isEqualTo("completed");
        JsonNode counts = report.path("counts");
        assertThat(counts.path("planned").asInt()).isEqualTo(12);
        assertThat(counts.path("accepted").asInt() + counts.path("rejectedByCheck").asInt()
                + counts.path("rejectedByJudge").asInt() + counts.path("failed").asInt()).as("every item final").isEqualTo(12);
        assertThat(Files.readString(dir.resolve("server.err")) + Files.readString(dir.resolve("server.out")))
                .contains("resuming run " + id);
    }

    /** Polls the server's report of a run until it is no longer running. */
    private static JsonNode awaitFinished(int port, String id, Path dir) throws Exception {
        var client = java.net.http.HttpClient.newHttpClient();
        var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + "/api/runs/" + id)).build();
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                var response = client.send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    JsonNode report = new com.fasterxml.jackson.databind.ObjectMapper().readTree(response.body());
                    if (!"running".equals(report.path("status").asText())) {
                        return report;
                    }
                }
            } catch (java.net.ConnectException e) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new AssertionError("run " + id + " did not finish on the server: " + Files.readString(dir.resolve("server.err")));
    }

    @Test
    void three_workers_share_a_run_on_postgresql_and_survive_one_being_killed(@TempDir Path dir) throws Exception {
        String schema = PostgresTestDatabase.createSchema();
        try {
            Map<String, String> pg = new HashMap<>(Map.of("PARLEY_STORE_KIND", "postgresql",
                    "PARLEY_STORE_URL", PostgresTestDatabase.urlFor(schema),
                    "PARLEY_STORE_USERNAME", PostgresTestDatabase.USER,
                    "PARLEY_STORE_PASSWORD", PostgresTestDatabase.PASSWORD));
            Process first = parley(dir, pg, "w1", "generate", RECIPE.toString(), "--out", "out1", "--count", "24");
            String id = runId(dir, "w1");
            Process second = parley(dir, pg, "w2", "resume", id, "--out", "out2");
            Process third = parley(dir, pg, "w3", "resume", id, "--out", "out3");
            awaitRequests(16);

            first.destroyForcibly();

            assertThat(exit(second)).as("w2: %s", Files.readString(dir.resolve("w2.err"))).isZero();
            assertThat(exit(third)).as("w3: %s", Files.readString(dir.resolve("w3.err"))).isZero();
            try (var c = PostgresTestDatabase.connect(PostgresTestDatabase.urlFor(schema))) {
                try (var ps = c.prepareStatement("SELECT status FROM runs WHERE id = ?")) {
                    ps.setString(1, id);
                    try (var rs = ps.executeQuery()) {
                        assertThat(rs.next()).isTrue();
                        assertThat(rs.getString(1)).isEqualTo("COMPLETED");
                    }
                }
                try (var ps = c.prepareStatement("SELECT COUNT(*), SUM(CASE WHEN state IN ('ACCEPTED','REJECTED','FAILED') "
                        + "THEN 1 ELSE 0 END) FROM items WHERE run_id = ?")) {
                    ps.setString(1, id);
                    try (var rs = ps.executeQuery()) {
                        rs.next();
                        assertThat(rs.getInt(1)).isEqualTo(24);
                        assertThat(rs.getInt(2)).as("every item final").isEqualTo(24);
                    }
                }
                // Each judged item was judged once: one version each, none done twice by two workers.
                try (var ps = c.prepareStatement("SELECT seq, COUNT(*) FROM item_versions WHERE run_id = ? GROUP BY seq "
                        + "HAVING COUNT(*) > 1")) {
                    ps.setString(1, id);
                    try (var rs = ps.executeQuery()) {
                        assertThat(rs.next()).as("an item with more than one judged version").isFalse();
                    }
                }
            }
        } finally {
            PostgresTestDatabase.dropSchema(schema);
        }
    }
}
