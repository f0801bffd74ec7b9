package dev.parley.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Consumer;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.parley.corpus.RunInput;
import dev.parley.llm.CallUsage;
import dev.parley.llm.ModelCall;
import dev.parley.llm.ResponseCache;

/**
 * Runs, items, item versions and model calls, over plain JDBC with SQL that runs on H2 and
 * PostgreSQL alike. Every item state change is a compare-and-set on the state the caller believes
 * the item is in, so two writers can never both move the same item.
 */
@ApplicationScoped
public class RunStore {

    /** Items read per page when walking a whole run. */
    private static final int WALK_PAGE = 500;

    private final ConnectionGate connections;

    @Inject
    public RunStore(@StoreDataSource DataSource dataSource) {
        this.connections = ConnectionGate.of(dataSource);
    }

    /** A planned item to insert. */
    public record NewItem(int seq, String cellKey, String cell, long seed) {
    }

    /** A judged version of an item's dialogue, stored with the state change it decides. */
    public record NewVersion(int version, String dialogue, String verdict, Double score) {
    }

    /**
     * Adaptive sampling: a rejected item gets a new attempt for its cell while the run's extra budget
     * lasts. The new item is numbered after the planned ones and seeded by {@code seedOf(seq)}.
     *
     * @param budget extra items the run may add in all
     */
    public record TopUp(int budget, java.util.function.IntToLongFunction seedOf) {
    }

    /** Fields written together with a state change; null means "leave as is". */
    public record ItemUpdate(String dialogue, String verdict, Double score, String gate, String reason) {
        public static final ItemUpdate NONE = new ItemUpdate(null, null, null, null, null);
    }

    /** Dimension values a model wrote for the run: the expansion asked for and the tree it gave, as JSON. */
    public record NewExpansion(String dimension, String expansion, String tree) {
    }

    /** Creates a run and its planned items in one transaction. */
    public void createRun(RunRecord run, List<NewItem> items) {
        createRun(run, items, List.of(), List.of(), null);
    }

    /**
     * Creates a run, its planned items, the expansions its values came from, the files it reads and the
     * record of its models and sampling parameters per role (JSON, see {@code RunModels}), in one transaction.
     */
    public void createRun(RunRecord run, List<NewItem> items, List<NewExpansion> expansions, List<RunInput> inputs,
            String modelSettings) {
        inTransaction(c -> {
            try (var ps = c.prepareStatement("INSERT INTO runs (id, name, status, recipe, recipe_hash, prompts, "
                    + "generator_model, judge_model, planned, use_cache, fail_fast, max_tokens, max_cost, created_at, "
                    + "started_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                Timestamp now = Timestamp.from(run.createdAt());
                ps.setString(1, run.id());
                ps.setString(2, run.name());
                ps.setString(3, run.status().name());
                ps.setString(4, run.recipe());
                ps.setString(5, run.recipeHash());
                ps.setString(6, run.prompts());
                ps.setString(7, run.generatorModel());
                ps.setString(8, run.judgeModel());
                ps.setInt(9, run.planned());
                RunOptions options = run.options();
                ps.setBoolean(10, options.useCache());
                ps.setBoolean(11, options.failFast());
                if (options.maxTokens().isPresent()) {
                    ps.setLong(12, options.maxTokens().getAsLong());
                } else {
                    ps.setNull(12, Types.BIGINT);
                }
                if (options.maxCost().isPresent()) {
                    ps.setDouble(13, options.maxCost().getAsDouble());
                } else {
                    ps.setNull(13, Types.DOUBLE);
                }
                ps.setTimestamp(14, now);
                ps.setTimestamp(15, now);
                ps.setTimestamp(16, now);
                ps.executeUpdate();
            }
            try (var ps = c.prepareStatement("INSERT INTO items (run_id, seq, cell_key, cell, seed, state, updated_at) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                Timestamp now = Timestamp.from(run.createdAt());
                int batch = 0;
                for (NewItem item : items) {
                    ps.setString(1, run.id());
                    ps.setInt(2, item.seq());
                    ps.setString(3, item.cellKey());
                    ps.setString(4, item.cell());
                    ps.setLong(5, item.seed());
                    ps.setString(6, ItemState.PLANNED.name());
                    ps.setTimestamp(7, now);
                    ps.addBatch();
                    if (++batch % 1000 == 0) {
                        ps.executeBatch();
                    }
                }
                ps.executeBatch();
            }
            for (NewExpansion e : expansions) {
                PlanRows.addExpansion(c, run.id(), e.dimension(), e.expansion(), e.tree());
            }
            insertInputs(c, run.id(), inputs);
            if (modelSettings != null) {
                try (var ps = c.prepareStatement("UPDATE runs SET model_settings = ? WHERE id = ?")) {
                    ps.setString(1, modelSettings);
                    ps.setString(2, run.id());
                    ps.executeUpdate();
                }
            }
            return null;
        });
    }

    /** The expansions stored with a run: dimension to the expansion asked for and the tree, as JSON. */
    public List<NewExpansion> expansions(String runId) {
        return inTransaction(c -> PlanRows.expansions(c, runId).entrySet().stream()
                .map(e -> new NewExpansion(e.getKey(), e.getValue()[0], e.getValue()[1])).toList());
    }

    private static void insertInputs(Connection c, String runId, List<RunInput> inputs) throws SQLException {
        try (var ps = c.prepareStatement("INSERT INTO run_inputs (run_id, purpose, file, sha256, content) VALUES (?, ?, ?, ?, ?)")) {
            for (RunInput input : inputs) {
                ps.setString(1, runId);
                ps.setString(2, input.purpose());
                ps.setString(3, input.file());
                ps.setString(4, dev.parley.llm.PromptSet.sha256(input.content()));
                ps.setString(5, input.content());
                ps.executeUpdate();
            }
        }
    }

    /** The files a run reads, as stored when it was created. */
    public List<RunInput> inputs(String runId) {
        return query("SELECT purpose, file, content FROM run_inputs WHERE run_id = ? ORDER BY purpose",
                ps -> ps.setString(1, runId), rs -> new RunInput(rs.getString(1), rs.getString(2), rs.getString(3)));
    }

    /** The models and sampling parameters per role stored when the run was created; empty for older runs. */
    public Optional<String> modelSettings(String runId) {
        return query("SELECT model_settings FROM runs WHERE id = ?", ps -> ps.setString(1, runId), rs -> rs.getString(1))
                .stream().filter(java.util.Objects::nonNull).findFirst();
    }

    public Optional<RunRecord> findRun(String id) {
        return query("SELECT * FROM runs WHERE id = ?", ps -> ps.setString(1, id), this::run).stream().findFirst();
    }

    public RunRecord run(String id) {
        return findRun(id).orElseThrow(() -> new UnknownRunException(id));
    }

    /** Runs, newest first. */
    public List<RunRecord> listRuns(int limit, int offset) {
        return query("SELECT * FROM runs ORDER BY created_at DESC, id LIMIT ? OFFSET ?", ps -> {
            ps.setInt(1, limit);
            ps.setInt(2, offset);
        }, this::run);
    }

    /** Runs with the given status (the server resumes {@code RUNNING} ones when it starts). */
    public List<RunRecord> runsWithStatus(RunStatus status) {
        return query("SELECT * FROM runs WHERE status = ? ORDER BY created_at", ps -> ps.setString(1, status.name()),
                this::run);
    }

    public void finishRun(String id, RunStatus status, Optional<String> error) {
        update("UPDATE runs SET status = ?, error = ?, finished_at = ?, updated_at = ? WHERE id = ?", ps -> {
            Timestamp now = Timestamp.from(Instant.now());
            ps.setString(1, status.name());
            ps.setString(2, error.orElse(null));
            ps.setTimestamp(3, status == RunStatus.RUNNING ? null : now);
            ps.setTimestamp(4, now);
            ps.setString(5, id);
        });
    }

    /**
     * Records that an execution of the run is alive at {@code at} (epoch milliseconds, the worker's
     * clock). Several workers may write it; the latest wins.
     */
    public void heartbeat(String runId, long at) {
        update("UPDATE runs SET heartbeat = ? WHERE id = ?", ps -> {
            ps.setLong(1, at);
            ps.setString(2, runId);
        });
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
        boolean topsUp = topUp != null && topUp.budget() > 0 && to == ItemState.REJECTED;
        if (version == null && !topsUp) {
            return move(null, runId, seq, owner, from, to, fields);
        }
        return inTransaction(c -> {
            if (!move(c, runId, seq, owner, from, to, fields)) {
                return false;
            }
            if (topsUp) {
                PlanRows.addTopUp(c, runId, seq, topUp);
            }
            if (version == null) {
                return true;
            }
            try (var ps = c.prepareStatement("INSERT INTO item_versions (run_id, seq, version, dialogue, verdict, score, "
                    + "created_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, runId);
                ps.setInt(2, seq);
                ps.setInt(3, version.version());
                ps.setString(4, version.dialogue());
                ps.setString(5, version.verdict());
                if (version.score() == null) {
                    ps.setNull(6, Types.DOUBLE);
                } else {
                    ps.setDouble(6, version.score());
                }
                ps.setTimestamp(7, Timestamp.from(Instant.now()));
                ps.executeUpdate();
            }
            return true;
        });
    }

    /**
     * Adds a top-up item for the cell of an item a person rejected, when the run's extra budget allows.
     *
     * @return whether an item was added
     */
    public boolean addTopUp(String runId, int rejectedSeq, TopUp topUp) {
        return inTransaction(c -> PlanRows.addTopUp(c, runId, rejectedSeq, topUp));
    }

    private boolean move(Connection connection, String runId, int seq, String owner, ItemState from, ItemState to,
            ItemUpdate fields) {
        from.checkMoveTo(to);
        boolean release = to.isTerminal();
        String sql = "UPDATE items SET state = ?, dialogue = COALESCE(?, dialogue), verdict = COALESCE(?, verdict), "
                + "score = COALESCE(?, score), gate = COALESCE(?, gate), reason = COALESCE(?, reason), updated_at = ?"
                + (release ? ", lease_owner = NULL, lease_expires = NULL" : "")
                + " WHERE run_id = ? AND seq = ? AND state = ? AND lease_owner = ?";
        Binder binder = ps -> {
                    ps.setString(1, to.name());
                    ps.setString(2, fields.dialogue());
                    ps.setString(3, fields.verdict());
                    if (fields.score() == null) {
                        ps.setNull(4, Types.DOUBLE);
                    } else {
                        ps.setDouble(4, fields.score());
                    }
                    ps.setString(5, fields.gate());
                    ps.setString(6, fields.reason());
                    ps.setTimestamp(7, Timestamp.from(Instant.now()));
                    ps.setString(8, runId);
                    ps.setInt(9, seq);
                    ps.setString(10, from.name());
                    ps.setString(11, owner);
                };
        if (connection == null) {
            return update(sql, binder) == 1;
        }
        try (var ps = connection.prepareStatement(sql)) {
            binder.bind(ps);
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new StoreException(e);
        }
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
        if (max <= 0) {
            return List.of();
        }
        // One copy: the engine's set changes while items finish.
        Set<Integer> skipped = Set.copyOf(working);
        return inTransaction(c -> {
            // Read in order from the (run, state, plan number) index: a claim costs the same at the start and
            // the end of a run of any size, where a scan in plan order passed every finished item first.
            List<Integer> seqs = claimable(c, runId, now, max, skipped);
            if (seqs.isEmpty()) {
                return List.<ItemRecord>of();
            }
            try (var ps = c.prepareStatement("UPDATE items SET lease_owner = ?, lease_expires = ?, state = CASE state "
                    + "WHEN ? THEN ? WHEN ? THEN ? ELSE state END WHERE run_id = ? AND seq = ?")) {
                for (int seq : seqs) {
                    ps.setString(1, owner);
                    ps.setLong(2, now + leaseMillis);
                    ps.setString(3, ItemState.GENERATING.name());
                    ps.setString(4, ItemState.PLANNED.name());
                    ps.setString(5, ItemState.JUDGING.name());
                    ps.setString(6, ItemState.GENERATED.name());
                    ps.setString(7, runId);
                    ps.setInt(8, seq);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            List<ItemRecord> claimed = new ArrayList<>();
            try (var ps = c.prepareStatement("SELECT * FROM items WHERE run_id = ? AND lease_owner = ? AND seq = ?")) {
                for (int seq : seqs) {
                    ps.setString(1, runId);
                    ps.setString(2, owner);
                    ps.setInt(3, seq);
                    try (var rs = ps.executeQuery()) {
                        if (rs.next()) {
                            claimed.add(item(rs));
                        }
                    }
                }
            }
            return claimed;
        });
    }

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
    private static List<Integer> claimable(Connection c, String runId, long now, int max, Set<Integer> skipped)
            throws SQLException {
        List<Integer> seqs = new ArrayList<>();
        try (var find = c.prepareStatement(CLAIMABLE); var lock = c.prepareStatement(LOCK_IF_FREE)) {
            for (ItemState state : CLAIMED_STATES) {
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

    /** Extends the leases a worker holds on a run's items; returns how many it still holds. */
    public int renewLeases(String runId, String owner, long until) {
        return update("UPDATE items SET lease_expires = ? WHERE run_id = ? AND lease_owner = ?", ps -> {
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
        return update("UPDATE items SET lease_owner = NULL, lease_expires = NULL, state = CASE state "
                + "WHEN ? THEN ? WHEN ? THEN ? ELSE state END WHERE run_id = ? AND lease_owner = ?", ps -> {
                    ps.setString(1, ItemState.GENERATING.name());
                    ps.setString(2, ItemState.PLANNED.name());
                    ps.setString(3, ItemState.JUDGING.name());
                    ps.setString(4, ItemState.GENERATED.name());
                    ps.setString(5, runId);
                    ps.setString(6, owner);
                });
    }

    /** Items of a run not yet in a final state, whoever holds them. */
    public int unfinishedCount(String runId) {
        return query("SELECT COUNT(*) FROM items WHERE run_id = ? AND state NOT IN (?, ?, ?)", ps -> {
            ps.setString(1, runId);
            ps.setString(2, ItemState.ACCEPTED.name());
            ps.setString(3, ItemState.REJECTED.name());
            ps.setString(4, ItemState.FAILED.name());
        }, rs -> rs.getInt(1)).getFirst();
    }

    /** Keeps a version of an item's dialogue with its verdict. */
    public void addVersion(String runId, int seq, int version, String dialogue, String verdict, Double score) {
        update("INSERT INTO item_versions (run_id, seq, version, dialogue, verdict, score, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                ps -> {
                    ps.setString(1, runId);
                    ps.setInt(2, seq);
                    ps.setInt(3, version);
                    ps.setString(4, dialogue);
                    ps.setString(5, verdict);
                    if (score == null) {
                        ps.setNull(6, Types.DOUBLE);
                    } else {
                        ps.setDouble(6, score);
                    }
                    ps.setTimestamp(7, Timestamp.from(Instant.now()));
                });
    }

    /** Number of stored versions of an item. */
    public int versionCount(String runId, int seq) {
        return query("SELECT COUNT(*) FROM item_versions WHERE run_id = ? AND seq = ?", ps -> {
            ps.setString(1, runId);
            ps.setInt(2, seq);
        }, rs -> rs.getInt(1)).getFirst();
    }

    /** The judged score of every version of every item of a run: plan position to scores by version. */
    public Map<Integer, List<Double>> versionScores(String runId) {
        var scores = new java.util.TreeMap<Integer, List<Double>>();
        query("SELECT seq, version, score FROM item_versions WHERE run_id = ? AND score IS NOT NULL ORDER BY seq, version",
                ps -> ps.setString(1, runId), rs -> {
                    scores.computeIfAbsent(rs.getInt(1), k -> new ArrayList<>()).add(rs.getDouble(3));
                    return null;
                });
        return scores;
    }

    /** Stores a second opinion on an item. */
    public void addReview(String runId, Review review) {
        update("INSERT INTO reviews (run_id, seq, kind, reviewer, score, decision, verdict, created_at) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", ps -> {
                    ps.setString(1, runId);
                    ps.setInt(2, review.seq());
                    ps.setString(3, review.kind());
                    ps.setString(4, review.reviewer());
                    if (review.score().isPresent()) {
                        ps.setDouble(5, review.score().get());
                    } else {
                        ps.setNull(5, Types.DOUBLE);
                    }
                    ps.setString(6, review.accept().map(a -> a ? "accept" : "reject").orElse(null));
                    ps.setString(7, review.verdict().orElse(null));
                    ps.setTimestamp(8, Timestamp.from(Instant.now()));
                });
    }

    /** The reviews of a run of one kind in force (none undone, no edit), oldest first. */
    public List<Review> reviews(String runId, String kind) {
        return query("SELECT seq, kind, reviewer, score, decision, verdict FROM reviews WHERE run_id = ? AND kind = ? "
                + IN_FORCE + "ORDER BY id", ps -> {
                    ps.setString(1, runId);
                    ps.setString(2, kind);
                }, this::review);
    }

    /** Reviews that are scores or verdicts still in force: an edit is a decision, not a verdict on the dialogue. */
    private static final String IN_FORCE = "AND undone_at IS NULL AND (action IS NULL OR action <> 'edit') ";

    /**
     * Applies a person's decision to a final item no worker holds, in one transaction with its record (and,
     * for an edit, the new version by its author).
     *
     * @return the stored decision, or empty when the item is no longer in the state the decision was made on
     */
    public Optional<Decision> decide(String runId, Decision.New decision) {
        return inTransaction(c -> DecisionRows.decide(c, runId, decision));
    }

    /**
     * Undoes an item's latest decision in force, putting the item back as the decision found it.
     *
     * @return the undone decision, or empty when {@code id} is not that decision
     */
    public Optional<Decision> undo(String runId, int seq, long id, String by) {
        return inTransaction(c -> DecisionRows.undo(c, runId, seq, id, by));
    }

    /** A person's decisions on an item, undone ones included, oldest first. */
    public List<Decision> decisions(String runId, int seq) {
        return query("SELECT " + DecisionRows.COLUMNS + " FROM reviews WHERE run_id = ? AND seq = ? AND action IS NOT NULL "
                + "ORDER BY id", ps -> {
                    ps.setString(1, runId);
                    ps.setInt(2, seq);
                }, DecisionRows::decision);
    }

    /** How many of a run's decisions of each action are in force, and how many were undone. */
    public Map<String, Integer> decisionCounts(String runId) {
        var counts = new LinkedHashMap<String, Integer>();
        for (Decision.Action a : Decision.Action.values()) {
            counts.put(a.key(), 0);
        }
        counts.put("undone", 0);
        query("SELECT action, undone_at FROM reviews WHERE run_id = ? AND action IS NOT NULL", ps -> ps.setString(1, runId),
                rs -> counts.merge(rs.getTimestamp(2) == null ? rs.getString(1) : "undone", 1, Integer::sum));
        return counts;
    }

    private Review review(ResultSet rs) throws SQLException {
        double score = rs.getDouble(4);
        Optional<Double> s = rs.wasNull() ? Optional.empty() : Optional.of(score);
        String decision = rs.getString(5);
        return new Review(rs.getInt(1), rs.getString(2), rs.getString(3), s,
                Optional.ofNullable(decision).map("accept"::equals), Optional.ofNullable(rs.getString(6)));
    }

    /** Stores a diversity snapshot of a run. */
    public void addDiversityPoint(String runId, DiversityPoint point) {
        update("INSERT INTO diversity_snapshots (run_id, accepted, measures, tripped, worker, created_at) "
                + "VALUES (?, ?, ?, ?, ?, ?)", ps -> {
                    ps.setString(1, runId);
                    ps.setInt(2, point.accepted());
                    ps.setString(3, point.measures());
                    ps.setString(4, point.tripped());
                    ps.setString(5, point.worker());
                    ps.setTimestamp(6, Timestamp.from(point.at()));
                });
    }

    /** A run's diversity snapshots, oldest first. */
    public List<DiversityPoint> diversityPoints(String runId) {
        return query("SELECT accepted, measures, tripped, worker, created_at FROM diversity_snapshots WHERE run_id = ? "
                + "ORDER BY id", ps -> ps.setString(1, runId), rs -> new DiversityPoint(rs.getInt(1), rs.getString(2),
                        rs.getString(3), rs.getString(4), rs.getTimestamp(5).toInstant()));
    }

    /** Accepted items of a run last changed at or after {@code since}, in plan order. */
    public List<ItemRecord> acceptedSince(String runId, Instant since) {
        return query("SELECT * FROM items WHERE run_id = ? AND state = ? AND updated_at >= ? ORDER BY seq", ps -> {
            ps.setString(1, runId);
            ps.setString(2, ItemState.ACCEPTED.name());
            ps.setTimestamp(3, Timestamp.from(since));
        }, RunStore::item);
    }

    /** Records one model call attempt and adds its tokens to the item. */
    public void recordCall(String runId, int seq, ModelCall call) {
        recordCall(runId, seq, call, null);
    }

    /**
     * Records a successful model call, adds its tokens to the item and stores its answer in the
     * response cache, in one transaction: one commit per call instead of two, and never an answer
     * paid for without its record or the other way round.
     */
    public void recordAnsweredCall(String runId, int seq, ModelCall call, ResponseCache.CachedAnswer answer) {
        try {
            recordCall(runId, seq, call, answer);
        } catch (StoreException e) {
            if (!(e.getCause() instanceof SQLException sql && JdbcResponseCache.isDuplicateKey(sql))) {
                throw e;
            }
            // The same request answered twice at once: the first answer stays cached, this call is still recorded.
            recordCall(runId, seq, call, null);
        }
    }

    private void recordCall(String runId, int seq, ModelCall call, ResponseCache.CachedAnswer answer) {
        inTransaction(c -> {
            if (answer != null) {
                JdbcResponseCache.insert(c, call.promptHash(), call.model(), answer);
            }
            try (var ps = c.prepareStatement("INSERT INTO model_calls (run_id, seq, role, model, prompt_hash, input_tokens, "
                    + "output_tokens, latency_ms, outcome, error, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, runId);
                ps.setInt(2, seq);
                ps.setString(3, call.role().key());
                ps.setString(4, call.model());
                ps.setString(5, call.promptHash());
                ps.setLong(6, call.inputTokens());
                ps.setLong(7, call.outputTokens());
                ps.setLong(8, call.millis());
                ps.setString(9, call.outcome());
                ps.setString(10, call.error().isEmpty() ? null : call.error());
                ps.setTimestamp(11, Timestamp.from(Instant.now()));
                ps.executeUpdate();
            }
            try (var ps = c.prepareStatement("UPDATE items SET calls = calls + 1, input_tokens = input_tokens + ?, "
                    + "output_tokens = output_tokens + ? WHERE run_id = ? AND seq = ?")) {
                ps.setLong(1, call.inputTokens());
                ps.setLong(2, call.outputTokens());
                ps.setString(3, runId);
                ps.setInt(4, seq);
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** Items of a run in plan order, optionally only those in one state. */
    public List<ItemRecord> items(String runId, Optional<ItemState> state, int limit, int offset) {
        String sql = "SELECT * FROM items WHERE run_id = ?" + (state.isPresent() ? " AND state = ?" : "")
                + " ORDER BY seq LIMIT ? OFFSET ?";
        return query(sql, ps -> {
            int i = 1;
            ps.setString(i++, runId);
            if (state.isPresent()) {
                ps.setString(i++, state.get().name());
            }
            ps.setInt(i++, limit);
            ps.setInt(i, offset);
        }, RunStore::item);
    }

    /**
     * Hands every item of a run to {@code action} in plan order, optionally only those in one state,
     * reading a page at a time by plan number (keyset paging: each page costs the same however far
     * into a large run it is, where an offset would rescan what came before).
     */
    public void forEachItem(String runId, Optional<ItemState> state, Consumer<ItemRecord> action) {
        String sql = "SELECT * FROM items WHERE run_id = ? AND seq > ?" + (state.isPresent() ? " AND state = ?" : "")
                + " ORDER BY seq LIMIT ?";
        int after = Integer.MIN_VALUE;
        while (true) {
            int from = after;
            List<ItemRecord> page = query(sql, ps -> {
                int i = 1;
                ps.setString(i++, runId);
                ps.setInt(i++, from);
                if (state.isPresent()) {
                    ps.setString(i++, state.get().name());
                }
                ps.setInt(i, WALK_PAGE);
            }, RunStore::item);
            page.forEach(action);
            if (page.size() < WALK_PAGE) {
                return;
            }
            after = page.getLast().seq();
        }
    }

    /** How many distinct plan cells a run's items fill. */
    public int distinctCells(String runId) {
        return query("SELECT COUNT(DISTINCT cell_key) FROM items WHERE run_id = ?", ps -> ps.setString(1, runId),
                rs -> rs.getInt(1)).getFirst();
    }

    public Optional<ItemRecord> item(String runId, int seq) {
        return query("SELECT * FROM items WHERE run_id = ? AND seq = ?", ps -> {
            ps.setString(1, runId);
            ps.setInt(2, seq);
        }, RunStore::item).stream().findFirst();
    }

    /** Items of a run that match a filter, in plan order. */
    public List<ItemRecord> items(String runId, ItemFilter filter, int limit, int offset) {
        return query("SELECT * FROM items WHERE run_id = ?" + filter.sql() + " ORDER BY seq LIMIT ? OFFSET ?", ps -> {
            ps.setString(1, runId);
            int i = filter.bind(ps, 2);
            ps.setInt(i, limit);
            ps.setInt(i + 1, offset);
        }, RunStore::item);
    }

    /** How many items of a run match a filter. */
    public int countItems(String runId, ItemFilter filter) {
        return query("SELECT COUNT(*) FROM items WHERE run_id = ?" + filter.sql(), ps -> {
            ps.setString(1, runId);
            filter.bind(ps, 2);
        }, rs -> rs.getInt(1)).getFirst();
    }

    /** Every judged version of an item, oldest first. */
    public List<ItemVersion> versions(String runId, int seq) {
        return query("SELECT version, dialogue, verdict, score, author FROM item_versions WHERE run_id = ? AND seq = ? "
                + "ORDER BY version", ps -> {
                    ps.setString(1, runId);
                    ps.setInt(2, seq);
                }, rs -> {
                    double score = rs.getDouble(4);
                    return new ItemVersion(rs.getInt(1), rs.getString(2), rs.getString(3), rs.wasNull() ? null : score,
                            rs.getString(5));
                });
    }

    /** Every review of one item, of any kind, oldest first. */
    public List<Review> reviews(String runId, int seq) {
        return query("SELECT seq, kind, reviewer, score, decision, verdict FROM reviews WHERE run_id = ? AND seq = ? "
                + "AND (action IS NULL OR action <> 'edit') ORDER BY id", ps -> {
                    ps.setString(1, runId);
                    ps.setInt(2, seq);
                }, this::review);
    }

    /**
     * Runs, newest first, optionally only those in one status, each with its items counted by state
     * (one grouped query for the whole page) and its tokens per model.
     */
    public List<RunSummary> runSummaries(Optional<RunStatus> status, int limit, int offset) {
        record Row(String id, String name, RunStatus status, int planned, Instant createdAt, String error,
                Optional<Instant> heartbeat) {
        }
        List<Row> rows = query("SELECT id, name, status, planned, created_at, error, heartbeat FROM runs"
                + (status.isPresent() ? " WHERE status = ?" : "") + " ORDER BY created_at DESC, id LIMIT ? OFFSET ?", ps -> {
                    int i = 1;
                    if (status.isPresent()) {
                        ps.setString(i++, status.get().name());
                    }
                    ps.setInt(i++, limit);
                    ps.setInt(i, offset);
                }, rs -> new Row(rs.getString(1), rs.getString(2), RunStatus.valueOf(rs.getString(3)), rs.getInt(4),
                        rs.getTimestamp(5).toInstant(), rs.getString(6), heartbeat(rs)));
        if (rows.isEmpty()) {
            return List.of();
        }
        String ids = String.join(", ", Collections.nCopies(rows.size(), "?"));
        Binder byIds = ps -> {
            for (int i = 0; i < rows.size(); i++) {
                ps.setString(i + 1, rows.get(i).id());
            }
        };
        var states = new java.util.HashMap<String, Map<ItemState, Integer>>();
        query("SELECT run_id, state, COUNT(*) FROM items WHERE run_id IN (" + ids + ") GROUP BY run_id, state", byIds,
                rs -> states.computeIfAbsent(rs.getString(1), k -> new EnumMap<>(ItemState.class))
                        .put(ItemState.valueOf(rs.getString(2)), rs.getInt(3)));
        var tokens = new java.util.HashMap<String, Map<String, long[]>>();
        query("SELECT run_id, model, SUM(input_tokens), SUM(output_tokens) FROM model_calls WHERE run_id IN (" + ids
                + ") GROUP BY run_id, model", byIds, rs -> tokens.computeIfAbsent(rs.getString(1),
                        k -> new java.util.TreeMap<>()).put(rs.getString(2), new long[] {rs.getLong(3), rs.getLong(4)}));
        return rows.stream().map(r -> {
            var counts = new EnumMap<ItemState, Integer>(ItemState.class);
            for (ItemState s : ItemState.values()) {
                counts.put(s, states.getOrDefault(r.id(), Map.of()).getOrDefault(s, 0));
            }
            return new RunSummary(r.id(), r.name(), r.status(), r.planned(), counts, tokens.getOrDefault(r.id(), Map.of()),
                    r.createdAt(), Optional.ofNullable(r.error()), r.heartbeat());
        }).toList();
    }

    /** How many runs there are, optionally only in one status. */
    public int countRuns(Optional<RunStatus> status) {
        return query("SELECT COUNT(*) FROM runs" + (status.isPresent() ? " WHERE status = ?" : ""), ps -> {
            if (status.isPresent()) {
                ps.setString(1, status.get().name());
            }
        }, rs -> rs.getInt(1)).getFirst();
    }

    /**
     * Deletes a run with its items, versions, model calls and reviews, in one transaction.
     *
     * @return false when there was no such run
     */
    public boolean deleteRun(String runId) {
        return inTransaction(c -> {
            for (String table : List.of("reviews", "model_calls", "item_versions", "items")) {
                try (var ps = c.prepareStatement("DELETE FROM " + table + " WHERE run_id = ?")) {
                    ps.setString(1, runId);
                    ps.executeUpdate();
                }
            }
            try (var ps = c.prepareStatement("DELETE FROM runs WHERE id = ?")) {
                ps.setString(1, runId);
                return ps.executeUpdate() == 1;
            }
        });
    }

    /** How many items are in each state (every state present, zero when none). */
    public Map<ItemState, Integer> countByState(String runId) {
        var counts = new EnumMap<ItemState, Integer>(ItemState.class);
        for (ItemState s : ItemState.values()) {
            counts.put(s, 0);
        }
        query("SELECT state, COUNT(*) FROM items WHERE run_id = ? GROUP BY state", ps -> ps.setString(1, runId), rs -> {
            counts.put(ItemState.valueOf(rs.getString(1)), rs.getInt(2));
            return null;
        });
        return counts;
    }

    /** Rejections per gate. */
    public Map<String, Integer> rejectionsByGate(String runId) {
        var counts = new java.util.TreeMap<String, Integer>();
        query("SELECT gate, COUNT(*) FROM items WHERE run_id = ? AND state = ? GROUP BY gate", ps -> {
            ps.setString(1, runId);
            ps.setString(2, ItemState.REJECTED.name());
        }, rs -> {
            counts.put(rs.getString(1), rs.getInt(2));
            return null;
        });
        return counts;
    }

    /** What the run's model calls cost, per role ({@code generator}, {@code judge}); cache hits are not calls. */
    public Map<String, CallUsage> usageByRole(String runId) {
        var usage = new java.util.TreeMap<String, CallUsage>();
        query("SELECT role, COUNT(*), SUM(input_tokens), SUM(output_tokens), SUM(latency_ms) FROM model_calls "
                + "WHERE run_id = ? AND outcome <> ? GROUP BY role", ps -> {
                    ps.setString(1, runId);
                    ps.setString(2, ModelCall.CACHED);
                }, rs -> {
                    usage.put(rs.getString(1), new CallUsage(rs.getInt(2), rs.getLong(3), rs.getLong(4), rs.getLong(5)));
                    return null;
                });
        return usage;
    }

    /** Requests of the run answered from the response cache instead of a model. */
    public int cacheHits(String runId) {
        return query("SELECT COUNT(*) FROM model_calls WHERE run_id = ? AND outcome = ?", ps -> {
            ps.setString(1, runId);
            ps.setString(2, ModelCall.CACHED);
        }, rs -> rs.getInt(1)).getFirst();
    }

    // ---- plumbing -----------------------------------------------------------------------------

    private RunRecord run(ResultSet rs) throws SQLException {
        Timestamp finished = rs.getTimestamp("finished_at");
        return new RunRecord(rs.getString("id"), rs.getString("name"), RunStatus.valueOf(rs.getString("status")),
                rs.getString("recipe"), rs.getString("recipe_hash"), rs.getString("prompts"),
                rs.getString("generator_model"), rs.getString("judge_model"), rs.getInt("planned"), options(rs),
                Optional.ofNullable(rs.getString("error")), rs.getTimestamp("created_at").toInstant(),
                Optional.ofNullable(finished).map(Timestamp::toInstant), heartbeat(rs));
    }

    private static Optional<Instant> heartbeat(ResultSet rs) throws SQLException {
        long at = rs.getLong("heartbeat");
        return rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(at));
    }

    private static RunOptions options(ResultSet rs) throws SQLException {
        long maxTokens = rs.getLong("max_tokens");
        OptionalLong tokens = rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(maxTokens);
        double maxCost = rs.getDouble("max_cost");
        OptionalDouble cost = rs.wasNull() ? OptionalDouble.empty() : OptionalDouble.of(maxCost);
        return new RunOptions(rs.getBoolean("use_cache"), rs.getBoolean("fail_fast"), tokens, cost);
    }

    /** Changes a run's options (resume with a larger budget, say). */
    public void updateOptions(String runId, RunOptions options) {
        update("UPDATE runs SET use_cache = ?, fail_fast = ?, max_tokens = ?, max_cost = ?, updated_at = ? WHERE id = ?",
                ps -> {
                    ps.setBoolean(1, options.useCache());
                    ps.setBoolean(2, options.failFast());
                    if (options.maxTokens().isPresent()) {
                        ps.setLong(3, options.maxTokens().getAsLong());
                    } else {
                        ps.setNull(3, Types.BIGINT);
                    }
                    if (options.maxCost().isPresent()) {
                        ps.setDouble(4, options.maxCost().getAsDouble());
                    } else {
                        ps.setNull(4, Types.DOUBLE);
                    }
                    ps.setTimestamp(5, Timestamp.from(Instant.now()));
                    ps.setString(6, runId);
                });
    }

    /** Tokens spent per model on a run (cache hits cost nothing). */
    public Map<String, long[]> tokensByModel(String runId) {
        var tokens = new java.util.TreeMap<String, long[]>();
        query("SELECT model, SUM(input_tokens), SUM(output_tokens) FROM model_calls WHERE run_id = ? GROUP BY model",
                ps -> ps.setString(1, runId), rs -> {
                    tokens.put(rs.getString(1), new long[] {rs.getLong(2), rs.getLong(3)});
                    return null;
                });
        return tokens;
    }

    static ItemRecord item(ResultSet rs) throws SQLException {
        double score = rs.getDouble("score");
        Optional<Double> scoreValue = rs.wasNull() ? Optional.empty() : Optional.of(score);
        return new ItemRecord(rs.getString("run_id"), rs.getInt("seq"), rs.getString("cell_key"), rs.getString("cell"),
                rs.getLong("seed"), ItemState.valueOf(rs.getString("state")), Optional.ofNullable(rs.getString("dialogue")),
                Optional.ofNullable(rs.getString("verdict")), scoreValue, Optional.ofNullable(rs.getString("gate")),
                Optional.ofNullable(rs.getString("reason")), rs.getInt("calls"), rs.getLong("input_tokens"),
                rs.getLong("output_tokens"));
    }

    @FunctionalInterface
    interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    @FunctionalInterface
    interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    @FunctionalInterface
    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private <T> List<T> query(String sql, Binder binder, RowMapper<T> mapper) {
        try (Connection c = connections.open(); var ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
                List<T> result = new ArrayList<>();
                while (rs.next()) {
                    result.add(mapper.map(rs));
                }
                return result;
            }
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    private int update(String sql, Binder binder) {
        try (Connection c = connections.open(); var ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    private <T> T inTransaction(Work<T> work) {
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
}
