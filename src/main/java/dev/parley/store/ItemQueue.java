package dev.parley.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntToLongFunction;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.parley.dialogue.Dialogue;
import dev.parley.judge.Verdict;


/**
 * The item queue: workers claim unfinished items under a lease, renew or release their leases, and move
 * the items they hold from state to state. Every move is a compare-and-set on the state the caller
 * believes the item is in and on its lease, so two writers can never both move the same item.
 *
 * <p>A little over 300 lines: the claim's SQL, written for how H2 and PostgreSQL use the claimable index,
 * stays beside the lease and move statements it must agree with.
 */
@ApplicationScoped
public class ItemQueue {

    private final Jdbc jdbc;
    private final ItemRows rows;

    @Inject
    public ItemQueue(@StoreDataSource DataSource dataSource, ObjectMapper json) {
        this.jdbc = new Jdbc(dataSource);
        this.rows = new ItemRows(json);
    }

    /** A judged version of an item's dialogue, stored with the state change it decides. */
    public record NewVersion(int version, Dialogue dialogue, Verdict verdict, Double score) {
    }

    /**
     * Adaptive sampling: a rejected item gets a new attempt for its cell while the run's extra budget
     * lasts. The new item is numbered after the planned ones and seeded by {@code seedOf(seq)}.
     *
     * @param budget extra items the run may add in all
     */
    public record TopUp(int budget, IntToLongFunction seedOf) {
    }

    /** Fields written together with a state change; null means "leave as is". */
    public record ItemUpdate(Dialogue dialogue, Verdict verdict, Double score, String gate, String reason) {
        public static final ItemUpdate NONE = new ItemUpdate(null, null, null, null, null);
    }

    /**
     * Moves an item this worker holds from one state to another, writing the given fields with it.
     * Reaching a final state gives the lease up.
     *
     * @param owner the worker holding the item's lease
     * @return false when the item was not in {@code from} or its lease is no longer this worker's
     */
    public boolean transition(String runId, int seq, String owner, ItemState from, ItemState to, ItemUpdate fields) {
        return transition(runId, seq, owner, from, to, fields, null);
    }

    /**
     * Moves an item as {@link #transition(String, int, String, ItemState, ItemState, ItemUpdate)} does
     * and, in the same transaction, keeps a judged version: both happen or neither.
     */
    public boolean transition(String runId, int seq, String owner, ItemState from, ItemState to, ItemUpdate fields,
            NewVersion version) {
        return transition(runId, seq, owner, from, to, fields, version, null);
    }

    /**
     * Moves an item as {@link #transition(String, int, String, ItemState, ItemState, ItemUpdate, NewVersion)}
     * does and, when it is rejected and the run's extra budget allows, adds a top-up item for the same
     * cell in the same transaction: the rejection and its top-up happen together or not at all.
     */
    public boolean transition(String runId, int seq, String owner, ItemState from, ItemState to, ItemUpdate fields,
            NewVersion version, TopUp topUp) {
        from.checkMoveTo(to);
        return move(runId, seq, owner, from, to, fields, version, topUp);
    }

    /**
     * Moves an item from {@code from} through {@code via} to {@code to} in one statement and one commit,
     * each of the two moves checked against the state table, as {@link #transition(String, int, String,
     * ItemState, ItemState, ItemUpdate, NewVersion, TopUp)} would make them one after the other; no reader
     * sees the item in {@code via}. For a step whose middle state holds nothing a crash would need.
     */
    public boolean transition(String runId, int seq, String owner, ItemState from, ItemState via, ItemState to,
            ItemUpdate fields, TopUp topUp) {
        return transition(runId, seq, owner, List.of(from, via, to), fields, null, topUp);
    }

    /**
     * Moves an item along {@code path}, from its first state to its last, in one statement and one commit,
     * each move on the way checked against the state table; no reader sees the item in a state between. With
     * a version, it is kept in the same transaction, and with a rejection the top-up is added, as
     * {@link #transition(String, int, String, ItemState, ItemState, ItemUpdate, NewVersion, TopUp)} does.
     */
    public boolean transition(String runId, int seq, String owner, List<ItemState> path, ItemUpdate fields,
            NewVersion version, TopUp topUp) {
        if (path.size() < 2) {
            throw new IllegalArgumentException("a move needs at least two states, not " + path);
        }
        for (int i = 1; i < path.size(); i++) {
            path.get(i - 1).checkMoveTo(path.get(i));
        }
        return move(runId, seq, owner, path.getFirst(), path.getLast(), fields, version, topUp);
    }

    private boolean move(String runId, int seq, String owner, ItemState from, ItemState to, ItemUpdate fields,
            NewVersion version, TopUp topUp) {
        boolean topsUp = topUp != null && topUp.budget() > 0 && to == ItemState.REJECTED;
        if (version == null && !topsUp) {
            return jdbc.update(moveSql(to), moveBinder(runId, seq, owner, from, to, rows.write(fields.dialogue()), rows.write(fields.verdict()), fields)) == 1;
        }
        return jdbc.inTransaction(c -> {
            String dialogue = rows.write(fields.dialogue());
            String verdict = rows.write(fields.verdict());
            if (Jdbc.update(c, moveSql(to), moveBinder(runId, seq, owner, from, to, dialogue, verdict, fields)) != 1) {
                return false;
            }
            if (topsUp) {
                PlanRows.addTopUp(c, runId, seq, topUp);
            }
            if (version != null) {
                // The judged version is mostly the dialogue and verdict the move stores: written once for both.
                ItemHistory.insertVersion(c, runId, seq, version.version(),
                        version.dialogue() == fields.dialogue() ? dialogue : rows.write(version.dialogue()),
                        version.verdict() == fields.verdict() ? verdict : rows.write(version.verdict()), version.score());
            }
            return true;
        });
    }

    /**
     * The compare-and-set of a move. The lease is compared through {@code COALESCE}, which no index serves: with a
     * plain {@code lease_owner = ?} H2 took the lease index on a table without statistics (a new database, a small
     * run) and read every item the worker holds, where the plan number finds the one row.
     */
    static String moveSql(ItemState to) {
        return "UPDATE items SET state = ?, dialogue = COALESCE(?, dialogue), verdict = COALESCE(?, verdict), "
                + "score = COALESCE(?, score), gate = COALESCE(?, gate), reason = COALESCE(?, reason), updated_at = ?"
                + (to.isTerminal() ? ", lease_owner = NULL, lease_expires = NULL" : "")
                + " WHERE run_id = ? AND seq = ? AND state = ? AND COALESCE(lease_owner, '') = ?";
    }

    private static Jdbc.Binder moveBinder(String runId, int seq, String owner, ItemState from, ItemState to,
            String dialogue, String verdict, ItemUpdate fields) {
        return ps -> {
            ps.setString(1, to.name());
            ps.setString(2, dialogue);
            ps.setString(3, verdict);
            Jdbc.setDouble(ps, 4, fields.score());
            ps.setString(5, fields.gate());
            ps.setString(6, fields.reason());
            ps.setTimestamp(7, Jdbc.now());
            ps.setString(8, runId);
            ps.setInt(9, seq);
            ps.setString(10, from.name());
            ps.setString(11, owner);
        };
    }

    /**
     * Adds a top-up item for the cell of an item a person rejected, when the run's extra budget allows.
     *
     * @return whether an item was added
     */
    public boolean addTopUp(String runId, int rejectedSeq, TopUp topUp) {
        return jdbc.inTransaction(c -> PlanRows.addTopUp(c, runId, rejectedSeq, topUp));
    }

    /**
     * Claims up to {@code max} unfinished items that no live lease holds, for {@code owner} until
     * {@code now + leaseMillis}: items a worker left past their first step come first, then planned
     * ones in plan order; the claimed items are returned in plan order. Rows other workers are claiming
     * at the same moment are skipped ({@code FOR UPDATE SKIP LOCKED}), so no item is claimed twice. An
     * item whose previous holder died mid-step falls back to the state before that step (GENERATING to
     * PLANNED, JUDGING to GENERATED).
     */
    public List<ItemRecord> claim(String runId, String owner, int max, long now, long leaseMillis) {
        return claim(runId, owner, max, now, leaseMillis, Set.of());
    }

    /**
     * Claims as {@link #claim(String, String, int, long, long)} does, leaving out the items the
     * claiming worker is still processing. Its own lease on one of them may have run out (a heartbeat
     * starved of CPU); claiming it back would move it back a step under the thread that has it, whose
     * next move would then fail, and a second thread would repeat its model calls. The heartbeat
     * renews such a lease, unless another worker has taken the item over meanwhile.
     *
     * @param working plan numbers of the items this worker is processing now
     */
    public List<ItemRecord> claim(String runId, String owner, int max, long now, long leaseMillis,
            Collection<Integer> working) {
        return claim(runId, owner, max, now, leaseMillis, working, true);
    }

    /**
     * Claims as {@link #claim(String, String, int, long, long, Collection)} does; without {@code leftMidStep}, only
     * planned items. Looking for items left mid-step reads every item in flight in those states (the claimable
     * index does not hold the lease), so a worker looks for them now and then rather than at every claim.
     */
    public List<ItemRecord> claim(String runId, String owner, int max, long now, long leaseMillis,
            Collection<Integer> working, boolean leftMidStep) {
        return claim(runId, owner, max, now, leaseMillis, working, leftMidStep, StateChange.STEP_BACK);
    }

    /**
     * Claims as {@link #claim(String, String, int, long, long, Collection, boolean)} does and, in the same statement,
     * starts the first step of each planned item: a planned item comes back GENERATING, as the move a worker makes
     * before it asks for the dialogue would leave it, and an item another worker left mid-generation stays
     * GENERATING, now this worker's to redo (JUDGING still steps back to GENERATED). For the engine, which starts a
     * claimed item at once: the move it saves was a fifth of the store's writes.
     */
    public List<ItemRecord> claimAndStart(String runId, String owner, int max, long now, long leaseMillis,
            Collection<Integer> working, boolean leftMidStep) {
        return claim(runId, owner, max, now, leaseMillis, working, leftMidStep, StateChange.START);
    }

    private List<ItemRecord> claim(String runId, String owner, int max, long now, long leaseMillis,
            Collection<Integer> working, boolean leftMidStep, StateChange change) {
        if (max <= 0) {
            return List.of();
        }
        // One copy: the engine's set changes while items finish.
        Set<Integer> skipped = Set.copyOf(working);
        return jdbc.inTransaction(c -> {
            // Read in order from the (run, state, plan number) index: a claim costs the same at the start and
            // the end of a run of any size, where a scan in plan order passed every finished item first.
            List<Integer> seqs = claimable(c, runId, now, max, skipped,
                    leftMidStep ? CLAIMED_STATES : List.of(ItemState.PLANNED));
            if (seqs.isEmpty()) {
                return List.<ItemRecord>of();
            }
            try (var ps = c.prepareStatement("UPDATE items SET lease_owner = ?, lease_expires = ?, " + StateChange.SQL
                    + " WHERE run_id = ? AND seq = ?")) {
                for (int seq : seqs) {
                    ps.setString(1, owner);
                    ps.setLong(2, now + leaseMillis);
                    change.bind(ps, 3);
                    ps.setString(3 + StateChange.PARAMETERS, runId);
                    ps.setInt(4 + StateChange.PARAMETERS, seq);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            // The claimed rows, each by its primary key through one prepared statement. Not one read with the plan
            // numbers in an IN list: H2 then used only the key's first column and read every item of the run.
            List<ItemRecord> claimed = new ArrayList<>(seqs.size());
            try (var read = c.prepareStatement(CLAIMED_ROW)) {
                read.setString(1, runId);
                for (int seq : seqs) {
                    read.setInt(2, seq);
                    try (var rs = read.executeQuery()) {
                        if (rs.next() && owner.equals(rs.getString("lease_owner"))) {
                            claimed.add(rows.item(rs));
                        }
                    }
                }
            }
            return claimed;
        });
    }

    /**
     * One claimed row, read by its primary key (run, plan number); the claimer is checked on the row read. With
     * {@code lease_owner = ?} in the query H2 could pick the lease index and read every item the worker holds.
     */
    static final String CLAIMED_ROW = "SELECT * FROM items WHERE run_id = ? AND seq = ?";
    /**
     * Free items of one state of a run, in plan order, read without locking. The order names the whole
     * index {@code items_claimable (run_id, state, seq)}, whose first two columns the query fixes, so H2
     * and PostgreSQL alike read the index in order and stop at the limit instead of sorting every match.
     */
    static final String CLAIMABLE = "SELECT seq FROM items WHERE run_id = ? AND state = ?"
            + " AND (lease_expires IS NULL OR lease_expires < ?) ORDER BY run_id, state, seq LIMIT ?";
    /**
     * Locks one of those items if it is still free; another worker's claim holding it is skipped. One
     * row at a time: H2 locks every row a {@code FOR UPDATE} query matches before its limit applies, so
     * a claim with {@code LIMIT} over a large run's planned items took most of a second.
     */
    static final String LOCK_IF_FREE = "SELECT seq FROM items WHERE run_id = ? AND seq = ? AND state = ?"
            + " AND (lease_expires IS NULL OR lease_expires < ?) FOR UPDATE SKIP LOCKED";
    /**
     * The states a claim takes items in: first those past the first step, which a worker whose lease ran
     * out may have left mid-step, then planned ones.
     */
    private static final List<ItemState> CLAIMED_STATES = List.of(ItemState.GENERATING, ItemState.GENERATED,
            ItemState.JUDGING, ItemState.REVISING, ItemState.PLANNED);

    /**
     * Up to {@code max} plan numbers free to claim, state by state, each locked for this transaction,
     * less those the worker is processing.
     */
    private static List<Integer> claimable(Connection c, String runId, long now, int max, Set<Integer> skipped,
            List<ItemState> states) throws SQLException {
        List<Integer> seqs = new ArrayList<>();
        try (var find = c.prepareStatement(CLAIMABLE); var lock = c.prepareStatement(LOCK_IF_FREE)) {
            for (ItemState state : states) {
                if (seqs.size() >= max) {
                    break;
                }
                List<Integer> candidates = new ArrayList<>();
                find.setString(1, runId);
                find.setString(2, state.name());
                find.setLong(3, now);
                find.setInt(4, max - seqs.size());
                try (var rs = find.executeQuery()) {
                    while (rs.next()) {
                        if (!skipped.contains(rs.getInt(1))) {
                            candidates.add(rs.getInt(1));
                        }
                    }
                }
                for (int seq : candidates) {
                    lock.setString(1, runId);
                    lock.setInt(2, seq);
                    lock.setString(3, state.name());
                    lock.setLong(4, now);
                    try (var rs = lock.executeQuery()) {
                        if (rs.next()) {
                            seqs.add(seq);
                        }
                    }
                }
            }
        }
        seqs.sort(null);
        return seqs;
    }

    /**
     * What a claim or a release does to the state of each item it touches: two moves, each from one state to
     * another, other states left as they are; an item moved is marked changed now, as every move is (a kept report
     * knows a run's items by their latest change). {@link #SQL} takes {@link #PARAMETERS} parameters, bound by
     * {@link #bind}; in an {@code UPDATE}, both {@code CASE}s read the state the row had before it.
     */
    private record StateChange(ItemState from, ItemState to, ItemState otherFrom, ItemState otherTo) {
        /** An item its holder left mid-step goes back to the state before the step. */
        static final StateChange STEP_BACK = new StateChange(ItemState.GENERATING, ItemState.PLANNED, ItemState.JUDGING,
                ItemState.GENERATED);
        /** A planned item starts its generation; one left mid-judging goes back a step. */
        static final StateChange START = new StateChange(ItemState.PLANNED, ItemState.GENERATING, ItemState.JUDGING,
                ItemState.GENERATED);
        static final String SQL = "updated_at = CASE WHEN state IN (?, ?) THEN ? ELSE updated_at END, "
                + "state = CASE state WHEN ? THEN ? WHEN ? THEN ? ELSE state END";
        static final int PARAMETERS = 7;

        void bind(PreparedStatement ps, int first) throws SQLException {
            ps.setString(first, from.name());
            ps.setString(first + 1, otherFrom.name());
            ps.setTimestamp(first + 2, Jdbc.now());
            ps.setString(first + 3, from.name());
            ps.setString(first + 4, to.name());
            ps.setString(first + 5, otherFrom.name());
            ps.setString(first + 6, otherTo.name());
        }
    }

    /** Extends the leases a worker holds on a run's items; returns how many it still holds. */
    public int renewLeases(String runId, String owner, long until) {
        return jdbc.update("UPDATE items SET lease_expires = ? WHERE run_id = ? AND lease_owner = ?", ps -> {
            ps.setLong(1, until);
            ps.setString(2, runId);
            ps.setString(3, owner);
        });
    }

    /**
     * Gives up a worker's leases on a run at once (a clean stop), putting items that were mid-step
     * back to the state before the step, so that any worker can take them up without waiting.
     */
    public int releaseLeases(String runId, String owner) {
        return jdbc.update("UPDATE items SET lease_owner = NULL, lease_expires = NULL, " + StateChange.SQL
                + " WHERE run_id = ? AND lease_owner = ?", ps -> {
                    StateChange.STEP_BACK.bind(ps, 1);
                    ps.setString(1 + StateChange.PARAMETERS, runId);
                    ps.setString(2 + StateChange.PARAMETERS, owner);
                });
    }

    /** Items of a run not yet in a final state, whoever holds them. */
    public int unfinishedCount(String runId) {
        return jdbc.query("SELECT COUNT(*) FROM items WHERE run_id = ? AND state NOT IN (?, ?, ?)", ps -> {
            ps.setString(1, runId);
            ps.setString(2, ItemState.ACCEPTED.name());
            ps.setString(3, ItemState.REJECTED.name());
            ps.setString(4, ItemState.FAILED.name());
        }, rs -> rs.getInt(1)).getFirst();
    }

    /** How many items are in each state (every state present, zero when none). */
    public Map<ItemState, Integer> countByState(String runId) {
        var counts = new EnumMap<ItemState, Integer>(ItemState.class);
        for (ItemState s : ItemState.values()) {
            counts.put(s, 0);
        }
        jdbc.query("SELECT state, COUNT(*) FROM items WHERE run_id = ? GROUP BY state", ps -> ps.setString(1, runId),
                rs -> counts.put(ItemState.valueOf(rs.getString(1)), rs.getInt(2)));
        return counts;
    }
}
