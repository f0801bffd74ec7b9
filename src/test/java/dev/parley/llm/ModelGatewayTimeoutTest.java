package dev.parley.llm;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class ModelGatewayTimeoutTest {

    @Test
    void rounds_a_timeout_up_to_the_whole_seconds_the_client_counts_in() {
        assertThat(ModelGateway.clientTimeout(Duration.ofMillis(500))).isEqualTo(Duration.ofSeconds(1));
        assertThat(ModelGateway.clientTimeout(Duration.ofMillis(1500))).isEqualTo(Duration.ofSeconds(2));
        assertThat(ModelGateway.clientTimeout(Duration.ofSeconds(2))).isEqualTo(Duration.ofSeconds(2));
        assertThat(ModelGateway.clientTimeout(Duration.ofNanos(1))).isEqualTo(Duration.ofSeconds(1));
        assertThat(ModelGateway.clientTimeout(Duration.ZERO)).as("never no timeout").isEqualTo(Duration.ofSeconds(1));
    }
}
