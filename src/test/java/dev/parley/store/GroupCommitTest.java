package dev.parley.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GroupCommitTest {

    private JdbcDataSource dataSource;

    @BeforeEach
    void database() throws SQLException {
        dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:group-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        try (Connection c = dataSource.getConnection(); var s = c.createStatement()) {
            s.execute("CREATE TABLE t (k INTEGER PRIMARY KEY, v VARCHAR(20))");
        }
    }

    @Test
    void writes_waiting_together_are_committed_in_one_commit_and_each_caller_gets_its_own_result() throws Exception {
        GroupCommit group = GroupCommit.over(dataSource);
        var firstRunning = new CountDownLatch(1);
        var release = new CountDownLatch(1);
        int others = 50;
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<Integer> first = threads.submit(() -> group.run(c -> {
                firstRunning.countDown();
                awaitRelease(release);
                return insert(c, 0);
            }));
            assertThat(firstRunning.await(10, TimeUnit.SECONDS)).isTrue();
            List<Future<Integer>> rest = new ArrayList<>();
            for (int k = 1; k <= others; k++) {
                int key = k;
                rest.add(threads.submit(() -> group.run(c -> insert(c, key) * 100 + key)));
            }
            awaitWaiting(group, others);
            release.countDown();

            assertThat(first.get()).isEqualTo(1);
            for (int k = 1; k <= others; k++) {
                assertThat(rest.get(k - 1).get()).as("the result of write %d", k).isEqualTo(100 + k);
            }
        }
        assertThat(group.counts()).as("commits, writes: the first alone, the fifty that waited meanwhile together")
                .containsExactly(2, others + 1);
        assertThat(rowsSeenByAnotherConnection()).isEqualTo(others + 1);
    }

    @Test
    void a_failing_write_is_rolled_back_alone_and_its_caller_gets_the_failure() throws Exception {
        GroupCommit group = GroupCommit.over(dataSource);
        var firstRunning = new CountDownLatch(1);
        var release = new CountDownLatch(1);
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<Integer> first = threads.submit(() -> group.run(c -> {
                firstRunning.countDown();
                awaitRelease(release);
                return insert(c, 1);
            }));
            assertThat(firstRunning.await(10, TimeUnit.SECONDS)).isTrue();
            Future<Integer> before = threads.submit(() -> group.run(c -> insert(c, 2)));
            awaitWaiting(group, 1);
            Future<Integer> failing = threads.submit(() -> group.run(c -> {
                insert(c, 3);
                return insert(c, 2); // duplicate key: this write, its first insert included, is undone
            }));
            awaitWaiting(group, 2);
            Future<Integer> after = threads.submit(() -> group.run(c -> insert(c, 4)));
            awaitWaiting(group, 3);
            release.countDown();

            assertThat(first.get()).isEqualTo(1);
            assertThat(before.get()).isEqualTo(1);
            assertThat(after.get()).isEqualTo(1);
            assertThatThrownBy(failing::get).hasCauseInstanceOf(StoreException.class)
                    .rootCause().isInstanceOf(SQLException.class).hasMessageContaining("primary key violation");
        }
        try (Connection c = dataSource.getConnection(); var s = c.createStatement();
                var rs = s.executeQuery("SELECT k FROM t ORDER BY k")) {
            List<Integer> keys = new ArrayList<>();
            while (rs.next()) {
                keys.add(rs.getInt(1));
            }
            assertThat(keys).containsExactly(1, 2, 4);
        }
        assertThat(group.counts()).containsExactly(2, 4);
    }

    @Test
    void writes_that_succeed_set_no_savepoint_and_a_group_with_a_failing_one_runs_again_under_savepoints() {
        var savepoints = new AtomicInteger();
        GroupCommit group = GroupCommit.over(countingSavepoints(dataSource, savepoints));
        int first = group.run(c -> insert(c, 1));
        int second = group.run(c -> insert(c, 2));
        assertThat(first + second).as("rows inserted").isEqualTo(2);
        assertThat(savepoints).hasValue(0);

        var runs = new AtomicInteger();
        assertThatThrownBy(() -> group.run(c -> {
            runs.incrementAndGet();
            insert(c, 3);
            return insert(c, 1);
        })).isInstanceOf(StoreException.class).rootCause().hasMessageContaining("primary key violation");

        assertThat(runs).as("once as it is, once under a savepoint").hasValue(2);
        assertThat(savepoints).hasValue(1);
        assertThat(rowsSeenByAnotherConnection()).isEqualTo(2);
    }

    /** The data source, its connections counting the savepoints set on them. */
    private static DataSource countingSavepoints(DataSource dataSource, AtomicInteger savepoints) {
        return (DataSource) Proxy.newProxyInstance(GroupCommitTest.class.getClassLoader(), new Class<?>[] {DataSource.class},
                (proxy, method, args) -> {
                    Object result = invoke(dataSource, method, args);
                    if (!(result instanceof Connection c)) {
                        return result;
                    }
                    return Proxy.newProxyInstance(GroupCommitTest.class.getClassLoader(), new Class<?>[] {Connection.class},
                            (p, m, a) -> {
                                if (m.getName().equals("setSavepoint")) {
                                    savepoints.incrementAndGet();
                                }
                                return invoke(c, m, a);
                            });
                });
    }

    private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    @Test
    void a_runtime_exception_of_a_write_reaches_its_caller_as_it_is() {
        GroupCommit group = GroupCommit.over(dataSource);
        assertThatThrownBy(() -> group.run(c -> {
            insert(c, 7);
            throw new IllegalStateException("no such move");
        })).isInstanceOf(IllegalStateException.class).hasMessage("no such move");
        assertThat(rowsSeenByAnotherConnection()).isZero();
    }

    @Test
    void a_group_waits_for_more_writes_until_a_prompt_one_joins_it() throws Exception {
        // Groups here would wait an hour for more writes: only a prompt write lets one commit.
        GroupCommit group = GroupCommit.over(dataSource, java.time.Duration.ofHours(1));
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<Integer> waiting = threads.submit(() -> group.run(c -> insert(c, 1)));
            awaitSubmitted(group, 1);
            Future<Integer> prompt = threads.submit(() -> group.run(c -> insert(c, 2), java.time.Duration.ZERO));

            assertThat(prompt.get(60, TimeUnit.SECONDS)).isEqualTo(1);
            assertThat(waiting.get(60, TimeUnit.SECONDS)).isEqualTo(1);
            assertThat(group.counts()).as("commits, writes: the waiting write went with the prompt one")
                    .containsExactly(1, 2);

            Future<Integer> alone = threads.submit(() -> group.run(c -> insert(c, 3), java.time.Duration.ZERO));
            assertThat(alone.get(60, TimeUnit.SECONDS)).as("a prompt write alone waits for nothing").isEqualTo(1);
            assertThat(group.counts()).containsExactly(2, 3);
        }
        assertThat(rowsSeenByAnotherConnection()).isEqualTo(3);
    }

    @Test
    void a_patient_write_waits_for_others_no_longer_than_its_patience() throws Exception {
        // Groups here would wait an hour for more writes: a write with 500 ms of patience ends its group's wait.
        GroupCommit group = GroupCommit.over(dataSource, java.time.Duration.ofHours(1));
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<Integer> waiting = threads.submit(() -> group.run(c -> insert(c, 1)));
            awaitSubmitted(group, 1);
            long start = System.nanoTime();
            Future<Integer> patient = threads.submit(() -> group.run(c -> insert(c, 2), java.time.Duration.ofMillis(500)));
            awaitSubmitted(group, 2);
            Future<Integer> joining = threads.submit(() -> group.run(c -> insert(c, 3)));

            assertThat(patient.get(60, TimeUnit.SECONDS)).isEqualTo(1);
            assertThat(java.time.Duration.ofNanos(System.nanoTime() - start)).as("the patient write's wait")
                    .isGreaterThanOrEqualTo(java.time.Duration.ofMillis(500));
            assertThat(waiting.get(60, TimeUnit.SECONDS)).isEqualTo(1);
            assertThat(joining.get(60, TimeUnit.SECONDS)).isEqualTo(1);
            assertThat(group.counts()).as("commits, writes: the writes before it and during its patience went with it")
                    .containsExactly(1, 3);
        }
        assertThat(rowsSeenByAnotherConnection()).isEqualTo(3);
    }

    @Test
    void a_write_returns_only_once_it_is_committed() {
        GroupCommit group = GroupCommit.over(dataSource);
        for (int k = 0; k < 20; k++) {
            int key = k;
            group.run(c -> insert(c, key));
            assertThat(rowsSeenByAnotherConnection()).isEqualTo(k + 1);
        }
    }

    @Test
    void the_embedded_store_commits_in_groups_and_postgresql_each_write_alone() {
        assertThat(GroupCommit.of(dataSource)).isPresent();
        assertThat(GroupCommit.of(dataSource).get()).isSameAs(GroupCommit.of(dataSource).get());

        var postgres = new org.postgresql.ds.PGSimpleDataSource();
        postgres.setURL(PostgresTestDatabase.URL);
        postgres.setUser(PostgresTestDatabase.USER);
        postgres.setPassword(PostgresTestDatabase.PASSWORD);
        assertThat(GroupCommit.of(postgres)).isEmpty();
    }

    private static int insert(Connection c, int key) throws SQLException {
        return Jdbc.update(c, "INSERT INTO t (k, v) VALUES (?, ?)", ps -> {
            ps.setInt(1, key);
            ps.setString(2, "v" + key);
        });
    }

    private int rowsSeenByAnotherConnection() {
        try (Connection c = dataSource.getConnection(); var s = c.createStatement();
                var rs = s.executeQuery("SELECT COUNT(*) FROM t")) {
            rs.next();
            return rs.getInt(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Waits until this many writes were handed to the group commit (polling, bounded). */
    private static void awaitSubmitted(GroupCommit group, long count) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (group.submittedCount() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("only " + group.submittedCount() + " writes handed over, expected " + count);
            }
            Thread.onSpinWait();
            Thread.yield();
        }
    }

    private static void awaitRelease(CountDownLatch release) {
        try {
            assertThat(release.await(10, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Waits until this many writes are queued behind the one running (polling, bounded). */
    private static void awaitWaiting(GroupCommit group, int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (group.waitingCount() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("only " + group.waitingCount() + " writes waiting, expected " + count);
            }
            Thread.onSpinWait();
            Thread.yield();
        }
    }
}
