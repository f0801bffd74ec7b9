package dev.parley.llm;

import java.util.Map;

import dev.parley.bench.OpenAiStubServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Starts an {@link OpenAiStubServer} for a {@code @QuarkusTest} and points Parley's models at it.
 * Use it with {@code @WithTestResource(OpenAiStubResource.class)}, which restricts it to the
 * annotated class, so other tests keep the offline demo model; a field of type
 * {@link OpenAiStubServer} annotated {@link InjectOpenAiStub} receives the server.
 */
public class OpenAiStubResource implements QuarkusTestResourceLifecycleManager {

    /** The key the stub expects; tests assert it arrives as a bearer token. */
    public static final String API_KEY = "test-key";
    /** The model name configured for both roles. */
    public static final String MODEL = "stub-model";

    private OpenAiStubServer stub;

    @Override
    public Map<String, String> start() {
        stub = OpenAiStubServer.start();
        return Map.of(
                "parley.llm.base-url", stub.baseUrl(),
                "parley.llm.api-key", API_KEY,
                "parley.llm.model", MODEL,
                // Retries are exercised, not waited for.
                "parley.llm.retry-backoff", "10ms");
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(stub,
                new TestInjector.AnnotatedAndMatchesType(InjectOpenAiStub.class, OpenAiStubServer.class));
    }

    @Override
    public void stop() {
        if (stub != null) {
            stub.close();
        }
    }
}
