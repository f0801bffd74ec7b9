package dev.parley.api;

import java.util.Locale;
import java.util.Optional;

/**
 * Request paths that the access check and the router could read differently. The router decodes
 * and normalises a path ({@code /q/health/../../api/runs} is {@code /api/runs}); a path that needs
 * that to mean anything is refused before anything else looks at it, so that every later decision
 * is made on the path the router will use. Parley's own pages and clients never send such paths.
 */
final class RequestPaths {

    private RequestPaths() {
    }

    /**
     * What makes a raw (undecoded) request path ambiguous, or empty when it is plain: dot segments,
     * backslashes, matrix parameters, and encoded dots, slashes, backslashes, semicolons, percent
     * signs or NULs.
     */
    static Optional<String> ambiguity(String rawPath) {
        if (rawPath == null || !rawPath.startsWith("/")) {
            return Optional.of("the path must start with '/'");
        }
        String lower = rawPath.toLowerCase(Locale.ROOT);
        for (String encoded : new String[] {"%2e", "%2f", "%5c", "%3b", "%25", "%00"}) {
            if (lower.contains(encoded)) {
                return Optional.of("the path holds an encoded '" + switch (encoded) {
                    case "%2e" -> ".";
                    case "%2f" -> "/";
                    case "%5c" -> "\\";
                    case "%3b" -> ";";
                    case "%25" -> "%";
                    default -> "NUL";
                } + "' (" + encoded.toUpperCase(Locale.ROOT) + ")");
            }
        }
        if (rawPath.indexOf('\\') >= 0) {
            return Optional.of("the path holds a backslash");
        }
        if (rawPath.indexOf(';') >= 0) {
            return Optional.of("the path holds a ';'");
        }
        for (String segment : rawPath.split("/", -1)) {
            if (segment.equals(".") || segment.equals("..")) {
                return Optional.of("the path holds a '" + segment + "' segment");
            }
        }
        return Optional.empty();
    }
}
