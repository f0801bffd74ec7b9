package dev.parley.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.parley.llm.BatchStore;
import dev.parley.llm.ModelRole;

/**
 * The batches a run sent through a provider's batch API ({@code provider_batches}) and the requests in each
 * ({@code batch_requests}): stored before the file is uploaded, then given the provider's ids and status.
 */
@ApplicationScoped
public class BatchLedger implements BatchStore {

    private static final String BATCH_COLUMNS = "ref, role, model, file_id, batch_id, status, total, completed, failed";
    private static final String REQUEST_COLUMNS = "custom_id, ref, seq, request_hash, attempt";

    private final Jdbc jdbc;

    @Inject
    public BatchLedger(@StoreDataSource DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource);
    }

    @Override
    public void open(String runId, StoredBatch batch, List<StoredRequest> requests) {
        jdbc.inTransaction(c -> {
            Jdbc.update(c, "INSERT INTO provider_batches (run_id, " + BATCH_COLUMNS + ", created_at, updated_at) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", ps -> {
                        ps.setString(1, runId);
                        ps.setString(2, batch.ref());
                        ps.setString(3, batch.role().key());
                        ps.setString(4, batch.model());
                        ps.setString(5, batch.fileId().orElse(null));
                        ps.setString(6, batch.batchId().orElse(null));
                        ps.setString(7, batch.status());
                        ps.setInt(8, batch.total());
                        ps.setInt(9, batch.completed());
                        ps.setInt(10, batch.failed());
                        ps.setTimestamp(11, Jdbc.now());
                        ps.setTimestamp(12, Jdbc.now());
                    });
            for (StoredRequest r : requests) {
                Jdbc.update(c, "INSERT INTO batch_requests (run_id, " + REQUEST_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?)",
                        ps -> {
                            ps.setString(1, runId);
                            ps.setString(2, r.customId());
                            ps.setString(3, batch.ref());
                            ps.setInt(4, r.seq());
                            ps.setString(5, r.requestHash());
                            ps.setInt(6, r.attempt());
                        });
            }
            return null;
        });
    }

    @Override
    public void fileUploaded(String runId, String ref, String fileId) {
        set(runId, ref, "file_id = ?, status = '" + UPLOADED + "'", fileId);
    }

    @Override
    public void created(String runId, String ref, String batchId, String status) {
        jdbc.update("UPDATE provider_batches SET batch_id = ?, status = ?, updated_at = ? WHERE run_id = ? AND ref = ?",
                ps -> {
                    ps.setString(1, batchId);
                    ps.setString(2, status);
                    ps.setTimestamp(3, Jdbc.now());
                    ps.setString(4, runId);
                    ps.setString(5, ref);
                });
    }

    @Override
    public void status(String runId, String ref, String status, int completed, int failed) {
        jdbc.update("UPDATE provider_batches SET status = ?, completed = ?, failed = ?, updated_at = ? "
                + "WHERE run_id = ? AND ref = ?", ps -> {
                    ps.setString(1, status);
                    ps.setInt(2, completed);
                    ps.setInt(3, failed);
                    ps.setTimestamp(4, Jdbc.now());
                    ps.setString(5, runId);
                    ps.setString(6, ref);
                });
    }

    private void set(String runId, String ref, String assignments, String value) {
        jdbc.update("UPDATE provider_batches SET " + assignments + ", updated_at = ? WHERE run_id = ? AND ref = ?", ps -> {
            ps.setString(1, value);
            ps.setTimestamp(2, Jdbc.now());
            ps.setString(3, runId);
            ps.setString(4, ref);
        });
    }

    @Override
    public Optional<StoredRequest> latestRequest(String runId, String requestHash) {
        return jdbc.query("SELECT " + REQUEST_COLUMNS + " FROM batch_requests WHERE run_id = ? AND request_hash = ? "
                + "ORDER BY attempt DESC", ps -> {
                    ps.setString(1, runId);
                    ps.setString(2, requestHash);
                }, BatchLedger::request).stream().findFirst();
    }

    @Override
    public Optional<StoredBatch> batch(String runId, String ref) {
        return jdbc.queryOne("SELECT " + BATCH_COLUMNS + " FROM provider_batches WHERE run_id = ? AND ref = ?", ps -> {
            ps.setString(1, runId);
            ps.setString(2, ref);
        }, BatchLedger::batch);
    }

    @Override
    public List<StoredBatch> batches(String runId) {
        return jdbc.query("SELECT " + BATCH_COLUMNS + " FROM provider_batches WHERE run_id = ? ORDER BY created_at, ref",
                ps -> ps.setString(1, runId), BatchLedger::batch);
    }

    @Override
    public List<StoredRequest> requests(String runId, String ref) {
        return jdbc.query("SELECT " + REQUEST_COLUMNS + " FROM batch_requests WHERE run_id = ? AND ref = ? ORDER BY custom_id",
                ps -> {
                    ps.setString(1, runId);
                    ps.setString(2, ref);
                }, BatchLedger::request);
    }

    private static StoredBatch batch(ResultSet rs) throws SQLException {
        return new StoredBatch(rs.getString("ref"), ModelRole.valueOf(rs.getString("role").toUpperCase(java.util.Locale.ROOT)),
                rs.getString("model"), Optional.ofNullable(rs.getString("file_id")),
                Optional.ofNullable(rs.getString("batch_id")), rs.getString("status"), rs.getInt("total"),
                rs.getInt("completed"), rs.getInt("failed"));
    }

    private static StoredRequest request(ResultSet rs) throws SQLException {
        return new StoredRequest(rs.getString("custom_id"), rs.getString("ref"), rs.getInt("seq"),
                rs.getString("request_hash"), rs.getInt("attempt"));
    }
}
