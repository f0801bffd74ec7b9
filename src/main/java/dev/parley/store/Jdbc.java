package dev.parley.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

/**
 * The JDBC every repository of the store goes through: a query mapped row by row, an update, and work
 * in one transaction, any {@link SQLException} turned into a {@link StoreException}. Queries borrow a
 * connection through the {@link ConnectionGate}; writes on H2 are committed in groups ({@link GroupCommit}),
 * elsewhere each in its own transaction.
 */
final class Jdbc {

    private final DataSource dataSource;
    private final ConnectionGate connections;
    /** Resolved at the first write: the datasource may not be ready when a repository is built. */
    private volatile Optional<GroupCommit> group;

    Jdbc(DataSource dataSource) {
        this.dataSource = dataSource;
        this.connections = ConnectionGate.of(dataSource);
    }

    /** Sets a statement's parameters. */
    @FunctionalInterface
    interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    /** Makes one value of the current row. */
    @FunctionalInterface
    interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    /** Work on one connection, in one transaction. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    <T> List<T> query(String sql, Binder binder, RowMapper<T> mapper) {
        try (Connection c = connections.open()) {
            return query(c, sql, binder, mapper);
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    /** The first row's value, if there is one. */
    <T> Optional<T> queryOne(String sql, Binder binder, RowMapper<T> mapper) {
        return query(sql, binder, mapper).stream().findFirst();
    }

    /** A query on the caller's connection, in its transaction. */
    static <T> List<T> query(Connection c, String sql, Binder binder, RowMapper<T> mapper) throws SQLException {
        try (var ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
                List<T> result = new ArrayList<>();
                while (rs.next()) {
                    result.add(mapper.map(rs));
                }
                return result;
            }
        }
    }

    /** @return the number of rows changed */
    int update(String sql, Binder binder) {
        Optional<GroupCommit> writes = writes();
        if (writes.isPresent()) {
            return writes.get().run(c -> update(c, sql, binder));
        }
        // A single statement needs no transaction of its own: it commits as it runs.
        try (Connection c = connections.open()) {
            return update(c, sql, binder);
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    /** An update on the caller's connection, in its transaction. */
    static int update(Connection c, String sql, Binder binder) throws SQLException {
        try (var ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            return ps.executeUpdate();
        }
    }

    /**
     * Runs the work in one transaction: all of it is committed, or none when it throws. Returns once it is
     * committed. The work must do all its reading and writing on the connection it is given.
     */
    <T> T inTransaction(Work<T> work) {
        return inTransaction(work, null);
    }

    /**
     * Runs a work that replaces rows (deletes them, then inserts their new values) as {@link #inTransaction(Work)}
     * does, and once more when it failed on a duplicate key: on PostgreSQL two workers replacing the same rows at
     * once (the last two finishing a run, each keeping its report) both find nothing to delete, and the second's
     * insert fails on the first's rows, which its second attempt deletes.
     */
    <T> T replacing(Work<T> work) {
        try {
            return inTransaction(work);
        } catch (StoreException e) {
            if (!isDuplicateKey(e)) {
                throw e;
            }
            return inTransaction(work);
        }
    }

    /** Whether a store write failed on a unique key already taken. */
    static boolean isDuplicateKey(StoreException e) {
        return e.getCause() instanceof SQLException sql && isDuplicateKey(sql);
    }

    /** Whether the failure, or one in its chain (a batch's entries), is a unique key already taken. */
    static boolean isDuplicateKey(SQLException e) {
        for (SQLException next = e; next != null; next = next.getNextException()) {
            if ("23505".equals(next.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    /**
     * Runs the work as {@link #inTransaction(Work)} does, in a group that waits for more writes no longer than
     * {@code patience} after the work was handed over: for a caller that holds something scarce meanwhile.
     */
    <T> T inTransactionWaitingAtMost(Duration patience, Work<T> work) {
        return inTransaction(work, patience);
    }

    private <T> T inTransaction(Work<T> work, Duration patience) {
        Optional<GroupCommit> writes = writes();
        if (writes.isPresent()) {
            return patience != null ? writes.get().run(work, patience) : writes.get().run(work);
        }
        try (Connection c = connections.open()) {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(auto);
            }
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    /** The group commit writes go through, resolved at the first write; empty where each commits alone. */
    private Optional<GroupCommit> writes() {
        Optional<GroupCommit> writes = group;
        if (writes == null) {
            writes = GroupCommit.of(dataSource);
            group = writes;
        }
        return writes;
    }

    // ---- parameters and columns that may be null ------------------------------------------------

    static void setDouble(PreparedStatement ps, int index, Double value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.DOUBLE);
        } else {
            ps.setDouble(index, value);
        }
    }

    static void setLong(PreparedStatement ps, int index, Long value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.BIGINT);
        } else {
            ps.setLong(index, value);
        }
    }

    static Timestamp now() {
        return Timestamp.from(Instant.now());
    }

    static Optional<Double> optionalDouble(ResultSet rs, String column) throws SQLException {
        double value = rs.getDouble(column);
        return rs.wasNull() ? Optional.empty() : Optional.of(value);
    }

    static Optional<Double> optionalDouble(ResultSet rs, int column) throws SQLException {
        double value = rs.getDouble(column);
        return rs.wasNull() ? Optional.empty() : Optional.of(value);
    }
}
