package dev.parley.store;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Points the store at PostgreSQL, in a schema created for this test run and dropped when the
 * application stops. The schema exists before Flyway runs, which migrates it like any empty database.
 */
public class PostgresSchemaResource implements QuarkusTestResourceLifecycleManager {

    private String schema;

    @Override
    public Map<String, String> start() {
        schema = PostgresTestDatabase.createSchema();
        return Map.of(
                "parley.store.kind", "postgresql",
                "parley.store.url", PostgresTestDatabase.urlFor(schema),
                "parley.store.username", PostgresTestDatabase.USER,
                "parley.store.password", PostgresTestDatabase.PASSWORD);
    }

    @Override
    public void stop() {
        if (schema != null) {
            PostgresTestDatabase.dropSchema(schema);
        }
    }
}
