package dev.parley.bench;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collections;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import dev.parley.llm.ModelCall;
import dev.parley.store.ItemState;

/**
 * What the benchmark checks in the store of a finished {@code generate} process, read from its H2
 * database after the process has exited: that failed items say why, that no item was answered
 * twice, and which items called a model.
 *
 * @param failedWithoutReason failed items without a gate or a reason
 * @param answeredTwice       items with more than one usable answer for one role (ok or cached)
 * @param okCalls             model calls answered usably
 * @param cacheHits           requests answered from the response cache
 * @param calledItems         items (by plan sequence) that made at least one model call
 * @param failedItems         items (by plan sequence) that ended failed
 * @param failedByGate        failed items per failure kind ({@code transient}, {@code malformed})
 * @param attemptsByOutcome   model call attempts per recorded outcome, cache hits included
 */
public record RunAudit(int failedWithoutReason, int answeredTwice, long okCalls, long cacheHits,
        Set<Integer> calledItems, Set<Integer> failedItems, Map<String, Integer> failedByGate,
        Map<String, Integer> attemptsByOutcome) {

    public RunAudit {
        calledItems = Set.copyOf(calledItems);
        failedItems = Set.copyOf(failedItems);
        failedByGate = Collections.unmodifiableMap(new TreeMap<>(failedByGate));
        attemptsByOutcome = Collections.unmodifiableMap(new TreeMap<>(attemptsByOutcome));
    }

    /**
     * Audits one run in the database Parley keeps under {@code dataDir}
     * ({@code quarkus.datasource.jdbc.url} is {@code jdbc:h2:file:<data-dir>/parley}).
     */
    public static RunAudit of(Path dataDir, String runId) throws SQLException {
        String url = "jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("parley") + ";IFEXISTS=TRUE;ACCESS_MODE_DATA=r";
        var login = new Properties();
        login.setProperty("user", "parley");
        login.setProperty("password", "");
        // The driver directly: DriverManager may not see drivers of the application's class loader.
        try (Connection c = new org.h2.Driver().connect(url, login)) {
            String failed = ItemState.FAILED.name();
            return new RunAudit(
                    count(c, "SELECT COUNT(*) FROM items WHERE run_id = ? AND state = '" + failed
                            + "' AND (gate IS NULL OR reason IS NULL OR TRIM(reason) = '')", runId),
                    count(c, "SELECT COUNT(*) FROM (SELECT seq, role FROM model_calls WHERE run_id = ? AND outcome IN ('"
                            + ModelCall.OK + "', '" + ModelCall.CACHED + "') GROUP BY seq, role HAVING COUNT(*) > 1) t",
                            runId),
                    count(c, "SELECT COUNT(*) FROM model_calls WHERE run_id = ? AND outcome = '" + ModelCall.OK + "'", runId),
                    count(c, "SELECT COUNT(*) FROM model_calls WHERE run_id = ? AND outcome = '" + ModelCall.CACHED + "'",
                            runId),
                    seqs(c, "SELECT DISTINCT seq FROM model_calls WHERE run_id = ? AND outcome <> '" + ModelCall.CACHED + "'",
                            runId),
                    seqs(c, "SELECT seq FROM items WHERE run_id = ? AND state = '" + failed + "'", runId),
                    groups(c, "SELECT gate, COUNT(*) FROM items WHERE run_id = ? AND state = '" + failed
                            + "' GROUP BY gate", runId),
                    groups(c, "SELECT outcome, COUNT(*) FROM model_calls WHERE run_id = ? GROUP BY outcome", runId));
        }
    }

    private static int count(Connection c, String sql, String runId) throws SQLException {
        try (var ps = c.prepareStatement(sql)) {
            ps.setString(1, runId);
            try (var rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private static Set<Integer> seqs(Connection c, String sql, String runId) throws SQLException {
        var seqs = new TreeSet<Integer>();
        try (var ps = c.prepareStatement(sql)) {
            ps.setString(1, runId);
            try (var rs = ps.executeQuery()) {
                while (rs.next()) {
                    seqs.add(rs.getInt(1));
                }
            }
        }
        return seqs;
    }

    private static Map<String, Integer> groups(Connection c, String sql, String runId) throws SQLException {
        var groups = new TreeMap<String, Integer>();
        try (var ps = c.prepareStatement(sql)) {
            ps.setString(1, runId);
            try (var rs = ps.executeQuery()) {
                while (rs.next()) {
                    groups.put(String.valueOf(rs.getString(1)), rs.getInt(2));
                }
            }
        }
        return groups;
    }
}
