package dev.parley.export;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.Map;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.parley.recipe.RecipeLoader;
import dev.parley.run.RunEngine;
import dev.parley.store.ItemRepository;
import dev.parley.store.ItemState;
import dev.parley.store.RunOptions;
import dev.parley.store.StoreDataSource;
import io.restassured.http.ContentType;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A settled run's report is computed once and read from the store after that ({@code GET /api/runs/{id}} of a
 * 100,000-dialogue run would otherwise read every item at every look), equal to a fresh one, and computed again
 * once a person's decision changes the run.
 */
@QuarkusTest
class KeptReportTest {

    @Inject
    ObjectMapper json;
    @Inject
    RunEngine engine;
    @Inject
    RunReporter reporter;
    @Inject
    ItemRepository items;
    @Inject
    @StoreDataSource
    DataSource dataSource;

    private String finishedRun(String name) {
        String id = engine.create(RecipeLoader.parse("""
                name: %s
                language: en
                count: 8
                seed: 4712
                turns: { min: 2, max: 6 }
                assistant: { system-prompt: You are the help desk of Stubshop. }
                dimensions:
                  topic: [refund, delivery, voucher]
                  persona: [student, retiree]
                judge: { recheck: 0, revise: { rounds: 0 } }
                """.formatted(name)), RunOptions.DEFAULTS).id();
        engine.execute(id, p -> {
        });
        return id;
    }

    /** The run as the API shows it, less the two fields it adds to the report. */
    private JsonNode shown(String id) throws Exception {
        ObjectNode run = (ObjectNode) json.readTree(given().when().get("/api/runs/{id}", id).then().statusCode(200)
                .extract().asString());
        run.remove(java.util.List.of("stale", "heartbeat"));
        return run;
    }

    private int keptRows(String id, String marker) throws SQLException {
        try (var c = dataSource.getConnection();
                var ps = c.prepareStatement("SELECT COUNT(*) FROM run_reports WHERE run_id = ? AND report LIKE ?")) {
            ps.setString(1, id);
            ps.setString(2, "%" + marker + "%");
            try (var rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    @Test
    void a_finished_runs_report_is_kept_equal_to_a_fresh_one_and_read_from_the_store() throws Exception {
        String id = finishedRun("kept-report");
        JsonNode fresh = json.readTree(json.writeValueAsString(reporter.report(id)));

        assertThat(shown(id)).isEqualTo(fresh);
        assertThat(keptRows(id, "kept-report")).isEqualTo(1);

        // The kept row is what the API reads: a mark put in it shows.
        try (var c = dataSource.getConnection();
                var ps = c.prepareStatement("UPDATE run_reports SET report = REPLACE(report, ?, ?) WHERE run_id = ?")) {
            ps.setString(1, "\"recipe\":\"kept-report\"");
            ps.setString(2, "\"recipe\":\"read from the kept row\"");
            ps.setString(3, id);
            assertThat(ps.executeUpdate()).isEqualTo(1);
        }
        assertThat(shown(id).path("recipe").asText()).isEqualTo("read from the kept row");
    }

    @Test
    void a_finished_dialogues_personal_data_is_counted_once_and_again_only_once_it_is_edited() throws Exception {
        String id = finishedRun("kept-pii");
        reporter.report(id);
        int seq = items.items(id, java.util.Optional.of(ItemState.ACCEPTED), 1, 0).getFirst().seq();
        int finished = items.items(id, java.util.Optional.empty(), 100, 0).stream()
                .filter(i -> i.state().isTerminal() && i.dialogue().isPresent()).toList().size();
        assertThat(piiRows(id)).as("one count per finished dialogue").isEqualTo(finished);
        int emails = reporter.report(id).piiFound().getOrDefault("email", 0);

        // A count kept for an unchanged dialogue is what the next report adds up: a mark put in it shows.
        try (var c = dataSource.getConnection();
                var ps = c.prepareStatement("UPDATE item_pii SET found = ? WHERE run_id = ? AND seq = ?")) {
            ps.setString(1, "email=7");
            ps.setString(2, id);
            ps.setInt(3, seq);
            assertThat(ps.executeUpdate()).isEqualTo(1);
        }
        int marked = reporter.report(id).piiFound().getOrDefault("email", 0);
        assertThat(marked).isGreaterThanOrEqualTo(7).isNotEqualTo(emails);

        // An edit changes the dialogue, so its personal data is counted again.
        var dialogue = items.item(id, seq).orElseThrow().dialogue().orElseThrow().turns();
        var turns = new java.util.ArrayList<Map<String, String>>();
        for (int i = 0; i < dialogue.size(); i++) {
            var t = dialogue.get(i);
            turns.add(Map.of("role", t.role(), "content", i == dialogue.size() - 1
                    ? t.content() + " Is there anything else I can help you with today?" : t.content()));
        }
        given().contentType(ContentType.JSON).body(Map.of("messages", turns)).when()
                .post("/api/runs/{id}/dialogues/{seq}/edit", id, seq).then().statusCode(201);
        assertThat(reporter.report(id).piiFound().getOrDefault("email", 0)).isEqualTo(emails);
        assertThat(piiRows(id)).isEqualTo(finished);
    }

    private int piiRows(String id) throws SQLException {
        try (var c = dataSource.getConnection();
                var ps = c.prepareStatement("SELECT COUNT(*) FROM item_pii WHERE run_id = ?")) {
            ps.setString(1, id);
            try (var rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    @Test
    void a_persons_decision_makes_the_next_look_compute_the_report_again() throws Exception {
        String id = finishedRun("kept-report-decided");
        JsonNode before = shown(id);
        int accepted = before.path("counts").path("accepted").asInt();
        assertThat(accepted).isPositive();
        int seq = items.items(id, java.util.Optional.of(ItemState.ACCEPTED), 1, 0).getFirst().seq();

        given().contentType(ContentType.JSON).body(Map.of("accept", false, "score", 2)).when()
                .post("/api/runs/{id}/dialogues/{seq}/review", id, seq).then().statusCode(201);

        JsonNode after = shown(id);
        assertThat(after.path("counts").path("accepted").asInt()).isEqualTo(accepted - 1);
        assertThat(after).isEqualTo(json.readTree(json.writeValueAsString(reporter.report(id))));
    }
}
