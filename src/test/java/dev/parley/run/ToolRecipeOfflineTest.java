package dev.parley.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.parley.dialogue.Cell;
import dev.parley.dialogue.Dialogue;
import dev.parley.dialogue.ToolCall;
import dev.parley.dialogue.Turn;
import dev.parley.export.RunReport;
import dev.parley.export.RunReporter;
import dev.parley.generate.DialogueBrief;
import dev.parley.generate.RecipeToolResults;
import dev.parley.llm.CallContext;
import dev.parley.llm.ModelCall;
import dev.parley.llm.ModelEndpoints;
import dev.parley.llm.ModelGateway;
import dev.parley.llm.ModelRole;
import dev.parley.llm.PromptSet;
import dev.parley.quality.DeclaredToolGate;
import dev.parley.quality.GroundedAnswerGate;
import dev.parley.quality.ToolArgumentsGate;
import dev.parley.quality.ToolResultsGate;
import dev.parley.recipe.Recipe;
import dev.parley.recipe.RecipeLoader;
import dev.parley.store.ItemRecord;
import dev.parley.store.ItemRepository;
import dev.parley.store.ItemState;
import dev.parley.store.RunOptions;
import dev.parley.store.RunRecord;
import dev.parley.store.RunStatus;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The Indonesian example with tools, end to end on the offline demo model: accepted dialogues call the declared
 * tools and answer from their results, the demo's planted tool faults are each turned away by the gate that names
 * them, and the tool results of a played-out call come from the recipe's fixtures or the tool simulator.
 */
@QuarkusTest
class ToolRecipeOfflineTest {

    private static final Path RECIPE = Path.of("recipes/ecommerce-support-id-tools.yaml");

    @Inject
    RunEngine engine;
    @Inject
    ItemRepository items;
    @Inject
    RunReporter reporter;
    @Inject
    ModelGateway gateway;
    @Inject
    ModelEndpoints endpoints;

    @Test
    void the_tool_recipe_runs_offline_and_every_tool_gate_turns_away_its_planted_fault() {
        Recipe recipe = RecipeLoader.load(RECIPE).withCount(80);
        RunRecord run = engine.create(recipe, RunOptions.DEFAULTS);
        assertThat(engine.execute(run.id(), p -> {
        }).status()).isEqualTo(RunStatus.COMPLETED);
        RunReport report = reporter.report(run.id());

        List<ItemRecord> all = items.items(run.id(), Optional.empty(), 500, 0);
        List<Dialogue> accepted = all.stream().filter(i -> i.state() == ItemState.ACCEPTED)
                .map(i -> i.dialogue().orElseThrow()).toList();
        assertThat(accepted).hasSizeGreaterThan(40);
        assertThat(accepted).filteredOn(d -> d.turns().stream().anyMatch(Turn::callsTools)).hasSizeGreaterThan(20)
                .allSatisfy(d -> {
                    for (Turn t : d.turns()) {
                        for (ToolCall c : t.toolCalls()) {
                            assertThat(recipe.tools().function(c.name())).as(c.name()).isPresent();
                        }
                    }
                });
        assertThat(report.rejectedByGate()).containsKeys(DeclaredToolGate.GATE, ToolArgumentsGate.GATE,
                ToolResultsGate.GATE, GroundedAnswerGate.GATE);
        assertThat(all).filteredOn(i -> i.gate().equals(Optional.of(DeclaredToolGate.GATE)))
                .allSatisfy(i -> assertThat(i.reason().orElseThrow()).contains("names a tool the recipe does not declare"));
        assertThat(report.meanScores()).containsKeys("right-tool", "right-arguments", "grounded-answer",
                "asks-missing-argument");
        // A scenario that needs no tool calls none; one that needs a lookup makes one before the answer.
        assertThat(all).filteredOn(i -> i.state() == ItemState.ACCEPTED && i.cellKey().contains("tool-scenario=no-tool-needed"))
                .isNotEmpty().allSatisfy(i -> assertThat(i.dialogue().orElseThrow().turns()).noneMatch(Turn::callsTools));
        assertThat(all).filteredOn(i -> i.state() == ItemState.ACCEPTED && i.cellKey().contains("tool-scenario=needs-lookup"))
                .isNotEmpty().allSatisfy(i -> assertThat(i.dialogue().orElseThrow().turns()).anyMatch(Turn::callsTools));
    }

    @Test
    void a_played_out_call_gets_the_fixture_that_answers_it_else_the_tool_simulators_result() throws Exception {
        Recipe recipe = RecipeLoader.load(RECIPE);
        PromptSet prompts = PromptSet.load(Optional.empty(), recipe.judge().rubric(), true);
        RecipeToolResults results = RecipeToolResults.of(recipe, gateway, endpoints, prompts);
        List<ModelCall> calls = new ArrayList<>();
        CallContext context = new CallContext(calls::add, false);
        DialogueBrief error = brief("tool-error");
        DialogueBrief lookup = brief("needs-lookup");
        List<Turn> history = List.of(new Turn(Turn.USER, "Pesanan saya INV-48213 di mana?"));

        String fixture = results.resultOf(call("INV-48213"), error, history, context);
        String notFound = results.resultOf(call("INV-01234"), lookup, history, context);
        assertThat(calls).as("fixtures make no model call").isEmpty();
        String simulated = results.resultOf(call("INV-48213"), lookup, history, context);

        assertThat(fixture).isEqualTo("{\"error\":\"layanan pelacakan sedang gangguan\"}");
        assertThat(notFound).isEqualTo("{\"error\":\"pesanan tidak ditemukan\"}");
        JsonNode result = new ObjectMapper().readTree(simulated);
        assertThat(result.get("nomor_pesanan").asText()).isEqualTo("INV-48213");
        assertThat(result.get("status").asText()).isNotBlank();
        assertThat(calls).singleElement().satisfies(c -> assertThat(c.role()).isEqualTo(ModelRole.TOOLS));
        assertThat(results.resultOf(call("INV-48213"), lookup, history, context)).as("the same call, the same result")
                .isEqualTo(simulated);
    }

    private static ToolCall call(String order) {
        return new ToolCall("call_1", "cek_status_pesanan", "{\"nomor_pesanan\": \"" + order + "\"}");
    }

    private static DialogueBrief brief(String scenario) {
        return new DialogueBrief("Kamu adalah asisten layanan pelanggan TokoKita.", "id",
                new Cell(Map.of("topic", "status pesanan", "tool-scenario", scenario, "mood", "tenang")), 4, 7L);
    }
}
