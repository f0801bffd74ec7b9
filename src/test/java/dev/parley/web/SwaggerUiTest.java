package dev.parley.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import io.quarkus.test.junit.QuarkusTest;

/** The API link of the UI's header opens Swagger UI, which draws Parley's operations under the server's headers. */
@QuarkusTest
class SwaggerUiTest extends BrowserTest {

    @Test
    void swagger_ui_opens_from_the_header_and_lists_parleys_operations() {
        browser.open("#/");
        browser.visible("header a[href='q/swagger-ui']").click();

        WebElement title = browser.await(() -> "Swagger UI's title", d -> d.findElements(By.cssSelector(".swagger-ui .info .title"))
                .stream().filter(e -> e.getText().startsWith("Parley API")).findFirst().orElse(null));
        var paths = browser.await(() -> "the operations", d -> {
            var found = d.findElements(By.cssSelector(".swagger-ui .opblock-summary-path")).stream()
                    .map(WebElement::getText).toList();
            return found.isEmpty() ? null : found;
        });

        assertThat(title.getText()).startsWith("Parley API");
        assertThat(paths).anySatisfy(p -> assertThat(p).contains("/api/runs"))
                .anySatisfy(p -> assertThat(p).contains("/api/recipes"));
        browser.screenshot("swagger-ui");
    }
}
