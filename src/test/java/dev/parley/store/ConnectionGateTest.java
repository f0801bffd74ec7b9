package dev.parley.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

class ConnectionGateTest {

    private final AtomicInteger closed = new AtomicInteger();
    private boolean failing;

    /** A datasource whose connections only count their closing. */
    private DataSource dataSource() {
        return (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(), new Class<?>[] {DataSource.class},
                (proxy, method, args) -> {
                    if (!method.getName().equals("getConnection")) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    if (failing) {
                        throw new SQLException("pool closed");
                    }
                    return Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                            (c, m, a) -> {
                                if (m.getName().equals("close")) {
                                    closed.incrementAndGet();
                                }
                                return m.getName().equals("isClosed") ? Boolean.FALSE : null;
                            });
                });
    }

    @Test
    void holds_a_permit_per_open_connection_and_gives_it_back_once_on_close() throws SQLException {
        ConnectionGate gate = ConnectionGate.withPermits(dataSource(), 2);

        Connection first = gate.open();
        Connection second = gate.open();
        assertThat(gate.available()).isZero();

        first.close();
        first.close();
        assertThat(gate.available()).as("a second close gives back nothing more").isEqualTo(1);
        assertThat(closed.get()).as("both closes reach the pool's connection").isEqualTo(2);
        assertThat(first.isClosed()).as("other calls pass through").isFalse();

        second.close();
        assertThat(gate.available()).isEqualTo(2);
    }

    @Test
    void a_connection_the_pool_cannot_give_returns_its_permit() {
        ConnectionGate gate = ConnectionGate.withPermits(dataSource(), 1);
        failing = true;

        assertThatThrownBy(gate::open).isInstanceOf(SQLException.class).hasMessage("pool closed");
        assertThat(gate.available()).isEqualTo(1);
    }
}
