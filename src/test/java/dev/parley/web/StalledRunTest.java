package dev.parley.web;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.parley.run.RunEngine;
import dev.parley.run.TestRuns;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * A run whose process died shows as stalled, with how long no worker has reported and a Resume
 * button instead of Cancel (and Delete in the runs list), in the runs list and on its dashboard;
 * pressing Resume finishes it live.
 */
@QuarkusTest
class StalledRunTest extends BrowserTest {

    private static final int COUNT = 4;
    private static final String NOTE = "No worker has reported for 4 min. Resume to continue where it stopped.";

    @Inject
    RunEngine engine;

    @Test
    void a_stalled_run_is_shown_as_such_and_resumed_from_the_dashboard() {
        String id = TestRuns.abandoned(engine, COUNT, Instant.now().minus(Duration.ofMinutes(4)));

        browser.open("#/");
        String row = "tr[data-run='" + id + "'] ";
        browser.textIs(row + ".badge", "stalled");
        browser.textIs(row + ".stalled-note", NOTE);
        assertThat(browser.all(row + ".actions button")).extracting(b -> b.getText().strip())
                .containsExactly("Resume", "Delete");
        browser.screenshot("runs-stalled");

        browser.open("#/runs/" + id);
        browser.textIs("#live .badge", "stalled");
        browser.textIs(".run-header .badge", "stalled");
        browser.textIs("#stalled-note", NOTE);
        browser.textIs("#run-progress .progress-label", "0 % · 0 / " + COUNT);
        assertThat(browser.all("#live button")).extracting(b -> b.getText().strip()).containsExactly("Resume");
        browser.screenshot("dashboard-stalled");

        browser.click("#live button");
        browser.textIs("#run-progress .progress-label", "100 % · " + COUNT + " / " + COUNT);
        browser.textIs("#live .badge", "completed");
        browser.textIs(".run-header .badge", "completed");
        assertThat(browser.all("#stalled-note")).isEmpty();
        JsonPath run = given().get("/api/runs/{id}", id).then().statusCode(200).extract().jsonPath();
        assertThat(run.getString("status")).isEqualTo("completed");
        assertThat(run.getBoolean("stale")).isFalse();
        assertThat(run.getInt("counts.unfinished")).isZero();
        browser.textIs("#stat-accepted dd", String.valueOf(run.getInt("counts.accepted")));
        browser.screenshot("dashboard-resumed");
        browser.assertNoConsoleErrors();
    }
}
