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
import io.restassured.path.json.JsonPath;

/**
 * A server started away from the checkout: its recipes folder holds one recipe of its own and one that overrides a
 * packaged example; the other examples come from the application itself.
 */
@QuarkusTest
@TestProfile(PackagedRecipesTest.ElsewhereFolder.class)
class PackagedRecipesTest {

    static final Path DIR = Path.of("target", "packaged-recipes-test", "recipes");

    /** A recipes folder with no example in it but an override of the English help-desk recipe and a recipe of its own. */
    public static class ElsewhereFolder implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                RecipeApiTest.emptyFolder(DIR);
                Files.writeString(DIR.resolve("saas-helpdesk-en.yaml"), Files.readString(Path.of("recipes",
                        "saas-helpdesk-en.yaml")).replaceFirst("(?m)^description: .*$", "description: Our own help desk"));
                Files.writeString(DIR.resolve("own-recipe.yaml"), Files.readString(Path.of("recipes",
                        "saas-helpdesk-en.yaml")).replaceFirst("(?m)^name: .*$", "name: own-recipe"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return Map.of("parley.recipes-dir", DIR.toString());
        }
    }

    @Test
    void the_packaged_examples_are_listed_with_the_folders_recipes_and_the_folder_overrides() throws IOException {
        JsonPath page = given().when().get("/api/recipes").then().statusCode(200).extract().jsonPath();

        List<String> names = page.getList("items.name", String.class);
        List<String> shipped;
        try (Stream<Path> files = Files.list(Path.of("recipes"))) {
            shipped = files.map(f -> f.getFileName().toString()).filter(f -> f.endsWith(".yaml"))
                    .map(f -> f.substring(0, f.length() - ".yaml".length())).toList();
        }
        assertThat(names).containsAll(shipped).contains("own-recipe").hasSize(shipped.size() + 1).isSorted();
        assertThat(page.getString("items.find { it.name == 'saas-helpdesk-en' }.description"))
                .isEqualTo("Our own help desk");
        assertThat(page.getString("items.find { it.name == 'ecommerce-support-id' }.description"))
                .isEqualTo("Customer-support chats for an Indonesian online shop");
    }

    @Test
    void a_packaged_recipe_reads_as_its_shipped_text() throws IOException {
        JsonPath recipe = given().when().get("/api/recipes/ecommerce-support-id").then().statusCode(200).extract()
                .jsonPath();

        assertThat(recipe.getString("yaml")).isEqualTo(Files.readString(Path.of("recipes", "ecommerce-support-id.yaml")));
        assertThat(recipe.getInt("recipe.count")).isEqualTo(40);
    }

    @Test
    void a_run_starts_from_a_packaged_recipe_by_name() {
        String id = RunApi.start(Map.of("recipe", "ecommerce-support-id", "count", 3));

        JsonPath report = RunApi.awaitFinished(id);
        assertThat(report.getString("status")).isEqualTo("completed");
        assertThat(report.getString("recipe")).isEqualTo("ecommerce-support-id");
        assertThat(report.getInt("counts.planned")).isEqualTo(3);
    }
}
