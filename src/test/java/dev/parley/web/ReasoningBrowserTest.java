package dev.parley.web;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.parley.bench.OpenAiStubServer;
import dev.parley.bench.OpenAiStubServer.Reply;
import dev.parley.generate.RolePlayWriter;
import dev.parley.llm.InjectOpenAiStub;
import dev.parley.llm.OpenAiStubResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * The dialogue browser shows the reasoning a model returned with an assistant turn collapsed above the
 * answer, and as text: markup in it creates no element.
 */
@QuarkusTest
@WithTestResource(OpenAiStubResource.class)
class ReasoningBrowserTest extends BrowserTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String REASONING = "Weighing <img src=x onerror=alert(1)> against <script>alert(2)</script>.";

    @InjectOpenAiStub
    OpenAiStubServer stub;

    private static Reply answer(JsonNode request) {
        String schema = OpenAiStubServer.schemaName(request);
        if (RolePlayWriter.USER_TURN_SCHEMA.equals(schema)) {
            return Reply.ok("{\"message\":\"Where is my parcel?\",\"done\":true}");
        }
        if (schema.isEmpty()) {
            ObjectNode message = JSON.createObjectNode().put("reasoning_content", REASONING);
            return new Reply(200, "It arrives tomorrow.", "stop", null, message);
        }
        return OpenAiStubServer.defaultReply(request);
    }

    @Test
    void reasoning_is_collapsed_above_the_answer_and_shown_as_text() {
        stub.reset();
        stub.respondWith(ReasoningBrowserTest::answer);
        String id = given().contentType(ContentType.JSON).body(Map.of("name", "reasoning-browser", "mode", "role-play",
                "language", "en", "count", 1, "seed", 23, "turns", Map.of("min", 2, "max", 2),
                "assistant", Map.of("system-prompt", "You are the help desk of Stubshop."),
                "dimensions", Map.of("topic", List.of("parcel")), "judge", Map.of("threshold", 1, "recheck", 0)))
                .post("/api/runs").then().statusCode(202).extract().path("id");
        browser.await(d -> !"running".equals(given().get("/api/runs/{id}", id).then().extract().path("status")));
        String stored = given().get("/api/runs/{id}/dialogues/0", id).then().statusCode(200).extract()
                .path("dialogue.turns[1].reasoning");
        assertThat(stored).isEqualTo(REASONING);

        browser.open("#/runs/" + id + "/dialogues/0");
        String assistant = "#dialogue-detail article[data-seq='0'] .turn[data-turn='2'] ";
        browser.textIs(assistant + ".bubble", "It arrives tomorrow.");
        WebElement details = browser.visible(assistant + "details.reasoning");
        assertThat(details.getDomProperty("open")).as("collapsed").isEqualTo("false");
        assertThat(details.findElement(By.cssSelector(".reasoning-text")).isDisplayed()).isFalse();
        assertThat(browser.all("#dialogue-detail .turn[data-turn='1'] details.reasoning")).as("a user turn has none").isEmpty();
        browser.textIs(assistant + "details.reasoning summary", "reasoning (" + REASONING.length() + " characters)");

        browser.click(assistant + "details.reasoning summary");
        WebElement text = browser.visible(assistant + ".reasoning-text");
        assertThat(text.getText()).isEqualTo(REASONING);
        assertThat(text.findElements(By.xpath(".//*"))).as("elements inside the reasoning").isEmpty();
        assertThat(browser.all("img")).isEmpty();
        assertThat(browser.all("script")).extracting(e -> e.getDomAttribute("src")).containsExactly("js/app.js");
        browser.assertNoAlert();
        browser.screenshot("dialogue-reasoning");
    }
}
