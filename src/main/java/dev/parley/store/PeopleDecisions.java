package dev.parley.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The people's decisions in force on a whole run, read in one query, for an export that carries them on
 * every record rather than asking per item.
 */
@ApplicationScoped
public class PeopleDecisions {

    private final ConnectionGate connections;
    private final DecisionRows decisions;

    @Inject
    public PeopleDecisions(@StoreDataSource DataSource dataSource, ObjectMapper json) {
        this.connections = ConnectionGate.of(dataSource);
        this.decisions = new DecisionRows(new ItemRows(json));
    }

    /** Every decision of the run that is not undone, oldest first, by item. */
    public Map<Integer, List<Decision>> inForce(String runId) {
        Map<Integer, List<Decision>> bySeq = new HashMap<>();
        try (Connection c = connections.open(); var ps = c.prepareStatement("SELECT " + DecisionRows.COLUMNS
                + " FROM reviews WHERE run_id = ? AND action IS NOT NULL AND undone_at IS NULL ORDER BY id")) {
            ps.setString(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Decision d = decisions.decision(rs);
                    bySeq.computeIfAbsent(d.seq(), k -> new ArrayList<>()).add(d);
                }
            }
        } catch (SQLException e) {
            throw new StoreException(e);
        }
        return bySeq;
    }
}
