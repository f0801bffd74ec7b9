package dev.parley.web;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * Swagger UI, linked from the UI's header, draws Parley's operations under the server's headers. It runs on an
 * application of its own, so no run or event stream of another test is in flight while the page loads.
 */
@QuarkusTest
@TestProfile(SwaggerUiTest.OwnApplication.class)
class SwaggerUiTest extends BrowserTest {

    /** The default configuration, on a fresh application. */
    public static class OwnApplication implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("parley.recipes-dir", "recipes");
        }
    }

    @Test
    void swagger_ui_draws_parleys_operations_under_its_content_policy() {
        String policy = given().when().get("/q/swagger-ui/").then().statusCode(200).extract()
                .header("Content-Security-Policy");

        browser.open("q/swagger-ui/");
        WebElement title = browser.await(() -> "Swagger UI's title", d -> d.findElements(By.cssSelector(".swagger-ui .info .title"))
                .stream().filter(e -> e.getText().startsWith("Parley API")).findFirst().orElse(null));
        var paths = browser.await(() -> "the operations", d -> {
            var found = d.findElements(By.cssSelector(".swagger-ui .opblock-summary-path")).stream()
                    .map(WebElement::getText).toList();
            return found.isEmpty() ? null : found;
        });

        assertThat(policy).contains("frame-ancestors 'none'");
        assertThat(title.getText()).startsWith("Parley API");
        assertThat(paths).anySatisfy(p -> assertThat(p).contains("/api/runs"))
                .anySatisfy(p -> assertThat(p).contains("/api/recipes"));
        browser.screenshot("swagger-ui");
    }
}
