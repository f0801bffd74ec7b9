package dev.parley.store;

import dev.parley.config.StoreKind;
import io.quarkus.test.junit.QuarkusTest;

/** The DiversitySnapshots contract on the default database, embedded H2. */
@QuarkusTest
class H2DiversitySnapshotsTest extends DiversitySnapshotsContract {

    @Override
    StoreKind expectedKind() {
        return StoreKind.H2;
    }
}
