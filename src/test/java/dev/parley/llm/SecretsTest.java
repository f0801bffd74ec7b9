package dev.parley.llm;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.langchain4j.exception.AuthenticationException;
import dev.langchain4j.exception.HttpException;

/**
 * Credentials in model-call errors, which are stored with a run and shown in its errors, the run list
 * and {@code report.json}, are masked: a URL's user and password, a key the provider echoes, and
 * key-shaped strings. The bodies are written as the providers and proxies send them.
 */
class SecretsTest {

    @Test
    void masks_the_user_and_password_of_a_base_url() {
        ModelEndpoint endpoint = new ModelEndpoint(ModelRole.GENERATOR, Optional.of("https://alice:s3cr3t-pw@llm.example/v1"),
                Optional.empty(), "m", 0.5);

        ModelCallException failure = ModelGateway.classify(endpoint,
                new UncheckedIOException(new ConnectException("Connection refused")));

        assertThat(failure.getMessage()).isEqualTo("cannot reach the model endpoint https://***@llm.example/v1:"
                + " Connection refused").doesNotContain("alice").doesNotContain("s3cr3t");
    }

    @Test
    void masks_a_configured_key_that_the_provider_echoes_whatever_its_shape() {
        ModelEndpoint endpoint = new ModelEndpoint(ModelRole.JUDGE, Optional.of("http://gateway.internal:4000/v1"),
                Optional.of("team-7f3a9c-internal"), "m", 0);
        // A proxy answering 401 with the headers it received, as LiteLLM-style gateways do in debug mode.
        String body = "{\"error\": {\"message\": \"Authentication Error, invalid key team-7f3a9c-internal\","
                + " \"type\": \"auth_error\", \"code\": \"401\"}}";

        ModelCallException failure = ModelGateway.classify(endpoint, new AuthenticationException(new HttpException(401,
                body)));

        assertThat(failure.getMessage()).contains("invalid key ***").doesNotContain("team-7f3a9c-internal");
    }

    @Test
    void masks_key_shaped_strings_bearer_tokens_and_named_secrets() {
        String openAi = "{\"error\": {\"message\": \"Incorrect API key provided: sk-proj-AbCdEf0123456789xyz. You can"
                + " find your API key at https://platform.openai.com/account/api-keys.\", \"type\":"
                + " \"invalid_request_error\", \"code\": \"invalid_api_key\"}}";
        String echoed = "upstream said: Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.e30.sig and api_key=abc123def";
        String huggingFace = "Invalid token hf_AbCdEfGhIjKlMnOpQrStUv for https://api-inference.huggingface.co";

        assertThat(Secrets.redact(openAi)).contains("Incorrect API key provided: ***.").contains("invalid_api_key")
                .doesNotContain("AbCdEf0123456789xyz");
        assertThat(Secrets.redact(echoed)).isEqualTo("upstream said: Authorization: Bearer *** and api_key=***");
        assertThat(Secrets.redact(huggingFace)).doesNotContain("hf_AbCd").contains("https://api-inference");
    }

    @Test
    void leaves_ordinary_error_text_alone() {
        String text = "model endpoint http://localhost:8089/v1 answered HTTP 429 (rate limited): slow down;"
                + " run 0b1c2d3e-aaaa-bbbb-cccc-1234567890ab item 7";

        assertThat(Secrets.redact(text)).isEqualTo(text);
        assertThat(Secrets.redact("a key", List.of("key"))).as("too short to be a secret").isEqualTo("a key");
    }
}
