package dev.parley.api;

import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import dev.parley.config.ParleyConfig;
import dev.parley.store.StoreDataSource;

/**
 * {@code /q/health/ready}: Parley can take requests when its store answers. Only the active store is asked
 * (the datasource extension's own check would also ask the one {@code parley.store.kind} left inactive).
 */
@Readiness
@ApplicationScoped
class StoreReadiness implements HealthCheck {

    /** How long the store may take to answer a readiness probe. */
    private static final int TIMEOUT_SECONDS = 3;

    @Inject
    @StoreDataSource
    DataSource store;

    @Inject
    ParleyConfig config;

    @Override
    public HealthCheckResponse call() {
        return check(store, config.store().kind().key());
    }

    /** Asks the store's database whether it answers; down with the first line of its error when it does not. */
    static HealthCheckResponse check(DataSource store, String kind) {
        var response = HealthCheckResponse.named("store").withData("kind", kind);
        try (Connection connection = store.getConnection()) {
            return connection.isValid(TIMEOUT_SECONDS) ? response.up().build()
                    : response.down().withData("error", "the database did not answer in " + TIMEOUT_SECONDS + " s").build();
        } catch (SQLException e) {
            return response.down().withData("error", String.valueOf(e.getMessage()).lines().findFirst().orElse("")).build();
        }
    }
}
