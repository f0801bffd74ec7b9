package dev.parley.export;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.parley.dialogue.Turn;
import dev.parley.recipe.Recipe;
import dev.parley.recipe.RecipeLoader;
import dev.parley.run.RunEngine;
import dev.parley.store.CandidatePair;
import dev.parley.store.PreferenceCandidates;
import dev.parley.store.RunOptions;
import dev.parley.store.RunRecord;
import dev.parley.store.RunStatus;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * The candidates a role-play run sampled reach the preference export as the engine paired them: the prompt is
 * the system prompt and the exact history the candidates were sampled after, the sides are the stored replies
 * named by their seeds, and a dialogue a person rejects takes its pairs with it.
 */
@QuarkusTest
class CandidatePairsExportTest {

    @Inject
    RunEngine engine;

    @Inject
    PreferenceCandidates candidates;

    @Inject
    RunExporter exporter;

    @Test
    void sampled_candidates_are_exported_with_the_history_they_saw() throws Exception {
        ObjectNode tree = RecipeLoader.toTree(RecipeLoader.load(Path.of("recipes/ecommerce-support-id-roleplay.yaml")));
        tree.put("count", 12);
        tree.putObject("preference").put("candidates", 3).put("min-margin", 1.0);
        ((ObjectNode) tree.get("judge")).putObject("revise").put("rounds", 0);
        Recipe recipe = RecipeLoader.validate(tree);
        RunRecord run = engine.create(recipe, RunOptions.DEFAULTS);
        assertThat(engine.execute(run.id(), p -> {
        }).status()).isEqualTo(RunStatus.COMPLETED);
        List<CandidatePair> stored = candidates.pairs(run.id());
        assertThat(stored).isNotEmpty();

        List<PreferencePair> exported = exporter.pairs(run.id(), OptionalDouble.empty()).pairs().stream()
                .filter(p -> p.source() == PreferencePair.Source.TURN_CANDIDATES).toList();

        assertThat(exported).hasSameSizeAs(stored);
        for (int i = 0; i < stored.size(); i++) {
            CandidatePair s = stored.get(i);
            PreferencePair e = exported.get(i);
            List<ExportRecord.Message> prompt = new ArrayList<>();
            prompt.add(ExportRecord.Message.of(ExportRecord.SYSTEM, recipe.assistant().systemPrompt()));
            s.history().forEach(t -> prompt.add(ExportRecord.Message.of(t.role(), t.content())));
            assertThat(e.seq()).isEqualTo(s.seq());
            assertThat(e.turn()).isEqualTo(s.turnIndex() + 1);
            assertThat(e.prompt()).isEqualTo(prompt);
            assertThat(e.chosen()).extracting(ExportRecord.Message::content)
                    .containsExactlyElementsOf(s.chosen().stream().map(Turn::content).toList());
            assertThat(e.rejected()).extracting(ExportRecord.Message::content)
                    .containsExactlyElementsOf(s.rejected().stream().map(Turn::content).toList());
            assertThat(e.chosenFrom().key()).isEqualTo("c" + s.chosenSeed());
            assertThat(e.rejectedFrom().key()).isEqualTo("c" + s.rejectedSeed());
            assertThat(e.margin()).isGreaterThanOrEqualTo(1.0);
        }

        Path dir = Files.createTempDirectory("candidate-pairs");
        exporter.export(run.id(), dir, ExportRequest.of("openai,dpo", null, null, null, null, null));
        assertThat(Files.readString(dir.resolve("README.md")))
                .contains("`turn-candidates` " + stored.size())
                .contains("was never judged and is on no side");

        int rejectedSeq = stored.getFirst().seq();
        given().contentType(ContentType.JSON).body(Map.of("accept", false)).when()
                .post("/api/runs/{id}/dialogues/{seq}/review", run.id(), rejectedSeq).then().statusCode(201);
        assertThat(exporter.pairs(run.id(), OptionalDouble.empty()).pairs()).extracting(PreferencePair::seq)
                .doesNotContain(rejectedSeq)
                .hasSize((int) stored.stream().filter(p -> p.seq() != rejectedSeq).count());
        assertThat(exporter.pairs(run.id(), OptionalDouble.empty()).unpaired())
                .containsEntry(CandidatePairs.NOT_ACCEPTED, (int) stored.stream().filter(p -> p.seq() == rejectedSeq).count());
    }
}
