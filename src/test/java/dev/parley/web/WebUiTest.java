package dev.parley.web;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.Select;

import dev.parley.export.RunReport;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * The web UI in real headless Chromium against the application with the offline demo model: a run
 * started from the new-run page, watched to 100 %, read, reviewed with the keyboard and exported,
 * checking the values each page shows against the REST API.
 */
@QuarkusTest
class WebUiTest extends BrowserTest {

    private static final String RECIPE = "saas-helpdesk-en";
    private static final int COUNT = 6;

    @Test
    void a_run_started_in_the_browser_is_watched_read_reviewed_and_exported() throws IOException {
        // New run: pick the recipe, plan 6 dialogues, start.
        browser.open("#/new");
        browser.click("[data-recipe='" + RECIPE + "']");
        browser.textIs("#valid-mark", "✓ Valid recipe");
        int recipeCount = given().get("/api/recipes/{name}", RECIPE).then().statusCode(200).extract().path("recipe.count");
        assertThat(browser.visible("#run-count").getDomProperty("value")).isEqualTo(String.valueOf(recipeCount));
        browser.textIs("#plan-summary", recipeCount + " dialogues over " + planCells(yaml()) + " cells");

        WebElement count = browser.visible("#run-count");
        count.sendKeys(Keys.chord(Keys.CONTROL, "a"), String.valueOf(COUNT));
        browser.await(d -> yaml().contains("count: " + COUNT + "\n"));
        browser.textIs("#plan-summary", COUNT + " dialogues over " + planCells(yaml()) + " cells");
        browser.screenshotPage("new-run");
        browser.click("#start-run");

        // Dashboard: the progress bar reaches 100 % and the numbers match the run's report.
        String id = browser.await(d -> browser.hash().matches("#/runs/[0-9a-f-]{36}") ? browser.hash().substring(7) : null);
        browser.await(d -> "100".equals(browser.visible("#run-progress").getDomAttribute("aria-valuenow")));
        browser.textIs("#run-progress .progress-label", "100 % · " + COUNT + " / " + COUNT);
        JsonPath report = given().get("/api/runs/{id}", id).then().statusCode(200).extract().jsonPath();
        assertThat(report.getString("status")).isEqualTo("completed");
        int accepted = report.getInt("counts.accepted");
        int rejected = report.getInt("counts.rejectedByCheck") + report.getInt("counts.rejectedByJudge");
        browser.textIs("#stat-accepted dd", String.valueOf(accepted));
        browser.textIs("#stat-rejected dd", String.valueOf(rejected));
        browser.textIs("#stat-failed dd", String.valueOf(report.getInt("counts.failed")));
        browser.textIs("#run-notice", report.getString("notice"));
        // The cards redraw from the report once the run has ended: wait for them as for the numbers above.
        browser.textStartsWith("#card-funnel [data-label='accepted'] .bar-value", accepted + " / " + COUNT);
        browser.textIs("#coverage-summary strong",
                report.getInt("coverage.cellsCovered") + " of " + report.getInt("coverage.cells") + " cells");
        List<WebElement> bins = browser.await(d -> {
            var b = browser.all("#score-histogram [data-bin]");
            return b.isEmpty() ? null : b;
        });
        int binned = bins.stream().mapToInt(b -> Integer.parseInt(b.findElement(By.cssSelector("text")).getText())).sum();
        int judged = total(id, Map.of("minScore", 1));
        assertThat(binned).as("dialogues in the score histogram").isEqualTo(judged);
        Map<String, Integer> reported = report.getMap("scoreHistogram", String.class, Integer.class);
        assertThat(bins).extracting(b -> b.getDomAttribute("data-bin")).containsExactlyElementsOf(RunReport.SCORE_BINS);
        assertThat(reported.keySet()).containsExactlyInAnyOrderElementsOf(RunReport.SCORE_BINS);
        for (WebElement bin : bins) {
            assertThat(Integer.parseInt(bin.findElement(By.cssSelector("text")).getText())).as(bin.getDomAttribute("data-bin"))
                    .isEqualTo(reported.get(bin.getDomAttribute("data-bin")));
        }
        browser.textIs("#tokens-table [data-role='total'] td:nth-of-type(2)",
                String.format(Locale.US, "%,d", report.getLong("tokens.total.input")));
        browser.screenshotPage("dashboard");

        // Runs list: the run's row shows the finished bar and its counts.
        browser.open("#/");
        String row = "tr[data-run='" + id + "']";
        browser.textIs(row + " .progress-label", "100 % · " + COUNT + " / " + COUNT);
        browser.textIs(row + " .badge", "completed");
        browser.screenshot("runs");

        // Dialogue browser: filter the accepted ones, open one, compare with the API.
        browser.open("#/runs/" + id + "/dialogues");
        browser.textIs("#dialogue-count", COUNT + " dialogues");
        new Select(browser.visible("select[name='status']")).selectByValue("accepted");
        browser.textIs("#dialogue-count", accepted + " dialogues");
        assertThat(browser.hash()).contains("status=accepted");
        Select topic = new Select(browser.visible("select[name='cell:topic']"));
        String value = topic.getOptions().get(1).getText();
        topic.selectByVisibleText(value);
        int inCell = total(id, Map.of("status", "accepted", "cell", "topic:" + value));
        browser.textIs("#dialogue-count", inCell + (inCell == 1 ? " dialogue" : " dialogues"));
        browser.visible("input[name='minScore']").sendKeys("4", Keys.ENTER);
        int scored = total(id, Map.of("status", "accepted", "cell", "topic:" + value, "minScore", 4));
        browser.textIs("#dialogue-count", scored + (scored == 1 ? " dialogue" : " dialogues"));
        browser.click("#filters a");
        browser.textIs("#dialogue-count", COUNT + " dialogues");
        new Select(browser.visible("select[name='status']")).selectByValue("accepted");
        browser.textIs("#dialogue-count", accepted + " dialogues");
        browser.click("#dialogue-list .item");
        WebElement chat = browser.visible("#dialogue-detail .chat");
        int seq = Integer.parseInt(browser.visible("#dialogue-detail article").getDomAttribute("data-seq"));
        JsonPath item = given().get("/api/runs/{id}/dialogues/{seq}", id, seq).then().statusCode(200).extract().jsonPath();
        List<String> contents = item.getList("dialogue.turns.content", String.class);
        List<WebElement> bubbles = chat.findElements(By.cssSelector(".turn .bubble"));
        assertThat(bubbles).extracting(WebElement::getText).containsExactlyElementsOf(contents);
        int firstScoredTurn = item.getInt("verdict.turns[0].turn");
        assertThat(chat.findElement(By.cssSelector(".turn[data-turn='" + firstScoredTurn + "'] .score")).getText())
                .isEqualTo(item.getInt("verdict.turns[0].score") + "/5");
        assertThat(browser.all("#dialogue-detail .criteria tr")).hasSize(item.getList("verdict.scores").size());
        browser.screenshot("dialogues");

        // Review: 4 then a posts {score 4, accept} for this dialogue and moves to the next.
        browser.click("#dialogue-list .list-head a");
        browser.textIs("#review-position", "Dialogue 1 of " + accepted);
        int reviewed = Integer.parseInt(browser.visible("#review-dialogue article").getDomAttribute("data-seq"));
        new Actions(browser.driver).sendKeys("4").perform();
        browser.textIs("#review-score", "your score: 4");
        browser.textIs("#review-note", "saved #" + reviewed);
        new Actions(browser.driver).sendKeys("a").perform();
        browser.textIs("#review-position", "Dialogue 2 of " + accepted);
        JsonPath reviewedItem = given().get("/api/runs/{id}/dialogues/{seq}", id, reviewed).then().statusCode(200)
                .extract().jsonPath();
        assertThat(reviewedItem.getDouble("reviews.findAll { it.kind == 'human' }[-1].score")).isEqualTo(4.0);
        assertThat(reviewedItem.getBoolean("reviews.findAll { it.kind == 'human' }[-1].accept")).isTrue();
        assertThat(given().get("/api/runs/{id}", id).then().extract().<Integer>path("judgeHygiene.human.reviews")).isEqualTo(1);
        new Actions(browser.driver).sendKeys("k").perform();
        browser.textIs("#review-position", "Dialogue 1 of " + accepted);
        browser.textIs("#review-decision", "you accepted");
        assertThat(browser.visible("#reviews li").getText()).isEqualTo("anonymous: score 4, accept");
        browser.screenshot("review");

        // Export: OpenAI and TRL files and TRL DPO preference pairs at a margin of 2, split 90/10, downloaded as a zip.
        browser.click("[data-tab='export']");
        browser.textIs("#export-summary", accepted + " accepted dialogues.");
        browser.click("input[name='format'][value='trl']");
        browser.click("input[name='format'][value='dpo']");
        browser.visible("#min-margin").sendKeys("x");
        browser.textIs("#export-problem", "The margin is a number from 0 up, such as 1.5.");
        browser.visible("#min-margin").sendKeys(Keys.BACK_SPACE, "2");
        browser.click("input[name='split'][value='0.9,0.1']");
        assertThat(browser.visible("#export-url").getText())
                .isEqualTo("/api/runs/" + id + "/export.zip?format=openai,trl,dpo&split=0.9,0.1&minMargin=2");
        browser.screenshot("export");
        browser.click("#download");
        Path zip = browser.download(".zip");
        Map<String, String> files = unzip(zip);
        assertThat(files).containsKeys("train.jsonl", "train.trl.jsonl", "validation.jsonl", "validation.trl.jsonl",
                "README.md", "manifest.json", "report.json");
        assertThat(lines(files.get("train.jsonl")) + lines(files.get("validation.jsonl"))).isEqualTo(accepted);
        // The manifest names a format's losses only when it has some.
        Integer trlLoss = JsonPath.from(files.get("manifest.json")).get("counts.leftOutByFormat.trl.dialogues");
        int leftOutOfTrl = trlLoss == null ? 0 : trlLoss;
        assertThat(lines(files.get("train.trl.jsonl")) + lines(files.get("validation.trl.jsonl")))
                .isEqualTo(accepted - leftOutOfTrl);
        assertThat(JsonPath.from(files.get("report.json")).getString("runId")).isEqualTo(id);
        String pairs = given().queryParam("format", "dpo").queryParam("minMargin", 2).get("/api/runs/{id}/export", id)
                .then().statusCode(200).extract().asString();
        assertThat(lines(files.get("train.dpo.jsonl")) + lines(files.get("validation.dpo.jsonl")))
                .isEqualTo(lines(pairs));
        assertThat(JsonPath.from(files.get("manifest.json")).getDouble("preference.minMargin")).isEqualTo(2.0);
        browser.textIs("#export-done", "Downloaded " + zip.getFileName() + ".");

        browser.assertNoAlert();
        browser.assertNoConsoleErrors();
    }

    @Test
    void shows_recipe_problems_next_to_the_yaml_with_their_line() {
        browser.open("#/new");
        browser.click("[data-recipe='" + RECIPE + "']");
        browser.textIs("#valid-mark", "✓ Valid recipe");
        String valid = yaml();

        WebElement editor = browser.visible("#recipe-yaml");
        editor.sendKeys(Keys.chord(Keys.CONTROL, Keys.END), "colour: blue");
        String invalid = yaml();
        JsonPath problem = given().contentType(ContentType.JSON).body(Map.of("yaml", invalid))
                .post("/api/recipes/validate").then().statusCode(400).extract().jsonPath();
        assertThat(problem.getList("errors.field", String.class)).containsExactly("colour");

        WebElement error = browser.visible("#recipe-errors [data-field='colour']");
        assertThat(error.findElement(By.tagName("div")).getText()).isEqualTo(problem.getString("errors[0].message"));
        assertThat(error.findElement(By.tagName("button")).getText()).isEqualTo("line " + invalid.split("\n", -1).length);
        assertThat(browser.visible("#start-run").isEnabled()).isFalse();

        for (int i = 0; i < "colour: blue".length(); i++) {
            editor.sendKeys(Keys.BACK_SPACE);
        }
        browser.textIs("#valid-mark", "✓ Valid recipe");
        assertThat(yaml()).isEqualTo(valid);
        assertThat(browser.visible("#start-run").isEnabled()).isTrue();
        browser.assertNoConsoleErrors("/api/recipes/validate - Failed to load resource: .* 400 ");
    }

    private String yaml() {
        return browser.visible("#recipe-yaml").getDomProperty("value");
    }

    private static int planCells(String yaml) {
        return given().contentType(ContentType.JSON).body(Map.of("yaml", yaml)).post("/api/recipes/validate")
                .then().statusCode(200).extract().jsonPath().getList("plan.cells").size();
    }

    /** How many dialogues of the run the API finds with these filters. */
    private static int total(String id, Map<String, ?> filters) {
        return given().queryParams(filters).queryParam("limit", 1).get("/api/runs/{id}/dialogues", id)
                .then().statusCode(200).extract().path("total");
    }

    private static Map<String, String> unzip(Path zip) throws IOException {
        var files = new HashMap<String, String>();
        try (InputStream in = Files.newInputStream(zip); var entries = new ZipInputStream(in)) {
            for (ZipEntry e = entries.getNextEntry(); e != null; e = entries.getNextEntry()) {
                files.put(e.getName(), new String(entries.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        return files;
    }

    private static long lines(String text) {
        return text.lines().filter(l -> !l.isBlank()).count();
    }
}
