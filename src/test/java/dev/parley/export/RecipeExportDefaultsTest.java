package dev.parley.export;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.parley.recipe.Recipe;
import dev.parley.recipe.RecipeLoader;
import dev.parley.run.RunEngine;
import dev.parley.store.RunOptions;
import dev.parley.store.RunStatus;
import io.quarkus.test.junit.QuarkusTest;

/** The recipe's export section is what a run exports by default, and options override it field by field. */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RecipeExportDefaultsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Without the response cache: the run neither reuses nor leaves answers, so other test classes
     * running the same recipe still see their own model calls.
     */
    private static final RunOptions NO_CACHE = new RunOptions(false, false, java.util.OptionalLong.empty(),
            java.util.OptionalDouble.empty());

    @Inject
    RunEngine engine;
    @Inject
    RunExporter exporter;

    String runId;

    @BeforeAll
    void runARecipeWithAnExportSection() throws IOException {
        String yaml = Files.readString(Path.of("recipes/ecommerce-support-id.yaml")) + """

                export:
                  formats: [trl, sharegpt]
                  split: [0.5, 0.5]
                  split-seed: 3
                  context-length: 50
                """;
        Recipe recipe = RecipeLoader.parse(yaml).withCount(8);
        var run = engine.create(recipe, NO_CACHE);
        assertThat(engine.execute(run.id(), p -> {
        }).status()).isEqualTo(RunStatus.COMPLETED);
        runId = run.id();
    }

    @Test
    void exports_what_the_recipe_says_when_nothing_else_is_asked(@TempDir Path dir) throws IOException {
        ExportResult result = exporter.export(runId, dir, ExportRequest.NONE);

        assertThat(dir.resolve("train.trl.jsonl")).exists();
        assertThat(dir.resolve("validation.sharegpt.jsonl")).exists();
        assertThat(dir.resolve("train.jsonl")).doesNotExist();
        JsonNode manifest = JSON.readTree(dir.resolve("manifest.json").toFile());
        assertThat(manifest.at("/export/formats").toString()).isEqualTo("[\"trl\",\"sharegpt\"]");
        assertThat(manifest.at("/seeds/split").asLong()).isEqualTo(3);
        assertThat(manifest.at("/export/contextLength").asInt()).isEqualTo(50);
        // Every demo dialogue (system prompt, at least four messages) is longer than 50 approximate tokens.
        assertThat(result.stats().overContextLength()).hasSize(result.stats().records());
        assertThat(result.warnings()).anyMatch(w -> w.contains("longer than the context length of 50"));
        assertThat(Files.readString(dir.resolve("README.md")))
                .contains("parley export " + runId + " --format trl,sharegpt --split 0.5,0.5,0 --seed 3 --context-length 50`");
    }

    @Test
    void an_option_given_overrides_only_its_own_field(@TempDir Path dir) throws IOException {
        exporter.export(runId, dir, ExportRequest.of("openai", null, null, null, null, 100_000));

        assertThat(dir.resolve("train.jsonl")).exists();
        assertThat(dir.resolve("validation.jsonl")).as("the recipe's split still applies").exists();
        assertThat(dir.resolve("train.trl.jsonl")).doesNotExist();
        JsonNode manifest = JSON.readTree(dir.resolve("manifest.json").toFile());
        assertThat(manifest.at("/seeds/split").asLong()).isEqualTo(3);
        assertThat(manifest.at("/counts/overContextLength").asInt()).isZero();
    }

    @Test
    void the_rest_zip_follows_the_recipe_and_its_query_parameters() throws IOException {
        assertThat(zipEntries(given().when().get("/api/runs/{id}/export.zip", runId)
                .then().statusCode(200).extract().asByteArray()))
                .contains("train.trl.jsonl", "validation.sharegpt.jsonl").doesNotContain("train.jsonl");
        assertThat(zipEntries(given().queryParam("format", "alpaca").queryParam("split", "1")
                .when().get("/api/runs/{id}/export.zip", runId).then().statusCode(200).extract().asByteArray()))
                .contains("train.alpaca.jsonl").doesNotContain("train.trl.jsonl", "validation.alpaca.jsonl");
        String detail = given().queryParam("contextLength", 0).when().get("/api/runs/{id}/export.zip", runId)
                .then().statusCode(400).contentType("application/problem+json").extract().path("detail");
        assertThat(detail).isEqualTo("contextLength must be at least 1, got 0");
    }

    @Test
    void the_rest_single_file_is_in_the_recipe_s_first_format_unless_one_is_asked() {
        var trl = given().when().get("/api/runs/{id}/export", runId).then().statusCode(200).extract();
        assertThat(trl.header("Content-Disposition")).isEqualTo("attachment; filename=\"train.trl.jsonl\"");
        List<String> lines = trl.asString().lines().toList();
        assertThat(lines).hasSize(given().queryParam("status", "accepted").when().get("/api/runs/{id}/dialogues", runId)
                .then().statusCode(200).extract().jsonPath().getInt("total"));
        assertThat(lines).allSatisfy(line -> assertThat(JSON.readTree(line).has("provenance")).isTrue());

        assertThat(given().queryParam("format", "openai").when().get("/api/runs/{id}/export", runId).then()
                .statusCode(200).extract().header("Content-Disposition")).isEqualTo("attachment; filename=\"train.jsonl\"");
    }

    private static List<String> zipEntries(byte[] zip) throws IOException {
        List<String> names = new ArrayList<>();
        try (var in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null;) {
                names.add(e.getName());
            }
        }
        return names;
    }
}
