package dev.parley.api;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.runtime.LaunchMode;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import dev.parley.config.ParleyConfig;

/**
 * Checks every HTTP request before Quarkus REST, the web UI's files or OpenAPI see it: the path
 * ({@link RequestPaths}: one the router and the access check could read differently is refused),
 * access ({@link ApiAccess}, off in dev mode, decided on the path the router uses), cross-site
 * state changes, and the size of bodies. Every refusal is {@code application/problem+json}, and
 * every response carries the security headers.
 */
@ApplicationScoped
class RequestGuards {

    private static final Logger LOG = Logger.getLogger(RequestGuards.class);
    /** Before Quarkus's own handlers, including its upload limit (order -2). */
    static final int ORDER = -10;
    /** What the UI's pages may load and who may frame them: nobody. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self';"
            + " img-src 'self' data: blob:; connect-src 'self'; object-src 'none'; base-uri 'none';"
            + " form-action 'self'; frame-ancestors 'none'";
    /**
     * Swagger UI's page, Quarkus's own, starts itself with inline scripts and styles; it shows only Parley's
     * OpenAPI document, and may still be framed by nobody.
     */
    static final String SWAGGER_UI_POLICY = "default-src 'self'; script-src 'self' 'unsafe-inline';"
            + " style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none';"
            + " base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
    private static final Set<HttpMethod> SAFE = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);

    @Inject
    ParleyConfig config;
    @Inject
    ObjectMapper json;
    private BodyHandler chunkedBodies;

    void install(@Observes Router router) {
        router.route().order(ORDER - 2).handler(RequestGuards::addSecurityHeaders);
        router.route().order(ORDER - 1).handler(this::checkPath);
        ApiAccess access = LaunchMode.current() == LaunchMode.DEVELOPMENT ? ApiAccess.open() : ApiAccess.of(config.auth());
        if (access.enabled()) {
            LOG.info("API and web UI require authentication (parley.auth.*)");
            router.route().order(ORDER).handler(context -> checkAccess(access, context));
        }
        List<String> corsOrigins = ConfigProvider.getConfig().getOptionalValues("quarkus.http.cors.origins", String.class)
                .orElse(List.of());
        router.route().order(ORDER + 1).handler(context -> checkOrigin(corsOrigins, context));
        long maxBody = config.api().maxJsonBody().asLongValue();
        chunkedBodies = BodyHandler.create(false).setBodyLimit(maxBody);
        router.route().order(ORDER + 2).handler(context -> checkSize(maxBody, context)).failureHandler(context -> {
            if (context.statusCode() == 413) {
                tooLarge(maxBody, context, "more");
            } else {
                context.next();
            }
        });
    }

    /**
     * Added when the headers are written, so that every answer has them, refusals included. The UI's
     * files are not named by version, so a browser asks again each time instead of keeping them a day.
     */
    private static void addSecurityHeaders(RoutingContext context) {
        String path = context.normalizedPath();
        context.addHeadersEndHandler(v -> {
            HttpServerResponse response = context.response();
            response.putHeader("Content-Security-Policy",
                    path.startsWith("/q/swagger-ui") ? SWAGGER_UI_POLICY : CONTENT_SECURITY_POLICY);
            response.putHeader("X-Content-Type-Options", "nosniff");
            response.putHeader("Referrer-Policy", "no-referrer");
            response.putHeader("X-Frame-Options", "DENY");
            if (!path.startsWith("/api/") && !path.startsWith("/q/")) {
                response.putHeader(HttpHeaders.CACHE_CONTROL, "no-cache");
            }
        });
        context.next();
    }

    private void checkPath(RoutingContext context) {
        Optional<String> problem = RequestPaths.ambiguity(context.request().path());
        if (problem.isEmpty()) {
            context.next();
            return;
        }
        send(context, 400, "ambiguous-path", "The request path is not plain", problem.get());
    }

    private void checkAccess(ApiAccess access, RoutingContext context) {
        HttpServerRequest request = context.request();
        boolean preflight = request.method() == HttpMethod.OPTIONS && request.getHeader("Origin") != null
                && request.getHeader("Access-Control-Request-Method") != null;
        if (access.allows(context.normalizedPath(), request.getHeader(HttpHeaders.AUTHORIZATION),
                request.getHeader("X-Api-Key"), preflight)) {
            context.next();
            return;
        }
        context.response().putHeader("WWW-Authenticate", access.challenge());
        send(context, 401, "unauthorized", "Authentication required", access.howTo());
    }

    /**
     * A browser sends a page's saved login (basic auth) with any request that page makes, also a form
     * posted from another site; such a request names that site in {@code Origin} or says it is
     * cross-site in {@code Sec-Fetch-Site}. State changes are refused then, unless the origin is one
     * CORS allows. Clients that send the API key are not browsers acting on a page's behalf.
     */
    private void checkOrigin(List<String> corsOrigins, RoutingContext context) {
        HttpServerRequest request = context.request();
        if (SAFE.contains(request.method()) || request.getHeader("X-Api-Key") != null || bearer(request)) {
            context.next();
            return;
        }
        String origin = request.getHeader("Origin");
        if (fromThisSite(origin, request.getHeader("Sec-Fetch-Site"), request, corsOrigins)) {
            context.next();
            return;
        }
        send(context, 403, "cross-site-request", "Cross-site request refused", "a " + request.method()
                + " from another site may not change anything here (Origin " + origin + ")");
    }

    private static boolean fromThisSite(String origin, String site, HttpServerRequest request, List<String> cors) {
        if (origin == null) {
            return site == null || site.equals("same-origin") || site.equals("none");
        }
        // "null" is the origin of sandboxed frames and local files: never this site.
        return !origin.equals("null") && (sameHost(origin, request) || cors.contains(origin));
    }

    private static boolean bearer(HttpServerRequest request) {
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        return authorization != null && authorization.strip().toLowerCase(Locale.ROOT).startsWith("bearer ");
    }

    private static boolean sameHost(String origin, HttpServerRequest request) {
        String host = request.getHeader(HttpHeaders.HOST);
        try {
            URI uri = URI.create(origin);
            String authority = uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
            return host != null && authority != null && authority.equalsIgnoreCase(host);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * JSON bodies with a {@code Content-Length} above the limit are refused before they are read;
     * chunked ones are read here up to the limit and refused once they pass it.
     */
    private void checkSize(long max, RoutingContext context) {
        HttpServerRequest request = context.request();
        String type = request.getHeader(HttpHeaders.CONTENT_TYPE);
        if (type == null || !type.toLowerCase(Locale.ROOT).contains("json")) {
            // Other bodies (real dialogues for an export) are bounded by quarkus.http.limits.max-body-size.
            context.next();
            return;
        }
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length == null) {
            if (request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null) {
                // Read here, within the limit, so that nothing after this handler reads more.
                chunkedBodies.handle(context);
            } else {
                context.next();
            }
            return;
        }
        long size;
        try {
            size = Long.parseLong(length.strip());
        } catch (NumberFormatException e) {
            size = Long.MAX_VALUE;
        }
        if (size > max) {
            tooLarge(max, context, length.strip());
            return;
        }
        context.next();
    }

    private void tooLarge(long max, RoutingContext context, String size) {
        // The rest of the body is not read; the connection closes after the answer.
        context.response().putHeader(HttpHeaders.CONNECTION, "close");
        send(context, 413, "body-too-large", "The request body is too large", "a JSON body may have at most "
                + max + " bytes (parley.api.max-json-body); this one has " + size);
    }

    private void send(RoutingContext context, int status, String type, String title, String detail) {
        if (context.response().ended() || context.response().headWritten()) {
            context.request().connection().close();
            return;
        }
        String body;
        try {
            body = json.writeValueAsString(ProblemMappers.problemOf(status, type, title, detail));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a problem", e);
        }
        context.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE).end(body);
    }
}
