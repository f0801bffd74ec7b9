package dev.parley.web;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.JavascriptExecutor;

import dev.parley.bench.OpenAiStubServer;
import dev.parley.llm.InjectOpenAiStub;
import dev.parley.llm.OpenAiStubResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * The pages follow a run live over server-sent events: the local OpenAI-compatible stub lets the
 * dialogues through one at a time, and the progress bars move without the page being reloaded.
 */
@QuarkusTest
@WithTestResource(OpenAiStubResource.class)
class LiveProgressTest extends BrowserTest {

    private static final int COUNT = 3;

    @InjectOpenAiStub
    OpenAiStubServer stub;

    @Test
    void progress_bars_move_while_the_run_goes_on() {
        var writes = new Semaphore(0);
        stub.reset();
        stub.respondWith(request -> {
            if (OpenAiStubServer.DIALOGUE.equals(OpenAiStubServer.schemaName(request))) {
                acquire(writes);
            }
            return OpenAiStubServer.defaultReply(request);
        });
        try {
            String id = given().contentType(ContentType.JSON).body(recipe()).post("/api/runs")
                    .then().statusCode(202).extract().path("id");

            browser.open("#/runs/" + id);
            browser.textIs("#run-progress .progress-label", "0 % · 0 / " + COUNT);
            browser.textIs("#live .badge", "running");
            browser.visible("#live button");
            browser.screenshot("dashboard-running");
            ((JavascriptExecutor) browser.driver).executeScript("window.parleyPage = 'not reloaded'");

            writes.release();
            browser.textIs("#run-progress .progress-label", "33 % · 1 / " + COUNT);

            browser.open("#/");
            String row = "tr[data-run='" + id + "'] ";
            browser.textIs(row + ".progress-label", "33 % · 1 / " + COUNT);
            browser.textIs(row + ".badge", "running");
            ((JavascriptExecutor) browser.driver).executeScript("window.parleyPage = 'not reloaded'");

            writes.release(COUNT - 1);
            browser.textIs(row + ".progress-label", "100 % · " + COUNT + " / " + COUNT);
            browser.textIs(row + ".badge", "completed");
            assertThat(((JavascriptExecutor) browser.driver).executeScript("return window.parleyPage"))
                    .as("the list was updated in place, not reloaded").isEqualTo("not reloaded");
            browser.assertNoConsoleErrors();
        } finally {
            writes.release(100);
        }
    }

    private static Map<String, Object> recipe() {
        return Map.of("name", "live-progress", "language", "en", "count", COUNT, "seed", 17,
                "turns", Map.of("min", 4, "max", 6),
                "assistant", Map.of("system-prompt", "You are the help desk of Stubshop."),
                "dimensions", Map.of("topic", List.of("refund", "late delivery", "login")),
                "judge", Map.of("threshold", 1, "recheck", 0),
                "checks", Map.of("near-duplicate", 0));
    }

    private static void acquire(Semaphore permits) {
        try {
            permits.tryAcquire(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
