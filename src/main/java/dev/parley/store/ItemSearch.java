package dev.parley.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A run's items sorted by score, length or date and read a page at a time by keyset: each page starts after
 * the sort key and plan number of the last item of the page before (a {@link Cursor}), so a page costs the same
 * however deep into a large run it is, and no page needs the items before it in memory.
 */
@ApplicationScoped
public class ItemSearch {

    /** What the items are sorted by; ties are broken by plan number. */
    public enum Sort {
        /** Plan order. */
        SEQ("seq"),
        /** The judge's weighted mean score; items with none come first ascending. */
        SCORE("COALESCE(score, -1)"),
        /** The dialogue's length in characters as stored. */
        LENGTH("COALESCE(LENGTH(dialogue), 0)"),
        /** When the item last changed state (accepted, rejected, decided). */
        DATE("updated_at");

        private final String key;

        Sort(String key) {
            this.key = key;
        }

        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The sort named {@code key} ({@code seq}, {@code score}, {@code length} or {@code date}), if any. */
        public static Optional<Sort> parse(String key) {
            for (Sort s : values()) {
                if (s.key().equalsIgnoreCase(key.strip())) {
                    return Optional.of(s);
                }
            }
            return Optional.empty();
        }
    }

    /**
     * Where a page starts: after the item with this sort key and plan number. As text, {@code <key>_<seq>}.
     *
     * @param key the sort key of the last item read: a number, or an instant for {@link Sort#DATE}
     */
    public record Cursor(String key, int seq) {

        @Override
        public String toString() {
            return key + "_" + seq;
        }

        /**
         * @throws IllegalArgumentException when the text is no cursor of this sort
         */
        public static Cursor parse(String text, Sort sort) {
            int cut = text.lastIndexOf('_');
            try {
                String key = text.substring(0, Math.max(0, cut));
                int seq = Integer.parseInt(text.substring(cut + 1));
                switch (sort) {
                    case SEQ -> key = String.valueOf(seq);
                    case DATE -> Instant.parse(key);
                    default -> Double.parseDouble(key);
                }
                return new Cursor(key, seq);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("is not a cursor of a page sorted by " + sort.key()
                        + "; pass the next value of the page before");
            }
        }
    }

    /**
     * One page.
     *
     * @param next where the next page starts, empty on the last page
     */
    public record Page(List<ItemRecord> items, Optional<Cursor> next) {
        public Page {
            items = List.copyOf(items);
        }
    }

    private final ConnectionGate connections;
    private final ItemRows rows;

    @Inject
    public ItemSearch(@StoreDataSource DataSource dataSource, ObjectMapper json) {
        this.connections = ConnectionGate.of(dataSource);
        this.rows = new ItemRows(json);
    }

    /** The page of the filtered items after {@code after} (from the start when empty), in the sort's order. */
    public Page page(String runId, ItemFilter filter, Sort sort, boolean descending, Optional<Cursor> after, int limit) {
        String key = sort.key;
        String dir = descending ? " DESC" : "";
        String sql = "SELECT items.*, " + key + " AS sort_key FROM items WHERE run_id = ?" + filter.sql()
                + after.map(c -> " AND (" + key + (descending ? " < ?" : " > ?") + " OR (" + key + " = ? AND seq"
                        + (descending ? " < ?" : " > ?") + "))").orElse("")
                + " ORDER BY " + key + dir + ", seq" + dir + " LIMIT ?";
        List<ItemRecord> items = new ArrayList<>();
        Cursor last = null;
        try (Connection c = connections.open(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, runId);
            int i = filter.bind(ps, 2);
            if (after.isPresent()) {
                bindKey(ps, i++, sort, after.get().key());
                bindKey(ps, i++, sort, after.get().key());
                ps.setInt(i++, after.get().seq());
            }
            ps.setInt(i, limit + 1);
            boolean more = false;
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (items.size() == limit) {
                        more = true;
                        break;
                    }
                    ItemRecord item = rows.item(rs);
                    items.add(item);
                    last = new Cursor(keyOf(rs, sort), item.seq());
                }
            }
            return new Page(items, more ? Optional.of(last) : Optional.empty());
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    private static void bindKey(PreparedStatement ps, int at, Sort sort, String key) throws SQLException {
        switch (sort) {
            case SEQ -> ps.setInt(at, Integer.parseInt(key));
            case DATE -> ps.setTimestamp(at, Timestamp.from(parseInstant(key)));
            case SCORE -> ps.setDouble(at, Double.parseDouble(key));
            case LENGTH -> ps.setLong(at, Long.parseLong(key));
        }
    }

    private static String keyOf(ResultSet rs, Sort sort) throws SQLException {
        return switch (sort) {
            case SEQ -> String.valueOf(rs.getInt("sort_key"));
            case DATE -> rs.getTimestamp("sort_key").toInstant().toString();
            case SCORE -> String.valueOf(rs.getDouble("sort_key"));
            case LENGTH -> String.valueOf(rs.getLong("sort_key"));
        };
    }

    private static Instant parseInstant(String key) {
        try {
            return Instant.parse(key);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("not an instant: " + key, e);
        }
    }
}
