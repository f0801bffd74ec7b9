package dev.parley.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

/**
 * Writes of many threads committed together: one writer thread takes every write waiting, runs each on its
 * connection, commits them in one commit, and only then lets their callers go on.
 *
 * <p>Why: on the embedded H2 store ({@code WRITE_DELAY=0}) every commit writes a chunk of pages to the file,
 * and at a hundred items in flight a commit per state move and per model call made that the largest single
 * cost of a run. A caller still gets back only after its write is in the file, so a {@code kill -9} loses no
 * write a caller acted on; a write that fails is undone alone (the group runs again, each write under a
 * savepoint of its own) and its caller gets the failure, while the others of the group commit.
 *
 * <p>Only for H2: on PostgreSQL, several processes write the same run, and a group holding the row locks of
 * one process's pending writes could wait for another process's group holding others; there each write keeps
 * its own transaction.
 */
final class GroupCommit {

    /** One writer per datasource, shared by the store classes that use it; absent where writes commit alone. */
    private static final Map<DataSource, GroupCommit> BY_SOURCE = new ConcurrentHashMap<>();
    /** How long an idle writer thread waits for work before it ends; the next write starts a new one. */
    private static final long IDLE_MILLIS = 1000;
    /** How long a group waits for more writes while they keep coming. */
    private static final long GATHER_NANOS = TimeUnit.MILLISECONDS.toNanos(8);
    /** A group this large commits without waiting for more. */
    private static final int GROUP_TARGET = 32;
    /** Groups committed at once after a wait that gathered nothing. */
    private static final int SKIP_AFTER_IDLE = 16;
    /** The due time of a write that waits as long as its group does. */
    private static final long NO_DUE = Long.MAX_VALUE;

    private final DataSource dataSource;
    private final long gatherNanos;
    private final LinkedBlockingQueue<Pending<?>> waiting = new LinkedBlockingQueue<>();
    private final AtomicBoolean writing = new AtomicBoolean();
    private final AtomicLong commits = new AtomicLong();
    private final AtomicLong writes = new AtomicLong();
    private final AtomicLong submitted = new AtomicLong();
    private volatile Thread writer;
    /** Groups still to commit without waiting for more; the writer thread's own. */
    private int skipGathering;

    private GroupCommit(DataSource dataSource) {
        this(dataSource, GATHER_NANOS);
    }

    private GroupCommit(DataSource dataSource, long gatherNanos) {
        this.dataSource = dataSource;
        this.gatherNanos = gatherNanos;
    }

    /** The group commit of an H2 datasource; empty for any other database. */
    static Optional<GroupCommit> of(DataSource dataSource) {
        GroupCommit known = BY_SOURCE.get(dataSource);
        if (known != null) {
            return Optional.of(known);
        }
        if (!isH2(dataSource)) {
            return Optional.empty();
        }
        return Optional.of(BY_SOURCE.computeIfAbsent(dataSource, GroupCommit::new));
    }

    /** A group commit of its own over a datasource (for tests). */
    static GroupCommit over(DataSource dataSource) {
        return new GroupCommit(dataSource);
    }

    /** A group commit of its own whose groups wait this long for more writes (for tests). */
    static GroupCommit over(DataSource dataSource, Duration gather) {
        return new GroupCommit(dataSource, gather.toNanos());
    }

    private static boolean isH2(DataSource dataSource) {
        try (Connection c = dataSource.getConnection()) {
            return "H2".equals(c.getMetaData().getDatabaseProductName());
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    /**
     * Runs the work in the next group and waits until that group is committed.
     *
     * @return what the work returned
     * @throws StoreException when the work or the commit failed; the work's own runtime exceptions as they are
     */
    <T> T run(Jdbc.Work<T> work) {
        return run(work, NO_DUE);
    }

    /**
     * Runs the work as {@link #run(Jdbc.Work)} does, in a group that waits for more writes at most this long
     * after the work was handed over: for a caller that holds something scarce while it waits (a model call's
     * slot), and can spare a little of it so that its write shares a commit. Zero commits it without waiting.
     */
    <T> T run(Jdbc.Work<T> work, Duration patience) {
        return run(work, System.nanoTime() + Math.max(0, patience.toNanos()));
    }

    private <T> T run(Jdbc.Work<T> work, long dueNanos) {
        if (Thread.currentThread() == writer) {
            throw new IllegalStateException("a store write must not wait for a write of its own group");
        }
        var pending = new Pending<>(work, new CompletableFuture<T>(), dueNanos);
        waiting.add(pending);
        submitted.incrementAndGet();
        ensureWriter();
        try {
            return pending.done().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            // The write may still be committed; the caller stops either way.
            throw new StoreException(new SQLException("interrupted while waiting for a store write", e));
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new StoreException(cause instanceof SQLException sql ? sql : new SQLException(cause));
        }
    }

    /** Writes handed to this group commit so far (for tests). */
    long submittedCount() {
        return submitted.get();
    }

    /** Writes waiting for the next group (for tests). */
    int waitingCount() {
        return waiting.size();
    }

    /** Commits so far, and writes in them (for tests). */
    long[] counts() {
        return new long[] {commits.get(), writes.get()};
    }

    private void ensureWriter() {
        if (writing.compareAndSet(false, true)) {
            Thread thread = Thread.ofPlatform().daemon().name("parley-store-writer").unstarted(this::write);
            writer = thread;
            thread.start();
        }
    }

    private void write() {
        List<Pending<?>> group = new ArrayList<>();
        while (true) {
            Pending<?> first;
            try {
                first = waiting.poll(IDLE_MILLIS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                first = null;
            }
            if (first == null) {
                writing.set(false);
                // A write queued after the poll and before the flag fell finds no writer: take it up here.
                if (waiting.isEmpty() || !writing.compareAndSet(false, true)) {
                    return;
                }
                continue;
            }
            group.clear();
            group.add(first);
            gather(group);
            commit(group);
        }
    }

    /**
     * Adds the writes waiting, and while writes keep coming (many items in flight), waits a little for
     * more: a commit rewrites every page its writes touched, and writes of items in flight share most of
     * their pages (the last page of the call ledger, neighbouring items), so a group of ten costs little
     * more than a group of one. A caller writing alone would only wait, so when a whole wait gathered nothing
     * the next {@link #SKIP_AFTER_IDLE} groups commit at once; and a group commits no later than the earliest
     * due time of its writes (a prompt write's is when it was handed over, a patient one's a little later).
     */
    private void gather(List<Pending<?>> group) {
        waiting.drainTo(group);
        if (skipGathering > 0) {
            skipGathering--;
            return;
        }
        int before = group.size();
        long deadline = System.nanoTime() + gatherNanos;
        // When the group commits at the latest: the end of the gathering, or a write's due time if earlier.
        long due = deadline;
        for (Pending<?> pending : group) {
            due = pending.dueBefore(due);
        }
        while (group.size() < GROUP_TARGET) {
            long left = due - System.nanoTime();
            if (left <= 0) {
                break;
            }
            Pending<?> next;
            try {
                next = waiting.poll(left, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                break;
            }
            if (next == null) {
                break;
            }
            int from = group.size();
            group.add(next);
            waiting.drainTo(group);
            for (int i = from; i < group.size(); i++) {
                due = group.get(i).dueBefore(due);
            }
        }
        // Only a whole gathering that found nothing says the caller writes alone; a write's due time cut it short.
        if (group.size() == before && due == deadline) {
            skipGathering = SKIP_AFTER_IDLE;
        }
    }

    /**
     * Runs the group's writes and commits them. They run first as they are, with no savepoint: H2 parses a
     * {@code SAVEPOINT} statement for each, which was a hundredth of a run's CPU, and writes rarely fail. When one
     * does, the whole group is rolled back and run again, each write under a savepoint of its own, so that only
     * the failing one is undone; a write's work therefore may run twice, and must do nothing but its statements.
     */
    private void commit(List<Pending<?>> group) {
        List<Runnable> outcomes;
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                outcomes = runAll(c, group);
                if (outcomes == null) {
                    c.rollback();
                    outcomes = new ArrayList<>(group.size());
                    for (Pending<?> pending : group) {
                        outcomes.add(pending.runIn(c));
                    }
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException | RuntimeException e) {
            // The commit (or the connection) failed: none of the group is written.
            for (Pending<?> pending : group) {
                pending.done().completeExceptionally(e);
            }
            return;
        }
        commits.incrementAndGet();
        writes.addAndGet(group.size());
        outcomes.forEach(Runnable::run);
    }

    /** Runs every write of the group without savepoints; null when one failed (the group is to be rolled back). */
    private static List<Runnable> runAll(Connection c, List<Pending<?>> group) {
        List<Runnable> outcomes = new ArrayList<>(group.size());
        for (Pending<?> pending : group) {
            try {
                outcomes.add(pending.run(c));
            } catch (SQLException | RuntimeException e) {
                return null;
            }
        }
        return outcomes;
    }

    /** A write waiting for its group, and the future its caller waits on. */
    private record Pending<T>(Jdbc.Work<T> work, CompletableFuture<T> done, long dueNanos) {

        /** This write's due time when it comes before {@code due}, else {@code due}. */
        long dueBefore(long due) {
            return dueNanos != NO_DUE && dueNanos - due < 0 ? dueNanos : due;
        }

        /**
         * Runs the work; its failure is thrown as it is.
         *
         * @return what to tell the caller once the group is committed
         */
        Runnable run(Connection c) throws SQLException {
            T result = work.run(c);
            return () -> done.complete(result);
        }

        /**
         * Runs the work under a savepoint; a work that fails is rolled back to it alone.
         *
         * @return what to tell the caller once the group is committed
         */
        Runnable runIn(Connection c) throws SQLException {
            Savepoint savepoint = c.setSavepoint();
            try {
                return run(c);
            } catch (SQLException | RuntimeException e) {
                c.rollback(savepoint);
                return () -> done.completeExceptionally(e);
            }
        }
    }
}
