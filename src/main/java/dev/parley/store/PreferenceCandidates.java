package dev.parley.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.parley.dialogue.Turn;
import dev.parley.store.CandidatePair.Source;

/**
 * The candidates a run sampled for preference pairs, a group per item and turn: each candidate with its
 * seed, the history it saw, what it wrote, its score and gate, whether the item went on with it and its
 * side of the group's pair; and the pairs they give, read typed.
 */
@ApplicationScoped
public class PreferenceCandidates {

    private static final TypeReference<List<Turn>> TURNS = new TypeReference<>() {
    };
    private static final String COLUMNS = "seq, turn_index, candidate, source, seed, history, turns, score, gate,"
            + " reason, continued, side";

    private final Jdbc jdbc;
    private final ObjectMapper json;

    @Inject
    public PreferenceCandidates(@StoreDataSource DataSource dataSource, ObjectMapper json) {
        this.jdbc = new Jdbc(dataSource);
        this.json = json;
    }

    /**
     * Stores one group of candidates, replacing the group an earlier attempt at the item stored at the same
     * turn, in one transaction.
     *
     * @param turnIndex where the candidates start (the number of messages in the history they saw)
     */
    public void record(String runId, int seq, int turnIndex, Source source, List<PreferenceCandidate> group) {
        jdbc.inTransaction(c -> {
            Jdbc.update(c, "DELETE FROM preference_candidates WHERE run_id = ? AND seq = ? AND turn_index = ?", ps -> {
                ps.setString(1, runId);
                ps.setInt(2, seq);
                ps.setInt(3, turnIndex);
            });
            for (PreferenceCandidate candidate : group) {
                Jdbc.update(c, "INSERT INTO preference_candidates (run_id, " + COLUMNS + ") VALUES"
                        + " (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", ps -> {
                            ps.setString(1, runId);
                            ps.setInt(2, seq);
                            ps.setInt(3, turnIndex);
                            ps.setInt(4, candidate.index());
                            ps.setString(5, source.label());
                            ps.setLong(6, candidate.seed());
                            ps.setString(7, write(candidate.history()));
                            ps.setString(8, write(candidate.turns()));
                            OptionalDouble score = candidate.score();
                            Jdbc.setDouble(ps, 9, score.isPresent() ? score.getAsDouble() : null);
                            ps.setString(10, candidate.gate().orElse(null));
                            ps.setString(11, candidate.reason().orElse(null));
                            ps.setBoolean(12, candidate.continued());
                            ps.setString(13, candidate.side().map(PreferenceCandidate.Side::key).orElse(null));
                        });
            }
            return null;
        });
    }

    /** Forgets an item's candidates: the item is being written anew. */
    public void clear(String runId, int seq) {
        jdbc.update("DELETE FROM preference_candidates WHERE run_id = ? AND seq = ?", ps -> {
            ps.setString(1, runId);
            ps.setInt(2, seq);
        });
    }

    /** An item's candidates by the turn they start at, each group in candidate order. */
    public Map<Integer, List<PreferenceCandidate>> candidates(String runId, int seq) {
        Map<Integer, List<PreferenceCandidate>> groups = new LinkedHashMap<>();
        jdbc.query("SELECT " + COLUMNS + " FROM preference_candidates WHERE run_id = ? AND seq = ?"
                + " ORDER BY turn_index, candidate", ps -> {
                    ps.setString(1, runId);
                    ps.setInt(2, seq);
                }, rs -> Map.entry(rs.getInt("turn_index"), candidate(rs)))
                .forEach(e -> groups.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
        return groups;
    }

    /**
     * The preference pairs a run's sampled candidates give, by plan number and turn: the candidates marked
     * chosen and rejected in each group.
     */
    public List<CandidatePair> pairs(String runId) {
        record Sided(int seq, int turnIndex, Source source, PreferenceCandidate candidate) {
        }
        List<Sided> sided = jdbc.query("SELECT " + COLUMNS + " FROM preference_candidates WHERE run_id = ?"
                + " AND side IS NOT NULL ORDER BY seq, turn_index, side", ps -> ps.setString(1, runId),
                rs -> new Sided(rs.getInt("seq"), rs.getInt("turn_index"), Source.of(rs.getString("source")),
                        candidate(rs)));
        List<CandidatePair> pairs = new ArrayList<>();
        for (int i = 0; i + 1 < sided.size(); i++) {
            Sided chosen = sided.get(i);
            Sided rejected = sided.get(i + 1);
            // "chosen" sorts before "rejected"; a group stored whole has both sides or neither.
            if (chosen.seq() != rejected.seq() || chosen.turnIndex() != rejected.turnIndex()
                    || chosen.candidate().side().orElseThrow() != PreferenceCandidate.Side.CHOSEN) {
                continue;
            }
            PreferenceCandidate c = chosen.candidate();
            PreferenceCandidate r = rejected.candidate();
            pairs.add(new CandidatePair(chosen.seq(), chosen.turnIndex(), c.history(), c.turns(), r.turns(),
                    c.score().orElseThrow(), r.score().orElseThrow(), c.seed(), r.seed(), chosen.source()));
            i++;
        }
        return pairs;
    }

    private PreferenceCandidate candidate(ResultSet rs) throws SQLException {
        Optional<Double> score = Jdbc.optionalDouble(rs, "score");
        String side = rs.getString("side");
        return new PreferenceCandidate(rs.getInt("candidate"), rs.getLong("seed"), read(rs.getString("history")),
                read(rs.getString("turns")), score.map(OptionalDouble::of).orElse(OptionalDouble.empty()),
                Optional.ofNullable(rs.getString("gate")), Optional.ofNullable(rs.getString("reason")),
                rs.getBoolean("continued"), Optional.ofNullable(side).map(PreferenceCandidate.Side::of));
    }

    private String write(List<Turn> turns) {
        try {
            return json.writeValueAsString(turns);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise turns", e);
        }
    }

    private List<Turn> read(String text) {
        try {
            return json.readValue(text, TURNS);
        } catch (JsonProcessingException e) {
            throw new StoreException("stored candidate turns do not read: " + e.getOriginalMessage(), e);
        }
    }
}
