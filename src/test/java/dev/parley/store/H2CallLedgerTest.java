package dev.parley.store;

import dev.parley.config.StoreKind;
import io.quarkus.test.junit.QuarkusTest;

/** The CallLedger contract on the default database, embedded H2. */
@QuarkusTest
class H2CallLedgerTest extends CallLedgerContract {

    @Override
    StoreKind expectedKind() {
        return StoreKind.H2;
    }
}
