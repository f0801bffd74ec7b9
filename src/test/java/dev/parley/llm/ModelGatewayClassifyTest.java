package dev.parley.llm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.langchain4j.exception.AuthenticationException;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.InvalidRequestException;
import dev.langchain4j.exception.RateLimitException;
import dev.parley.llm.ModelCallException.Kind;

class ModelGatewayClassifyTest {

    private static final ModelEndpoint ENDPOINT = new ModelEndpoint(ModelRole.GENERATOR,
            Optional.of("http://localhost:8089/v1"), Optional.of("sk-secret"), "test-model", 0.9);

    @Test
    void treats_a_refused_connection_as_unreachable() {
        var e = new UncheckedIOException(new ConnectException("Connection refused"));

        ModelCallException result = ModelGateway.classify(ENDPOINT, e);

        assertThat(result.kind()).isEqualTo(Kind.UNREACHABLE);
        assertThat(result.kind().stopsRun()).isTrue();
        assertThat(result).hasMessage("cannot reach the model endpoint http://localhost:8089/v1: Connection refused")
                .hasCause(e);
    }

    @Test
    void treats_an_unknown_host_as_unreachable() {
        var e = new RuntimeException("lookup failed", new UnknownHostException("models.invalid"));

        assertThat(ModelGateway.classify(ENDPOINT, e).kind()).isEqualTo(Kind.UNREACHABLE);
    }

    @Test
    void treats_401_as_refused_and_points_at_the_api_key() {
        var e = new AuthenticationException(new HttpException(401, "{\"error\": \"invalid api key\"}"));

        ModelCallException result = ModelGateway.classify(ENDPOINT, e);

        assertThat(result.kind()).isEqualTo(Kind.REFUSED);
        assertThat(result.kind().stopsRun()).isTrue();
        assertThat(result.getMessage())
                .startsWith("model endpoint http://localhost:8089/v1 answered HTTP 401 (check the API key): ")
                .contains("invalid api key")
                .doesNotContain("sk-secret");
    }

    @Test
    void treats_a_bare_401_as_refused() {
        ModelCallException result = ModelGateway.classify(ENDPOINT, new HttpException(401, "Unauthorized"));

        assertThat(result.kind()).isEqualTo(Kind.REFUSED);
        assertThat(result.getMessage()).contains("check the API key");
    }

    @Test
    void treats_404_as_refused_and_points_at_the_model_name() {
        ModelCallException result = ModelGateway.classify(ENDPOINT,
                new InvalidRequestException(new HttpException(404, "model not found")));

        assertThat(result.kind()).isEqualTo(Kind.REFUSED);
        assertThat(result.getMessage()).contains("HTTP 404 (check the base URL and model name)");
    }

    @ParameterizedTest
    @ValueSource(ints = {408, 429, 500, 503})
    void treats_throttling_and_server_errors_as_transient(int status) {
        ModelCallException result = ModelGateway.classify(ENDPOINT,
                new RateLimitException(new HttpException(status, "try later")));

        assertThat(result.kind()).isEqualTo(Kind.TRANSIENT);
        assertThat(result.kind().stopsRun()).isFalse();
        assertThat(result.getMessage()).isEqualTo("model endpoint http://localhost:8089/v1 answered HTTP " + status + ": try later");
    }

    @Test
    void treats_a_timeout_as_transient() {
        ModelCallException result = ModelGateway.classify(ENDPOINT, new CompletionException(new TimeoutException()));

        assertThat(result.kind()).isEqualTo(Kind.TRANSIENT);
        assertThat(result).hasMessage("model call timed out at http://localhost:8089/v1");
    }

    @Test
    void treats_a_socket_timeout_as_transient() {
        var e = new UncheckedIOException(new SocketTimeoutException("Read timed out"));

        assertThat(ModelGateway.classify(ENDPOINT, e).kind()).isEqualTo(Kind.TRANSIENT);
    }

    @Test
    void treats_langchain4j_timeout_as_transient() {
        ModelCallException result = ModelGateway.classify(ENDPOINT,
                new dev.langchain4j.exception.TimeoutException("request timed out"));

        assertThat(result.kind()).isEqualTo(Kind.TRANSIENT);
        assertThat(result).hasMessage("model call failed at http://localhost:8089/v1: request timed out");
    }

    @Test
    void treats_an_unknown_failure_as_transient() {
        ModelCallException result = ModelGateway.classify(ENDPOINT, new IllegalStateException());

        assertThat(result.kind()).isEqualTo(Kind.TRANSIENT);
        assertThat(result).hasMessage("model call failed at http://localhost:8089/v1: IllegalStateException");
    }

    @Test
    void strips_markdown_fences_around_json() {
        assertThat(ModelGateway.stripFences("```json\n{\"messages\": []}\n```")).isEqualTo("{\"messages\": []}\n");
        assertThat(ModelGateway.stripFences("  ```\n{\"a\": 1}\n```  ")).isEqualTo("{\"a\": 1}\n");
    }

    @Test
    void leaves_unfenced_text_as_it_is_apart_from_outer_whitespace() {
        assertThat(ModelGateway.stripFences("  {\"a\": \"```\"}\n")).isEqualTo("{\"a\": \"```\"}");
        assertThat(ModelGateway.stripFences("```json {\"a\": 1}```")).isEqualTo("```json {\"a\": 1}```");
    }
}
