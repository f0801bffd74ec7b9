package dev.parley.store;

import io.quarkus.test.junit.QuarkusTest;

/** The store contract on the default database, embedded H2. */
@QuarkusTest
class H2RunStoreTest extends RunStoreContract {

    @Override
    StoreKind expectedKind() {
        return StoreKind.H2;
    }
}
