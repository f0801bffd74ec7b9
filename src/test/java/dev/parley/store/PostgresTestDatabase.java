package dev.parley.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;
import java.util.UUID;

/**
 * The PostgreSQL server the tests use, with a fresh schema per test run so that runs never mix and
 * nothing is left behind. The server is {@code jdbc:postgresql://127.0.0.1:5432/test} as
 * {@code postgres}, or what {@code TEST_POSTGRES_URL}, {@code TEST_POSTGRES_USER} and
 * {@code TEST_POSTGRES_PASSWORD} say.
 */
public final class PostgresTestDatabase {

    public static final String URL = env("TEST_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/test");
    public static final String USER = env("TEST_POSTGRES_USER", "postgres");
    public static final String PASSWORD = env("TEST_POSTGRES_PASSWORD", "");

    private PostgresTestDatabase() {
    }

    /**
     * Creates an empty schema with a random name and returns the name.
     *
     * @throws IllegalStateException naming the server and the settings to change when it cannot be reached
     */
    public static String createSchema() {
        String schema = "parley_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = connect(URL); var s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
            return schema;
        } catch (SQLException e) {
            throw new IllegalStateException("The PostgreSQL tests need a server at " + URL + " (user " + USER
                    + "); set TEST_POSTGRES_URL, TEST_POSTGRES_USER and TEST_POSTGRES_PASSWORD to use another. "
                    + "Creating a test schema failed: " + e.getMessage(), e);
        }
    }

    /** Drops a schema made by {@link #createSchema()} with everything in it. */
    public static void dropSchema(String schema) {
        try (Connection c = connect(URL); var s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        } catch (SQLException e) {
            throw new IllegalStateException("dropping test schema " + schema + " failed: " + e.getMessage(), e);
        }
    }

    /** The server's JDBC URL with the given schema as the connection's current schema. */
    public static String urlFor(String schema) {
        return URL + (URL.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    /** A plain JDBC connection, bypassing the application and its pool. */
    public static Connection connect(String url) throws SQLException {
        var properties = new Properties();
        properties.setProperty("user", USER);
        properties.setProperty("password", PASSWORD);
        // The driver directly: DriverManager may not see drivers loaded by the Quarkus test class loader.
        Connection c = new org.postgresql.Driver().connect(url, properties);
        if (c == null) {
            throw new SQLException("not a PostgreSQL JDBC URL: " + url);
        }
        return c;
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
