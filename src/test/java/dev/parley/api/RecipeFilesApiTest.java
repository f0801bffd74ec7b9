package dev.parley.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * A recipe sent over REST reads only files in the recipes folder: every field that names a file
 * outside it, by absolute path, {@code ..} or a link, is a 400 naming the field, and no answer
 * carries a line of the file.
 */
@QuarkusTest
@TestProfile(RecipeApiTest.RecipesCopy.class)
class RecipeFilesApiTest {

    private static final String RECIPE = """
            name: probe
            count: 2
            language: en
            turns: { min: 2, max: 2 }
            assistant: { system-prompt: You help. }
            judge: { threshold: 3 }
            """;

    @Test
    void refuses_to_read_server_files_through_any_file_field() {
        Map<String, String> fields = Map.of(
                "dimensions: { topic: { from: /proc/self/status } }", "dimensions.topic.from",
                "dimensions: { topic: [a] }\nseeds: { file: ../../../../../../etc/passwd }", "seeds.file",
                "dimensions: { topic: [a] }\nexport: { real-data: /etc/passwd }", "export.real-data",
                "dimensions: { topic: [a] }\nchecks: { memorisation: { reference: /etc/passwd } }",
                "checks.memorisation.reference",
                "dimensions: { topic: [a] }\nprompts: /etc", "prompts");
        fields.forEach((block, field) -> {
            for (String path : new String[] {"/api/recipes/validate", "/api/runs"}) {
                String body = given().contentType(ContentType.JSON).body(Map.of("yaml", RECIPE + block)).when()
                        .post(path).then().statusCode(400).contentType(Problem.MEDIA_TYPE).extract().asString();

                assertThat(JsonPath.from(body).getList("errors.field", String.class)).as(block).contains(field);
                assertThat(body).as(block).contains("outside the recipe's folder").doesNotContain("root:x:0")
                        .doesNotContain("VmRSS").doesNotContain("Name:");
            }
        });
    }

    @Test
    void does_not_serve_a_recipe_file_that_links_outside_the_folder() throws IOException {
        Path link = RecipeApiTest.DIR.resolve("linked.yaml");
        Files.deleteIfExists(link);
        Files.createSymbolicLink(link, Path.of("/etc/passwd"));
        try {
            String answer = given().when().get("/api/recipes/linked").then().statusCode(404).extract().asString();
            assertThat(answer).doesNotContain("root:");
            assertThat(given().when().get("/api/recipes?limit=500").then().statusCode(200).extract().jsonPath()
                    .getList("items.name", String.class)).doesNotContain("linked");
        } finally {
            Files.delete(link);
        }
    }

    @Test
    void calls_a_recipe_invalid_when_a_file_it_names_cannot_be_used() {
        given().contentType(ContentType.JSON).body(Map.of("yaml", RECIPE + "dimensions: { topic: [a] }\n"
                + "seeds: { file: no-such-seeds.jsonl }")).when().post("/api/recipes/validate").then().statusCode(400)
                .contentType(Problem.MEDIA_TYPE).body("errors.field", org.hamcrest.Matchers.contains("seeds.file"));
    }

    @Test
    void saves_a_recipe_readable_like_the_others_in_the_folder() throws IOException {
        given().contentType(ContentType.JSON).body(Map.of("yaml", RECIPE + "dimensions: { topic: [a] }\n")).when()
                .put("/api/recipes/saved-mode").then().statusCode(201);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(
                RecipeApiTest.DIR.resolve("saved-mode.yaml")))).isEqualTo("rw-r--r--");
    }
}
