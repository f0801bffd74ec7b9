package dev.parley.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.parley.llm.ResponseCache;

/** The response cache in the run database, so that it survives restarts and is shared by workers. */
@ApplicationScoped
public class JdbcResponseCache implements ResponseCache {

    private final Jdbc jdbc;

    @Inject
    public JdbcResponseCache(@StoreDataSource DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource);
    }

    @Override
    public Optional<CachedAnswer> find(String requestHash) {
        return jdbc.queryOne("SELECT answer, input_tokens, output_tokens FROM response_cache WHERE request_key = ? "
                + "AND request_hash = ?", ps -> {
                    ps.setLong(1, keyOf(requestHash));
                    ps.setString(2, requestHash);
                }, rs -> new CachedAnswer(rs.getString(1), rs.getLong(2), rs.getLong(3)));
    }

    /**
     * The number the cache is looked up by: the first 15 hex digits (60 bits) of the request's SHA-256, as the
     * migration that introduced it computed it for the answers stored before (V20). A request hash that does not
     * begin with 15 lower-case hex digits (none the gateway makes) is looked up by its {@code hashCode}; the hash
     * itself is compared too.
     */
    static long keyOf(String requestHash) {
        if (requestHash.length() < KEY_DIGITS) {
            return requestHash.hashCode();
        }
        long key = 0;
        for (int i = 0; i < KEY_DIGITS; i++) {
            int digit = HEX_DIGITS.indexOf(requestHash.charAt(i));
            if (digit < 0) {
                return requestHash.hashCode();
            }
            key = key << 4 | digit;
        }
        return key;
    }

    private static final int KEY_DIGITS = 15;
    private static final String HEX_DIGITS = "0123456789abcdef";

    @Override
    public void put(String requestHash, String model, CachedAnswer answer) {
        try {
            jdbc.update(INSERT, inserting(requestHash, model, answer));
        } catch (StoreException e) {
            // Two identical requests finishing together: the first answer stays, which is all the cache promises.
            if (!Jdbc.isDuplicateKey(e)) {
                throw e;
            }
        }
    }

    /** Stores an answer on the caller's connection, in its transaction; nothing when the request has one already. */
    static void insert(Connection c, String requestHash, String model, CachedAnswer answer) throws SQLException {
        Jdbc.update(c, INSERT, inserting(requestHash, model, answer));
    }

    private static final String INSERT = "INSERT INTO response_cache (request_key, request_hash, model, answer, "
            + "input_tokens, output_tokens, created_at) SELECT ?, ?, ?, ?, ?, ?, ? WHERE NOT EXISTS "
            + "(SELECT 1 FROM response_cache WHERE request_key = ?)";

    private static Jdbc.Binder inserting(String requestHash, String model, CachedAnswer answer) {
        long key = keyOf(requestHash);
        return ps -> {
            ps.setLong(1, key);
            ps.setString(2, requestHash);
            ps.setString(3, model);
            ps.setString(4, answer.answer());
            ps.setLong(5, answer.inputTokens());
            ps.setLong(6, answer.outputTokens());
            ps.setTimestamp(7, Jdbc.now());
            ps.setLong(8, key);
        };
    }
}
