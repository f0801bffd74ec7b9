package dev.parley.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * Query parameters taken as text and checked here, so that a value that is not a number, or out of
 * range, is a 400 naming the parameter (JAX-RS would answer a bare 404 for one it cannot convert).
 * Problems are collected; {@link #check()} reports them all at once.
 */
final class QueryParams {

    /** Largest page one request may ask for. */
    static final int MAX_LIMIT = 500;
    static final int DEFAULT_LIMIT = 50;

    private final List<Problem.FieldError> errors = new ArrayList<>();

    /** An offset into a list and a page size from 1 to {@value #MAX_LIMIT}. */
    record Paging(int offset, int limit) {
    }

    Paging paging(String offset, String limit) {
        return new Paging(integer("offset", offset, 0, 0, Integer.MAX_VALUE),
                integer("limit", limit, DEFAULT_LIMIT, 1, MAX_LIMIT));
    }

    /** A whole number from {@code min} to {@code max}, or {@code fallback} when absent. */
    int integer(String name, String value, int fallback, int min, int max) {
        return whole(name, value, min, max).map(Long::intValue).orElse(fallback);
    }

    /** A run's spending caps, each absent when not given. */
    record Budget(OptionalLong maxTokens, OptionalDouble maxCost) {
    }

    /** {@code maxTokens} (at least 1) and {@code maxCost} (dollars, at least 0). */
    Budget budget(String maxTokens, String maxCost) {
        Optional<Long> tokens = whole("maxTokens", maxTokens, 1, Long.MAX_VALUE);
        Optional<Double> cost = decimal("maxCost", maxCost, 0, 1e12);
        return new Budget(tokens.map(OptionalLong::of).orElseGet(OptionalLong::empty),
                cost.map(OptionalDouble::of).orElseGet(OptionalDouble::empty));
    }

    /** A whole number from {@code min} to {@code max}, if given. */
    Optional<Long> whole(String name, String value, long min, long max) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            long n = Long.parseLong(value.strip());
            if (n >= min && n <= max) {
                return Optional.of(n);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        errors.add(new Problem.FieldError(name, "must be a whole number from " + min + " to " + max + ", not '"
                + shorten(value) + "'"));
        return Optional.empty();
    }

    /** {@code true} or {@code false}, or {@code fallback} when absent. */
    boolean bool(String name, String value, boolean fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        if (value.strip().equalsIgnoreCase("true") || value.strip().equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(value.strip());
        }
        errors.add(new Problem.FieldError(name, "must be true or false, not '" + shorten(value) + "'"));
        return fallback;
    }

    /** A finite number from {@code min} to {@code max}, if given. */
    Optional<Double> decimal(String name, String value, double min, double max) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            double d = Double.parseDouble(value.strip());
            if (d >= min && d <= max) {
                return Optional.of(d);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        errors.add(new Problem.FieldError(name, "must be a number from " + min + " to " + max + ", not '"
                + shorten(value) + "'"));
        return Optional.empty();
    }

    /** Records a problem found by the caller. */
    void reject(String name, String message) {
        errors.add(new Problem.FieldError(name, message));
    }

    /** Throws {@link InvalidRequestException} naming every bad parameter, if there is one. */
    void check() {
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
    }

    /** Echoes at most 40 characters of a bad value back. */
    static String shorten(String value) {
        return value.length() <= 40 ? value : value.substring(0, 40) + "…";
    }
}
