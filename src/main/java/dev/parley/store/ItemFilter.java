package dev.parley.store;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
 * @param text     only items whose dialogue holds this text, ignoring case (a scan of the run's dialogues): in what
 *                 is said, tool calls and results, not in the stored JSON's keys and roles
 * @param tag      only items a person tagged with this tag
 */
public record ItemFilter(Optional<ItemState> state, Map<String, String> cell, Optional<Double> minScore,
        Optional<Double> maxScore, Optional<String> gate, Optional<String> text, Optional<String> tag) {

    /**
     * The keys and role values of the stored dialogue JSON, exactly as Jackson writes them; the same characters
     * inside a text are escaped ({@code \"role\":}) and never match these.
     */
    private static final List<String> STRUCTURE = List.of("\"role\":\"user\"", "\"role\":\"assistant\"",
            "\"role\":\"tool\"", "\"turns\":", "\"content\":", "\"toolCalls\":", "\"toolCallId\":", "\"reasoning\":",
            "\"id\":", "\"name\":", "\"arguments\":");
    /**
     * The stored dialogue with its keys and role values blanked out, so that a search for "role", "content" or
     * "user" matches what was said, not every dialogue's structure. Eleven replacements per dialogue cost a scan of
     * a 100,000-dialogue run about four times the plain one, so only a search that could match a key or a role
     * (a part of one of them) uses it, after the plain condition.
     */
    private static final String WITHOUT_STRUCTURE = withoutStructure("dialogue");

    /** Every item. */
    public static final ItemFilter ALL = new ItemFilter(Optional.empty(), Map.of(), Optional.empty(), Optional.empty(),
            Optional.empty());

    public ItemFilter {
        state = state == null ? Optional.empty() : state;
        cell = cell == null ? Map.of() : Map.copyOf(cell);
        minScore = minScore == null ? Optional.empty() : minScore;
        maxScore = maxScore == null ? Optional.empty() : maxScore;
        gate = gate == null ? Optional.empty() : gate;
        text = text == null ? Optional.empty() : text.filter(t -> !t.isBlank());
        tag = tag == null ? Optional.empty() : tag;
    }

    /** A filter without text search. */
    public ItemFilter(Optional<ItemState> state, Map<String, String> cell, Optional<Double> minScore,
            Optional<Double> maxScore, Optional<String> gate) {
        this(state, cell, minScore, maxScore, gate, Optional.empty(), Optional.empty());
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
        text.ifPresent(t -> {
            sql.append(" AND LOWER(dialogue) LIKE ? ESCAPE '!'");
            if (couldMatchStructure(t)) {
                sql.append(" AND LOWER(").append(WITHOUT_STRUCTURE).append(") LIKE ? ESCAPE '!'");
            }
        });
        tag.ifPresent(t -> sql.append(" AND EXISTS (SELECT 1 FROM item_tags t WHERE t.run_id = items.run_id"
                + " AND t.seq = items.seq AND t.tag = ?)"));
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
        if (text.isPresent()) {
            String pattern = "%" + escape(searchable(text.get()).toLowerCase(Locale.ROOT)) + "%";
            ps.setString(i++, pattern);
            if (couldMatchStructure(text.get())) {
                ps.setString(i++, pattern);
            }
        }
        if (tag.isPresent()) {
            ps.setString(i++, tag.get());
        }
        return i;
    }

    private List<String> cellPatterns() {
        var patterns = new ArrayList<String>();
        cell.forEach((k, v) -> patterns.add("%|" + escape(k) + "=" + escape(v) + "|%"));
        return patterns;
    }

    /**
     * The text as it appears inside the stored dialogue JSON: quotes, backslashes and control characters are
     * escaped there, so they are escaped here the same way (Jackson writes other characters as they are).
     */
    private static String searchable(String text) {
        var out = new StringBuilder();
        for (char ch : text.toCharArray()) {
            switch (ch) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                case '\r' -> out.append("\\r");
                default -> out.append(ch);
            }
        }
        return out.toString();
    }

    /** Whether the text, as searched in the stored JSON, could match within a key or a role value. */
    static boolean couldMatchStructure(String text) {
        String searched = searchable(text).toLowerCase(Locale.ROOT);
        return STRUCTURE.stream().anyMatch(token -> token.toLowerCase(Locale.ROOT).contains(searched));
    }

    private static String withoutStructure(String column) {
        String expression = column;
        for (String token : STRUCTURE) {
            expression = "REPLACE(" + expression + ", '" + token.replace("'", "''") + "', ' ')";
        }
        return expression;
    }

    private static String escape(String s) {
        return s.replace("!", "!!").replace("%", "!%").replace("_", "!_");
    }
}
