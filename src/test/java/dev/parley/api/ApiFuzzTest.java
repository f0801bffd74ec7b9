package dev.parley.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * Sends malformed, mistyped, oversized and hostile requests to every endpoint the OpenAPI document
 * lists (so new endpoints are covered without changing this test), and checks that each is answered
 * with a 4xx {@code application/problem+json} that has a title and a detail: never a 5xx, never a
 * stack trace. Random inputs come from a fixed seed, so every run sends the same requests.
 */
@QuarkusTest
class ApiFuzzTest {

    private static final long SEED = 20_261_126L;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** Larger than parley.api.max-json-body (1 MB). */
    private static final int HUGE = 5 * 1024 * 1024;
    /** Values no parameter of the API accepts as given. */
    private static final List<String> HOSTILE = List.of("-1", "99999999999999999999", "abc", "1e999", "NaN", "-Infinity",
            "ünï©ødé ✓ 中文", "../", "../../etc/passwd", "..%2F..%2Fpom.xml", "%00", "\u0000", "' OR 1=1 --",
            "<script>alert(1)</script>", "x".repeat(2000));
    /** Bodies that are not JSON, or JSON of a shape no endpoint takes. */
    private static final List<String> MALFORMED = List.of("{", "{\"name\":", "[1, 2", "nul", "{'name': 'x'}",
            "{\"name\": \"x\",}", "\u0000\u0001", "[]", "123", "\"text\"", "null", "true", "{}", "{\"yaml\": 5}",
            "{\"score\": \"five\", \"accept\": \"maybe\"}", "{\"recipe\": [\"a\"], \"count\": -3}");

    private final SplittableRandom random = new SplittableRandom(SEED);
    /** A finished run for the operations that need one, made once for the class. */
    private static String runId;
    private final int seq = 0;

    /** One operation of the OpenAPI document. */
    record Operation(String method, String path, List<String> pathParams, List<String> queryParams, boolean hasBody) {
    }

    @BeforeEach
    void finishedRun() {
        if (runId == null) {
            runId = RunApi.start(Map.of("recipe", "ecommerce-support-id", "count", 2));
            RunApi.awaitFinished(runId);
        }
    }

    @Test
    void every_operation_is_documented_and_the_list_covers_the_whole_api() {
        List<Operation> operations = operations();

        assertThat(operations).extracting(o -> o.method() + " " + o.path()).contains(
                "GET /api/recipes", "GET /api/recipes/{name}", "PUT /api/recipes/{name}", "POST /api/recipes/validate",
                "GET /api/runs", "POST /api/runs", "GET /api/runs/{id}", "DELETE /api/runs/{id}",
                "POST /api/runs/{id}/cancel", "POST /api/runs/{id}/resume", "GET /api/runs/{id}/events",
                "GET /api/runs/{id}/dialogues", "GET /api/runs/{id}/dialogues/{seq}",
                "POST /api/runs/{id}/dialogues/{seq}/review");
        JsonNode paths = openApi().get("paths");
        for (Operation op : operations) {
            JsonNode doc = paths.get(op.path()).get(op.method().toLowerCase(Locale.ROOT));
            assertThat(doc.path("summary").asText()).as("summary of %s %s", op.method(), op.path()).isNotBlank();
        }
    }

    @Test
    void bad_path_parameters_are_answered_with_a_problem() {
        for (Operation op : operations()) {
            for (String param : op.pathParams()) {
                for (String value : values()) {
                    RequestSpecification request = given().pathParams(validPathParams(op)).pathParam(param, value);
                    if (op.hasBody()) {
                        request.contentType("application/json").body(validBody(op));
                    }
                    Response response = send(request, op);
                    assertProblem(response, op, param + "=" + abbreviate(value), true);
                }
            }
        }
    }

    @Test
    void bad_query_parameters_are_answered_with_a_problem_or_ignored() {
        for (Operation op : operations()) {
            for (String param : op.queryParams()) {
                for (String value : values()) {
                    RequestSpecification request = given().pathParams(validPathParams(op)).queryParam(param, value);
                    if (op.hasBody()) {
                        request.contentType("application/json").body(validBody(op));
                    }
                    Response response = send(request, op);
                    // A text filter (gate=abc) may match nothing and still be a fine request.
                    boolean mustFail = param.equals("offset") || param.equals("limit") || param.endsWith("Score");
                    assertProblem(response, op, param + "=" + abbreviate(value), mustFail);
                }
            }
        }
    }

    @Test
    void every_list_refuses_a_limit_outside_1_to_500_naming_it() {
        List<Operation> lists = operations().stream().filter(o -> o.queryParams().contains("limit")).toList();
        assertThat(lists).hasSizeGreaterThanOrEqualTo(3);
        for (Operation op : lists) {
            for (String limit : List.of("0", "501", "-5", "ten")) {
                Response response = send(given().pathParams(validPathParams(op)).queryParam("limit", limit), op);
                assertProblem(response, op, "limit=" + limit, true);
                assertThat(response.statusCode()).isEqualTo(400);
                assertThat(response.jsonPath().getList("errors.field", String.class)).containsExactly("limit");
            }
        }
    }

    @Test
    void malformed_and_mistyped_bodies_are_answered_with_a_problem() {
        for (Operation op : operations().stream().filter(Operation::hasBody).toList()) {
            for (String body : MALFORMED) {
                Response response = send(given().pathParams(validPathParams(op)).contentType("application/json")
                        .body(body), op);
                assertProblem(response, op, "body " + abbreviate(body), true);
            }
            for (String type : List.of("text/plain", "text/yaml", "application/x-www-form-urlencoded")) {
                Response response = send(given().pathParams(validPathParams(op)).contentType(type).body("name=x"), op);
                assertProblem(response, op, "content type " + type, true);
            }
        }
    }

    @Test
    void random_json_bodies_never_cause_a_server_error() {
        for (Operation op : operations().stream().filter(Operation::hasBody).toList()) {
            for (int i = 0; i < 25; i++) {
                String body = randomJson(3).toString();
                Response response = send(given().pathParams(validPathParams(op)).contentType("application/json")
                        .body(body), op);
                assertProblem(response, op, "random body " + abbreviate(body), false);
            }
        }
    }

    @Test
    void huge_bodies_are_refused_with_413_before_they_are_read() {
        String huge = "{\"yaml\": \"" + "a".repeat(HUGE) + "\"}";
        for (Operation op : operations()) {
            if (op.method().equals("GET")) {
                continue;
            }
            Response response = send(given().pathParams(validPathParams(op)).contentType("application/json").body(huge), op);
            assertProblem(response, op, "a 5 MB body", true);
            assertThat(response.statusCode()).as("%s %s", op.method(), op.path()).isEqualTo(413);
            assertThat(response.jsonPath().getString("detail")).contains("parley.api.max-json-body");
        }
    }

    @Test
    void methods_an_endpoint_does_not_have_are_answered_with_a_problem() {
        for (Operation op : operations()) {
            Response response = given().pathParams(validPathParams(op)).when().patch(op.path());
            assertProblem(response, op, "PATCH", true);
            assertThat(response.statusCode()).isEqualTo(405);
        }
    }

    // ---- the API as OpenAPI describes it --------------------------------------------------------

    private static JsonNode openApi() {
        try {
            return JSON.readTree(given().queryParam("format", "json").when().get("/q/openapi").then().statusCode(200)
                    .extract().asString());
        } catch (Exception e) {
            throw new AssertionError("the OpenAPI document is not JSON", e);
        }
    }

    private static List<Operation> operations() {
        var operations = new ArrayList<Operation>();
        JsonNode paths = openApi().get("paths");
        for (Iterator<String> it = paths.fieldNames(); it.hasNext();) {
            String path = it.next();
            if (!path.startsWith("/api/")) {
                continue;
            }
            JsonNode item = paths.get(path);
            for (String method : List.of("get", "post", "put", "delete")) {
                JsonNode op = item.get(method);
                if (op == null) {
                    continue;
                }
                var pathParams = new ArrayList<String>();
                var queryParams = new ArrayList<String>();
                for (JsonNode p : op.path("parameters")) {
                    ("path".equals(p.path("in").asText()) ? pathParams : queryParams).add(p.path("name").asText());
                }
                for (JsonNode p : item.path("parameters")) {
                    if ("path".equals(p.path("in").asText()) && !pathParams.contains(p.path("name").asText())) {
                        pathParams.add(p.path("name").asText());
                    }
                }
                queryParams.removeIf(q -> !"query".equals(paramIn(op, q)));
                operations.add(new Operation(method.toUpperCase(Locale.ROOT), path, pathParams, queryParams,
                        op.has("requestBody")));
            }
        }
        return operations;
    }

    private static String paramIn(JsonNode op, String name) {
        for (JsonNode p : op.path("parameters")) {
            if (name.equals(p.path("name").asText())) {
                return p.path("in").asText();
            }
        }
        return "";
    }

    /** Path parameters that name things that exist, so a request gets past the lookup to what is fuzzed. */
    private Map<String, Object> validPathParams(Operation op) {
        var params = new java.util.HashMap<String, Object>();
        for (String p : op.pathParams()) {
            params.put(p, switch (p) {
                case "id" -> runId;
                case "seq" -> seq;
                case "name" -> op.method().equals("PUT") ? "fuzz-never-saved" : "ecommerce-support-id";
                default -> "x";
            });
        }
        return params;
    }

    /** A body each operation would accept, so that a bad parameter is the only thing wrong. */
    private static String validBody(Operation op) {
        if (op.path().endsWith("/review")) {
            return "{\"score\": 4}";
        }
        if (op.method().equals("PUT")) {
            // Valid JSON, but not a valid recipe: nothing is ever saved by this test.
            return "{\"yaml\": \"name: fuzz\"}";
        }
        return "{\"recipe\": \"ecommerce-support-id\", \"count\": 1}";
    }

    // ---- requests and assertions ----------------------------------------------------------------

    private static Response send(RequestSpecification request, Operation op) {
        return request.when().request(op.method(), op.path());
    }

    /**
     * A 5xx never passes; a 4xx must be a problem with a title and a detail and no stack trace; with
     * {@code mustFail} a 2xx or 3xx fails too.
     */
    private static void assertProblem(Response response, Operation op, String what, boolean mustFail) {
        int status = response.statusCode();
        String where = op.method() + " " + op.path() + " with " + what;
        assertThat(status).as("status of %s", where).isLessThan(500);
        if (mustFail) {
            assertThat(status).as("status of %s", where).isBetween(400, 499);
        }
        if (status < 400) {
            return;
        }
        assertThat(response.contentType()).as("content type of %s", where).startsWith(Problem.MEDIA_TYPE);
        String body = response.asString();
        assertThat(body).as("body of %s", where).doesNotContain("Exception").doesNotContain("at dev.parley")
                .doesNotContain("at io.").doesNotContain("com.fasterxml");
        var problem = response.jsonPath();
        assertThat(problem.getString("title")).as("title of %s", where).isNotBlank();
        assertThat(problem.getString("detail")).as("detail of %s", where).isNotBlank();
        assertThat(problem.getInt("status")).as("status field of %s", where).isEqualTo(status);
    }

    // ---- seeded random input --------------------------------------------------------------------

    /**
     * For one parameter: the first few hostile values, a seeded pick of the others, and random text;
     * the same on every run.
     */
    private List<String> values() {
        var values = new ArrayList<>(HOSTILE.subList(0, 4));
        for (int i = 0; i < 5; i++) {
            values.add(HOSTILE.get(4 + random.nextInt(HOSTILE.size() - 4)));
        }
        values.add(randomText(1 + random.nextInt(40)));
        return values;
    }

    private String randomText(int length) {
        var text = new StringBuilder();
        while (text.length() < length) {
            int cp = switch (random.nextInt(4)) {
                case 0 -> 0x20 + random.nextInt(0x5f);
                case 1 -> 0xa0 + random.nextInt(0x2000);
                case 2 -> 0x4e00 + random.nextInt(0x5000);
                default -> 0x1f600 + random.nextInt(0x50);
            };
            text.appendCodePoint(cp);
        }
        return text.toString();
    }

    /** A random JSON tree: objects with the API's field names and random keys, holding values of any type. */
    private JsonNode randomJson(int depth) {
        int kind = depth == 0 ? 2 + random.nextInt(5) : random.nextInt(7);
        return switch (kind) {
            case 0 -> {
                ObjectNode object = NODES.objectNode();
                List<String> names = List.of("name", "recipe", "yaml", "count", "score", "accept", "reviewer", "language",
                        "turns", "dimensions", "assistant", randomText(5));
                int fields = random.nextInt(5);
                for (int i = 0; i < fields; i++) {
                    object.set(names.get(random.nextInt(names.size())), randomJson(depth - 1));
                }
                yield object;
            }
            case 1 -> {
                ArrayNode array = NODES.arrayNode();
                int items = random.nextInt(4);
                for (int i = 0; i < items; i++) {
                    array.add(randomJson(depth - 1));
                }
                yield array;
            }
            case 2 -> NODES.textNode(randomText(random.nextInt(30)));
            case 3 -> NODES.numberNode(random.nextLong());
            case 4 -> NODES.numberNode(random.nextDouble() * 1e6 - 5e5);
            case 5 -> NODES.booleanNode(random.nextBoolean());
            default -> NODES.nullNode();
        };
    }

    private static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 60) + "…";
    }
}
