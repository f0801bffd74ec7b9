package dev.parley.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.Properties;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import dev.parley.store.PostgresStoreProfile;
import dev.parley.store.PostgresTestDatabase;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

/**
 * With {@code parley.store.kind=postgresql} a run started over the REST API is stored in PostgreSQL,
 * and the H2 database the default configuration would have used stays untouched.
 */
@QuarkusTest
@TestProfile(PostgresStoreProfile.class)
class RunApiPostgresTest {

    @ConfigProperty(name = "parley.store.url")
    String postgresUrl;

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String h2Url;

    @Test
    void stores_a_run_in_postgresql_and_not_in_h2() throws SQLException {
        String id = RunApi.start(Map.of("recipe", "ecommerce-support-id", "count", 5));

        JsonPath report = RunApi.awaitFinished(id);

        assertThat(report.getString("status")).isEqualTo("completed");
        try (Connection pg = PostgresTestDatabase.connect(postgresUrl)) {
            assertThat(count(pg, "SELECT COUNT(*) FROM runs WHERE id = ? AND status = 'COMPLETED'", id)).isEqualTo(1);
            assertThat(count(pg, "SELECT COUNT(*) FROM items WHERE run_id = ?", id)).isEqualTo(5);
            assertThat(count(pg, "SELECT COUNT(*) FROM items WHERE run_id = ? AND state IN ('ACCEPTED', 'REJECTED', 'FAILED')",
                    id)).isEqualTo(5);
            assertThat(count(pg, "SELECT COUNT(*) FROM model_calls WHERE run_id = ? AND role = 'generator'", id))
                    .isGreaterThanOrEqualTo(5);
        }
        assertThat(runsInH2(id)).isZero();
    }

    private static long count(Connection c, String sql, String id) throws SQLException {
        try (var ps = c.prepareStatement(sql)) {
            ps.setString(1, id);
            try (var rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Rows for the run in the H2 database of the test configuration; an H2 without Parley's tables has none. */
    private long runsInH2(String id) throws SQLException {
        var properties = new Properties();
        properties.setProperty("user", "parley");
        properties.setProperty("password", "");
        try (Connection h2 = new org.h2.Driver().connect(h2Url, properties)) {
            try (var ps = h2.prepareStatement(
                    "SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = 'PUBLIC' AND TABLE_NAME = 'RUNS'");
                    var rs = ps.executeQuery()) {
                rs.next();
                if (rs.getLong(1) == 0) {
                    return 0;
                }
            }
            return count(h2, "SELECT COUNT(*) FROM runs WHERE id = ?", id);
        }
    }
}
