package dev.parley.web;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * The dialogue browser on a run of the Indonesian tool recipe (offline demo model): an answer that calls a tool
 * shows the tool's name and its arguments as indented JSON under it, the tool's result is a compact block naming
 * the call it answers, all as text (markup in a result creates no element), and a person's edit in the browser
 * rewords an answer and keeps the calls and results.
 */
@QuarkusTest
class ToolCallsBrowserTest extends BrowserTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MARKUP = "<img src=x onerror=alert(1)> <script>alert(2)</script>";

    private JsonNode detail(String run, int seq) throws Exception {
        return JSON.readTree(given().get("/api/runs/{id}/dialogues/{seq}", run, seq).then().statusCode(200).extract()
                .asString());
    }

    @Test
    void shows_calls_under_the_answer_and_results_as_text_and_an_edit_keeps_them() throws Exception {
        String run = given().contentType(ContentType.JSON).body(Map.of("recipe", "ecommerce-support-id-tools",
                "count", 16)).post("/api/runs").then().statusCode(202).extract().path("id");
        browser.await(d -> "completed".equals(given().get("/api/runs/{id}", run).then().extract().path("status")));
        JsonNode accepted = JSON.readTree(given().queryParam("status", "accepted").queryParam("limit", 100)
                .get("/api/runs/{id}/dialogues", run).then().statusCode(200).extract().asString());
        int seq = -1;
        int calling = -1;
        for (JsonNode item : accepted.get("items")) {
            JsonNode turns = item.get("dialogue").get("turns");
            for (int i = 0; i < turns.size() && calling < 0; i++) {
                if (turns.get(i).has("toolCalls")) {
                    seq = item.get("seq").asInt();
                    calling = i;
                }
            }
            if (calling >= 0) {
                break;
            }
        }
        assertThat(calling).as("an accepted dialogue that calls a tool").isNotNegative();

        // A result holding markup, as a tool could return it: stored through a person's edit.
        ArrayNode turns = (ArrayNode) detail(run, seq).get("dialogue").get("turns");
        ObjectNode result = (ObjectNode) turns.get(calling + 1);
        ObjectNode resultJson = (ObjectNode) JSON.readTree(result.get("content").asText());
        resultJson.put("catatan", MARKUP);
        result.put("content", resultJson.toString());
        given().contentType(ContentType.JSON).body(Map.of("messages", turns))
                .post("/api/runs/{id}/dialogues/{seq}/edit", run, seq).then().statusCode(201);
        JsonNode call = turns.get(calling).get("toolCalls").get(0);

        browser.open("#/runs/" + run + "/dialogues/" + seq);
        String dialogue = "#dialogue-detail article[data-seq='" + seq + "'] ";
        String answer = dialogue + ".turn-assistant[data-turn='" + (calling + 1) + "'] ";
        browser.textIs(answer + ".tool-call .tool-name", call.get("name").asText());
        WebElement arguments = browser.visible(answer + ".tool-call .tool-arguments");
        assertThat(JSON.readTree(arguments.getText())).isEqualTo(JSON.readTree(call.get("arguments").asText()));
        assertThat(arguments.getText()).as("indented, one field a line").contains("\n  \"");
        assertThat(browser.all(answer + ".tool-call")).hasSize(turns.get(calling).get("toolCalls").size());

        String tool = dialogue + ".turn-tool[data-turn='" + (calling + 2) + "'] ";
        browser.textIs(tool + ".turn-meta .role", "tool result");
        browser.textIs(tool + ".tool-name", call.get("name").asText());
        assertThat(browser.visible(tool.strip()).getDomAttribute("data-call-id")).isEqualTo(call.get("id").asText());
        WebElement shown = browser.visible(tool + ".tool-result-text");
        assertThat(JSON.readTree(shown.getText())).isEqualTo(resultJson);
        assertThat(shown.getText()).contains(MARKUP);
        assertThat(shown.findElements(By.xpath(".//*"))).as("elements inside the result").isEmpty();
        assertThat(browser.all(tool + ".bubble")).as("a result is no one's message").isEmpty();
        assertThat(browser.all(dialogue + ".turn-user .tool-call, " + dialogue + ".turn-tool .tool-call")).isEmpty();
        double resultSize = Double.parseDouble(shown.getCssValue("font-size").replace("px", ""));
        double bubbleSize = Double.parseDouble(browser.visible(dialogue + ".turn-user .bubble").getCssValue("font-size")
                .replace("px", ""));
        assertThat(resultSize).as("smaller than the conversation").isLessThan(bubbleSize);
        assertThat(browser.all("img")).isEmpty();
        assertThat(browser.all("script")).extracting(e -> e.getDomAttribute("src")).containsExactly("js/app.js");
        browser.assertNoAlert();
        browser.screenshotPage("dialogue-tool-calls");

        int last = turns.size();
        String reworded = "Terima kasih sudah menunggu. " + turns.get(last - 1).get("content").asText();
        browser.click("#edit-open");
        WebElement field = browser.visible("#edit-turn-" + last);
        field.clear();
        field.sendKeys(reworded);
        assertThat(browser.all("#edit-turn-" + (calling + 2))).as("a tool result is not a text field").isEmpty();
        browser.click("#edit-save");
        browser.textIs(dialogue + ".turn[data-turn='" + last + "'] .bubble", reworded);

        JsonNode after = detail(run, seq).get("dialogue").get("turns");
        assertThat(after.get(last - 1).get("content").asText()).isEqualTo(reworded);
        for (int i = 0; i < last - 1; i++) {
            assertThat(after.get(i)).as("message %d, which the person did not touch", i + 1).isEqualTo(turns.get(i));
        }
        browser.assertNoAlert();
    }
}
