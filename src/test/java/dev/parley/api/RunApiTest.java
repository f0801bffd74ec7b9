package dev.parley.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.parley.store.ItemFilter;
import dev.parley.store.CallLedger;
import dev.parley.store.ItemHistory;
import dev.parley.store.ItemRepository;
import dev.parley.store.RunRepository;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * The runs API on the offline demo model: the light run list, dialogue filters, one dialogue with
 * its versions and reviews, deletion, and live progress as server-sent events.
 */
@QuarkusTest
class RunApiTest {

    private static final String RECIPE = "ecommerce-support-id";

    @Inject
    RunRepository runs;

    @Inject
    ItemRepository items;

    @Inject
    ItemHistory history;

    @Inject
    CallLedger ledger;

    @Test
    void lists_runs_with_counts_by_state_and_the_real_total() {
        String three = RunApi.start(Map.of("recipe", RECIPE, "count", 3));
        String two = RunApi.start(Map.of("recipe", RECIPE, "count", 2));
        RunApi.awaitFinished(three);
        JsonPath report = RunApi.awaitFinished(two);

        JsonPath page = given().queryParam("limit", 1).when().get("/api/runs").then().statusCode(200).extract().jsonPath();
        assertThat(page.getList("items")).hasSize(1);
        assertThat(page.getString("items[0].id")).as("newest first").isEqualTo(two);
        assertThat(page.getInt("limit")).isEqualTo(1);
        int total = page.getInt("total");
        assertThat(total).isGreaterThanOrEqualTo(2);

        JsonPath all = given().queryParam("limit", 500).when().get("/api/runs").then().statusCode(200).extract().jsonPath();
        assertThat(all.getList("items")).hasSize(total);
        Map<String, Object> run = all.getMap("items.find { it.id == '" + two + "' }");
        Map<String, Integer> counts = report.getMap("counts", String.class, Integer.class);
        assertThat(run).containsEntry("recipe", RECIPE).containsEntry("status", "completed").containsEntry("planned", 2)
                .containsEntry("done", 2).containsEntry("accepted", counts.get("accepted"))
                .containsEntry("rejected", counts.get("rejectedByCheck") + counts.get("rejectedByJudge"))
                .containsEntry("failed", counts.get("failed")).containsEntry("costUsd", 0.0f);
        assertThat((String) run.get("createdAt")).isNotBlank();
        assertThat(run.get("error")).isNull();

        JsonPath completed = given().queryParam("status", "completed").queryParam("limit", 500).when().get("/api/runs")
                .then().statusCode(200).extract().jsonPath();
        assertThat(completed.getList("items.status", String.class)).isNotEmpty().containsOnly("completed");
        assertThat(completed.getInt("total")).isEqualTo(completed.getList("items").size());
    }

    @Test
    void rejects_bad_list_parameters_naming_each() {
        JsonPath problem = given().queryParam("limit", 501).queryParam("offset", "abc").queryParam("status", "nope")
                .when().get("/api/runs").then().statusCode(400).contentType("application/problem+json").extract().jsonPath();

        assertThat(problem.getList("errors.field", String.class)).containsExactlyInAnyOrder("limit", "offset", "status");
        assertThat(problem.getString("detail")).contains("limit").contains("1 to 500");
    }

    @Test
    void filters_dialogues_by_cell_score_state_and_gate_and_counts_the_filtered_set() {
        String id = RunApi.start(Map.of("recipe", RECIPE, "count", 24));
        RunApi.awaitFinished(id);
        JsonPath all = given().queryParam("limit", 500).when().get("/api/runs/{id}/dialogues", id).then().statusCode(200)
                .extract().jsonPath();
        List<Map<String, Object>> items = all.getList("items");
        assertThat(items).hasSize(24);

        @SuppressWarnings("unchecked")
        Map<String, String> cell = (Map<String, String>) items.getFirst().get("cell");
        String topic = cell.get("topic");
        String persona = cell.get("persona");
        JsonPath byCell = dialogues(id, Map.of("cell", "topic:" + topic + ",persona:" + persona));
        long expected = items.stream().filter(i -> topic.equals(cellOf(i).get("topic"))
                && persona.equals(cellOf(i).get("persona"))).count();
        assertThat(byCell.getInt("total")).isEqualTo((int) expected).isPositive();
        assertThat(byCell.getList("items.cell.topic", String.class)).hasSize((int) expected).containsOnly(topic);
        assertThat(byCell.getList("items.cell.persona", String.class)).containsOnly(persona);

        List<Double> scores = items.stream().map(i -> (Number) i.get("score")).filter(s -> s != null)
                .map(Number::doubleValue).sorted().toList();
        assertThat(scores).isNotEmpty();
        double median = scores.get(scores.size() / 2);
        JsonPath high = dialogues(id, Map.of("minScore", median));
        assertThat(high.getInt("total")).isEqualTo((int) scores.stream().filter(s -> s >= median).count());
        assertThat(high.getList("items.score", Float.class)).allMatch(s -> s >= median - 1e-6);
        JsonPath low = dialogues(id, Map.of("maxScore", median, "minScore", 0));
        assertThat(low.getInt("total")).isEqualTo((int) scores.stream().filter(s -> s <= median).count());

        Map<String, Long> byGate = items.stream().filter(i -> "rejected".equals(i.get("state")))
                .collect(Collectors.groupingBy(i -> (String) i.get("gate"), Collectors.counting()));
        for (var gate : byGate.entrySet()) {
            JsonPath rejected = dialogues(id, Map.of("status", "rejected", "gate", gate.getKey()));
            assertThat(rejected.getInt("total")).as(gate.getKey()).isEqualTo(gate.getValue().intValue());
            assertThat(rejected.getList("items.gate", String.class)).containsOnly(gate.getKey());
        }
        JsonPath none = dialogues(id, Map.of("cell", "topic:no such topic"));
        assertThat(none.getInt("total")).isZero();
        assertThat(none.getList("items")).isEmpty();

        JsonPath paged = dialogues(id, Map.of("offset", 20, "limit", 10));
        assertThat(paged.getList("items.seq", Integer.class)).containsExactly(20, 21, 22, 23);
        assertThat(paged.getInt("total")).isEqualTo(24);
    }

    @Test
    void rejects_bad_dialogue_filters_naming_each() {
        String id = RunApi.start(Map.of("recipe", RECIPE, "count", 1));
        RunApi.awaitFinished(id);

        JsonPath problem = given().queryParam("minScore", "high").queryParam("maxScore", 9).queryParam("cell", "topic")
                .queryParam("limit", -1).when().get("/api/runs/{id}/dialogues", id)
                .then().statusCode(400).contentType("application/problem+json").extract().jsonPath();

        assertThat(problem.getList("errors.field", String.class))
                .containsExactlyInAnyOrder("minScore", "maxScore", "cell", "limit");
    }

    @Test
    void shows_one_dialogue_with_its_versions_and_reviews() {
        String id = RunApi.start(Map.of("recipe", RECIPE, "count", 8));
        RunApi.awaitFinished(id);
        // An accepted dialogue, so that agreeing with it is a review and not a person's decision.
        JsonPath judged = dialogues(id, Map.of("minScore", 0, "status", "accepted"));
        int seq = judged.getInt("items[0].seq");
        given().contentType(ContentType.JSON).body(Map.of("score", 4, "accept", true, "reviewer", "ayu"))
                .when().post("/api/runs/{id}/dialogues/{seq}/review", id, seq).then().statusCode(201);

        JsonPath one = given().when().get("/api/runs/{id}/dialogues/{seq}", id, seq).then().statusCode(200)
                .extract().jsonPath();

        assertThat(one.getInt("seq")).isEqualTo(seq);
        assertThat(one.getString("state")).isEqualTo(judged.getString("items[0].state"));
        assertThat(one.getMap("cell")).isEqualTo(judged.getMap("items[0].cell"));
        assertThat(one.getList("dialogue.turns")).isEqualTo(judged.getList("items[0].dialogue.turns"));
        assertThat(one.getList("versions")).isNotEmpty();
        int last = one.getList("versions").size() - 1;
        assertThat(one.getList("versions.version", Integer.class).get(last)).isEqualTo(last + 1);
        assertThat(one.getDouble("versions[" + last + "].score")).isEqualTo(one.getDouble("score"));
        assertThat(one.getList("versions[" + last + "].verdict.scores")).isNotEmpty();
        assertThat(one.getList("reviews.reviewer", String.class)).contains("ayu");
        Map<String, Object> review = one.getMap("reviews.find { it.reviewer == 'ayu' }");
        assertThat(review).containsEntry("kind", "human").containsEntry("score", 4.0f).containsEntry("accept", true);
    }

    @Test
    void answers_404_problem_for_an_unknown_dialogue() {
        String id = RunApi.start(Map.of("recipe", RECIPE, "count", 1));
        RunApi.awaitFinished(id);

        for (String seq : List.of("999", "-1", "abc", "99999999999")) {
            JsonPath problem = given().when().get("/api/runs/{id}/dialogues/{seq}", id, seq).then().statusCode(404)
                    .contentType("application/problem+json").extract().jsonPath();
            assertThat(problem.getString("detail")).contains("has no dialogue");
        }
    }

    @Test
    void deletes_a_finished_run_with_everything_stored_for_it() {
        String id = RunApi.start(Map.of("recipe", RECIPE, "count", 4));
        String kept = RunApi.start(Map.of("recipe", RECIPE, "count", 2));
        RunApi.awaitFinished(id);
        RunApi.awaitFinished(kept);
        int seq = dialogues(id, Map.of("minScore", 0)).getInt("items[0].seq");
        given().contentType(ContentType.JSON).body(Map.of("accept", false)).when()
                .post("/api/runs/{id}/dialogues/{seq}/review", id, seq).then().statusCode(201);
        assertThat(history.versions(id, seq)).isNotEmpty();

        given().when().delete("/api/runs/{id}", id).then().statusCode(204);

        given().when().get("/api/runs/{id}", id).then().statusCode(404).contentType("application/problem+json");
        assertThat(runs.findRun(id)).isEmpty();
        assertThat(items.countItems(id, ItemFilter.ALL)).isZero();
        assertThat(history.versions(id, seq)).isEmpty();
        assertThat(history.reviews(id, seq)).isEmpty();
        assertThat(ledger.usageByRole(id)).isEmpty();
        assertThat(items.countItems(kept, ItemFilter.ALL)).as("other runs stay").isEqualTo(2);
        given().when().delete("/api/runs/{id}", id).then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void refuses_to_cancel_a_run_that_is_not_running() {
        String id = RunApi.start(Map.of("recipe", RECIPE, "count", 1));
        RunApi.awaitFinished(id);

        JsonPath problem = given().when().post("/api/runs/{id}/cancel", id).then().statusCode(409)
                .contentType("application/problem+json").extract().jsonPath();

        assertThat(problem.getString("detail")).contains("not running").contains("completed");
    }

    @Test
    void streams_one_progress_and_an_end_event_for_a_finished_run() {
        String id = RunApi.start(Map.of("recipe", RECIPE, "count", 3));
        JsonPath report = RunApi.awaitFinished(id);

        List<ServerSentEvents.Event> events = ServerSentEvents.ofRun(id);

        assertThat(events).extracting(ServerSentEvents.Event::name).containsExactly("progress", "end");
        JsonPath end = events.getLast().data();
        assertThat(end.getString("runId")).isEqualTo(id);
        assertThat(end.getString("status")).isEqualTo("completed");
        assertThat(end.getInt("planned")).isEqualTo(3);
        assertThat(end.getInt("done")).isEqualTo(3);
        assertThat(end.getInt("accepted")).isEqualTo(report.getInt("counts.accepted"));
        assertThat(end.getInt("generating") + end.getInt("judging") + end.getInt("revising")).isZero();
        assertThat(events.getFirst().data().prettify()).isEqualTo(end.prettify());
    }

    @Test
    void streams_progress_of_a_running_run_until_it_ends() {
        String id = RunApi.start(Map.of("recipe", RECIPE, "count", 150));

        List<ServerSentEvents.Event> events = ServerSentEvents.ofRun(id);

        assertThat(events.getLast().name()).isEqualTo("end");
        assertThat(events.subList(0, events.size() - 1)).extracting(ServerSentEvents.Event::name).containsOnly("progress");
        List<Integer> done = events.stream().map(e -> e.data().getInt("done")).toList();
        assertThat(done).isSorted();
        JsonPath end = events.getLast().data();
        assertThat(end.getString("status")).isEqualTo("completed");
        assertThat(end.getInt("done")).isEqualTo(150);
        assertThat(end.getInt("accepted") + end.getInt("rejected") + end.getInt("failed")).isEqualTo(150);
        assertThat(end.getLong("tokens")).isPositive();
        assertThat(given().when().get("/api/runs/{id}", id).then().extract().jsonPath().getString("status"))
                .isEqualTo("completed");
    }

    @Test
    void answers_404_problem_for_the_events_of_an_unknown_run() {
        given().accept("text/event-stream").when().get("/api/runs/{id}/events", "no-such-run").then().statusCode(404)
                .contentType("application/problem+json");
    }

    @Test
    void is_open_and_closed_to_other_origins_when_nothing_is_configured() {
        var response = given().header("Origin", "https://elsewhere.example").when().get("/api/runs");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.header("WWW-Authenticate")).isNull();
        assertThat(response.header("Access-Control-Allow-Origin")).as("CORS is off unless configured").isNull();
        var preflight = given().header("Origin", "https://elsewhere.example")
                .header("Access-Control-Request-Method", "DELETE").when().options("/api/runs/{id}", "x");
        assertThat(preflight.header("Access-Control-Allow-Origin")).isNull();
        assertThat(preflight.header("Access-Control-Allow-Methods")).isNull();
    }

    private static JsonPath dialogues(String id, Map<String, ?> query) {
        return given().queryParams(query).when().get("/api/runs/{id}/dialogues", id).then().statusCode(200).extract()
                .jsonPath();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> cellOf(Map<String, Object> item) {
        return (Map<String, String>) item.get("cell");
    }
}
