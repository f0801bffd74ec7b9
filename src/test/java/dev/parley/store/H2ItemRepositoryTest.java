package dev.parley.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;

import org.junit.jupiter.api.Test;

import dev.parley.config.StoreKind;
import io.quarkus.test.junit.QuarkusTest;

/** The ItemRepository contract on the default database, embedded H2. */
@QuarkusTest
class H2ItemRepositoryTest extends ItemRepositoryContract {

    @Override
    StoreKind expectedKind() {
        return StoreKind.H2;
    }

    /**
     * A walk over a run's items reads a page in index order and stops at its limit; sorting every item after the
     * page's start made a report of a 100,000-item run read its items fifty thousand times each on average.
     */
    @Test
    void a_walk_reads_each_page_in_index_order_without_sorting() throws SQLException {
        assertThat(plan(ItemRepository.WALK, "some-run", 7, 500)).contains("PRIMARY_KEY", "/* index sorted */");
        assertThat(plan(ItemRepository.WALK_STATE, "some-run", 7, "ACCEPTED", 500)).contains("ITEMS_CLAIMABLE",
                "/* index sorted */");
    }

    private String plan(String sql, Object... parameters) throws SQLException {
        try (var connection = dataSource.getConnection(); var explain = connection.prepareStatement("EXPLAIN " + sql)) {
            for (int i = 0; i < parameters.length; i++) {
                explain.setObject(i + 1, parameters[i]);
            }
            try (var plan = explain.executeQuery()) {
                assertThat(plan.next()).isTrue();
                return plan.getString(1);
            }
        }
    }
}
