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
        return jdbc.queryOne("SELECT answer, input_tokens, output_tokens FROM response_cache WHERE request_hash = ?",
                ps -> ps.setString(1, requestHash), rs -> new CachedAnswer(rs.getString(1), rs.getLong(2), rs.getLong(3)));
    }

    @Override
    public void put(String requestHash, String model, CachedAnswer answer) {
        try {
            jdbc.update(INSERT, inserting(requestHash, model, answer));
        } catch (StoreException e) {
            // Two identical requests finishing together: the first answer stays, which is all the cache promises.
            if (!(e.getCause() instanceof SQLException sql && isDuplicateKey(sql))) {
                throw e;
            }
        }
    }

    /** Stores an answer on the caller's connection, in its transaction; nothing when the request has one already. */
    static void insert(Connection c, String requestHash, String model, CachedAnswer answer) throws SQLException {
        Jdbc.update(c, INSERT, inserting(requestHash, model, answer));
    }

    private static final String INSERT = "INSERT INTO response_cache (request_hash, model, answer, input_tokens, "
            + "output_tokens, created_at) SELECT ?, ?, ?, ?, ?, ? WHERE NOT EXISTS "
            + "(SELECT 1 FROM response_cache WHERE request_hash = ?)";

    private static Jdbc.Binder inserting(String requestHash, String model, CachedAnswer answer) {
        return ps -> {
            ps.setString(1, requestHash);
            ps.setString(2, model);
            ps.setString(3, answer.answer());
            ps.setLong(4, answer.inputTokens());
            ps.setLong(5, answer.outputTokens());
            ps.setTimestamp(6, Jdbc.now());
            ps.setString(7, requestHash);
        };
    }

    static boolean isDuplicateKey(SQLException e) {
        return "23505".equals(e.getSQLState());
    }
}
