package dev.parley.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.parley.dialogue.Dialogue;
import dev.parley.judge.Verdict;

/**
 * The one place an item's payloads cross between their types and their stored JSON: a row of
 * {@code items} becomes an {@link ItemRecord} with its dialogue and verdict read, and a dialogue or a
 * verdict to store is written. A stored text that does not read is a store fault, not bad input.
 */
final class ItemRows {

    private final ObjectMapper json;

    ItemRows(ObjectMapper json) {
        this.json = json;
    }

    /** The item on the current row of a {@code SELECT * FROM items}. */
    ItemRecord item(ResultSet rs) throws SQLException {
        return new ItemRecord(rs.getString("run_id"), rs.getInt("seq"), rs.getString("cell_key"), rs.getString("cell"),
                rs.getLong("seed"), ItemState.valueOf(rs.getString("state")),
                Optional.ofNullable(dialogue(rs.getString("dialogue"))), Optional.ofNullable(verdict(rs.getString("verdict"))),
                Jdbc.optionalDouble(rs, "score"), Optional.ofNullable(rs.getString("gate")),
                Optional.ofNullable(rs.getString("reason")));
    }

    /** A stored dialogue, or null for none. */
    Dialogue dialogue(String text) {
        return read(text, Dialogue.class);
    }

    /** A stored verdict, or null for none. */
    Verdict verdict(String text) {
        return read(text, Verdict.class);
    }

    /** The JSON to store for a value, or null for none. */
    String write(Object value) {
        if (value == null) {
            return null;
        }
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }

    private <T> T read(String text, Class<T> type) {
        if (text == null) {
            return null;
        }
        try {
            return json.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new StoreException("a stored " + type.getSimpleName() + " does not read: " + e.getOriginalMessage(), e);
        }
    }
}
