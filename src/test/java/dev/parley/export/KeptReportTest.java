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
