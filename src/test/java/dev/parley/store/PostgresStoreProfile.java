package dev.parley.store;

import java.util.List;

import io.quarkus.test.junit.QuarkusTestProfile;

/** Runs the application with {@code parley.store.kind=postgresql}, in a fresh schema of the test server. */
public class PostgresStoreProfile implements QuarkusTestProfile {

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(PostgresSchemaResource.class));
    }
}
