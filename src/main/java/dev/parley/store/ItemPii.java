package dev.parley.store;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The personal data a report counted in finished items' dialogues, per type, each with the hash of the dialogue
 * it was counted in, so that a report reads the counts instead of running the detector again over a dialogue
 * that has not changed.
 */
@ApplicationScoped
public class ItemPii {

    /** The counts of one item's dialogue: {@code found} as {@code type=n} pairs separated by commas. */
    public record Counted(int seq, String dialogueHash, String found) {
    }

    private final Jdbc jdbc;

    @Inject
    public ItemPii(@StoreDataSource DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource);
    }

    /** Every count kept for a run's items, by plan number. */
    public Map<Integer, Counted> of(String runId) {
        var counted = new HashMap<Integer, Counted>();
        jdbc.query("SELECT seq, dialogue_hash, found FROM item_pii WHERE run_id = ?", ps -> ps.setString(1, runId),
                rs -> counted.put(rs.getInt(1), new Counted(rs.getInt(1), rs.getString(2), rs.getString(3))));
        return counted;
    }

    /** Keeps these counts, in place of any kept for the same items. */
    public void keep(String runId, List<Counted> counts) {
        if (counts.isEmpty()) {
            return;
        }
        jdbc.replacing(c -> {
            try (var delete = c.prepareStatement("DELETE FROM item_pii WHERE run_id = ? AND seq = ?");
                    var insert = c.prepareStatement(
                            "INSERT INTO item_pii (run_id, seq, dialogue_hash, found) VALUES (?, ?, ?, ?)")) {
                for (Counted counted : counts) {
                    delete.setString(1, runId);
                    delete.setInt(2, counted.seq());
                    delete.addBatch();
                    insert.setString(1, runId);
                    insert.setInt(2, counted.seq());
                    insert.setString(3, counted.dialogueHash());
                    insert.setString(4, counted.found());
                    insert.addBatch();
                }
                delete.executeBatch();
                insert.executeBatch();
            }
            return null;
        });
    }
}
