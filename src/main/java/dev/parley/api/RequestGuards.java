package dev.parley.api;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.parley.ParleyConfig;
import io.quarkus.runtime.LaunchMode;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Checks every HTTP request before Quarkus REST, the web UI's files or OpenAPI see it: access
 * ({@link ApiAccess}, off in dev mode) and the size of JSON bodies. Both answer with
 * {@code application/problem+json}, like every other error.
 */
@ApplicationScoped
class RequestGuards {

    private static final Logger LOG = Logger.getLogger(RequestGuards.class);
    /** Before Quarkus's own handlers, including its upload limit (order -2). */
    static final int ORDER = -10;

    @Inject
    ParleyConfig config;
    @Inject
    ObjectMapper json;

    void install(@Observes Router router) {
        ApiAccess access = LaunchMode.current() == LaunchMode.DEVELOPMENT ? ApiAccess.open() : ApiAccess.of(config.auth());
        if (access.enabled()) {
            LOG.info("API and web UI require authentication (parley.auth.*)");
            router.route().order(ORDER).handler(context -> checkAccess(access, context));
        }
        long maxJson = config.api().maxJsonBody().asLongValue();
        router.route().order(ORDER + 1).handler(context -> checkSize(maxJson, context));
    }

    private void checkAccess(ApiAccess access, RoutingContext context) {
        HttpServerRequest request = context.request();
        boolean preflight = request.method() == HttpMethod.OPTIONS && request.getHeader("Origin") != null
                && request.getHeader("Access-Control-Request-Method") != null;
        if (access.allows(request.path(), request.getHeader(HttpHeaders.AUTHORIZATION), request.getHeader("X-Api-Key"),
                preflight)) {
            context.next();
            return;
        }
        context.response().putHeader("WWW-Authenticate", access.challenge());
        send(context, 401, "unauthorized", "Authentication required", access.howTo());
    }

    private void checkSize(long max, RoutingContext context) {
        String type = context.request().getHeader(HttpHeaders.CONTENT_TYPE);
        String length = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (type != null && type.toLowerCase(java.util.Locale.ROOT).contains("json") && length != null) {
            long size;
            try {
                size = Long.parseLong(length.strip());
            } catch (NumberFormatException e) {
                size = Long.MAX_VALUE;
            }
            if (size > max) {
                // The body is not read; the connection closes after the answer.
                context.response().putHeader(HttpHeaders.CONNECTION, "close");
                send(context, 413, "body-too-large", "The request body is too large", "a JSON body may have at most "
                        + max + " bytes (parley.api.max-json-body); this one has " + length.strip());
                return;
            }
        }
        context.next();
    }

    private void send(RoutingContext context, int status, String type, String title, String detail) {
        String body;
        try {
            body = json.writeValueAsString(ProblemMappers.problemOf(status, type, title, detail));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a problem", e);
        }
        context.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE).end(body);
    }
}
