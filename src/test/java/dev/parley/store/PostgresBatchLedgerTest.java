package dev.parley.store;

import dev.parley.config.StoreKind;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** The BatchLedger contract on PostgreSQL, selected by {@code parley.store.kind=postgresql}. */
@QuarkusTest
@TestProfile(PostgresStoreProfile.class)
class PostgresBatchLedgerTest extends BatchLedgerContract {

    @Override
    StoreKind expectedKind() {
        return StoreKind.POSTGRESQL;
    }
}
