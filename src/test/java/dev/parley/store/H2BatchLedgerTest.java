package dev.parley.store;

import dev.parley.config.StoreKind;
import io.quarkus.test.junit.QuarkusTest;

/** The BatchLedger contract on the default database, embedded H2. */
@QuarkusTest
class H2BatchLedgerTest extends BatchLedgerContract {

    @Override
    StoreKind expectedKind() {
        return StoreKind.H2;
    }
}
