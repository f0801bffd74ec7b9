package dev.parley.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.parley.llm.ResponseCache;

/** The response cache in the run database, so that it survives restarts and is shared by workers. */
@ApplicationScoped
public class JdbcResponseCache implements ResponseCache {

    private final ConnectionGate connections;

    @Inject
    public JdbcResponseCache(@StoreDataSource DataSource dataSource) {
        this.connections = ConnectionGate.of(dataSource);
    }

    @Override
    public Optional<CachedAnswer> find(String requestHash) {
        try (var c = connections.open();
                var ps = c.prepareStatement("SELECT answer, input_tokens, output_tokens FROM response_cache WHERE request_hash = ?")) {
            ps.setString(1, requestHash);
            try (var rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new CachedAnswer(rs.getString(1), rs.getLong(2), rs.getLong(3)))
                        : Optional.empty();
            }
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    @Override
    public void put(String requestHash, String model, CachedAnswer answer) {
        try (var c = connections.open()) {
            insert(c, requestHash, model, answer);
        } catch (SQLException e) {
            // Two identical requests finishing together: the first answer stays, which is all the cache promises.
            if (!isDuplicateKey(e)) {
                throw new StoreException(e);
            }
        }
    }

    /** Stores an answer on the caller's connection, in its transaction; nothing when the request has one already. */
    static void insert(Connection c, String requestHash, String model, CachedAnswer answer) throws SQLException {
        try (var ps = c.prepareStatement("INSERT INTO response_cache (request_hash, model, answer, input_tokens, "
                + "output_tokens, created_at) SELECT ?, ?, ?, ?, ?, ? WHERE NOT EXISTS "
                + "(SELECT 1 FROM response_cache WHERE request_hash = ?)")) {
            ps.setString(1, requestHash);
            ps.setString(2, model);
            ps.setString(3, answer.answer());
            ps.setLong(4, answer.inputTokens());
            ps.setLong(5, answer.outputTokens());
            ps.setTimestamp(6, Timestamp.from(Instant.now()));
            ps.setString(7, requestHash);
            ps.executeUpdate();
        }
    }

    static boolean isDuplicateKey(SQLException e) {
        return "23505".equals(e.getSQLState());
    }
}
