package dev.parley.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.junit.jupiter.api.Test;

import dev.parley.bench.OpenAiStubServer;
import dev.parley.llm.InjectOpenAiStub;
import dev.parley.llm.Secrets;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * A provider that echoes the API key in its error body, reached through a base URL with a user and password:
 * the run's stored error, the runs list, the run's report and the report.json of its export show the masked
 * form and never a secret.
 */
@QuarkusTest
@WithTestResource(SecretsInErrorsStubTest.LeakyProvider.class)
class SecretsInErrorsStubTest {

    /** Not shaped like any provider's key: only knowing the configured key can mask it. */
    static final String KEY = "zz-parley-configured-key-73105";
    static final String URL_PASSWORD = "url-pass-84417";

    @InjectOpenAiStub
    OpenAiStubServer stub;

    /** The stub behind a URL with user-info, configured with {@link #KEY}. */
    public static class LeakyProvider implements QuarkusTestResourceLifecycleManager {
        private OpenAiStubServer stub;

        @Override
        public Map<String, String> start() {
            stub = OpenAiStubServer.start();
            String url = stub.baseUrl().replaceFirst("://", "://parley-user:" + URL_PASSWORD + "@");
            return Map.of("parley.llm.base-url", url, "parley.llm.api-key", KEY, "parley.llm.model", "stub-model",
                    "parley.llm.retry-backoff", "10ms");
        }

        @Override
        public void inject(TestInjector injector) {
            injector.injectIntoFields(stub, new TestInjector.AnnotatedAndMatchesType(InjectOpenAiStub.class,
                    OpenAiStubServer.class));
        }

        @Override
        public void stop() {
            if (stub != null) {
                stub.close();
            }
        }
    }

    @Test
    void a_provider_echoing_the_key_and_a_url_password_never_show_in_stored_errors() throws IOException {
        stub.reset();
        stub.respondWith(request -> OpenAiStubServer.Reply.error(400, "invalid_request_error", "bad_request",
                "Request refused for key " + KEY + " (sent as Bearer " + KEY + ")"));
        String id = RunApi.start(Map.of("yaml", """
                name: leaky-provider
                language: en
                count: 2
                seed: 8807
                turns: { min: 2, max: 2 }
                assistant: { system-prompt: You are the help desk of Stubshop. }
                dimensions:
                  topic: [refund, delivery]
                judge: { recheck: 0 }
                """), false);
        JsonPath report = RunApi.awaitFinished(id);

        String runView = given().when().get("/api/runs/{id}", id).then().statusCode(200).extract().asString();
        String runsList = given().when().get("/api/runs").then().statusCode(200).extract().asString();
        String dialogues = given().when().get("/api/runs/{id}/dialogues", id).then().statusCode(200).extract().asString();
        String reportJson = entry(given().when().get("/api/runs/{id}/export.zip", id).then().statusCode(200).extract()
                .asByteArray(), "report.json");

        assertThat(stub.requests()).as("the provider was asked").isNotEmpty();
        for (String shown : new String[] {runView, runsList, dialogues, reportJson}) {
            assertThat(shown).doesNotContain(KEY).doesNotContain(URL_PASSWORD).doesNotContain("parley-user:");
        }
        assertThat(report.getString("status")).isIn("failed", "completed");
        assertThat(runView + dialogues).as("the masked error is shown").contains("for key " + Secrets.MASK);
        assertThat(reportJson).contains("for key " + Secrets.MASK);
    }

    private static String entry(byte[] zip, String name) throws IOException {
        try (var in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                if (e.getName().endsWith(name)) {
                    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
            }
        }
        throw new AssertionError("no " + name + " in the export");
    }
}
