package dev.parley.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.parley.export.RunReport;
import dev.parley.export.RunReporter;
import dev.parley.quality.LanguageCheck;
import dev.parley.quality.RoleLeakageCheck;
import dev.parley.recipe.Recipe;
import dev.parley.recipe.RecipeLoader;
import dev.parley.store.ItemRecord;
import dev.parley.store.ItemState;
import dev.parley.store.RunOptions;
import dev.parley.store.RunRecord;
import dev.parley.store.ItemRepository;
import dev.parley.store.RunStatus;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The example recipes end to end with the offline demo model, in whole and role-play mode: every
 * planned cell shows in the report's coverage table, and the demo's dialogues pass the language and
 * role-leakage gates.
 */
@QuarkusTest
class ExampleRecipesOfflineTest {

    @Inject
    RunEngine engine;
    @Inject
    ItemRepository items;
    @Inject
    RunReporter reporter;

    private RunReport run(Recipe recipe) {
        RunRecord run = engine.create(recipe, RunOptions.DEFAULTS);
        assertThat(engine.execute(run.id(), p -> {
        }).status()).isEqualTo(RunStatus.COMPLETED);
        return reporter.report(run.id());
    }

    private List<ItemRecord> items(RunReport report) {
        return items.items(report.runId(), Optional.empty(), 500, 0);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> coverageTable(RunReport report) {
        return (List<Map<String, Object>>) report.coverage().get("table");
    }

    @Test
    void the_indonesian_role_play_recipe_shows_every_planned_cell_in_its_coverage_table() {
        Recipe recipe = RecipeLoader.load(Path.of("recipes/ecommerce-support-id-roleplay.yaml"));
        assertThat(recipe.mode()).isEqualTo(Recipe.ROLE_PLAY);

        RunReport report = run(recipe);

        List<ItemRecord> items = items(report);
        assertThat(items).hasSize(40);
        Set<String> planned = new HashSet<>();
        items.forEach(i -> planned.add(i.cellKey()));
        List<Map<String, Object>> table = coverageTable(report);
        assertThat(table).extracting(row -> (String) row.get("cell")).containsExactlyInAnyOrderElementsOf(planned);
        assertThat(table).extracting(row -> (Integer) row.get("planned")).allMatch(n -> n >= 1)
                .as("planned dialogues over all cells").satisfies(n -> assertThat(n.stream().mapToInt(x -> x).sum()).isEqualTo(40));
        assertThat(report.coverage()).containsEntry("cells", planned.size());
        for (Map<String, Object> row : table) {
            long accepted = items.stream().filter(i -> i.cellKey().equals(row.get("cell")) && i.state() == ItemState.ACCEPTED).count();
            assertThat(row.get("accepted")).isEqualTo((int) accepted);
        }
        assertThat(report.counts().get("accepted")).isGreaterThan(20);
        assertThat(report.rejectedByGate()).doesNotContainKeys(LanguageCheck.GATE, RoleLeakageCheck.GATE);
        // Role-play dialogues are written turn by turn: the user simulator and the assistant both called.
        assertThat(report.modelCalls()).containsKeys("user", "generator");
    }

    @Test
    void both_example_recipes_run_in_both_modes_and_pass_the_language_and_role_gates() {
        for (String file : List.of("recipes/ecommerce-support-id.yaml", "recipes/saas-helpdesk-en.yaml")) {
            Recipe whole = RecipeLoader.load(Path.of(file)).withCount(20);
            for (Recipe recipe : List.of(whole, asRolePlay(whole))) {
                RunReport report = run(recipe);
                assertThat(report.counts().get("accepted")).as(file + " " + recipe.mode()).isGreaterThan(10);
                assertThat(report.rejectedByGate()).as(file + " " + recipe.mode())
                        .doesNotContainKeys(LanguageCheck.GATE, RoleLeakageCheck.GATE);
            }
        }
    }

    @Test
    void a_recipe_in_two_languages_gets_them_in_the_weighted_proportion_and_writes_each_in_its_own() {
        var tree = RecipeLoader.toTree(RecipeLoader.load(Path.of("recipes/saas-helpdesk-en.yaml")).withCount(20));
        tree.putObject("language").put("en", 0.75).put("id", 0.25);

        RunReport report = run(RecipeLoader.validate(tree));

        List<ItemRecord> items = items(report);
        assertThat(items).filteredOn(i -> i.cellKey().endsWith("|language=en")).hasSize(15);
        assertThat(items).filteredOn(i -> i.cellKey().endsWith("|language=id")).hasSize(5);
        assertThat(report.acceptanceByValue()).containsKey("language");
        assertThat(report.rejectedByGate()).doesNotContainKeys(LanguageCheck.GATE, RoleLeakageCheck.GATE);
        assertThat(items).filteredOn(i -> i.cellKey().endsWith("|language=id") && i.dialogue().isPresent())
                .isNotEmpty().allSatisfy(i -> assertThat(i.dialogue().get().text()).containsAnyOf("saya", "Saya", "kak", "Baik"));
    }

    private static Recipe asRolePlay(Recipe recipe) {
        var tree = RecipeLoader.toTree(recipe);
        tree.put("mode", Recipe.ROLE_PLAY);
        return RecipeLoader.validate(tree);
    }
}
