package dev.parley.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * With authentication on, no path that climbs out of an open prefix, or that the router decodes into
 * another path, reaches a protected route: every route of the OpenAPI document is tried through
 * each such path, without credentials.
 */
@QuarkusTest
@TestProfile(ApiAuthTest.Protected.class)
class ApiPathBypassTest {

    private static final String BASIC = "Basic " + Base64.getEncoder().encodeToString("ayu:pw".getBytes(StandardCharsets.UTF_8));

    /** Ways to write a path so that, normalised, it is {@code /api/...} though it starts elsewhere. */
    private static final List<String> BYPASSES = List.of(
            "/q/health/../..%s",
            "/q/health/%%2e%%2e/%%2e%%2e%s",
            "/q/health/%%2E%%2E/%%2E%%2E%s",
            "/q/health/.%%2e/%%2e.%s",
            "/q/health/..%%2f..%s",
            "/q/health/..%%2F..%s",
            "/q/health/..%%5c..%s",
            "/q/health/..\\..%s",
            "/q/health/..;/..;%s",
            "/q/health;/../..%s",
            "/q/health/./../..%s",
            "/q/health/%%252e%%252e/%%252e%%252e%s",
            "//q/health/../..%s",
            "/q/health/ready/../../..%s",
            "/q/health/..%%00/..%s",
            "%s/.",
            "/./%s",
            "/q/health/../..%s%%3b");

    @Test
    void refuses_every_route_of_the_openapi_document_through_every_bypass() throws IOException {
        // given every route and method the API documents
        JsonNode paths = new ObjectMapper().readTree(given().header("Authorization", BASIC).queryParam("format", "json")
                .when().get("/q/openapi").then().statusCode(200).extract().asString()).get("paths");
        List<String[]> routes = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = paths.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> route = it.next();
            String path = route.getKey().replaceAll("\\{[^}]+}", "1");
            route.getValue().fieldNames().forEachRemaining(m -> {
                if (List.of("get", "post", "put", "delete", "patch").contains(m)) {
                    routes.add(new String[] {m.toUpperCase(), path});
                }
            });
        }
        assertThat(routes).as("the document lists the runs and recipes routes").hasSizeGreaterThan(10)
                .anySatisfy(r -> assertThat(r[1]).isEqualTo("/api/runs"));

        for (String[] route : routes) {
            for (String bypass : BYPASSES) {
                String raw = bypass.formatted(bypass.startsWith("/./") ? route[1].substring(1) : route[1]);
                // when it is sent without credentials
                RawHttp.Answer answer = RawHttp.send(route[0], raw, Map.of("Content-Type", "application/json",
                        "Content-Length", "0"));

                // then it is refused before it reaches the route
                assertThat(answer.status()).as(route[0] + " " + raw).isIn(400, 401);
                if (!answer.body().isEmpty()) {
                    // (The HTTP parser itself refuses a backslash, with a bare 400.)
                    assertThat(answer.headers().get("content-type")).as(raw).isEqualTo(Problem.MEDIA_TYPE);
                }
                assertThat(answer.body()).as(raw).doesNotContain("\"items\"").doesNotContain("\"limit\"");
            }
        }
    }

    @Test
    void names_what_makes_a_path_ambiguous_in_a_400_problem() throws IOException {
        RawHttp.Answer answer = RawHttp.send("GET", "/q/health/%2e%2e/%2e%2e/api/runs", Map.of("Authorization", BASIC));

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.body()).contains("https://parley.dev/problems/ambiguous-path").contains("encoded '.'");
    }

    @Test
    void decides_access_on_the_path_the_router_uses() throws IOException {
        // A plain path the router still tidies (a doubled slash) is judged as the route it reaches.
        assertThat(RawHttp.send("GET", "//api/runs", Map.of()).status()).isEqualTo(401);
        assertThat(RawHttp.send("GET", "/q/health//../api/runs", Map.of()).status()).isEqualTo(400);
        assertThat(RawHttp.send("GET", "/q/health", Map.of()).status()).isNotEqualTo(401);
        assertThat(RawHttp.send("GET", "/api/runs", Map.of("Authorization", BASIC)).body()).contains("\"limit\"");
    }
}
