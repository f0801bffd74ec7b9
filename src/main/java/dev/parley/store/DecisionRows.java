package dev.parley.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The rows a person's decisions write: the item's new state and dialogue, the decision in {@code reviews}
 * (kind {@code human}), and for an edit a version by its author; an undo puts the item back as it was.
 */
final class DecisionRows {

    static final String COLUMNS = "id, seq, action, reviewer, created_at, prior_state, prior_gate, prior_reason, "
            + "prior_dialogue, undone_by, undone_at";

    private final ItemRows rows;

    DecisionRows(ItemRows rows) {
        this.rows = rows;
    }

    /**
     * Applies a decision to an item that is final, not held by a worker, and still in the state the decision
     * was made on; nothing is written otherwise.
     */
    Optional<Decision> decide(Connection c, String runId, Decision.New d) throws SQLException {
        Instant now = Instant.now();
        ItemState to = d.action().after(d.prior().state());
        if (!moveItem(c, runId, d.seq(), d.prior().state(), to, d.gate(), d.reason(), rows.write(d.dialogue()), now)) {
            return Optional.empty();
        }
        if (d.action() == Decision.Action.EDIT) {
            try (var ps = c.prepareStatement("INSERT INTO item_versions (run_id, seq, version, dialogue, author, created_at) "
                    + "SELECT ?, ?, COALESCE(MAX(version), 0) + 1, ?, ?, ? FROM item_versions WHERE run_id = ? AND seq = ?")) {
                ps.setString(1, runId);
                ps.setInt(2, d.seq());
                ps.setString(3, rows.write(d.dialogue()));
                ps.setString(4, d.by());
                ps.setTimestamp(5, Timestamp.from(now));
                ps.setString(6, runId);
                ps.setInt(7, d.seq());
                ps.executeUpdate();
            }
        }
        try (var ps = c.prepareStatement("INSERT INTO reviews (run_id, seq, kind, reviewer, decision, action, prior_state, "
                + "prior_gate, prior_reason, prior_dialogue, created_at, score) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                Statement.RETURN_GENERATED_KEYS)) {
            ps.setString(1, runId);
            ps.setInt(2, d.seq());
            ps.setString(3, Review.HUMAN);
            ps.setString(4, d.by());
            // An accept or a reject is also a person's verdict on the judge's, which the report's agreement counts.
            ps.setString(5, d.action() == Decision.Action.EDIT ? null : d.action().key());
            ps.setString(6, d.action().key());
            ps.setString(7, d.prior().state().name());
            ps.setString(8, d.prior().gate().orElse(null));
            ps.setString(9, d.prior().reason().orElse(null));
            ps.setString(10, rows.write(d.prior().dialogue()));
            ps.setTimestamp(11, Timestamp.from(now));
            if (d.score().isPresent()) {
                ps.setDouble(12, d.score().get());
            } else {
                ps.setNull(12, Types.DOUBLE);
            }
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                return Optional.of(new Decision(keys.getLong(1), d.seq(), d.action(), d.by(), now, d.prior(),
                        Optional.empty(), Optional.empty()));
            }
        }
    }

    /**
     * Undoes an item's latest decision still in force, when it is {@code id}: the item gets back its state,
     * gate, reason and dialogue from before it.
     *
     * @return the decision as undone, or empty when {@code id} is not the item's latest decision in force
     */
    Optional<Decision> undo(Connection c, String runId, int seq, long id, String by) throws SQLException {
        List<Decision> inForce = new ArrayList<>();
        try (var ps = c.prepareStatement("SELECT " + COLUMNS + " FROM reviews WHERE run_id = ? AND seq = ? AND action IS NOT NULL"
                + " AND undone_at IS NULL ORDER BY id DESC")) {
            ps.setString(1, runId);
            ps.setInt(2, seq);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    inForce.add(decision(rs));
                }
            }
        }
        if (inForce.isEmpty() || inForce.getFirst().id() != id) {
            return Optional.empty();
        }
        Decision latest = inForce.getFirst();
        Instant now = Instant.now();
        Decision.Prior prior = latest.prior();
        if (!moveItem(c, runId, seq, latest.after(), prior.state(), prior.gate(), prior.reason(), rows.write(prior.dialogue()), now)) {
            return Optional.empty();
        }
        try (var ps = c.prepareStatement("UPDATE reviews SET undone_by = ?, undone_at = ? WHERE id = ? AND undone_at IS NULL")) {
            ps.setString(1, by);
            ps.setTimestamp(2, Timestamp.from(now));
            ps.setLong(3, id);
            ps.executeUpdate();
        }
        return Optional.of(new Decision(latest.id(), seq, latest.action(), latest.by(), latest.at(), prior, Optional.of(by),
                Optional.of(now)));
    }

    private boolean moveItem(Connection c, String runId, int seq, ItemState from, ItemState to, Optional<String> gate,
            Optional<String> reason, String dialogue, Instant now) throws SQLException {
        try (var ps = c.prepareStatement("UPDATE items SET state = ?, gate = ?, reason = ?, dialogue = ?, updated_at = ? "
                + "WHERE run_id = ? AND seq = ? AND state = ? AND lease_owner IS NULL")) {
            ps.setString(1, to.name());
            ps.setString(2, gate.orElse(null));
            ps.setString(3, reason.orElse(null));
            ps.setString(4, dialogue);
            ps.setTimestamp(5, Timestamp.from(now));
            ps.setString(6, runId);
            ps.setInt(7, seq);
            ps.setString(8, from.name());
            return ps.executeUpdate() == 1;
        }
    }

    Decision decision(ResultSet rs) throws SQLException {
        Timestamp undoneAt = rs.getTimestamp(11);
        return new Decision(rs.getLong(1), rs.getInt(2), Decision.Action.parse(rs.getString(3)), rs.getString(4),
                rs.getTimestamp(5).toInstant(), new Decision.Prior(ItemState.valueOf(rs.getString(6)),
                        Optional.ofNullable(rs.getString(7)), Optional.ofNullable(rs.getString(8)), rows.dialogue(rs.getString(9))),
                Optional.ofNullable(rs.getString(10)), Optional.ofNullable(undoneAt).map(Timestamp::toInstant));
    }
}
