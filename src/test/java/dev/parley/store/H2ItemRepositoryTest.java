package dev.parley.store;

import io.quarkus.test.junit.QuarkusTest;

/** The ItemRepository contract on the default database, embedded H2. */
@QuarkusTest
class H2ItemRepositoryTest extends ItemRepositoryContract {

    @Override
    StoreKind expectedKind() {
        return StoreKind.H2;
    }
}
