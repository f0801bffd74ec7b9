package dev.parley.quality;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Values a recipe allows to stay, such as the shop's own hotline or support address, compared without
 * their formatting: a value with seven or more digits by its digits, a trunk {@code 0} and a country
 * code left out (so {@code 0800-1-500-600} allows {@code 0800 1500 600}, and {@code +62 21 500 600}
 * allows {@code 021 500 600}), any other by its lower-case text with white space collapsed.
 */
final class AllowedValues {

    private static final int MIN_DIGITS = 7;

    private final Set<String> texts = new HashSet<>();
    private final List<String> numbers = new ArrayList<>();

    AllowedValues(Collection<String> values) {
        for (String v : values) {
            String digits = nationalDigits(v);
            if (digits.length() >= MIN_DIGITS) {
                numbers.add(digits);
            } else {
                texts.add(text(v));
            }
        }
    }

    boolean contains(String value) {
        if (texts.isEmpty() && numbers.isEmpty()) {
            return false;
        }
        String digits = nationalDigits(value);
        if (digits.length() >= MIN_DIGITS) {
            return numbers.stream().anyMatch(n -> n.endsWith(digits) || digits.endsWith(n));
        }
        return texts.contains(text(value));
    }

    private static String nationalDigits(String value) {
        String digits = value.replaceAll("\\D", "");
        return digits.startsWith("0") ? digits.substring(1) : digits;
    }

    private static String text(String value) {
        return value.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
    }
}
