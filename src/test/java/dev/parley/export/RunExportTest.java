package dev.parley.export;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.parley.dialogue.Dialogue;
import dev.parley.judge.Verdict;
import dev.parley.llm.ModelEndpoint;
import dev.parley.llm.PromptSet;
import dev.parley.recipe.Recipe;
import dev.parley.recipe.RecipeLoader;
import dev.parley.store.ItemState;
import dev.parley.run.RunEngine;
import dev.parley.store.RunOptions;
import dev.parley.store.RunStatus;
import dev.parley.store.RunRecord;
import dev.parley.store.ItemQueue;
import dev.parley.store.RunRepository;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Exporting stored runs, through {@link RunExporter} and REST: every format, the zip package,
 * per-turn weights read from the stored verdict, and no model call on the way.
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RunExportTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PROBLEM = "application/problem+json";

    @Inject
    RunEngine engine;
    @Inject
    RunRepository runs;

    @Inject
    ItemQueue queue;
    @Inject
    RunExporter exporter;

    /** A run of the offline demo model, executed in the foreground (no polling). */
    String demoRun;
    int accepted;

    @BeforeAll
    void runTheDemoModel() {
        Recipe recipe = RecipeLoader.load(Path.of("recipes/ecommerce-support-id.yaml")).withCount(12);
        RunRecord run = engine.create(recipe, RunOptions.DEFAULTS);
        assertThat(engine.execute(run.id(), p -> {
        }).status()).isEqualTo(RunStatus.COMPLETED);
        demoRun = run.id();
        accepted = queue.countByState(demoRun).get(ItemState.ACCEPTED);
        assertThat(accepted).isBetween(5, 12);
    }

    @Test
    void serves_the_openai_file_by_default_as_before() throws IOException {
        String body = given().when().get("/api/runs/{id}/export", demoRun)
                .then().statusCode(200).contentType("application/jsonl")
                .header("Content-Disposition", "attachment; filename=\"train.jsonl\"").extract().asString();

        List<JsonNode> lines = FormatReader.rows(new OpenAiChatExporter(), body.getBytes(StandardCharsets.UTF_8));
        assertThat(lines).hasSize(accepted).allSatisfy(l -> assertThat(ConsumerRules.openAi(l)).isEmpty());
        // The demo judge masks weak turns as a real judge would: exactly those carry a weight, and it is 0.
        int masked = given().when().get("/api/runs/{id}", demoRun).then().statusCode(200).extract().path("maskedTurns");
        assertThat(body.split("\"weight\":0", -1).length - 1).isEqualTo(masked);
        assertThat(body).doesNotContain("\"weight\":1");
        assertThat(body).isEqualTo(exporter.jsonl(demoRun));
    }

    @Test
    void serves_each_format_by_name_and_parquet_as_bytes() throws IOException {
        // From the OpenAI file: Alpaca has a line per trained turn, TRL and Parquet a row per dialogue whose first
        // assistant turn is trained.
        List<JsonNode> openai = FormatReader.rows(new OpenAiChatExporter(),
                given().when().get("/api/runs/{id}/export", demoRun).then().statusCode(200).extract().asByteArray());
        int trained = 0;
        int firstTrained = 0;
        for (JsonNode line : openai) {
            boolean first = true;
            for (JsonNode m : line.get("messages")) {
                if (m.get("role").asText().equals("assistant")) {
                    trained += m.path("weight").asInt(1);
                    firstTrained += first ? m.path("weight").asInt(1) : 0;
                    first = false;
                }
            }
        }
        Map<String, Integer> expected = Map.of("trl", firstTrained, "sharegpt", accepted, "alpaca", trained);
        assertThat(trained).as("the demo judge masks some turns").isLessThan(openai.stream()
                .mapToInt(l -> l.get("messages").size() / 2).sum());
        for (String format : List.of("trl", "sharegpt", "alpaca")) {
            DatasetExporter e = ExportFormats.byName(format);
            byte[] body = given().queryParam("format", format).when().get("/api/runs/{id}/export", demoRun)
                    .then().statusCode(200).contentType("application/jsonl")
                    .header("Content-Disposition", "attachment; filename=\"" + e.fileName("train") + "\"")
                    .extract().asByteArray();
            assertThat(FormatReader.rows(e, body)).as(format).hasSize(expected.get(format));
        }
        byte[] parquet = given().queryParam("format", "parquet").when().get("/api/runs/{id}/export", demoRun)
                .then().statusCode(200).contentType("application/vnd.apache.parquet").extract().asByteArray();
        List<JsonNode> rows = FormatReader.parquet(parquet);
        assertThat(rows).hasSize(firstTrained).allSatisfy(r -> assertThat(ConsumerRules.trl(r)).isEmpty());
        assertThat(rows.getFirst().get("id").asText()).startsWith(demoRun + "/");
        assertThat(rows.getFirst().at("/messages/0/content").asText()).startsWith("Kamu adalah asisten layanan pelanggan TokoKita.");
    }

    @Test
    void answers_an_unknown_format_or_split_or_run_with_a_problem() {
        String detail = given().queryParam("format", "csv").when().get("/api/runs/{id}/export", demoRun)
                .then().statusCode(400).contentType(PROBLEM).extract().path("detail");
        assertThat(detail).isEqualTo("format unknown export format 'csv' (known: openai, trl, sharegpt, alpaca, parquet,"
                + " dpo, kto, openai-preference, or all)");
        String split = given().queryParam("split", "0.9,0.3").when().get("/api/runs/{id}/export.zip", demoRun)
                .then().statusCode(400).contentType(PROBLEM).extract().path("detail");
        assertThat(split).isEqualTo("split: the shares must add up to 1, got 1.2");
        given().when().get("/api/runs/{id}/export.zip", "no-such-run").then().statusCode(404).contentType(PROBLEM);
        given().when().get("/api/runs/{id}/export", "no-such-run").then().statusCode(404).contentType(PROBLEM);
    }

    @Test
    void zips_the_whole_package_with_the_manifest_checksums_matching() throws Exception {
        byte[] zip = given().queryParam("format", "openai,trl").queryParam("split", "0.5,0.5").queryParam("seed", 3)
                .when().get("/api/runs/{id}/export.zip", demoRun)
                .then().statusCode(200).contentType("application/zip").extract().asByteArray();

        Map<String, byte[]> entries = new HashMap<>();
        try (var in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null;) {
                entries.put(e.getName(), in.readAllBytes());
            }
        }
        assertThat(entries).containsKeys("train.jsonl", "validation.jsonl", "train.trl.jsonl", "validation.trl.jsonl",
                "train.provenance.jsonl", "report.json", "README.md", "manifest.json", "charts/coverage.png");
        JsonNode manifest = JSON.readTree(entries.get("manifest.json"));
        assertThat(manifest.get("offlineDemo").asBoolean()).isTrue();
        assertThat(manifest.at("/seeds/split").asInt()).isEqualTo(3);
        assertThat(manifest.at("/run/id").asText()).isEqualTo(demoRun);
        assertThat(manifest.get("promptHashes").has(PromptSet.WRITE_SYSTEM)).isTrue();
        for (JsonNode f : manifest.get("files")) {
            assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(entries.get(f.get("path").asText()))))
                    .as(f.get("path").asText()).isEqualTo(f.get("sha256").asText());
        }
        int lines = new String(entries.get("train.jsonl"), StandardCharsets.UTF_8).split("\n").length
                + new String(entries.get("validation.jsonl"), StandardCharsets.UTF_8).split("\n").length;
        assertThat(lines).isEqualTo(accepted);
        assertThat(new String(entries.get("README.md"), StandardCharsets.UTF_8)).contains("NOT FOR TRAINING");
    }

    @Test
    void re_exports_a_stored_run_without_calling_a_model(@TempDir Path dir) throws IOException {
        Map<String, Integer> callsBefore = exporter.export(demoRun, dir.resolve("a"), ExportOptions.DEFAULTS).report().modelCalls();

        ExportResult result = exporter.export(demoRun, dir.resolve("b"), ExportOptions.of("all", "0.8,0.2", null, null, null));

        assertThat(result.report().modelCalls()).isEqualTo(callsBefore);
        assertThat(result.splits().values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(accepted);
        assertThat(dir.resolve("b/validation.parquet")).exists();
        assertThat(Files.readAllLines(dir.resolve("a/train.jsonl"))).hasSize(accepted);
        assertThat(result.report().offlineDemo()).isTrue();
    }

    @Test
    void exports_the_turns_the_judge_masked_with_weight_zero(@TempDir Path dir) throws IOException {
        String runId = storeAcceptedDialogue("""
                {"scores":[{"criterion":"helpfulness","score":4,"reason":"ok"}],"summary":"",
                 "meanScore":4.0,"accepted":true,"maskedTurns":[2]}""");

        ExportResult result = exporter.export(runId, dir, ExportOptions.of("openai,trl,sharegpt", null, null, null, null));

        JsonNode openai = JSON.readTree(Files.readAllLines(dir.resolve("train.jsonl")).getFirst());
        assertThat(ConsumerRules.openAi(openai)).isEmpty();
        assertThat(openai.at("/messages/2/role").asText()).isEqualTo("assistant");
        assertThat(openai.at("/messages/2/weight").asInt(-1)).isZero();
        assertThat(openai.at("/messages/4").has("weight")).isFalse();
        // TRL learns every assistant turn of a line, and the first one is masked: nothing of it can go there.
        assertThat(Files.readAllLines(dir.resolve("train.trl.jsonl"))).isEmpty();
        JsonNode manifest = JSON.readTree(dir.resolve("manifest.json").toFile());
        assertThat(manifest.at("/counts/leftOutByFormat/trl/dialogues").asInt()).isEqualTo(1);
        assertThat(manifest.at("/counts/leftOutByFormat/trl/trainedTurns").asInt()).isEqualTo(1);
        JsonNode provenance = JSON.readTree(Files.readAllLines(dir.resolve("train.provenance.jsonl")).getFirst());
        assertThat(provenance.get("maskedTurns").asInt()).isEqualTo(1);
        assertThat(provenance.at("/scores/helpfulness").asInt()).isEqualTo(4);
        assertThat(provenance.at("/cell/topic").asText()).isEqualTo("refund");
        assertThat(result.stats().maskedTurns()).isEqualTo(1);
        assertThat(Files.readString(dir.resolve("README.md"))).contains("1 assistant turn(s) are kept for context");
    }

    /** A run with one accepted four-message dialogue and the given verdict, written through the store as the engine would. */
    private String storeAcceptedDialogue(String verdict) {
        Recipe recipe = RecipeLoader.parse(ExportFixtures.RECIPE_YAML);
        String recipeJson = RecipeLoader.toTree(recipe).toString();
        String id = java.util.UUID.randomUUID().toString();
        runs.createRun(new RunRecord(id, recipe.name(), RunStatus.RUNNING, recipeJson, PromptSet.sha256(recipeJson), "{}",
                ModelEndpoint.OFFLINE_MODEL, ModelEndpoint.OFFLINE_MODEL, 1, RunOptions.DEFAULTS, Optional.empty(),
                Instant.now(), Optional.empty()), List.of(new RunRepository.NewItem(0, "topic=refund", "{\"topic\":\"refund\"}", 5)));
        String owner = "export-test";
        assertThat(queue.claim(id, owner, 1, System.currentTimeMillis(), 60_000)).hasSize(1);
        String dialogue = """
                {"turns":[{"role":"user","content":"Dana saya belum kembali."},{"role":"assistant","content":"Tidak tahu."},
                 {"role":"user","content":"INV-1."},{"role":"assistant","content":"Dana INV-1 kembali besok."}]}""";
        assertThat(queue.transition(id, 0, owner, ItemState.PLANNED, ItemState.GENERATING, ItemQueue.ItemUpdate.NONE)).isTrue();
        assertThat(queue.transition(id, 0, owner, ItemState.GENERATING, ItemState.GENERATED,
                new ItemQueue.ItemUpdate(parse(dialogue, Dialogue.class), null, null, null, null))).isTrue();
        assertThat(queue.transition(id, 0, owner, ItemState.GENERATED, ItemState.JUDGING, ItemQueue.ItemUpdate.NONE)).isTrue();
        assertThat(queue.transition(id, 0, owner, ItemState.JUDGING, ItemState.ACCEPTED,
                new ItemQueue.ItemUpdate(null, parse(verdict, Verdict.class), 4.0, null, null))).isTrue();
        runs.finishRun(id, RunStatus.COMPLETED, Optional.empty());
        return id;
    }

    private static <T> T parse(String text, Class<T> type) {
        try {
            return JSON.readValue(text, type);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
