package dev.parley.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

import dev.parley.llm.ResponseCache.CachedAnswer;

/**
 * Answers cached before the cache was looked up by a number (V20) are found after the migration, on both
 * databases: the number the migration's SQL computes from a stored hash is the one a lookup computes.
 */
class ResponseCacheMigrationTest {

    /** Requests whose hashes begin with a low and a high digit (the 60-bit number has no sign to lose). */
    private static final List<String> REQUESTS = List.of("a generator's request", "a judge's request", "a third one",
            "ünïcödé request");

    @Test
    void h2_keeps_every_cached_answer_through_the_migration() throws Exception {
        var h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:cache-migration-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        migrateKeepingAnswers(h2);
    }

    @Test
    void postgresql_keeps_every_cached_answer_through_the_migration() throws Exception {
        String schema = PostgresTestDatabase.createSchema();
        try {
            var pg = new PGSimpleDataSource();
            pg.setURL(PostgresTestDatabase.urlFor(schema));
            pg.setUser(PostgresTestDatabase.USER);
            pg.setPassword(PostgresTestDatabase.PASSWORD);
            migrateKeepingAnswers(pg);
        } finally {
            PostgresTestDatabase.dropSchema(schema);
        }
    }

    private static void migrateKeepingAnswers(DataSource dataSource) throws Exception {
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").target("19").load().migrate();
        Map<String, CachedAnswer> stored = new TreeMap<>();
        try (Connection c = dataSource.getConnection(); var ps = c.prepareStatement("INSERT INTO response_cache "
                + "(request_hash, model, answer, input_tokens, output_tokens, created_at) VALUES (?, 'm', ?, ?, ?, ?)")) {
            for (int i = 0; i < REQUESTS.size(); i++) {
                String hash = sha256(REQUESTS.get(i));
                var answer = new CachedAnswer("{\"answer\":" + i + "}", 10L + i, 20L + i);
                ps.setString(1, hash);
                ps.setString(2, answer.answer());
                ps.setLong(3, answer.inputTokens());
                ps.setLong(4, answer.outputTokens());
                ps.setTimestamp(5, Timestamp.from(Instant.now()));
                ps.executeUpdate();
                stored.put(hash, answer);
            }
        }
        assertThat(stored.keySet()).as("hashes beginning with a digit under 8 and over 7")
                .anyMatch(h -> Character.digit(h.charAt(0), 16) < 8).anyMatch(h -> Character.digit(h.charAt(0), 16) > 7);

        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();

        assertThat(keys(dataSource)).isEqualTo(expectedKeys(stored.keySet()));
        var cache = new JdbcResponseCache(dataSource);
        stored.forEach((hash, answer) -> assertThat(cache.find(hash)).as(hash).contains(answer));
        String first = stored.keySet().iterator().next();
        cache.put(first, "m", new CachedAnswer("{\"later\":true}", 1, 1));
        assertThat(cache.find(first)).as("the first answer stays").contains(stored.get(first));
        String fresh = sha256("a request after the migration");
        cache.put(fresh, "m", new CachedAnswer("{\"fresh\":true}", 3, 4));
        assertThat(cache.find(fresh)).contains(new CachedAnswer("{\"fresh\":true}", 3, 4));
    }

    /** The first 15 hex digits of each hash as a number, read here with BigInteger. */
    private static Map<String, Long> expectedKeys(Iterable<String> hashes) {
        Map<String, Long> keys = new TreeMap<>();
        hashes.forEach(h -> keys.put(h, new BigInteger(h.substring(0, 15), 16).longValueExact()));
        return keys;
    }

    private static Map<String, Long> keys(DataSource dataSource) throws SQLException {
        Map<String, Long> keys = new TreeMap<>();
        try (Connection c = dataSource.getConnection();
                var rs = c.createStatement().executeQuery("SELECT request_hash, request_key FROM response_cache")) {
            while (rs.next()) {
                keys.put(rs.getString(1), rs.getLong(2));
            }
        }
        return keys;
    }

    private static String sha256(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    }
}
