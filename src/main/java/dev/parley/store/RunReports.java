package dev.parley.store;

import java.util.Optional;
import java.util.StringJoiner;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Reports of settled runs, each kept with the fingerprint of what it was computed from, so that a large run's
 * report is read as one row until the run changes. The fingerprint is read in a few indexed queries: the run's
 * status, last change and end, the latest change of its items in each state, and the count, last id and last
 * undoing of its reviews (the judge's rechecks and every decision a person makes, edits included).
 *
 * <p>Every move of an item, and every item added, sets its {@code updated_at}, so an item that leaves a state
 * or enters one changes that state's latest change. Each is the last entry of the state's range of the
 * {@code (run_id, state, updated_at)} index, read backwards; counting the items of each state read the whole
 * index instead, which on a 100,000-item run whose file was not in the page cache took a second.
 */
@ApplicationScoped
public class RunReports {

    /** The latest change of a run's items in one state: the last entry of the state's index range. */
    static final String LATEST_CHANGE = "SELECT updated_at FROM items WHERE run_id = ? AND state = ?"
            + " ORDER BY run_id DESC, state DESC, updated_at DESC LIMIT 1";

    private final Jdbc jdbc;

    @Inject
    public RunReports(@StoreDataSource DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource);
    }

    /**
     * What a report of the run now would be computed from; empty while the run may still change by itself
     * (running, or not yet ended), when a report is never kept.
     */
    public Optional<String> fingerprint(String runId) {
        Optional<String> run = jdbc.queryOne("SELECT status, updated_at, finished_at FROM runs WHERE id = ?",
                ps -> ps.setString(1, runId), rs -> RunStatus.valueOf(rs.getString(1)) == RunStatus.RUNNING
                        || rs.getTimestamp(3) == null ? ""
                                : rs.getString(1) + "|" + rs.getTimestamp(2).toInstant() + "|" + rs.getTimestamp(3).toInstant());
        if (run.isEmpty() || run.get().isEmpty()) {
            return Optional.empty();
        }
        var parts = new StringJoiner("|").add(run.get());
        for (ItemState state : ItemState.values()) {
            parts.add(state.key() + "@" + jdbc.queryOne(LATEST_CHANGE, ps -> {
                ps.setString(1, runId);
                ps.setString(2, state.name());
            }, rs -> String.valueOf(rs.getTimestamp(1))).orElse("-"));
        }
        parts.add(jdbc.query("SELECT COUNT(*), MAX(id), MAX(undone_at) FROM reviews WHERE run_id = ?",
                ps -> ps.setString(1, runId), rs -> "reviews=" + rs.getLong(1) + "/" + rs.getLong(2) + "/"
                        + rs.getTimestamp(3)).getFirst());
        return Optional.of(parts.toString());
    }

    /** The report kept for the run, when it was computed from what the fingerprint describes. */
    public Optional<String> report(String runId, String fingerprint) {
        return jdbc.queryOne("SELECT report FROM run_reports WHERE run_id = ? AND fingerprint = ?", ps -> {
            ps.setString(1, runId);
            ps.setString(2, fingerprint);
        }, rs -> rs.getString(1));
    }

    /** Keeps a report of the run, computed from what the fingerprint describes, in place of any earlier one. */
    public void keep(String runId, String fingerprint, String report) {
        jdbc.replacing(c -> {
            Jdbc.update(c, "DELETE FROM run_reports WHERE run_id = ?", ps -> ps.setString(1, runId));
            return Jdbc.update(c, "INSERT INTO run_reports (run_id, fingerprint, report, created_at) VALUES (?, ?, ?, ?)",
                    ps -> {
                        ps.setString(1, runId);
                        ps.setString(2, fingerprint);
                        ps.setString(3, report);
                        ps.setTimestamp(4, Jdbc.now());
                    });
        });
    }
}
