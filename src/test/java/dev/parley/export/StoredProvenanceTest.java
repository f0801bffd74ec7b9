package dev.parley.export;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.parley.dialogue.Dialogue;
import dev.parley.judge.Verdict;
import dev.parley.config.ParleyConfig;
import dev.parley.config.ParleyConfig;
import dev.parley.llm.ModelEndpoint;
import dev.parley.llm.ModelEndpoints;
import dev.parley.llm.ModelGateway;
import dev.parley.llm.ModelRole;
import dev.parley.llm.ModelSettings;
import dev.parley.llm.PromptSet;
import dev.parley.recipe.Recipe;
import dev.parley.recipe.RecipeLoader;
import dev.parley.store.ItemState;
import dev.parley.run.RunCreation;
import dev.parley.store.RunModels;
import dev.parley.store.RunOptions;
import dev.parley.store.RunStatus;
import dev.parley.store.CallLedger;
import dev.parley.store.ItemState;
import dev.parley.store.RunModels;
import dev.parley.store.RunOptions;
import dev.parley.store.RunStatus;
import dev.parley.store.RunRecord;
import dev.parley.store.ItemQueue;
import dev.parley.store.RunRepository;
import io.quarkus.test.junit.QuarkusTest;

/**
 * What a run used is stored with it: an export made after the configuration changed still states
 * the models and parameters the run was created with, and every item's provenance comes from the
 * store alone.
 */
@QuarkusTest
class StoredProvenanceTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    RunRepository runs;

    @Inject
    ItemQueue queue;
    @Inject
    CallLedger ledger;
    @Inject
    RunExporter exporter;
    @Inject
    ModelEndpoints configured;
    @Inject
    ModelGateway gateway;
    @Inject
    ObjectMapper json;
    @Inject
    ParleyConfig config;

    /** Endpoints as another configuration would resolve them, with secrets in the URL and the key. */
    private final class OtherConfiguration extends ModelEndpoints {
        OtherConfiguration() {
            super(config);
        }

        @Override
        public ModelEndpoint resolve(ModelRole role, Optional<String> recipeModel) {
            return switch (role) {
                case GENERATOR -> endpoint(role, "llama-70b", 0.3);
                case USER -> endpoint(role, "sim-7b", 0.7);
                case TOOLS -> endpoint(role, "tools-7b", 0.0);
                case JUDGE -> endpoint(role, "judge-8b", 0.0);
            };
        }

        private static ModelEndpoint endpoint(ModelRole role, String model, double temperature) {
            return new ModelEndpoint(role, Optional.of("https://ana:s3cret@gpu-box:8000/v1?token=t0ken"),
                    Optional.of("sk-secret"), model, temperature);
        }
    }

    @Test
    void a_re_export_states_the_models_and_parameters_the_run_was_created_with(@TempDir Path dir) throws IOException {
        Recipe recipe = RecipeLoader.parse(ExportFixtures.RECIPE_YAML + """
                  panel: [judge-a, judge-b]
                  combine: min
                mode: role-play
                """);
        RunRecord run = new RunCreation(runs, ledger, gateway, new OtherConfiguration(), json, config).create(recipe, RunOptions.DEFAULTS);
        runs.finishRun(run.id(), RunStatus.STOPPED, Optional.of("not executed: only its creation is tested"));
        // The configuration this process runs with names none of those models.
        assertThat(configured.resolve(ModelRole.GENERATOR, Optional.empty()).model()).isEqualTo(ModelEndpoint.OFFLINE_MODEL);

        exporter.export(run.id(), dir, ExportOptions.DEFAULTS);

        String manifestText = Files.readString(dir.resolve("manifest.json"));
        JsonNode models = JSON.readTree(manifestText).get("models");
        assertThat(models.at("/generator/model").asText()).isEqualTo("llama-70b");
        assertThat(models.at("/generator/host").asText()).isEqualTo("gpu-box");
        assertThat(models.at("/generator/temperature").asDouble()).isEqualTo(0.3);
        assertThat(models.at("/generator/topP").isNull()).isTrue();
        assertThat(models.at("/generator/maxTokens").isNull()).isTrue();
        assertThat(models.at("/generator/seed").asText()).isEqualTo(ModelSettings.SEED_NOT_SENT);
        assertThat(models.at("/generator/note").asText()).isEqualTo(ExportSource.ModelInfo.STORED);
        assertThat(models.at("/user/model").asText()).isEqualTo("sim-7b");
        assertThat(models.at("/user/temperature").asDouble()).isEqualTo(0.7);
        assertThat(models.at("/judge/model").asText()).isEqualTo("panel(min): judge-a, judge-b");
        assertThat(models.at("/judge/temperature").asDouble()).isZero();
        assertThat(models.at("/judge/panel").toString()).isEqualTo("[\"judge-a\",\"judge-b\"]");
        assertThat(manifestText).doesNotContain("s3cret", "sk-secret", "t0ken", "ana:");
        assertThat(Files.readString(dir.resolve("README.md")))
                .contains("| generator | `llama-70b` | gpu-box | 0.3 | provider default | provider default |",
                        "| user | `sim-7b` | gpu-box | 0.7 |");

        JsonNode provenance = given().when().get("/api/runs/{id}/provenance", run.id())
                .then().statusCode(200).extract().as(JsonNode.class);
        assertThat(provenance.at("/models/generator/model").asText()).isEqualTo("llama-70b");
        assertThat(provenance.at("/models/judge/combine").asText()).isEqualTo("min");
        assertThat(provenance.get("recipeHash").asText()).isEqualTo(run.recipeHash());
        assertThat(provenance.get("seedSyntheticDepth").asInt()).isZero();
    }

    @Test
    void every_exported_record_and_the_dialogue_view_carry_provenance_derived_from_the_store(@TempDir Path dir)
            throws IOException {
        String runId = storeRevisedDialogue();

        exporter.export(runId, dir, ExportOptions.of("openai,trl", null, null, null, null));

        JsonNode sidecar = JSON.readTree(Files.readAllLines(dir.resolve("train.provenance.jsonl")).getFirst());
        JsonNode trl = JSON.readTree(Files.readAllLines(dir.resolve("train.trl.jsonl")).getFirst()).get("provenance");
        JsonNode rest = given().when().get("/api/runs/{id}/dialogues/{seq}/provenance", runId, 0)
                .then().statusCode(200).extract().as(JsonNode.class);
        for (JsonNode p : List.of(sidecar, trl, rest)) {
            assertThat(p.get("synthetic").asBoolean()).isTrue();
            assertThat(p.get("generator").asText()).isEqualTo("gen-x");
            assertThat(p.get("userSimulator").asText()).as("whole mode: the generator wrote the user turns").isEqualTo("gen-x");
            assertThat(p.get("judge").asText()).isEqualTo("judge-y");
            assertThat(p.get("recipeHash").asText()).isEqualTo(runs.run(runId).recipeHash());
            assertThat(p.at("/promptHashes/write-dialogue.system.md").asText()).isEqualTo(PromptSet.sha256("Write it."));
            assertThat(p.get("seed").asLong()).isEqualTo(5);
            assertThat(p.at("/cell/topic").asText()).isEqualTo("refund");
            assertThat(p.get("score").asDouble()).isEqualTo(4.0);
            assertThat(p.at("/scores/helpfulness").asInt()).isEqualTo(4);
            assertThat(p.get("revisions").asInt()).as("judged twice: revised once").isEqualTo(1);
            assertThat(p.get("seedSyntheticDepth").asInt()).isZero();
        }
        assertThat(rest.get("state").asText()).isEqualTo("accepted");
        given().when().get("/api/runs/{id}/dialogues/{seq}/provenance", runId, 9)
                .then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void the_card_and_manifest_say_which_roles_went_through_the_batch_api_and_who_simulated_the_tools(@TempDir Path dir)
            throws IOException {
        Recipe tools = RecipeLoader.load(Path.of("recipes/ecommerce-support-id-tools.yaml"));
        var batched = new ModelEndpoint(ModelRole.GENERATOR, Optional.of("https://api.example.com/v1"), Optional.empty(),
                "gpt-4o-mini", 0.8, true);
        var judge = new ModelEndpoint(ModelRole.JUDGE, Optional.of("https://api.example.com/v1"), Optional.empty(),
                "judge-y", 0);
        var simulator = new ModelEndpoint(ModelRole.TOOLS, Optional.of("http://tools.local/v1"), Optional.empty(),
                "tool-sim-8b", 0);
        RunModels models = RunModels.of(tools, batched, batched, judge, simulator);
        assertThat(RunModels.parse(models.toJson(json), json)).as("stored and read back").isEqualTo(models);
        assertThat(models.generator().batch()).isTrue();
        assertThat(models.judge().batch()).isFalse();
        assertThat(models.toolSimulator()).hasValueSatisfying(t -> assertThat(t.model()).isEqualTo("tool-sim-8b"));
        assertThat(RunModels.of(RecipeLoader.parse(ExportFixtures.RECIPE_YAML), batched, batched, judge, simulator)
                .toolSimulator()).as("no tools, no simulator").isEmpty();

        String runId = storeRevisedDialogue(RecipeLoader.parse(ExportFixtures.RECIPE_YAML), models);
        exporter.export(runId, dir, ExportOptions.DEFAULTS);

        JsonNode manifest = JSON.readTree(Files.readString(dir.resolve("manifest.json"))).get("models");
        assertThat(manifest.at("/generator/batch").asBoolean()).isTrue();
        assertThat(manifest.at("/judge/batch").isMissingNode()).as("a direct role says nothing of batches").isTrue();
        assertThat(manifest.at("/tools/model").asText()).isEqualTo("tool-sim-8b");
        assertThat(manifest.at("/tools/host").asText()).isEqualTo("tools.local");
        assertThat(Files.readString(dir.resolve("README.md")))
                .contains("| generator | `gpt-4o-mini` | api.example.com | 0.8 | provider default | provider default | "
                        + ExportSource.ModelInfo.STORED + "; " + ExportSource.ModelInfo.BATCH + " |")
                .contains("| tools | `tool-sim-8b` | tools.local | 0 |");
    }

    /** A run whose one dialogue was judged, revised and judged again, written through the store as the engine would. */
    private String storeRevisedDialogue() {
        Recipe recipe = RecipeLoader.parse(ExportFixtures.RECIPE_YAML);
        var endpoint = new ModelEndpoint(ModelRole.GENERATOR, Optional.of("http://models.local/v1"), Optional.empty(), "gen-x", 0.8);
        var models = RunModels.of(recipe, endpoint, endpoint, new ModelEndpoint(ModelRole.JUDGE,
                Optional.of("http://models.local/v1"), Optional.empty(), "judge-y", 0), endpoint);
        return storeRevisedDialogue(recipe, models);
    }

    private String storeRevisedDialogue(Recipe recipe, RunModels models) {
        String recipeJson = RecipeLoader.toTree(recipe).toString();
        String id = java.util.UUID.randomUUID().toString();
        runs.createRun(new RunRecord(id, recipe.name(), RunStatus.RUNNING, recipeJson, PromptSet.sha256(recipeJson),
                "{\"write-dialogue.system.md\":\"Write it.\"}", "gen-x", "judge-y", 1, RunOptions.DEFAULTS, Optional.empty(),
                Instant.now(), Optional.empty()), List.of(new RunRepository.NewItem(0, "topic=refund", "{\"topic\":\"refund\"}", 5)),
                List.of(), List.of(), models.toJson(json));
        String owner = "provenance-test";
        assertThat(queue.claim(id, owner, 1, System.currentTimeMillis(), 60_000)).hasSize(1);
        Dialogue dialogue = parse("""
                {"turns":[{"role":"user","content":"Dana saya belum kembali."},{"role":"assistant","content":"Dana kembali besok."}]}""",
                Dialogue.class);
        Verdict weak = parse("{\"scores\":[{\"criterion\":\"helpfulness\",\"score\":3,\"reason\":\"thin\"}],\"meanScore\":3.0}",
                Verdict.class);
        Verdict good = parse("{\"scores\":[{\"criterion\":\"helpfulness\",\"score\":4,\"reason\":\"ok\"}],\"meanScore\":4.0}",
                Verdict.class);
        assertThat(queue.transition(id, 0, owner, ItemState.PLANNED, ItemState.GENERATING, ItemQueue.ItemUpdate.NONE)).isTrue();
        assertThat(queue.transition(id, 0, owner, ItemState.GENERATING, ItemState.GENERATED,
                new ItemQueue.ItemUpdate(dialogue, null, null, null, null))).isTrue();
        assertThat(queue.transition(id, 0, owner, ItemState.GENERATED, ItemState.JUDGING, ItemQueue.ItemUpdate.NONE)).isTrue();
        assertThat(queue.transition(id, 0, owner, ItemState.JUDGING, ItemState.REVISING,
                new ItemQueue.ItemUpdate(null, weak, 3.0, null, null), new ItemQueue.NewVersion(1, dialogue, weak, 3.0))).isTrue();
        assertThat(queue.transition(id, 0, owner, ItemState.REVISING, ItemState.JUDGING, ItemQueue.ItemUpdate.NONE)).isTrue();
        assertThat(queue.transition(id, 0, owner, ItemState.JUDGING, ItemState.ACCEPTED,
                new ItemQueue.ItemUpdate(null, good, 4.0, null, null), new ItemQueue.NewVersion(2, dialogue, good, 4.0))).isTrue();
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
