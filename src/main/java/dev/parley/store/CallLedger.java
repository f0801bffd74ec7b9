package dev.parley.store;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.parley.llm.CallUsage;
import dev.parley.llm.ModelCall;
import dev.parley.llm.PriceTable;
import dev.parley.llm.ResponseCache;

/**
 * The call ledger: every model call attempt of a run, recorded with its tokens added to its item, and
 * what the run's calls cost. An answered call is recorded in one transaction with its answer in the
 * response cache ({@link JdbcResponseCache}).
 */
@ApplicationScoped
public class CallLedger {

    /**
     * How long a call's record waits for other writes to share its commit. The answer holds one of the few places
     * of answers not yet durable (EndpointGovernor.answered) until the record is committed, so it waits little:
     * 2 ms cut a 20 ms bench's commits by a sixth (about 700 to 590 for 2,000 dialogues) with the 250 ms bench's
     * rate unchanged, where committing at once cut every group short at the next answer.
     */
    static final Duration RECORD_PATIENCE = Duration.ofMillis(2);

    private final Jdbc jdbc;

    @Inject
    public CallLedger(@StoreDataSource DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource);
    }

    /** Records one model call attempt and adds its tokens to the item. */
    public void recordCall(String runId, int seq, ModelCall call) {
        recordCall(runId, seq, call, null);
    }

    /**
     * Records a successful model call, adds its tokens to the item and stores its answer in the
     * response cache, in one transaction: one commit per call instead of two, and never an answer
     * paid for without its record or the other way round.
     */
    public void recordAnsweredCall(String runId, int seq, ModelCall call, ResponseCache.CachedAnswer answer) {
        try {
            recordCall(runId, seq, call, answer);
        } catch (StoreException e) {
            if (!Jdbc.isDuplicateKey(e)) {
                throw e;
            }
            // The same request answered twice at once: the first answer stays cached, this call is still recorded.
            recordCall(runId, seq, call, null);
        }
    }

    private void recordCall(String runId, int seq, ModelCall call, ResponseCache.CachedAnswer answer) {
        jdbc.inTransactionWaitingAtMost(RECORD_PATIENCE, c -> {
            if (answer != null) {
                JdbcResponseCache.insert(c, call.promptHash(), call.model(), answer);
            }
            Jdbc.update(c, "INSERT INTO model_calls (run_id, seq, role, model, prompt_hash, input_tokens, output_tokens, "
                    + "latency_ms, outcome, error, created_at, batch) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", ps -> {
                        ps.setString(1, runId);
                        ps.setInt(2, seq);
                        ps.setString(3, call.role().key());
                        ps.setString(4, call.model());
                        ps.setString(5, call.promptHash());
                        ps.setLong(6, call.inputTokens());
                        ps.setLong(7, call.outputTokens());
                        ps.setLong(8, call.millis());
                        ps.setString(9, call.outcome());
                        ps.setString(10, call.error().isEmpty() ? null : call.error());
                        ps.setTimestamp(11, Jdbc.now());
                        ps.setBoolean(12, call.batch());
                    });
            return null;
        });
    }

    /**
     * What was spent on one item: every attempt recorded for it (failed ones and cache hits included), its tokens
     * and latency. Summed from the ledger when asked rather than kept on the item, so that a call's record is one
     * appended row and does not rewrite the item's row, dialogue and all.
     */
    public CallUsage usageOfItem(String runId, int seq) {
        return jdbc.queryOne("SELECT COUNT(*), COALESCE(SUM(input_tokens), 0), COALESCE(SUM(output_tokens), 0), "
                + "COALESCE(SUM(latency_ms), 0) FROM model_calls WHERE run_id = ? AND seq = ?", ps -> {
                    ps.setString(1, runId);
                    ps.setInt(2, seq);
                }, rs -> new CallUsage(rs.getInt(1), rs.getLong(2), rs.getLong(3), rs.getLong(4))).orElse(CallUsage.NONE);
    }

    /** What the run's model calls cost, per role ({@code generator}, {@code judge}); cache hits are not calls. */
    public Map<String, CallUsage> usageByRole(String runId) {
        var usage = new TreeMap<String, CallUsage>();
        jdbc.query("SELECT role, COUNT(*), SUM(input_tokens), SUM(output_tokens), SUM(latency_ms) FROM model_calls "
                + "WHERE run_id = ? AND outcome <> ? GROUP BY role", ps -> {
                    ps.setString(1, runId);
                    ps.setString(2, ModelCall.CACHED);
                }, rs -> usage.put(rs.getString(1),
                        new CallUsage(rs.getInt(2), rs.getLong(3), rs.getLong(4), rs.getLong(5))));
        return usage;
    }

    /** Requests of the run answered from the response cache instead of a model. */
    public int cacheHits(String runId) {
        return jdbc.query("SELECT COUNT(*) FROM model_calls WHERE run_id = ? AND outcome = ?", ps -> {
            ps.setString(1, runId);
            ps.setString(2, ModelCall.CACHED);
        }, rs -> rs.getInt(1)).getFirst();
    }

    /**
     * Tokens spent per model on a run (cache hits cost nothing); tokens answered through a provider's batch
     * are under the model's name with {@link PriceTable#BATCH_SUFFIX}, as they have their own price.
     */
    public Map<String, long[]> tokensByModel(String runId) {
        var tokens = new TreeMap<String, long[]>();
        jdbc.query("SELECT model, batch, SUM(input_tokens), SUM(output_tokens) FROM model_calls WHERE run_id = ? "
                + "GROUP BY model, batch", ps -> ps.setString(1, runId),
                rs -> tokens.put(rs.getString(1) + (rs.getBoolean(2) ? PriceTable.BATCH_SUFFIX : ""),
                        new long[] {rs.getLong(3), rs.getLong(4)}));
        return tokens;
    }
}
