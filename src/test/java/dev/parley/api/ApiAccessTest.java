package dev.parley.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.parley.config.ParleyConfig;

/** Who {@link ApiAccess} lets in, for each way of configuring {@code parley.auth.*}. */
class ApiAccessTest {

    private static final String KEY = "s3cret-key";

    @Test
    void lets_everyone_in_when_nothing_is_configured() {
        ApiAccess access = ApiAccess.of(auth(null, null, null));

        assertThat(access.enabled()).isFalse();
        assertThat(access.allows("/api/runs", null, null, false)).isTrue();
    }

    @Test
    void lets_in_a_client_with_the_api_key_as_bearer_token_or_header() {
        ApiAccess access = ApiAccess.of(auth(KEY, null, null));

        assertThat(access.enabled()).isTrue();
        assertThat(access.allows("/api/runs", "Bearer " + KEY, null, false)).isTrue();
        assertThat(access.allows("/api/runs", "bearer  " + KEY + " ", null, false)).isTrue();
        assertThat(access.allows("/api/runs", null, KEY, false)).isTrue();
        assertThat(access.allows("/api/runs", null, null, false)).isFalse();
        assertThat(access.allows("/api/runs", "Bearer wrong", null, false)).isFalse();
        assertThat(access.allows("/api/runs", "Bearer " + KEY + "x", null, false)).isFalse();
        assertThat(access.allows("/api/runs", null, "wrong", false)).isFalse();
        assertThat(access.allows("/api/runs", basic("admin", KEY), null, false)).as("no basic auth configured").isFalse();
        assertThat(access.challenge()).isEqualTo("Bearer realm=\"Parley\"");
        assertThat(access.howTo()).contains("X-Api-Key").doesNotContain("basic");
    }

    @Test
    void lets_in_a_person_with_the_user_and_password() {
        ApiAccess access = ApiAccess.of(auth(null, "ayu", "pa:ss wörd"));

        assertThat(access.allows("/", basic("ayu", "pa:ss wörd"), null, false)).isTrue();
        assertThat(access.allows("/", basic("ayu", "wrong"), null, false)).isFalse();
        assertThat(access.allows("/", basic("budi", "pa:ss wörd"), null, false)).isFalse();
        assertThat(access.allows("/", "Basic not-base64!", null, false)).isFalse();
        assertThat(access.allows("/", "Bearer pa:ss wörd", null, false)).isFalse();
        assertThat(access.challenge()).startsWith("Basic realm=\"Parley\"");
        assertThat(access.howTo()).contains("basic auth");
    }

    @Test
    void names_who_a_request_authenticated_as() {
        ApiAccess access = ApiAccess.of(auth(KEY, "ayu", "pa:ss wörd"));

        assertThat(access.principal(basic("ayu", "pa:ss wörd"), null)).contains("ayu");
        assertThat(access.principal("Bearer " + KEY, null)).contains("api-key");
        assertThat(access.principal(null, KEY)).contains("api-key");
        assertThat(access.principal(basic("ayu", "wrong"), null)).isEmpty();
        assertThat(access.principal(basic("budi", "pa:ss wörd"), null)).isEmpty();
        assertThat(access.principal("Basic not-base64!", null)).isEmpty();
        assertThat(access.principal(null, null)).isEmpty();
        assertThat(ApiAccess.of(auth(null, null, null)).principal(basic("ayu", "pw"), "key"))
                .as("with access open, a name in a header proves nothing").isEmpty();
    }

    @Test
    void keeps_health_and_cors_preflight_open() {
        ApiAccess access = ApiAccess.of(auth(KEY, "ayu", "pw"));

        assertThat(access.allows("/q/health", null, null, false)).isTrue();
        assertThat(access.allows("/q/health/ready", null, null, false)).isTrue();
        assertThat(access.allows("/q/healthz", null, null, false)).isFalse();
        assertThat(access.allows("/q/openapi", null, null, false)).isFalse();
        assertThat(access.allows("/api/runs", null, null, true)).isTrue();
    }

    @Test
    void refuses_to_start_with_half_a_basic_auth_setting() {
        assertThatThrownBy(() -> ApiAccess.of(auth(null, "ayu", null))).hasMessageContaining("parley.auth.password");
        assertThatThrownBy(() -> ApiAccess.of(auth(null, null, "pw"))).hasMessageContaining("parley.auth.user");
        assertThatThrownBy(() -> ApiAccess.of(auth(null, "a:b", "pw"))).hasMessageContaining("':'");
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static ParleyConfig.Auth auth(String apiKey, String user, String password) {
        return new ParleyConfig.Auth() {
            @Override
            public Optional<String> apiKey() {
                return Optional.ofNullable(apiKey);
            }

            @Override
            public Optional<String> user() {
                return Optional.ofNullable(user);
            }

            @Override
            public Optional<String> password() {
                return Optional.ofNullable(password);
            }
        };
    }
}
