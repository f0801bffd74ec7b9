package dev.parley.store;

import dev.parley.config.StoreKind;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** The PreferenceCandidates contract on PostgreSQL, selected by {@code parley.store.kind=postgresql}. */
@QuarkusTest
@TestProfile(PostgresStoreProfile.class)
class PostgresPreferenceCandidatesTest extends PreferenceCandidatesContract {

    @Override
    StoreKind expectedKind() {
        return StoreKind.POSTGRESQL;
    }
}
