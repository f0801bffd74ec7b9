package dev.parley.llm;

import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.rest.client.RestClientBuilder;
import org.eclipse.microprofile.rest.client.spi.RestClientListener;
import org.jboss.resteasy.reactive.client.api.QuarkusRestClientProperties;

import io.smallrye.config.SmallRyeConfig;

import dev.parley.config.ParleyConfig;

/**
 * Sizes the HTTP connection pool of the model clients to {@code parley.llm.max-concurrency}.
 *
 * <p>quarkus-langchain4j builds its OpenAI REST client programmatically, and a programmatic Quarkus
 * REST client ignores {@code quarkus.rest-client.connection-pool-size}: it gets a pool of 50
 * connections, so with {@code max-concurrency} above 50 the calls beyond 50 waited for a connection
 * while their permits were held (measured with {@code parley bench}: never more than 51 calls in
 * flight at concurrency 64). This listener, registered in {@code META-INF/services}, is called for
 * every REST client the application builds (only model clients) before it is built.
 */
public class ModelClientPool implements RestClientListener {

    /** The pool size a Quarkus REST client gets when none is set. */
    static final int CLIENT_DEFAULT = 50;

    @Override
    public void onNewClient(Class<?> serviceInterface, RestClientBuilder builder) {
        if (builder.getConfiguration().getProperty(QuarkusRestClientProperties.CONNECTION_POOL_SIZE) != null) {
            return;
        }
        int maxConcurrency = ConfigProvider.getConfig().unwrap(SmallRyeConfig.class)
                .getConfigMapping(ParleyConfig.class).llm().maxConcurrency();
        builder.property(QuarkusRestClientProperties.CONNECTION_POOL_SIZE, poolSize(maxConcurrency));
    }

    /** Never below the client's own default, and at least one connection per call in flight. */
    static int poolSize(int maxConcurrency) {
        return Math.max(CLIENT_DEFAULT, maxConcurrency);
    }
}
