package dev.parley.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.TreeMap;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.parley.corpus.RunInput;
import dev.parley.llm.PromptSet;

/**
 * Runs: their records and options, status and heartbeat, and what is stored with them when they are
 * created (planned items, expansions, input files, model settings). A run is created with its items in
 * one transaction and deleted with everything stored for it in another.
 */
@ApplicationScoped
public class RunRepository {

    private final Jdbc jdbc;

    @Inject
    public RunRepository(@StoreDataSource DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource);
    }

    /** A planned item to insert. */
    public record NewItem(int seq, String cellKey, String cell, long seed) {
    }

    /** Dimension values a model wrote for the run: the expansion asked for and the tree it gave, as JSON. */
    public record NewExpansion(String dimension, String expansion, String tree) {
    }

    /** Creates a run and its planned items in one transaction. */
    public void createRun(RunRecord run, List<NewItem> items) {
        createRun(run, items, List.of(), List.of(), null);
    }

    /**
     * Creates a run, its planned items, the expansions its values came from, the files it reads and the
     * record of its models and sampling parameters per role (JSON, see {@code RunModels}), in one transaction.
     */
    public void createRun(RunRecord run, List<NewItem> items, List<NewExpansion> expansions, List<RunInput> inputs,
            String modelSettings) {
        jdbc.inTransaction(c -> {
            Timestamp created = Timestamp.from(run.createdAt());
            Jdbc.update(c, "INSERT INTO runs (id, name, status, recipe, recipe_hash, prompts, generator_model, judge_model, "
                    + "planned, use_cache, fail_fast, max_tokens, max_cost, created_at, started_at, updated_at, "
                    + "model_settings) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", ps -> {
                        ps.setString(1, run.id());
                        ps.setString(2, run.name());
                        ps.setString(3, run.status().name());
                        ps.setString(4, run.recipe());
                        ps.setString(5, run.recipeHash());
                        ps.setString(6, run.prompts());
                        ps.setString(7, run.generatorModel());
                        ps.setString(8, run.judgeModel());
                        ps.setInt(9, run.planned());
                        RunOptions options = run.options();
                        ps.setBoolean(10, options.useCache());
                        ps.setBoolean(11, options.failFast());
                        Jdbc.setLong(ps, 12, options.maxTokens().isPresent() ? options.maxTokens().getAsLong() : null);
                        Jdbc.setDouble(ps, 13, options.maxCost().isPresent() ? options.maxCost().getAsDouble() : null);
                        ps.setTimestamp(14, created);
                        ps.setTimestamp(15, created);
                        ps.setTimestamp(16, created);
                        ps.setString(17, modelSettings);
                    });
            PlanRows.insertPlanned(c, run.id(), items, created);
            for (NewExpansion e : expansions) {
                PlanRows.addExpansion(c, run.id(), e.dimension(), e.expansion(), e.tree());
            }
            insertInputs(c, run.id(), inputs);
            return null;
        });
    }

    private static void insertInputs(Connection c, String runId, List<RunInput> inputs) throws SQLException {
        for (RunInput input : inputs) {
            Jdbc.update(c, "INSERT INTO run_inputs (run_id, purpose, file, sha256, content) VALUES (?, ?, ?, ?, ?)", ps -> {
                ps.setString(1, runId);
                ps.setString(2, input.purpose());
                ps.setString(3, input.file());
                ps.setString(4, PromptSet.sha256(input.content()));
                ps.setString(5, input.content());
            });
        }
    }

    /** The expansions stored with a run: dimension to the expansion asked for and the tree, as JSON. */
    public List<NewExpansion> expansions(String runId) {
        return jdbc.inTransaction(c -> PlanRows.expansions(c, runId).entrySet().stream()
                .map(e -> new NewExpansion(e.getKey(), e.getValue()[0], e.getValue()[1])).toList());
    }

    /** The files a run reads, as stored when it was created. */
    public List<RunInput> inputs(String runId) {
        return jdbc.query("SELECT purpose, file, content FROM run_inputs WHERE run_id = ? ORDER BY purpose",
                ps -> ps.setString(1, runId), rs -> new RunInput(rs.getString(1), rs.getString(2), rs.getString(3)));
    }

    /** The models and sampling parameters per role stored when the run was created; empty for older runs. */
    public Optional<String> modelSettings(String runId) {
        return jdbc.query("SELECT model_settings FROM runs WHERE id = ?", ps -> ps.setString(1, runId),
                rs -> rs.getString(1)).stream().filter(Objects::nonNull).findFirst();
    }

    public Optional<RunRecord> findRun(String id) {
        return jdbc.queryOne("SELECT * FROM runs WHERE id = ?", ps -> ps.setString(1, id), RunRepository::run);
    }

    public RunRecord run(String id) {
        return findRun(id).orElseThrow(() -> new UnknownRunException(id));
    }

    /** Runs, newest first. */
    public List<RunRecord> listRuns(int limit, int offset) {
        return jdbc.query("SELECT * FROM runs ORDER BY created_at DESC, id LIMIT ? OFFSET ?", ps -> {
            ps.setInt(1, limit);
            ps.setInt(2, offset);
        }, RunRepository::run);
    }

    /** Runs with the given status (the server resumes {@code RUNNING} ones when it starts). */
    public List<RunRecord> runsWithStatus(RunStatus status) {
        return jdbc.query("SELECT * FROM runs WHERE status = ? ORDER BY created_at", ps -> ps.setString(1, status.name()),
                RunRepository::run);
    }

    public void finishRun(String id, RunStatus status, Optional<String> error) {
        jdbc.update("UPDATE runs SET status = ?, error = ?, finished_at = ?, updated_at = ? WHERE id = ?", ps -> {
            Timestamp now = Jdbc.now();
            ps.setString(1, status.name());
            ps.setString(2, error.orElse(null));
            ps.setTimestamp(3, status == RunStatus.RUNNING ? null : now);
            ps.setTimestamp(4, now);
            ps.setString(5, id);
        });
    }

    /**
     * Records that an execution of the run is alive at {@code at} (epoch milliseconds, the worker's
     * clock). Several workers may write it; the latest wins.
     */
    public void heartbeat(String runId, long at) {
        jdbc.update("UPDATE runs SET heartbeat = ? WHERE id = ?", ps -> {
            ps.setLong(1, at);
            ps.setString(2, runId);
        });
    }

    /** Changes a run's options (resume with a larger budget, say). */
    public void updateOptions(String runId, RunOptions options) {
        jdbc.update("UPDATE runs SET use_cache = ?, fail_fast = ?, max_tokens = ?, max_cost = ?, updated_at = ? WHERE id = ?",
                ps -> {
                    ps.setBoolean(1, options.useCache());
                    ps.setBoolean(2, options.failFast());
                    Jdbc.setLong(ps, 3, options.maxTokens().isPresent() ? options.maxTokens().getAsLong() : null);
                    Jdbc.setDouble(ps, 4, options.maxCost().isPresent() ? options.maxCost().getAsDouble() : null);
                    ps.setTimestamp(5, Jdbc.now());
                    ps.setString(6, runId);
                });
    }

    /**
     * Runs, newest first, optionally only those in one status, each with its items counted by state
     * (one grouped query for the whole page) and its tokens per model.
     */
    public List<RunSummary> runSummaries(Optional<RunStatus> status, int limit, int offset) {
        record Row(String id, String name, RunStatus status, int planned, Instant createdAt, String error,
                Optional<Instant> heartbeat) {
        }
        List<Row> rows = jdbc.query("SELECT id, name, status, planned, created_at, error, heartbeat FROM runs"
                + (status.isPresent() ? " WHERE status = ?" : "") + " ORDER BY created_at DESC, id LIMIT ? OFFSET ?", ps -> {
                    int i = 1;
                    if (status.isPresent()) {
                        ps.setString(i++, status.get().name());
                    }
                    ps.setInt(i++, limit);
                    ps.setInt(i, offset);
                }, rs -> new Row(rs.getString(1), rs.getString(2), RunStatus.valueOf(rs.getString(3)), rs.getInt(4),
                        rs.getTimestamp(5).toInstant(), rs.getString(6), heartbeat(rs)));
        if (rows.isEmpty()) {
            return List.of();
        }
        String ids = String.join(", ", Collections.nCopies(rows.size(), "?"));
        Jdbc.Binder byIds = ps -> {
            for (int i = 0; i < rows.size(); i++) {
                ps.setString(i + 1, rows.get(i).id());
            }
        };
        var states = new HashMap<String, Map<ItemState, Integer>>();
        jdbc.query("SELECT run_id, state, COUNT(*) FROM items WHERE run_id IN (" + ids + ") GROUP BY run_id, state", byIds,
                rs -> states.computeIfAbsent(rs.getString(1), k -> new EnumMap<>(ItemState.class))
                        .put(ItemState.valueOf(rs.getString(2)), rs.getInt(3)));
        var tokens = new HashMap<String, Map<String, long[]>>();
        jdbc.query("SELECT run_id, model, SUM(input_tokens), SUM(output_tokens) FROM model_calls WHERE run_id IN (" + ids
                + ") GROUP BY run_id, model", byIds, rs -> tokens.computeIfAbsent(rs.getString(1),
                        k -> new TreeMap<>()).put(rs.getString(2), new long[] {rs.getLong(3), rs.getLong(4)}));
        return rows.stream().map(r -> {
            var counts = new EnumMap<ItemState, Integer>(ItemState.class);
            for (ItemState s : ItemState.values()) {
                counts.put(s, states.getOrDefault(r.id(), Map.of()).getOrDefault(s, 0));
            }
            return new RunSummary(r.id(), r.name(), r.status(), r.planned(), counts, tokens.getOrDefault(r.id(), Map.of()),
                    r.createdAt(), Optional.ofNullable(r.error()), r.heartbeat());
        }).toList();
    }

    /** How many runs there are, optionally only in one status. */
    public int countRuns(Optional<RunStatus> status) {
        return jdbc.query("SELECT COUNT(*) FROM runs" + (status.isPresent() ? " WHERE status = ?" : ""), ps -> {
            if (status.isPresent()) {
                ps.setString(1, status.get().name());
            }
        }, rs -> rs.getInt(1)).getFirst();
    }

    /**
     * Deletes a run with its items, versions, model calls and reviews, in one transaction.
     *
     * @return false when there was no such run
     */
    public boolean deleteRun(String runId) {
        return jdbc.inTransaction(c -> {
            for (String table : List.of("reviews", "model_calls", "item_versions", "batch_requests", "provider_batches",
                    "run_reports", "item_pii", "items")) {
                Jdbc.update(c, "DELETE FROM " + table + " WHERE run_id = ?", ps -> ps.setString(1, runId));
            }
            return Jdbc.update(c, "DELETE FROM runs WHERE id = ?", ps -> ps.setString(1, runId)) == 1;
        });
    }

    private static RunRecord run(ResultSet rs) throws SQLException {
        Timestamp finished = rs.getTimestamp("finished_at");
        return new RunRecord(rs.getString("id"), rs.getString("name"), RunStatus.valueOf(rs.getString("status")),
                rs.getString("recipe"), rs.getString("recipe_hash"), rs.getString("prompts"),
                rs.getString("generator_model"), rs.getString("judge_model"), rs.getInt("planned"), options(rs),
                Optional.ofNullable(rs.getString("error")), rs.getTimestamp("created_at").toInstant(),
                Optional.ofNullable(finished).map(Timestamp::toInstant), heartbeat(rs));
    }

    private static Optional<Instant> heartbeat(ResultSet rs) throws SQLException {
        long at = rs.getLong("heartbeat");
        return rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(at));
    }

    private static RunOptions options(ResultSet rs) throws SQLException {
        long maxTokens = rs.getLong("max_tokens");
        OptionalLong tokens = rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(maxTokens);
        double maxCost = rs.getDouble("max_cost");
        OptionalDouble cost = rs.wasNull() ? OptionalDouble.empty() : OptionalDouble.of(maxCost);
        return new RunOptions(rs.getBoolean("use_cache"), rs.getBoolean("fail_fast"), tokens, cost);
    }
}
