package dev.parley.store;

import dev.parley.config.StoreKind;
import io.quarkus.test.junit.QuarkusTest;

/** The RunRepository contract on the default database, embedded H2. */
@QuarkusTest
class H2RunRepositoryTest extends RunRepositoryContract {

    @Override
    StoreKind expectedKind() {
        return StoreKind.H2;
    }
}
