package dev.parley.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;

import org.junit.jupiter.api.Test;

import dev.parley.config.StoreKind;
import io.quarkus.test.junit.QuarkusTest;

/** The kept reports and personal-data counts contract on the default database, embedded H2. */
@QuarkusTest
class H2ReportStoreTest extends ReportStoreContract {

    @Override
    StoreKind expectedKind() {
        return StoreKind.H2;
    }

    /**
     * A state's latest change is the last entry of its range of the (run, state, time) index, read backwards: a
     * sort, or a MAX over the range, read every item of the state, a second on a 100,000-item run's cold file.
     */
    @Test
    void the_fingerprint_reads_each_states_latest_change_from_the_end_of_its_index_range() throws SQLException {
        try (var connection = dataSource.getConnection();
                var explain = connection.prepareStatement("EXPLAIN " + RunReports.LATEST_CHANGE)) {
            explain.setString(1, "some-run");
            explain.setString(2, "ACCEPTED");
            try (var plan = explain.executeQuery()) {
                assertThat(plan.next()).isTrue();
                assertThat(plan.getString(1)).contains("ITEMS_BY_STATE_AND_TIME", "/* index sorted */");
            }
        }
    }
}
