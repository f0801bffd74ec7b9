package dev.parley.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.parley.dialogue.Dialogue;
import dev.parley.judge.Verdict;

/**
 * What happened to an item besides its current state: every judged version of its dialogue, the second
 * opinions on it (judge rechecks, people's reviews), and people's decisions with their undoing.
 */
@ApplicationScoped
public class ItemHistory {

    /** Reviews that are scores or verdicts still in force: an edit is a decision, not a verdict on the dialogue. */
    private static final String IN_FORCE = "AND undone_at IS NULL AND (action IS NULL OR action <> 'edit') ";

    private final Jdbc jdbc;
    private final ItemRows rows;
    private final DecisionRows decisions;

    @Inject
    public ItemHistory(@StoreDataSource DataSource dataSource, ObjectMapper json) {
        this.jdbc = new Jdbc(dataSource);
        this.rows = new ItemRows(json);
        this.decisions = new DecisionRows(rows);
    }

    /** Keeps a version of an item's dialogue with its verdict. */
    public void addVersion(String runId, int seq, int version, Dialogue dialogue, Verdict verdict, Double score) {
        jdbc.update(INSERT_VERSION, versionBinder(runId, seq, version, rows.write(dialogue), rows.write(verdict), score));
    }

    /** Inserts a version on the caller's connection, in its transaction. */
    static void insertVersion(Connection c, String runId, int seq, int version, String dialogue, String verdict,
            Double score) throws SQLException {
        Jdbc.update(c, INSERT_VERSION, versionBinder(runId, seq, version, dialogue, verdict, score));
    }

    private static final String INSERT_VERSION = "INSERT INTO item_versions (run_id, seq, version, dialogue, verdict, "
            + "score, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)";

    private static Jdbc.Binder versionBinder(String runId, int seq, int version, String dialogue, String verdict,
            Double score) {
        return ps -> {
            ps.setString(1, runId);
            ps.setInt(2, seq);
            ps.setInt(3, version);
            ps.setString(4, dialogue);
            ps.setString(5, verdict);
            Jdbc.setDouble(ps, 6, score);
            ps.setTimestamp(7, Jdbc.now());
        };
    }

    /** Number of stored versions of an item. */
    public int versionCount(String runId, int seq) {
        return jdbc.query("SELECT COUNT(*) FROM item_versions WHERE run_id = ? AND seq = ?", ps -> {
            ps.setString(1, runId);
            ps.setInt(2, seq);
        }, rs -> rs.getInt(1)).getFirst();
    }

    /** Every judged version of an item, oldest first. */
    public List<ItemVersion> versions(String runId, int seq) {
        return jdbc.query("SELECT version, dialogue, verdict, score, author FROM item_versions WHERE run_id = ? AND seq = ? "
                + "ORDER BY version", ps -> {
                    ps.setString(1, runId);
                    ps.setInt(2, seq);
                }, rs -> new ItemVersion(rs.getInt(1), rows.dialogue(rs.getString(2)), rows.verdict(rs.getString(3)),
                        Jdbc.optionalDouble(rs, 4).orElse(null), rs.getString(5)));
    }

    /** The judged score of every version of every item of a run: plan position to scores by version. */
    public Map<Integer, List<Double>> versionScores(String runId) {
        var scores = new TreeMap<Integer, List<Double>>();
        jdbc.query("SELECT seq, version, score FROM item_versions WHERE run_id = ? AND score IS NOT NULL "
                + "ORDER BY seq, version", ps -> ps.setString(1, runId),
                rs -> scores.computeIfAbsent(rs.getInt(1), k -> new ArrayList<>()).add(rs.getDouble(3)));
        return scores;
    }

    /** Stores a second opinion on an item. */
    public void addReview(String runId, Review review) {
        jdbc.update("INSERT INTO reviews (run_id, seq, kind, reviewer, score, decision, verdict, created_at) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", ps -> {
                    ps.setString(1, runId);
                    ps.setInt(2, review.seq());
                    ps.setString(3, review.kind());
                    ps.setString(4, review.reviewer());
                    Jdbc.setDouble(ps, 5, review.score().orElse(null));
                    ps.setString(6, review.accept().map(a -> a ? "accept" : "reject").orElse(null));
                    ps.setString(7, review.verdict().orElse(null));
                    ps.setTimestamp(8, Jdbc.now());
                });
    }

    /** The reviews of a run of one kind in force (none undone, no edit), oldest first. */
    public List<Review> reviews(String runId, String kind) {
        return jdbc.query("SELECT seq, kind, reviewer, score, decision, verdict FROM reviews WHERE run_id = ? AND kind = ? "
                + IN_FORCE + "ORDER BY id", ps -> {
                    ps.setString(1, runId);
                    ps.setString(2, kind);
                }, ItemHistory::review);
    }

    /** Every review of one item, of any kind, oldest first. */
    public List<Review> reviews(String runId, int seq) {
        return jdbc.query("SELECT seq, kind, reviewer, score, decision, verdict FROM reviews WHERE run_id = ? AND seq = ? "
                + "AND (action IS NULL OR action <> 'edit') ORDER BY id", ps -> {
                    ps.setString(1, runId);
                    ps.setInt(2, seq);
                }, ItemHistory::review);
    }

    /**
     * Applies a person's decision to a final item no worker holds, in one transaction with its record (and,
     * for an edit, the new version by its author).
     *
     * @return the stored decision, or empty when the item is no longer in the state the decision was made on
     */
    public Optional<Decision> decide(String runId, Decision.New decision) {
        return jdbc.inTransaction(c -> decisions.decide(c, runId, decision));
    }

    /**
     * Undoes an item's latest decision in force, putting the item back as the decision found it.
     *
     * @return the undone decision, or empty when {@code id} is not that decision
     */
    public Optional<Decision> undo(String runId, int seq, long id, String by) {
        return jdbc.inTransaction(c -> decisions.undo(c, runId, seq, id, by));
    }

    /** A person's decisions on an item, undone ones included, oldest first. */
    public List<Decision> decisions(String runId, int seq) {
        return jdbc.query("SELECT " + DecisionRows.COLUMNS + " FROM reviews WHERE run_id = ? AND seq = ? "
                + "AND action IS NOT NULL ORDER BY id", ps -> {
                    ps.setString(1, runId);
                    ps.setInt(2, seq);
                }, decisions::decision);
    }

    /** How many of a run's decisions of each action are in force, and how many were undone. */
    public Map<String, Integer> decisionCounts(String runId) {
        var counts = new LinkedHashMap<String, Integer>();
        for (Decision.Action a : Decision.Action.values()) {
            counts.put(a.key(), 0);
        }
        counts.put("undone", 0);
        jdbc.query("SELECT action, undone_at FROM reviews WHERE run_id = ? AND action IS NOT NULL",
                ps -> ps.setString(1, runId),
                rs -> counts.merge(rs.getTimestamp(2) == null ? rs.getString(1) : "undone", 1, Integer::sum));
        return counts;
    }

    private static Review review(ResultSet rs) throws SQLException {
        Optional<Double> score = Jdbc.optionalDouble(rs, 4);
        String decision = rs.getString(5);
        return new Review(rs.getInt(1), rs.getString(2), rs.getString(3), score,
                Optional.ofNullable(decision).map("accept"::equals), Optional.ofNullable(rs.getString(6)));
    }
}
