package dev.parley.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The reference client of {@code parley bench --reference node}: what it sends the stub, and how its
 * report is read. The script runs under Node.js; without {@code node} on the PATH that test is skipped.
 */
class ReferenceClientTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A generator request as Parley shapes one, written out here by hand. */
    private static JsonNode generatorBody() throws IOException {
        return JSON.readTree("""
                {"model": "bench-model", "temperature": 0.9, "seed": 7,
                 "messages": [{"role": "system", "content": "You write dialogues."},
                              {"role": "user", "content": "<brief>\\nlanguage: en (English)\\nmessages: 4\\ntopic: refund\\n</brief>"}],
                 "response_format": {"type": "json_schema", "json_schema": {"name": "dialogue", "schema": {"type": "object"}}}}
                """);
    }

    /** A judge request holding another dialogue, which the client must replace with the one just written. */
    private static JsonNode judgeBody() throws IOException {
        return JSON.readTree("""
                {"model": "bench-model", "temperature": 0.0,
                 "messages": [{"role": "system", "content": "You judge dialogues."},
                              {"role": "user", "content": "<dialogue>\\n[{\\"turn\\": 1, \\"role\\": \\"user\\", \\"content\\": \\"an old dialogue\\"}]\\n</dialogue>\\n\\n<criteria>\\n- helpfulness: is it helpful\\n- accuracy: is it right\\n</criteria>"}],
                 "response_format": {"type": "json_schema", "json_schema": {"name": "judge_verdict", "schema": {"type": "object"}}}}
                """);
    }

    @Test
    void makes_one_generator_and_one_judge_call_per_dialogue_with_the_written_dialogue_in_the_judge_prompt(@TempDir Path dir)
            throws Exception {
        assumeTrue(runs("node", "--version"), "Node.js is not on the PATH: the reference client needs node 20+ and npm");
        ReferenceClient client = ReferenceClient.locate(List.of(Path.of("").toAbsolutePath())).orElseThrow();
        if (!client.installed()) {
            Process npm = new ProcessBuilder(client.installCommand()).directory(client.folder().toFile())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("npm-ci.log").toFile()).start();
            assertThat(npm.waitFor(5, TimeUnit.MINUTES) && npm.exitValue() == 0).as("npm ci (log: %s)", dir.resolve("npm-ci.log"))
                    .isTrue();
        }

        try (OpenAiStubServer stub = OpenAiStubServer.start()) {
            Process node = new ProcessBuilder(client.command(stub.baseUrl(), 5, 2, generatorBody(), judgeBody(), dir))
                    .redirectErrorStream(true).start();
            String output = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(node.waitFor(60, TimeUnit.SECONDS) && node.exitValue() == 0).as(output).isTrue();

            ReferenceClient.Report report = ReferenceClient.Report.parse(output.strip().lines().reduce((a, b) -> b).orElseThrow());
            assertThat(report.calls()).isEqualTo(10);
            assertThat(report.cpuMillis()).isPositive();
            assertThat(report.cpuPerCallMillis()).isEqualTo(report.cpuMillis() / 10);

            List<OpenAiStubServer.Recorded> generator = stub.requests(OpenAiStubServer.Recorded::isGenerator);
            List<OpenAiStubServer.Recorded> judge = stub.requests(OpenAiStubServer.Recorded::isJudge);
            assertThat(generator).hasSize(5).allSatisfy(r -> assertThat(r.body().path("seed").asInt()).isEqualTo(7));
            assertThat(judge).hasSize(5).allSatisfy(r -> {
                assertThat(r.userText()).doesNotContain("an old dialogue").contains("\"turn\": 4")
                        .contains("Hello, I need help (topic: refund, ticket ").contains("<criteria>\n- helpfulness");
                assertThat(r.body().path("temperature").asDouble()).isZero();
            });
        }
    }

    @Test
    void keeps_the_first_generator_and_judge_request_it_answers() throws Exception {
        var capture = new ReferenceClient.Capture();
        JsonNode first = generatorBody();
        JsonNode second = generatorBody();
        ((ObjectNode) second).put("seed", 8);

        assertThat(capture.apply(first).status()).isEqualTo(200);
        capture.apply(second);
        capture.apply(judgeBody());

        assertThat(capture.generator()).containsSame(first);
        assertThat(capture.judge().orElseThrow().path("response_format").path("json_schema").path("name").asText())
                .isEqualTo("judge_verdict");
    }

    @Test
    void reads_the_report_line_and_refuses_one_without_figures() throws Exception {
        var report = ReferenceClient.Report.parse("{\"calls\": 4000, \"cpuMs\": 4400.5, \"cpuPerCallMs\": 1.1, "
                + "\"wallMs\": 8000, \"callsPerSecond\": 500}");

        assertThat(report.calls()).isEqualTo(4000);
        assertThat(report.cpuPerCallMillis()).isEqualTo(4400.5 / 4000);
        assertThat(report.callsPerSecond()).isEqualTo(500);
        assertThatThrownBy(() -> ReferenceClient.Report.parse("{\"error\": \"connect ECONNREFUSED\"}"))
                .hasMessageContaining("printed no report").hasMessageContaining("ECONNREFUSED");
    }

    private static boolean runs(String... command) {
        try {
            return new ProcessBuilder(command).redirectErrorStream(true).start().waitFor(30, TimeUnit.SECONDS);
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }
}
