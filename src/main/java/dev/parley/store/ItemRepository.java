package dev.parley.store;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.ObjectMapper;


/**
 * Reading a run's items: one, a filtered page, all of them a page at a time, and counts over them. The
 * {@link ItemQueue} writes them.
 */
@ApplicationScoped
public class ItemRepository {

    /** Items read per page when walking a whole run. */
    private static final int WALK_PAGE = 500;

    private final Jdbc jdbc;
    private final ItemRows rows;

    @Inject
    public ItemRepository(@StoreDataSource DataSource dataSource, ObjectMapper json) {
        this.jdbc = new Jdbc(dataSource);
        this.rows = new ItemRows(json);
    }

    public Optional<ItemRecord> item(String runId, int seq) {
        return jdbc.queryOne("SELECT * FROM items WHERE run_id = ? AND seq = ?", ps -> {
            ps.setString(1, runId);
            ps.setInt(2, seq);
        }, rows::item);
    }

    /** Items of a run that match a filter, in plan order. */
    public List<ItemRecord> items(String runId, ItemFilter filter, int limit, int offset) {
        return jdbc.query("SELECT * FROM items WHERE run_id = ?" + filter.sql() + " ORDER BY run_id, seq LIMIT ? OFFSET ?", ps -> {
            ps.setString(1, runId);
            int i = filter.bind(ps, 2);
            ps.setInt(i, limit);
            ps.setInt(i + 1, offset);
        }, rows::item);
    }

    /** How many items of a run match a filter. */
    public int countItems(String runId, ItemFilter filter) {
        return jdbc.query("SELECT COUNT(*) FROM items WHERE run_id = ?" + filter.sql(), ps -> {
            ps.setString(1, runId);
            filter.bind(ps, 2);
        }, rs -> rs.getInt(1)).getFirst();
    }

    /** Items of a run in plan order, optionally only those in one state. */
    public List<ItemRecord> items(String runId, Optional<ItemState> state, int limit, int offset) {
        String sql = "SELECT * FROM items WHERE run_id = ?" + (state.isPresent() ? " AND state = ?" : "")
                + (state.isPresent() ? " ORDER BY run_id, state, seq" : " ORDER BY run_id, seq") + " LIMIT ? OFFSET ?";
        return jdbc.query(sql, ps -> {
            int i = 1;
            ps.setString(i++, runId);
            if (state.isPresent()) {
                ps.setString(i++, state.get().name());
            }
            ps.setInt(i++, limit);
            ps.setInt(i, offset);
        }, rows::item);
    }

    /**
     * A page of a run's items after a plan number. The order names the whole index the conditions fix a prefix of
     * (the primary key; with a state, {@code items_claimable}), so H2 reads the index in order and stops at the
     * limit: with {@code ORDER BY seq} alone it read every item after the plan number and sorted them, and a walk
     * over a 100,000-item run read its items fifty thousand times each on average.
     */
    static final String WALK = "SELECT * FROM items WHERE run_id = ? AND seq > ? ORDER BY run_id, seq LIMIT ?";
    /** {@link #WALK} of one state's items. */
    static final String WALK_STATE = "SELECT * FROM items WHERE run_id = ? AND seq > ? AND state = ?"
            + " ORDER BY run_id, state, seq LIMIT ?";

    /**
     * Hands every item of a run to {@code action} in plan order, optionally only those in one state,
     * reading a page at a time by plan number (keyset paging: each page costs the same however far
     * into a large run it is, where an offset would rescan what came before).
     */
    public void forEachItem(String runId, Optional<ItemState> state, Consumer<ItemRecord> action) {
        String sql = state.isPresent() ? WALK_STATE : WALK;
        int after = Integer.MIN_VALUE;
        while (true) {
            int from = after;
            List<ItemRecord> page = jdbc.query(sql, ps -> {
                int i = 1;
                ps.setString(i++, runId);
                ps.setInt(i++, from);
                if (state.isPresent()) {
                    ps.setString(i++, state.get().name());
                }
                ps.setInt(i, WALK_PAGE);
            }, rows::item);
            page.forEach(action);
            if (page.size() < WALK_PAGE) {
                return;
            }
            after = page.getLast().seq();
        }
    }

    /**
     * Plan numbers of a run's finished items that were judged (accepted or rejected, with a dialogue and a
     * verdict), in plan order: what the judge recheck samples from, without reading every dialogue of a
     * large run.
     */
    public List<Integer> judgedSeqs(String runId) {
        return jdbc.query("SELECT seq FROM items WHERE run_id = ? AND state IN (?, ?) AND dialogue IS NOT NULL"
                + " AND verdict IS NOT NULL ORDER BY seq", ps -> {
                    ps.setString(1, runId);
                    ps.setString(2, ItemState.ACCEPTED.name());
                    ps.setString(3, ItemState.REJECTED.name());
                }, rs -> rs.getInt(1));
    }

    /** Plan numbers of a run's accepted items last changed at or after {@code since}, in plan order. */
    public List<Integer> acceptedSeqsSince(String runId, Instant since) {
        return jdbc.query("SELECT seq FROM items WHERE run_id = ? AND state = ? AND updated_at >= ? ORDER BY seq", ps -> {
            ps.setString(1, runId);
            ps.setString(2, ItemState.ACCEPTED.name());
            ps.setTimestamp(3, Timestamp.from(since));
        }, rs -> rs.getInt(1));
    }

    /** How many of a run's items are accepted: a count over the (run, state, plan number) index. */
    public int acceptedCount(String runId) {
        return jdbc.query("SELECT COUNT(*) FROM items WHERE run_id = ? AND state = ?", ps -> {
            ps.setString(1, runId);
            ps.setString(2, ItemState.ACCEPTED.name());
        }, rs -> rs.getInt(1)).getFirst();
    }

    /** How many distinct plan cells a run's items fill. */
    public int distinctCells(String runId) {
        return jdbc.query("SELECT COUNT(DISTINCT cell_key) FROM items WHERE run_id = ?", ps -> ps.setString(1, runId),
                rs -> rs.getInt(1)).getFirst();
    }

    /** Rejections per gate. */
    public Map<String, Integer> rejectionsByGate(String runId) {
        var counts = new TreeMap<String, Integer>();
        jdbc.query("SELECT gate, COUNT(*) FROM items WHERE run_id = ? AND state = ? GROUP BY gate", ps -> {
            ps.setString(1, runId);
            ps.setString(2, ItemState.REJECTED.name());
        }, rs -> counts.put(rs.getString(1), rs.getInt(2)));
        return counts;
    }
}
