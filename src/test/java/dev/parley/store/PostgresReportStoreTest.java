package dev.parley.store;

import dev.parley.config.StoreKind;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** The kept reports and personal-data counts contract on PostgreSQL, selected by {@code parley.store.kind=postgresql}. */
@QuarkusTest
@TestProfile(PostgresStoreProfile.class)
class PostgresReportStoreTest extends ReportStoreContract {

    @Override
    StoreKind expectedKind() {
        return StoreKind.POSTGRESQL;
    }
}
