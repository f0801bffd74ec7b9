package dev.parley.llm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.parley.config.ParleyConfig;
import io.quarkus.test.junit.QuarkusTest;

/** The offline demo model's calls are bounded by their own slot count, a remote endpoint's by the configuration. */
@QuarkusTest
class ModelGatewaySlotsTest {

    @Inject
    ModelGateway gateway;
    @Inject
    ParleyConfig config;

    @Test
    void the_offline_model_takes_its_own_number_of_calls_at_once_and_a_remote_endpoint_the_configured_one() {
        assertThat(config.llm().maxConcurrency()).as("the configured default").isEqualTo(8);
        ModelEndpoint offline = ModelEndpoint.offline(ModelRole.GENERATOR, 0.9);
        var remote = new ModelEndpoint(ModelRole.GENERATOR, Optional.of("http://127.0.0.1:9/v1"), Optional.empty(),
                "m-slots", 0.9);

        assertThat(gateway.slots(offline)).isEqualTo(64);
        assertThat(gateway.governor(offline).limit()).isEqualTo(64);
        assertThat(gateway.slots(remote)).isEqualTo(8);
        assertThat(gateway.governor(remote).limit()).isEqualTo(8);
    }
}
