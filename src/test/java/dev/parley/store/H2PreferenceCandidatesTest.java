package dev.parley.store;

import dev.parley.config.StoreKind;
import io.quarkus.test.junit.QuarkusTest;

/** The PreferenceCandidates contract on the default database, embedded H2. */
@QuarkusTest
class H2PreferenceCandidatesTest extends PreferenceCandidatesContract {

    @Override
    StoreKind expectedKind() {
        return StoreKind.H2;
    }
}
