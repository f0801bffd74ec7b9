package dev.parley.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/** The recipes API over a copy of the shipped recipes plus one broken file, so saving touches no real file. */
@QuarkusTest
@TestProfile(RecipeApiTest.RecipesCopy.class)
class RecipeApiTest {

    static final Path DIR = Path.of("target", "recipe-api-test", "recipes");
    private static final String SHOP = "ecommerce-support-id";

    /** Points {@code parley.recipes-dir} at a fresh copy of {@code recipes/} with a broken recipe added. */
    public static class RecipesCopy implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                emptyFolder(DIR);
                try (Stream<Path> shipped = Files.list(Path.of("recipes"))) {
                    for (Path f : shipped.toList()) {
                        Files.copy(f, DIR.resolve(f.getFileName()));
                    }
                }
                Files.writeString(DIR.resolve("broken.yaml"), "name: broken\nlanguage: en\ncount: 0\n");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return Map.of("parley.recipes-dir", DIR.toString());
        }
    }

    /** Makes {@code dir} an empty folder: the files a previous test run left are deleted. */
    static void emptyFolder(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> old = Files.list(dir)) {
                for (Path f : old.toList()) {
                    Files.delete(f);
                }
            }
        }
        Files.createDirectories(dir);
    }

    @Test
    void lists_recipes_with_their_summary_and_broken_ones_with_the_error() {
        JsonPath page = given().queryParam("limit", 500).when().get("/api/recipes").then().statusCode(200).extract()
                .jsonPath();

        List<String> names = page.getList("items.name", String.class);
        assertThat(names).contains("broken", SHOP, "saas-helpdesk-en").isSorted();
        assertThat(page.getInt("total")).isEqualTo(names.size());
        Map<String, Object> shop = page.getMap("items.find { it.name == '" + SHOP + "' }");
        assertThat(shop).containsEntry("language", "id").containsEntry("count", 40).containsEntry("mode", "whole")
                .containsEntry("description", "Customer-support chats for an Indonesian online shop");
        assertThat(shop.get("error")).isNull();
        Map<String, Object> broken = page.getMap("items.find { it.name == 'broken' }");
        assertThat((String) broken.get("error")).contains("count");
        assertThat(broken.get("language")).isNull();

        JsonPath second = given().queryParam("offset", 1).queryParam("limit", 1).when().get("/api/recipes").then()
                .statusCode(200).extract().jsonPath();
        assertThat(second.getList("items.name", String.class)).containsExactly(names.get(1));
        assertThat(second.getInt("total")).isEqualTo(names.size());
    }

    @Test
    void reads_a_recipe_as_its_text_and_as_json() throws IOException {
        JsonPath recipe = given().when().get("/api/recipes/{name}", SHOP).then().statusCode(200).extract().jsonPath();

        assertThat(recipe.getString("name")).isEqualTo(SHOP);
        assertThat(recipe.getString("yaml")).isEqualTo(Files.readString(DIR.resolve(SHOP + ".yaml")));
        assertThat(recipe.getString("recipe.name")).isEqualTo(SHOP);
        assertThat(recipe.getInt("recipe.turns.min")).isEqualTo(4);
        assertThat(recipe.getList("recipe.dimensions.mood", String.class)).containsExactly("tenang", "bingung", "kesal");
        assertThat(recipe.getList("errors")).isNull();

        JsonPath broken = given().when().get("/api/recipes/broken").then().statusCode(200).extract().jsonPath();
        assertThat(broken.getString("recipe")).isNull();
        assertThat(broken.getList("errors.field", String.class)).contains("count", "turns", "assistant");
    }

    @Test
    void answers_404_problem_for_a_missing_recipe_or_a_path_outside_the_folder() {
        for (String name : List.of("no-such-recipe", ".hidden")) {
            String type = given().urlEncodingEnabled(false).when().get("/api/recipes/" + name).then().statusCode(404)
                    .contentType("application/problem+json").extract().path("type");
            assertThat(type).as(name).isNotBlank();
        }
        for (String name : List.of("..", "..%2Fpom", "%2e%2e%2fpom.xml")) {
            String type = given().urlEncodingEnabled(false).when().get("/api/recipes/" + name).then().statusCode(400)
                    .contentType("application/problem+json").extract().path("type");
            assertThat(type).as(name).isEqualTo("https://parley.dev/problems/ambiguous-path");
        }
    }

    @Test
    void validates_yaml_and_shows_the_plan_over_the_grid() {
        String yaml = shopYaml().replace("count: 40", "count: 130");

        JsonPath valid = given().contentType(ContentType.JSON).body(Map.of("yaml", yaml)).when()
                .post("/api/recipes/validate").then().statusCode(200).extract().jsonPath();

        assertThat(valid.getBoolean("valid")).isTrue();
        assertThat(valid.getInt("recipe.count")).isEqualTo(130);
        assertThat(valid.getInt("plan.total")).isEqualTo(130);
        assertThat(valid.getLong("plan.gridSize")).isEqualTo(5 * 4 * 3);
        List<Integer> perCell = valid.getList("plan.cells.dialogues", Integer.class);
        assertThat(perCell).hasSize(60);
        assertThat(perCell.stream().mapToInt(Integer::intValue).sum()).isEqualTo(130);
        assertThat(perCell).allMatch(n -> n == 2 || n == 3);
        assertThat(valid.getMap("plan.cells[0].cell", String.class, String.class)).containsOnlyKeys("topic", "persona",
                "mood");
    }

    @Test
    void validates_a_recipe_sent_as_json() {
        Map<String, Object> recipe = Map.of("name", "tiny", "language", "en", "count", 2,
                "turns", Map.of("min", 2, "max", 4), "assistant", Map.of("system-prompt", "You help."),
                "dimensions", Map.of("topic", List.of("a", "b")));

        JsonPath valid = given().contentType(ContentType.JSON).body(recipe).when().post("/api/recipes/validate").then()
                .statusCode(200).extract().jsonPath();

        assertThat(valid.getList("plan.cells.cell.topic", String.class)).containsExactlyInAnyOrder("a", "b");
    }

    @Test
    void rejects_an_invalid_recipe_naming_the_fields() {
        String yaml = shopYaml().replace("turns: { min: 4, max: 8 }", "turns: { min: 1, max: 8 }") + "colour: blue\n";

        JsonPath problem = given().contentType(ContentType.JSON).body(Map.of("yaml", yaml)).when()
                .post("/api/recipes/validate").then().statusCode(400).contentType("application/problem+json").extract()
                .jsonPath();

        assertThat(problem.getString("type")).endsWith("/invalid-recipe");
        assertThat(problem.getList("errors.field", String.class)).containsExactlyInAnyOrder("turns.min", "colour");
        given().contentType(ContentType.JSON).body(Map.of("yaml", "name: [unclosed")).when()
                .post("/api/recipes/validate").then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void saves_a_new_recipe_then_replaces_it_and_keeps_it_when_the_new_text_is_invalid() throws IOException {
        String yaml = shopYaml().replace("name: ecommerce-support-id", "name: shop-copy");

        JsonPath created = given().contentType(ContentType.JSON).body(Map.of("yaml", yaml)).when()
                .put("/api/recipes/{name}", "shop-copy").then().statusCode(201).extract().jsonPath();
        assertThat(created.getString("name")).isEqualTo("shop-copy");
        assertThat(created.getString("recipe.name")).isEqualTo("shop-copy");
        assertThat(Files.readString(DIR.resolve("shop-copy.yaml"))).isEqualTo(yaml);

        String changed = yaml.replace("count: 40", "count: 12");
        given().contentType(ContentType.JSON).body(Map.of("yaml", changed)).when()
                .put("/api/recipes/{name}", "shop-copy").then().statusCode(200).body("recipe.count", org.hamcrest.Matchers.is(12));
        assertThat(given().when().get("/api/recipes/shop-copy").then().extract().jsonPath().getString("yaml"))
                .isEqualTo(changed);

        given().contentType(ContentType.JSON).body(Map.of("yaml", changed.replace("count: 12", "count: -1"))).when()
                .put("/api/recipes/{name}", "shop-copy").then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", org.hamcrest.Matchers.hasItem("count"));
        assertThat(Files.readString(DIR.resolve("shop-copy.yaml"))).as("an invalid text is not saved").isEqualTo(changed);
        try (Stream<Path> files = Files.list(DIR)) {
            assertThat(files.map(f -> f.getFileName().toString())).noneMatch(f -> f.endsWith(".tmp"));
        }
    }

    @Test
    void refuses_to_save_under_a_name_that_could_leave_the_folder() throws IOException {
        String yaml = shopYaml();
        Path parent = DIR.getParent();
        for (String name : List.of("Shop", "a.b", "..", "x".repeat(65), "..%2Fescaped", "%2e%2e", "caf%C3%A9", "a%20b")) {
            int status = given().urlEncodingEnabled(false).contentType(ContentType.JSON).body(Map.of("yaml", yaml))
                    .when().put("/api/recipes/" + name).then().contentType("application/problem+json").extract()
                    .statusCode();
            assertThat(status).as(name).isIn(400, 404, 405);
        }
        try (Stream<Path> files = Files.list(parent)) {
            assertThat(files.map(f -> f.getFileName().toString())).containsExactly("recipes");
        }
        JsonPath problem = given().contentType(ContentType.JSON).body(Map.of("yaml", yaml)).when()
                .put("/api/recipes/{name}", "Shop").then().statusCode(400).extract().jsonPath();
        assertThat(problem.getList("errors.field", String.class)).containsExactly("name");
        assertThat(Files.exists(DIR.resolve("Shop.yaml"))).isFalse();
    }

    @Test
    void starts_a_run_from_yaml_text_with_a_count() {
        String yaml = shopYaml().replace("name: ecommerce-support-id", "name: inline-yaml");

        String id = RunApi.start(Map.of("yaml", yaml, "count", 3));
        JsonPath report = RunApi.awaitFinished(id);

        assertThat(report.getString("recipe")).isEqualTo("inline-yaml");
        assertThat(report.getInt("counts.planned")).isEqualTo(3);
        given().contentType(ContentType.JSON).body(Map.of("yaml", yaml, "colour", "blue")).when().post("/api/runs")
                .then().statusCode(400).body("errors.field", org.hamcrest.Matchers.contains("colour"));
        given().contentType(ContentType.JSON).body(Map.of("yaml", 5)).when().post("/api/runs")
                .then().statusCode(400).body("errors.field", org.hamcrest.Matchers.contains("yaml"));
    }

    @Test
    void finds_the_files_a_posted_recipe_names_in_the_recipe_folder_not_the_working_folder() throws IOException {
        Files.writeString(DIR.resolve("shop-seeds.jsonl"), """
                {"messages": [{"role": "user", "content": "Paket saya belum sampai."}, {"role": "assistant", "content": "Mohon maaf kak, boleh saya minta nomor pesanannya?"}]}
                {"messages": [{"role": "user", "content": "Bisa tukar ukuran?"}, {"role": "assistant", "content": "Bisa kak, penukaran ukuran gratis dalam 7 hari."}]}
                """);
        String yaml = shopYaml().replace("name: ecommerce-support-id", "name: seeded-inline")
                + "seeds: { file: shop-seeds.jsonl, examples: 1 }\n";

        JsonPath valid = given().contentType(ContentType.JSON).body(Map.of("yaml", yaml)).when()
                .post("/api/recipes/validate").then().statusCode(200).extract().jsonPath();
        assertThat(valid.getString("recipe.seeds.file"))
                .isEqualTo(DIR.toAbsolutePath().resolve("shop-seeds.jsonl").normalize().toString());

        String id = RunApi.start(Map.of("yaml", yaml, "count", 2));
        JsonPath report = RunApi.awaitFinished(id);
        assertThat(report.getString("recipe")).isEqualTo("seeded-inline");
        assertThat(report.getInt("counts.planned")).isEqualTo(2);

        given().contentType(ContentType.JSON).body(Map.of("yaml", yaml.replace("shop-seeds.jsonl", "no-such-seeds.jsonl")))
                .when().post("/api/runs").then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", org.hamcrest.Matchers.contains("seeds.file"));
    }

    private static String shopYaml() {
        try {
            return Files.readString(Path.of("recipes", SHOP + ".yaml"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
