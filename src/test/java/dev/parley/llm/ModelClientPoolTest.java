package dev.parley.llm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ServiceLoader;

import org.eclipse.microprofile.rest.client.spi.RestClientListener;
import org.junit.jupiter.api.Test;

class ModelClientPoolTest {

    @Test
    void sizes_the_pool_to_the_concurrency_but_never_below_the_client_default() {
        assertThat(ModelClientPool.poolSize(8)).isEqualTo(50);
        assertThat(ModelClientPool.poolSize(64)).isEqualTo(64);
        assertThat(ModelClientPool.poolSize(500)).isEqualTo(500);
    }

    @Test
    void is_registered_as_a_rest_client_listener() {
        assertThat(ServiceLoader.load(RestClientListener.class).stream().map(ServiceLoader.Provider::type))
                .contains(ModelClientPool.class);
    }
}
