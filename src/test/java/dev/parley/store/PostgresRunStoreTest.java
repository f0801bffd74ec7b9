package dev.parley.store;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

import dev.parley.config.StoreKind;

/** The store contract on PostgreSQL, selected by {@code parley.store.kind=postgresql}. */
@QuarkusTest
@TestProfile(PostgresStoreProfile.class)
class PostgresRunStoreTest extends RunStoreContract {

    @Override
    StoreKind expectedKind() {
        return StoreKind.POSTGRESQL;
    }
}
