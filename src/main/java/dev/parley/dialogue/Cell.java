package dev.parley.dialogue;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One point of the coverage grid: a value for every dimension of the recipe, in recipe order.
 *
 * @param values dimension name to chosen value
 */
public record Cell(Map<String, String> values) {

    public Cell {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** A stable, readable key such as {@code topic=voucher|persona=mahasiswa|mood=kesal}. */
    public String key() {
        return values.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("|"));
    }

    public String value(String dimension) {
        return values.get(dimension);
    }
}
