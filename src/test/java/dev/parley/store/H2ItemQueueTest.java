package dev.parley.store;

import dev.parley.config.StoreKind;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/** The ItemQueue contract on the default database, embedded H2. */
@QuarkusTest
class H2ItemQueueTest extends ItemQueueContract {

    @Override
    StoreKind expectedKind() {
        return StoreKind.H2;
    }

    /**
     * A claim must read one state's items in plan order from the claimable index and stop at its limit:
     * with a sort instead, every claim of a large run read all its planned items (17 ms a claim at
     * 20,000, so the run slowed as it grew).
     */
    @Test
    void a_claim_reads_the_claimable_index_in_plan_order_without_sorting() throws SQLException {
        try (var connection = dataSource.getConnection();
                var explain = connection.prepareStatement("EXPLAIN " + ItemQueue.CLAIMABLE)) {
            explain.setString(1, "some-run");
            explain.setString(2, "PLANNED");
            explain.setLong(3, 0);
            explain.setInt(4, 2);
            try (var plan = explain.executeQuery()) {
                assertThat(plan.next()).isTrue();
                assertThat(plan.getString(1)).contains("ITEMS_CLAIMABLE", "/* index sorted */");
            }
        }
    }

    /** The rows a claim took are read each by its whole primary key, not by the run alone and filtered. */
    @Test
    void a_claim_reads_each_claimed_row_by_its_whole_primary_key() throws SQLException {
        try (var connection = dataSource.getConnection();
                var explain = connection.prepareStatement("EXPLAIN " + ItemQueue.CLAIMED_ROW)) {
            explain.setString(1, "some-run");
            explain.setInt(2, 7);
            try (var plan = explain.executeQuery()) {
                assertThat(plan.next()).isTrue();
                assertThat(plan.getString(1)).containsPattern("/\\* PUBLIC\\.PRIMARY_KEY_\\w+: (SEQ = \\?2\\s+AND RUN_ID = \\?1"
                        + "|RUN_ID = \\?1\\s+AND SEQ = \\?2)\\s+\\*/");
            }
        }
    }

    /** A move finds its row by plan number, whatever the table's statistics, never through the lease index. */
    @Test
    void a_move_finds_its_row_by_plan_number() throws SQLException {
        try (var connection = dataSource.getConnection();
                var explain = connection.prepareStatement("EXPLAIN " + ItemQueue.moveSql(ItemState.ACCEPTED))) {
            for (int i = 1; i <= 11; i++) {
                explain.setString(i, null);
            }
            explain.setString(8, "some-run");
            explain.setInt(9, 7);
            explain.setString(10, "JUDGING");
            explain.setString(11, "some-worker");
            try (var plan = explain.executeQuery()) {
                assertThat(plan.next()).isTrue();
                assertThat(plan.getString(1)).doesNotContain("ITEMS_BY_LEASE")
                        .containsPattern("(?s)/\\* PUBLIC\\.(ITEMS_CLAIMABLE|PRIMARY_KEY_\\w+): [^*]*SEQ = \\?9");
            }
        }
    }
}
