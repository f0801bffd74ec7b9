package dev.parley.web;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * Model output is untrusted: markup in a dialogue (and in the recipe values that reach the page)
 * shows as text in the browser; no element is created from it and no script runs.
 */
@QuarkusTest
class UntrustedTextTest extends BrowserTest {

    private static final String SCRIPT = "<script>alert(1)</script>";
    private static final String IMG = "<img src=x onerror=alert(1)>";

    @Test
    void markup_in_dialogues_renders_as_text() {
        // The offline demo model writes the topic into the user's first message, so these topics put
        // the markup into the dialogues themselves, as a model could.
        String id = startRun(Map.of(
                "name", "untrusted-text", "language", "en", "count", 2, "seed", 5,
                "turns", Map.of("min", 4, "max", 4),
                "assistant", Map.of("system-prompt", "You help."),
                "dimensions", Map.of("topic", List.of(SCRIPT, IMG)),
                "judge", Map.of("threshold", 1)));
        List<String> firstMessages = given().get("/api/runs/{id}/dialogues", id).then().statusCode(200)
                .extract().jsonPath().getList("items.collect { it.dialogue.turns[0].content }", String.class);
        assertThat(String.join("\n", firstMessages)).contains(SCRIPT, IMG);

        browser.open("#/runs/" + id + "/dialogues");
        browser.textIs("#dialogue-count", "2 dialogues");
        List<String> seqs = browser.all("#dialogue-list .item").stream().map(e -> e.getDomAttribute("data-seq")).toList();
        assertThat(seqs).hasSize(2);
        for (String seq : seqs) {
            browser.open("#/runs/" + id + "/dialogues/" + seq);
            WebElement first = browser.visible("#dialogue-detail article[data-seq='" + seq + "'] .turn[data-turn='1'] .bubble");
            String expected = given().get("/api/runs/{id}/dialogues/{seq}", id, seq).then().statusCode(200)
                    .extract().path("dialogue.turns[0].content");
            assertThat(expected).containsAnyOf(SCRIPT, IMG);
            assertThat(first.getText()).isEqualTo(expected);
            assertThat(first.findElements(By.xpath(".//*"))).as("elements inside the message").isEmpty();
        }
        // The cell values appear as text in the filters and on the list, too.
        assertThat(browser.all("select[name='cell:topic'] option")).extracting(WebElement::getText)
                .contains(SCRIPT, IMG);
        assertThat(browser.all("#dialogue-list .item-cell")).extracting(WebElement::getText)
                .allSatisfy(text -> assertThat(text).containsAnyOf(SCRIPT, IMG));
        assertNothingInjected();

        browser.open("#/runs/" + id);
        browser.visible("#card-acceptance [data-label]");
        assertThat(browser.all("#card-acceptance .bar-label")).extracting(WebElement::getText).contains(SCRIPT, IMG);
        assertNothingInjected();
    }

    /** No image, no script but the UI's own module, no onerror attribute, no open alert. */
    private void assertNothingInjected() {
        assertThat(browser.all("img")).as("img elements").isEmpty();
        assertThat(browser.all("script")).extracting(e -> e.getDomAttribute("src"))
                .containsExactly("js/app.js");
        assertThat(browser.all("[onerror]")).as("elements with onerror").isEmpty();
        browser.assertNoAlert();
    }

    private String startRun(Object recipe) {
        String id = given().contentType(ContentType.JSON).body(recipe).post("/api/runs")
                .then().statusCode(202).extract().path("id");
        browser.await(d -> !"running".equals(given().get("/api/runs/{id}", id).then().extract().path("status")));
        return id;
    }
}
