package dev.parley.web;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * The UI on a phone, 390 px wide, in headless Chromium: no page is wider than the screen, the review
 * page gives the dialogue the screen's width, and review mode works by tapping its buttons.
 */
@QuarkusTest
class PhoneWidthTest extends BrowserTest {

    private static final int PHONE = 390;

    private String finishedRun() {
        String id = given().contentType(ContentType.JSON).body(Map.of("recipe", "saas-helpdesk-en", "count", 4))
                .when().post("/api/runs").then().statusCode(202).extract().path("id");
        browser.await(d -> "completed".equals(given().get("/api/runs/{id}", id).then().extract().path("status")) ? id : null);
        return id;
    }

    private long pageWidth() {
        return (Long) ((JavascriptExecutor) browser.driver).executeScript("return document.documentElement.scrollWidth");
    }

    @Test
    void every_page_of_a_run_fits_a_phone_and_review_mode_works_by_touch() {
        String id = finishedRun();
        browser.driver.manage().window().setSize(new Dimension(PHONE, 844));
        long viewport = (Long) ((JavascriptExecutor) browser.driver).executeScript("return window.innerWidth");

        for (String page : List.of("#/runs", "#/runs/" + id, "#/runs/" + id + "/dialogues", "#/runs/" + id + "/export")) {
            browser.open(page);
            browser.visible("h1, h2");
            assertThat(pageWidth()).as("width of %s", page).isLessThanOrEqualTo(viewport);
        }

        browser.open("#/runs/" + id + "/review");
        browser.visible("#review-dialogue .chat");
        assertThat(pageWidth()).as("width of the review page").isLessThanOrEqualTo(viewport);
        assertThat(browser.visible("#review-dialogue").getSize().getWidth()).as("the dialogue column")
                .isGreaterThan(PHONE / 2);
        browser.textIs("#review-position", "Dialogue 1 of 4");
        int first = Integer.parseInt(browser.hash().replaceAll(".*seq=(\\d+).*", "$1"));

        browser.click("#review-score-4");
        browser.await(d -> given().get("/api/runs/{id}/dialogues/{seq}", id, first).then().extract()
                .<List<Float>>path("reviews.findAll { it.kind == 'human' }.score").contains(4.0f) ? true : null);
        browser.click("#review-next");

        browser.textIs("#review-position", "Dialogue 2 of 4");
        browser.screenshotPage("review-phone");
    }
}
