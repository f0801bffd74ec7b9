package dev.parley.store;

import javax.sql.DataSource;

import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.quarkus.agroal.runtime.AgroalDataSourceUtil;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigurationException;

import dev.parley.config.ParleyConfig;
import dev.parley.config.StoreKind;

/**
 * Hands the store the active datasource. Both datasources exist as beans, but only the one that
 * {@code parley.store.kind} selects is active; injecting the other would fail, so it is looked up by
 * name rather than injected.
 */
@Singleton
class StoreDataSources {

    @Produces
    @StoreDataSource
    @Singleton
    DataSource storeDataSource(ParleyConfig config) {
        StoreKind kind = config.store().kind();
        return AgroalDataSourceUtil.dataSourceIfActive(kind.dataSourceName())
                .orElseThrow(() -> new ConfigurationException(kind == StoreKind.POSTGRESQL
                        ? "parley.store.kind is postgresql but parley.store.url (PARLEY_STORE_URL) is not set; "
                                + "set it to a JDBC URL such as jdbc:postgresql://localhost:5432/parley"
                        : "parley.store.kind is " + kind.key() + " but its datasource is not active"));
    }

    /** Resolves the store's datasource when Parley starts, so that a missing URL stops it there rather than at first use. */
    void checkOnStart(@Observes StartupEvent event, @StoreDataSource DataSource dataSource) {
        // Resolving the parameter is the check.
    }
}
