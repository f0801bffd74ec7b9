package dev.parley.store;

import dev.parley.config.StoreKind;
import io.quarkus.test.junit.QuarkusTest;

/** The kept reports and personal-data counts contract on the default database, embedded H2. */
@QuarkusTest
class H2ReportStoreTest extends ReportStoreContract {

    @Override
    StoreKind expectedKind() {
        return StoreKind.H2;
    }
}
