package dev.parley.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;

import jakarta.ws.rs.core.HttpHeaders;

import dev.parley.config.ParleyConfig;
import dev.parley.run.HumanReview;

/**
 * Who may use the API and the web UI, from {@code parley.auth.*}: a client with the API key (as a
 * bearer token or in {@code X-Api-Key}), or a person with the basic-auth user and password. With
 * neither configured everyone may. {@code /q/health} stays open for probes, and CORS preflight
 * requests pass so that the CORS filter can answer them. Secrets are compared in constant time. The
 * path it is given is the one the router uses (decoded and normalised), after {@link RequestPaths}
 * refused any path that reads differently raw.
 */
final class ApiAccess {

    /** Who a request authenticated with the API key is, in the records of people's decisions. */
    static final String API_KEY_PRINCIPAL = "api-key";

    /** The realm browsers show when they ask for the user name and password. */
    static final String REALM = "Parley";

    private final Optional<byte[]> apiKey;
    private final Optional<byte[]> userAndPassword;

    private ApiAccess(Optional<byte[]> apiKey, Optional<byte[]> userAndPassword) {
        this.apiKey = apiKey;
        this.userAndPassword = userAndPassword;
    }

    /**
     * @throws IllegalStateException when only one of user and password is set: refusing to start is
     *                               safer than serving without the protection that was meant
     */
    static ApiAccess of(ParleyConfig.Auth auth) {
        if (auth.user().isPresent() != auth.password().isPresent()) {
            throw new IllegalStateException("parley.auth.user and parley.auth.password must be set together");
        }
        if (auth.user().filter(u -> u.contains(":")).isPresent()) {
            throw new IllegalStateException("parley.auth.user must not contain ':'");
        }
        return new ApiAccess(auth.apiKey().map(ApiAccess::utf8),
                auth.user().map(u -> utf8(u + ":" + auth.password().orElseThrow())));
    }

    /** Access for everyone: nothing to check. */
    /** Who a request authenticated as: the user or {@value #API_KEY_PRINCIPAL}; empty when access is open. */
    static Optional<String> principalOf(ParleyConfig.Auth auth, HttpHeaders headers) {
        return of(auth).principal(headers.getHeaderString(HttpHeaders.AUTHORIZATION),
                headers.getHeaderString("X-Api-Key"));
    }

    /**
     * Who a review, decision or tag is recorded for: the authenticated principal when access control named the
     * caller (whatever name was typed, so that what the review page calls "yours" is what the store holds), else
     * the typed name, else anonymous.
     *
     * @param typed the name the request carries, or null
     */
    static String actorOf(ParleyConfig.Auth auth, HttpHeaders headers, String typed) {
        return principalOf(auth, headers).orElse(typed == null || typed.isBlank() ? HumanReview.ANONYMOUS : typed.strip());
    }

    static ApiAccess open() {
        return new ApiAccess(Optional.empty(), Optional.empty());
    }

    boolean enabled() {
        return apiKey.isPresent() || userAndPassword.isPresent();
    }

    /**
     * Whether a request may pass.
     *
     * @param authorization the {@code Authorization} header, or null
     * @param apiKeyHeader  the {@code X-Api-Key} header, or null
     * @param preflight     an {@code OPTIONS} request with {@code Origin} and {@code Access-Control-Request-Method}
     */
    boolean allows(String path, String authorization, String apiKeyHeader, boolean preflight) {
        if (!enabled() || preflight || path.equals("/q/health") || path.startsWith("/q/health/")) {
            return true;
        }
        if (apiKey.isPresent() && apiKeyHeader != null && matches(apiKey.get(), apiKeyHeader)) {
            return true;
        }
        if (authorization == null) {
            return false;
        }
        String value = authorization.strip();
        String scheme = value.contains(" ") ? value.substring(0, value.indexOf(' ')).toLowerCase(Locale.ROOT) : "";
        String credentials = value.substring(scheme.length()).strip();
        if (scheme.equals("bearer") && apiKey.isPresent()) {
            return matches(apiKey.get(), credentials);
        }
        if (scheme.equals("basic") && userAndPassword.isPresent()) {
            try {
                return MessageDigest.isEqual(userAndPassword.get(), Base64.getDecoder().decode(credentials));
            } catch (IllegalArgumentException e) {
                return false;
            }
        }
        return false;
    }

    /**
     * Who a request authenticated as: the basic-auth user, or {@value #API_KEY_PRINCIPAL} for the API key;
     * empty when access is open or the request carries no matching credentials.
     */
    Optional<String> principal(String authorization, String apiKeyHeader) {
        if (apiKey.isPresent() && apiKeyHeader != null && matches(apiKey.get(), apiKeyHeader)) {
            return Optional.of(API_KEY_PRINCIPAL);
        }
        String value = authorization == null ? "" : authorization.strip();
        int space = value.indexOf(' ');
        String scheme = space < 0 ? "" : value.substring(0, space).toLowerCase(Locale.ROOT);
        String credentials = space < 0 ? "" : value.substring(space).strip();
        if (scheme.equals("bearer") && apiKey.isPresent() && matches(apiKey.get(), credentials)) {
            return Optional.of(API_KEY_PRINCIPAL);
        }
        if (scheme.equals("basic") && userAndPassword.isPresent()) {
            try {
                byte[] given = Base64.getDecoder().decode(credentials);
                if (MessageDigest.isEqual(userAndPassword.get(), given)) {
                    String pair = new String(given, StandardCharsets.UTF_8);
                    return Optional.of(pair.substring(0, pair.indexOf(':')));
                }
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /**
     * The {@code WWW-Authenticate} challenge of a 401: basic when a user is configured, so that
     * browsers ask for the password; bearer otherwise.
     */
    String challenge() {
        return userAndPassword.isPresent() ? "Basic realm=\"" + REALM + "\", charset=\"UTF-8\""
                : "Bearer realm=\"" + REALM + "\"";
    }

    /** What a client must send, for the problem's detail. */
    String howTo() {
        var ways = new ArrayList<String>();
        if (apiKey.isPresent()) {
            ways.add("the API key as 'Authorization: Bearer <key>' or 'X-Api-Key: <key>'");
        }
        if (userAndPassword.isPresent()) {
            ways.add("the user name and password (HTTP basic auth)");
        }
        return "this server requires " + String.join(" or ", ways);
    }

    private static boolean matches(byte[] expected, String given) {
        return MessageDigest.isEqual(expected, utf8(given.strip()));
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
