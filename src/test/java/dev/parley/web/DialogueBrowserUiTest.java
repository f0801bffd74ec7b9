package dev.parley.web;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * The dialogue browser in headless Chromium: a person sorts the accepted dialogues by score, searches a
 * dialogue's words, tags it, filters by the tag and rejects the filtered selection; the export afterwards
 * lacks the rejected dialogue.
 */
@QuarkusTest
class DialogueBrowserUiTest extends BrowserTest {

    private String finishedRun() {
        String id = given().contentType(ContentType.JSON).body(Map.of("recipe", "saas-helpdesk-en", "count", 6))
                .when().post("/api/runs").then().statusCode(202).extract().path("id");
        browser.await(d -> "completed".equals(given().get("/api/runs/{id}", id).then().extract().path("status")) ? id : null);
        return id;
    }

    private List<Double> shownScores() {
        List<Double> scores = new ArrayList<>();
        for (WebElement pill : browser.all("#dialogue-list .item .score-pill")) {
            scores.add(Double.parseDouble(pill.getText().strip()));
        }
        return scores;
    }

    private List<Integer> shownSeqs() {
        return browser.all("#dialogue-list .item").stream().map(e -> Integer.parseInt(e.getAttribute("data-seq"))).toList();
    }

    @Test
    void sorts_searches_tags_and_rejects_a_selection_which_then_leaves_the_export() {
        String id = finishedRun();
        JsonPath accepted = given().queryParam("status", "accepted").when().get("/api/runs/{id}/dialogues", id).then()
                .statusCode(200).extract().jsonPath();
        int count = accepted.getInt("total");
        assertThat(count).as("the demo run accepts several dialogues").isGreaterThan(2);
        int chosen = accepted.getInt("items[1].seq");
        String opening = accepted.getString("items[1].dialogue.turns[0].content");

        browser.open("#/runs/" + id + "/dialogues?status=accepted");
        browser.visible("#dialogue-list .item");
        new Select(browser.visible("#filter-sort")).selectByValue("score");
        browser.await(d -> browser.hash().contains("sort=score") ? true : null);
        new Select(browser.visible("#filter-order")).selectByValue("desc");
        browser.await(d -> browser.hash().contains("order=desc") ? true : null);
        browser.await(d -> {
            List<Double> scores = shownScores();
            return scores.size() == count && scores.equals(scores.stream().sorted((a, b) -> Double.compare(b, a)).toList())
                    ? true : null;
        });
        assertThat(shownScores()).as("highest score first").isSortedAccordingTo((a, b) -> Double.compare(b, a));

        WebElement search = browser.visible("#filter-q");
        search.clear();
        search.sendKeys(opening, Keys.ENTER);
        browser.await(d -> browser.hash().contains("q=") ? true : null);
        browser.await(d -> shownSeqs().contains(chosen) ? true : null);
        assertThat(shownSeqs()).as("the dialogues holding the opening words").contains(chosen)
                .hasSizeLessThan(count);

        browser.click("#dialogue-list .item[data-seq='" + chosen + "']");
        WebElement tag = browser.visible("#tag-input");
        tag.sendKeys("too formal");
        browser.click("#tag-add");
        browser.visible("#dialogue-tags .person-tag[data-tag='too formal']");

        browser.open("#/runs/" + id + "/dialogues?status=accepted");
        browser.visible("#dialogue-list .item");
        browser.visible("#filter-tag").sendKeys("too formal", Keys.ENTER);
        browser.await(d -> shownSeqs().equals(List.of(chosen)) ? true : null);
        browser.textIs("#dialogue-count", "1 dialogue");
        browser.click("#bulk-reject");

        browser.textIs("#bulk-result", "Rejected 1 of 1");
        browser.textIs("#dialogue-count", "0 dialogues");
        String export = given().queryParam("format", "openai").when().get("/api/runs/{id}/export", id).then()
                .statusCode(200).extract().asString();
        assertThat(export.lines()).hasSize(count - 1).noneSatisfy(line -> assertThat(line).contains(opening));
        assertThat(given().when().get("/api/runs/{id}/dialogues/{seq}", id, chosen).then().statusCode(200).extract()
                .jsonPath().getString("decisions[0].action")).isEqualTo("reject");
        browser.assertNoConsoleErrors();
    }
}
