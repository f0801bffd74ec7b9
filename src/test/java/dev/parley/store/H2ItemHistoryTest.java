package dev.parley.store;

import dev.parley.config.StoreKind;
import io.quarkus.test.junit.QuarkusTest;

/** The ItemHistory contract on the default database, embedded H2. */
@QuarkusTest
class H2ItemHistoryTest extends ItemHistoryContract {

    @Override
    StoreKind expectedKind() {
        return StoreKind.H2;
    }
}
