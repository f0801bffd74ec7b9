package dev.parley.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.sql.SQLException;

import javax.sql.DataSource;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;

class StoreReadinessTest {

    @Test
    void a_store_that_cannot_be_reached_is_down_with_the_first_line_of_its_error() {
        DataSource unreachable = (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
                    throw new SQLException("Connection to 127.0.0.1:5999 refused.\nCheck the host.");
                });

        HealthCheckResponse response = StoreReadiness.check(unreachable, "postgresql");

        assertThat(response.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
        assertThat(response.getName()).isEqualTo("store");
        assertThat(response.getData()).get().satisfies(data -> assertThat(data)
                .containsEntry("kind", "postgresql").containsEntry("error", "Connection to 127.0.0.1:5999 refused."));
    }
}
