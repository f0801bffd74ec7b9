package dev.parley.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Free-text tags people put on a run's dialogues: one row per dialogue and tag, with who added it and when. */
@ApplicationScoped
public class Tags {

    private final ConnectionGate connections;

    @Inject
    public Tags(@StoreDataSource DataSource dataSource) {
        this.connections = ConnectionGate.of(dataSource);
    }

    /**
     * Puts a tag on a dialogue; a tag it has already is left as it was.
     *
     * @return whether the tag is new on the dialogue
     */
    public boolean add(String runId, int seq, String tag, String by) {
        try (Connection c = connections.open(); var ps = c.prepareStatement("INSERT INTO item_tags (run_id, seq, tag,"
                + " added_by, added_at) SELECT ?, ?, ?, ?, ? FROM items WHERE run_id = ? AND seq = ? AND NOT EXISTS"
                + " (SELECT 1 FROM item_tags WHERE run_id = ? AND seq = ? AND tag = ?)")) {
            ps.setString(1, runId);
            ps.setInt(2, seq);
            ps.setString(3, tag);
            ps.setString(4, by);
            ps.setTimestamp(5, Timestamp.from(Instant.now()));
            ps.setString(6, runId);
            ps.setInt(7, seq);
            ps.setString(8, runId);
            ps.setInt(9, seq);
            ps.setString(10, tag);
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    /** Takes a tag off a dialogue; returns whether it had it. */
    public boolean remove(String runId, int seq, String tag) {
        try (Connection c = connections.open();
                var ps = c.prepareStatement("DELETE FROM item_tags WHERE run_id = ? AND seq = ? AND tag = ?")) {
            ps.setString(1, runId);
            ps.setInt(2, seq);
            ps.setString(3, tag);
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    /** A dialogue's tags, in the order they were added. */
    public List<String> of(String runId, int seq) {
        return ofRun(runId, "AND seq = ?", seq).getOrDefault(seq, List.of());
    }

    /** Every tagged dialogue's tags, by plan number, each in the order they were added. */
    public Map<Integer, List<String>> ofRun(String runId) {
        return ofRun(runId, "", null);
    }

    private Map<Integer, List<String>> ofRun(String runId, String condition, Integer seq) {
        Map<Integer, List<String>> tags = new HashMap<>();
        try (Connection c = connections.open(); var ps = c.prepareStatement("SELECT seq, tag FROM item_tags WHERE"
                + " run_id = ? " + condition + " ORDER BY seq, added_at, tag")) {
            ps.setString(1, runId);
            if (seq != null) {
                ps.setInt(2, seq);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    tags.computeIfAbsent(rs.getInt(1), k -> new ArrayList<>()).add(rs.getString(2));
                }
            }
        } catch (SQLException e) {
            throw new StoreException(e);
        }
        return tags;
    }
}
