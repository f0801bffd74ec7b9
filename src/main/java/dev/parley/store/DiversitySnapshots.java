package dev.parley.store;

import java.util.List;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** The diversity snapshots a run's live measures leave, one row each, in the order they were taken. */
@ApplicationScoped
public class DiversitySnapshots {

    private final Jdbc jdbc;

    @Inject
    public DiversitySnapshots(@StoreDataSource DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource);
    }

    /** Stores a diversity snapshot of a run. */
    public void addDiversityPoint(String runId, DiversityPoint point) {
        jdbc.update("INSERT INTO diversity_snapshots (run_id, accepted, measures, tripped, worker, created_at) "
                + "VALUES (?, ?, ?, ?, ?, ?)", ps -> {
                    ps.setString(1, runId);
                    ps.setInt(2, point.accepted());
                    ps.setString(3, point.measures());
                    ps.setString(4, point.tripped());
                    ps.setString(5, point.worker());
                    ps.setTimestamp(6, java.sql.Timestamp.from(point.at()));
                });
    }

    /** A run's diversity snapshots, oldest first. */
    public List<DiversityPoint> diversityPoints(String runId) {
        return jdbc.query("SELECT accepted, measures, tripped, worker, created_at FROM diversity_snapshots WHERE run_id = ? "
                + "ORDER BY id", ps -> ps.setString(1, runId), rs -> new DiversityPoint(rs.getInt(1), rs.getString(2),
                        rs.getString(3), rs.getString(4), rs.getTimestamp(5).toInstant()));
    }
}
