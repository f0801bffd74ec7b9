package dev.parley.store;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which items of a run to list: every part is optional and all given parts must hold.
 *
 * @param state    only items in this state
 * @param cell     only items whose plan cell has these dimension values
 * @param minScore only items the judge scored at least this
 * @param maxScore only items the judge scored at most this
 * @param gate     only items turned away by this gate ({@code judge} for the judge), or failed with this kind
 */
public record ItemFilter(Optional<ItemState> state, Map<String, String> cell, Optional<Double> minScore,
        Optional<Double> maxScore, Optional<String> gate) {

    /** Every item. */
    public static final ItemFilter ALL = new ItemFilter(Optional.empty(), Map.of(), Optional.empty(), Optional.empty(),
            Optional.empty());

    public ItemFilter {
        state = state == null ? Optional.empty() : state;
        cell = cell == null ? Map.of() : Map.copyOf(cell);
        minScore = minScore == null ? Optional.empty() : minScore;
        maxScore = maxScore == null ? Optional.empty() : maxScore;
        gate = gate == null ? Optional.empty() : gate;
    }

    /** The conditions after {@code WHERE run_id = ?}, each starting with {@code AND}. */
    String sql() {
        var sql = new StringBuilder();
        state.ifPresent(s -> sql.append(" AND state = ?"));
        // cell_key is "dim=value|dim=value"; wrapped in bars, each pair matches as "|dim=value|".
        cell.forEach((k, v) -> sql.append(" AND ('|' || cell_key || '|') LIKE ? ESCAPE '!'"));
        minScore.ifPresent(s -> sql.append(" AND score >= ?"));
        maxScore.ifPresent(s -> sql.append(" AND score <= ?"));
        gate.ifPresent(g -> sql.append(" AND gate = ?"));
        return sql.toString();
    }

    /** Binds the parameters of {@link #sql()} from position {@code first}; returns the next free position. */
    int bind(PreparedStatement ps, int first) throws SQLException {
        int i = first;
        if (state.isPresent()) {
            ps.setString(i++, state.get().name());
        }
        for (String pattern : cellPatterns()) {
            ps.setString(i++, pattern);
        }
        if (minScore.isPresent()) {
            ps.setDouble(i++, minScore.get());
        }
        if (maxScore.isPresent()) {
            ps.setDouble(i++, maxScore.get());
        }
        if (gate.isPresent()) {
            ps.setString(i++, gate.get());
        }
        return i;
    }

    private List<String> cellPatterns() {
        var patterns = new ArrayList<String>();
        cell.forEach((k, v) -> patterns.add("%|" + escape(k) + "=" + escape(v) + "|%"));
        return patterns;
    }

    private static String escape(String s) {
        return s.replace("!", "!!").replace("%", "!%").replace("_", "!_");
    }
}
