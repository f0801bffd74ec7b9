package dev.parley.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** What operators and API users reach first: health probes, the OpenAPI document and Swagger UI. */
@QuarkusTest
class OperatorEndpointsTest {

    @Test
    void readiness_is_up_when_the_store_answers_and_names_the_store() {
        JsonPath ready = given().when().get("/q/health/ready").then().statusCode(200).extract().jsonPath();

        assertThat(ready.getString("status")).isEqualTo("UP");
        assertThat(ready.getList("checks.name", String.class)).containsExactly("store");
        assertThat(ready.getString("checks[0].status")).isEqualTo("UP");
        assertThat(ready.getString("checks[0].data.kind")).isEqualTo("h2");
    }

    @Test
    void liveness_and_the_whole_health_answer_up() {
        assertThat(given().when().get("/q/health/live").then().statusCode(200).extract().jsonPath().getString("status"))
                .isEqualTo("UP");
        assertThat(given().when().get("/q/health").then().statusCode(200).extract().jsonPath().getString("status"))
                .isEqualTo("UP");
    }

    @Test
    void the_openapi_document_opens_as_json_and_swagger_ui_is_served() {
        JsonPath document = given().queryParam("format", "json").when().get("/q/openapi").then().statusCode(200)
                .contentType("application/json").extract().jsonPath();
        assertThat(document.getString("openapi")).startsWith("3.");
        assertThat(document.getString("info.title")).isEqualTo("Parley API");
        assertThat(document.getMap("paths")).containsKeys("/api/runs", "/api/recipes");

        String page = given().when().get("/q/swagger-ui/").then().statusCode(200).contentType("text/html").extract()
                .asString();
        assertThat(page).contains("swagger-ui");
    }

    @Test
    void the_web_ui_links_swagger_ui_and_the_openapi_document() {
        String index = given().when().get("/").then().statusCode(200).extract().asString();

        assertThat(index).contains("href=\"q/swagger-ui\"").contains("href=\"q/openapi?format=json\"");
    }
}
