package dev.parley.quality;

import java.util.Objects;

/**
 * One piece of personal data or one secret found in a text. It holds where, not what: findings can
 * be logged and counted without repeating the data.
 *
 * @param type  what was found
 * @param start index of its first character
 * @param end   index after its last character
 */
public record PiiFinding(PiiType type, int start, int end) {
    public PiiFinding {
        Objects.requireNonNull(type, "type");
        if (start < 0 || end <= start) {
            throw new IllegalArgumentException("a finding spans [start, end) with 0 ≤ start < end, got [" + start + ", " + end + ")");
        }
    }

    /** The text found, cut from the text searched. */
    public String text(String source) {
        return source.substring(start, end);
    }
}
