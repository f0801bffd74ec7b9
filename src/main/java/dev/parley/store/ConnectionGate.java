package dev.parley.store;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.sql.DataSource;

import io.agroal.api.AgroalDataSource;

/**
 * Lets no more threads borrow a connection at once than the pool holds; the others wait here,
 * parked, instead of inside the pool.
 *
 * <p>A run keeps twice its endpoints' call slots of items in flight on virtual threads, more
 * than the JDBC pool's connections. Waiting for a connection inside Agroal kept the two carrier
 * threads of a 2-core machine busy while the virtual threads that held the connections, and had to
 * run to give them back, could not: the run stalled for minutes at a time. A fair semaphore in
 * front of the pool parks waiting virtual threads and frees their carriers.
 */
final class ConnectionGate {

    /** One gate per datasource, shared by the store classes that use it. */
    private static final Map<DataSource, Semaphore> GATES = new ConcurrentHashMap<>();

    private final DataSource dataSource;
    private final Semaphore permits;

    private ConnectionGate(DataSource dataSource, Semaphore permits) {
        this.dataSource = dataSource;
        this.permits = permits;
    }

    /**
     * The gate in front of a datasource: as many permits as its pool has connections, less the one the
     * {@link GroupCommit} writer borrows for each group without passing the gate.
     */
    static ConnectionGate of(DataSource dataSource) {
        return new ConnectionGate(dataSource, GATES.computeIfAbsent(dataSource, ds -> new Semaphore(poolSize(ds), true)));
    }

    /** A gate of its own with this many permits (for tests). */
    static ConnectionGate withPermits(DataSource dataSource, int permits) {
        return new ConnectionGate(dataSource, new Semaphore(permits, true));
    }

    /** A connection whose {@code close()} also gives the permit back; waits for a permit first. */
    Connection open() throws SQLException {
        try {
            permits.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while waiting for a database connection", e);
        }
        Connection connection;
        try {
            connection = dataSource.getConnection();
        } catch (SQLException | RuntimeException e) {
            permits.release();
            throw e;
        }
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                new Returning(connection, permits));
    }

    /** Permits available now (for tests). */
    int available() {
        return permits.availablePermits();
    }

    private static int poolSize(DataSource dataSource) {
        if (dataSource instanceof AgroalDataSource agroal) {
            return Math.max(1, agroal.getConfiguration().connectionPoolConfiguration().maxSize() - 1);
        }
        return Integer.MAX_VALUE / 2;
    }

    /** Passes every call through and releases the permit once, on the first {@code close()}. */
    private record Returning(Connection connection, Semaphore permits, AtomicBoolean closed) implements InvocationHandler {

        Returning(Connection connection, Semaphore permits) {
            this(connection, permits, new AtomicBoolean());
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            if (method.getName().equals("close") && method.getParameterCount() == 0) {
                try {
                    connection.close();
                } finally {
                    if (closed.compareAndSet(false, true)) {
                        permits.release();
                    }
                }
                return null;
            }
            try {
                return method.invoke(connection, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }
    }
}
