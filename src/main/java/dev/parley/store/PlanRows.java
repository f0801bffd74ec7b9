package dev.parley.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;


/** The rows planning adds to a run: its planned items, top-up items and the stored expansions. */
final class PlanRows {

    private PlanRows() {
    }

    /** Inserts a new run's planned items on the caller's connection, in its transaction. */
    static void insertPlanned(Connection c, String runId, List<RunRepository.NewItem> items, Timestamp now)
            throws SQLException {
        try (var ps = c.prepareStatement("INSERT INTO items (run_id, seq, cell_key, cell, seed, state, updated_at) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            int batch = 0;
            for (RunRepository.NewItem item : items) {
                ps.setString(1, runId);
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
    }

    /**
     * Takes one unit of the run's extra budget and, if there was one, inserts a top-up item for the
     * rejected item's cell. The conditional increment locks the run's row until the transaction ends,
     * so concurrent rejections (several workers) take units one after another and number their
     * top-ups without gaps or repeats.
     *
     * @return whether a top-up was added
     */
    static boolean addTopUp(Connection c, String runId, int rejectedSeq, ItemQueue.TopUp topUp) throws SQLException {
        try (var ps = c.prepareStatement("UPDATE runs SET top_ups = top_ups + 1 WHERE id = ? AND top_ups < ?")) {
            ps.setString(1, runId);
            ps.setInt(2, topUp.budget());
            if (ps.executeUpdate() == 0) {
                return false;
            }
        }
        int seq;
        try (var ps = c.prepareStatement("SELECT planned + top_ups - 1 FROM runs WHERE id = ?")) {
            ps.setString(1, runId);
            try (var rs = ps.executeQuery()) {
                rs.next();
                seq = rs.getInt(1);
            }
        }
        try (var ps = c.prepareStatement("INSERT INTO items (run_id, seq, cell_key, cell, seed, state, top_up_of, updated_at) "
                + "SELECT run_id, ?, cell_key, cell, ?, ?, seq, ? FROM items WHERE run_id = ? AND seq = ?")) {
            ps.setInt(1, seq);
            ps.setLong(2, topUp.seedOf().applyAsLong(seq));
            ps.setString(3, ItemState.PLANNED.name());
            ps.setTimestamp(4, Timestamp.from(Instant.now()));
            ps.setString(5, runId);
            ps.setInt(6, rejectedSeq);
            return ps.executeUpdate() == 1;
        }
    }

    static void addExpansion(Connection c, String runId, String dimension, String expansion, String tree) throws SQLException {
        try (var ps = c.prepareStatement("INSERT INTO run_expansions (run_id, dimension, expansion, tree) VALUES (?, ?, ?, ?)")) {
            ps.setString(1, runId);
            ps.setString(2, dimension);
            ps.setString(3, expansion);
            ps.setString(4, tree);
            ps.executeUpdate();
        }
    }

    /** Dimension to {expansion, tree} JSON texts, by dimension name. */
    static Map<String, String[]> expansions(Connection c, String runId) throws SQLException {
        var result = new LinkedHashMap<String, String[]>();
        try (var ps = c.prepareStatement("SELECT dimension, expansion, tree FROM run_expansions WHERE run_id = ? ORDER BY dimension")) {
            ps.setString(1, runId);
            try (var rs = ps.executeQuery()) {
                while (rs.next()) {
                    result.put(rs.getString(1), new String[] {rs.getString(2), rs.getString(3)});
                }
            }
        }
        return result;
    }
}
