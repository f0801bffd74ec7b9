package dev.parley.llm;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.ws.rs.client.ClientRequestContext;
import jakarta.ws.rs.client.ClientResponseContext;
import jakarta.ws.rs.client.ClientResponseFilter;
import jakarta.ws.rs.ext.Provider;

/**
 * Notes the {@code Retry-After} of 429 and 503 answers per endpoint. The OpenAI client turns error
 * answers into exceptions that keep only the status and body, so the header is caught here, on
 * the way in, and read by {@link ModelGateway} when it handles the exception.
 */
@Provider
public class RetryAfterFilter implements ClientResponseFilter {

    private static final Map<String, Duration> LATEST = new ConcurrentHashMap<>();

    @Override
    public void filter(ClientRequestContext request, ClientResponseContext response) {
        int status = response.getStatus();
        if (status == 429 || status == 503) {
            parse(response.getHeaderString("Retry-After"))
                    .ifPresent(d -> LATEST.put(authority(request.getUri().getScheme(), request.getUri().getAuthority()), d));
        }
    }

    /** The last Retry-After an endpoint sent, taken once. */
    static Optional<Duration> take(String scheme, String authority) {
        return Optional.ofNullable(LATEST.remove(authority(scheme, authority)));
    }

    /** Seconds ({@code 120}) or an HTTP date; values past an hour are capped at an hour. */
    static Optional<Duration> parse(String header) {
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        String value = header.strip();
        Duration d;
        try {
            d = Duration.ofMillis(Math.round(Double.parseDouble(value) * 1000));
        } catch (NumberFormatException e) {
            try {
                d = Duration.between(ZonedDateTime.now(), ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME));
            } catch (DateTimeParseException e2) {
                return Optional.empty();
            }
        }
        if (d.isNegative()) {
            return Optional.of(Duration.ZERO);
        }
        return Optional.of(d.compareTo(Duration.ofHours(1)) > 0 ? Duration.ofHours(1) : d);
    }

    private static String authority(String scheme, String authority) {
        return (scheme == null ? "http" : scheme) + "://" + authority;
    }
}
