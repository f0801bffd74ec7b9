package dev.parley.store;

import dev.parley.config.StoreKind;
import io.quarkus.test.junit.QuarkusTest;

/** The ItemRepository contract on the default database, embedded H2. */
@QuarkusTest
class H2ItemRepositoryTest extends ItemRepositoryContract {

    @Override
    StoreKind expectedKind() {
        return StoreKind.H2;
    }
}
