package dev.parley.plan;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.parley.bench.OpenAiStubServer;
import dev.parley.bench.OpenAiStubServer.Recorded;
import dev.parley.bench.OpenAiStubServer.Reply;
import dev.parley.export.RunReport;
import dev.parley.export.RunReporter;
import dev.parley.llm.InjectOpenAiStub;
import dev.parley.llm.ModelCallException;
import dev.parley.llm.OpenAiStubResource;
import dev.parley.recipe.Recipe;
import dev.parley.recipe.RecipeLoader;
import dev.parley.run.RunEngine;
import dev.parley.store.RunOptions;
import dev.parley.store.RunStatus;
import dev.parley.store.ItemRecord;
import dev.parley.store.RunRecord;
import dev.parley.store.CallLedger;
import dev.parley.store.ItemRepository;
import dev.parley.store.RunRepository;
import io.quarkus.test.common.WithTestResource;
import io.restassured.http.ContentType;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A topic tree expanded by the model through the real OpenAI client: the stub's answers become the
 * stored values, the plan covers exactly them, and the run writes dialogues about them.
 */
@QuarkusTest
@WithTestResource(OpenAiStubResource.class)
class ExpansionStubTest {

    private static final Pattern PATH = Pattern.compile("^path: (.*)$", Pattern.MULTILINE);
    /** The tree the stub hands out: the path's last item to its children. */
    private static final Map<String, List<String>> TREE = Map.of(
            "problems of online shoppers", List.of("billing", "shipping"),
            "billing", List.of("double charge", "card declined"),
            "shipping", List.of("late parcel", "wrong address"));

    @InjectOpenAiStub
    OpenAiStubServer stub;

    @Inject
    RunEngine engine;

    @Inject
    RunRepository runs;

    @Inject
    ItemRepository items;

    @Inject
    CallLedger ledger;

    @Inject
    RunReporter reporter;

    @Inject
    ObjectMapper json;

    @BeforeEach
    void answerExpansions() {
        stub.reset();
        stub.respondWith(request -> {
            if (!"expansion".equals(OpenAiStubServer.schemaName(request))) {
                return OpenAiStubServer.defaultReply(request);
            }
            Matcher m = PATH.matcher(OpenAiStubServer.userMessage(request));
            String path = m.find() ? m.group(1) : "";
            String parent = path.substring(path.lastIndexOf(" > ") < 0 ? 0 : path.lastIndexOf(" > ") + 3);
            var root = json.createObjectNode();
            TREE.getOrDefault(parent, List.of()).forEach(root.putArray("values")::add);
            return Reply.ok(root.toString());
        });
    }

    private static Recipe recipe(long seed) {
        return RecipeLoader.parse(yaml(seed));
    }

    private static String yaml(long seed) {
        return ("""
                name: expand-stub
                language: en
                count: 8
                seed: %d
                turns: { min: 4, max: 4 }
                assistant: { system-prompt: You are the help desk of Stubshop. }
                dimensions:
                  topic: { expand: { topics: problems of online shoppers, depth: 2, breadth: 2 } }
                  mood: [calm, angry]
                judge: { recheck: 0 }
                checks: { near-duplicate: 0 }
                """.formatted(seed));
    }

    @Test
    void the_leaves_of_the_expanded_tree_become_the_values_the_run_covers() throws Exception {
        RunRecord run = engine.create(recipe(98011), RunOptions.DEFAULTS);

        // One call for the root, one per branch, each asking for the expansion schema with the path.
        List<Recorded> expansionCalls = stub.requests(r -> r.schemaName().equals("expansion"));
        assertThat(expansionCalls).hasSize(3);
        assertThat(expansionCalls.get(0).userText()).contains("path: problems of online shoppers", "count: 2",
                "You are the help desk of Stubshop.");
        Recipe stored = RecipeLoader.validate(json.readTree(run.recipe()));
        assertThat(stored.dimensions().get("topic")).containsExactly("double charge", "card declined", "late parcel", "wrong address");
        assertThat(stored.coverage().expand()).isEmpty();
        // 4 topics × 2 moods = 8 cells, 8 dialogues: each cell once.
        List<ItemRecord> planned = items.items(run.id(), java.util.Optional.empty(), 100, 0);
        assertThat(planned).extracting(ItemRecord::cellKey).doesNotHaveDuplicates().hasSize(8)
                .allMatch(k -> k.matches("topic=(double charge|card declined|late parcel|wrong address)\\|mood=(calm|angry)"));

        assertThat(engine.execute(run.id(), p -> {
        }).status()).isEqualTo(RunStatus.COMPLETED);

        assertThat(stub.requests(r -> r.schemaName().equals("dialogue"))).extracting(Recorded::userText)
                .anyMatch(t -> t.contains("topic: late parcel"));
        RunReport report = reporter.report(run.id());
        assertThat(report.counts()).containsEntry("accepted", 8);
        assertThat(json.valueToTree(report.coverage().get("expanded")).toString()).isEqualTo("""
                {"topic":{"expansion":{"kind":"topics","description":"problems of online shoppers","depth":2,"breadth":2},\
                "tree":[{"billing":["double charge","card declined"]},{"shipping":["late parcel","wrong address"]}]}}""");
        assertThat(report.tokens().get("generator").get("input")).as("expansion calls count in the run's spend").isPositive();
    }

    @Test
    void a_second_run_of_the_same_recipe_expands_from_the_cache() {
        engine.create(recipe(98012), RunOptions.DEFAULTS);
        int calls = stub.requests().size();

        RunRecord again = engine.create(recipe(98012), RunOptions.DEFAULTS);

        assertThat(stub.requests()).hasSize(calls);
        assertThat(ledger.cacheHits(again.id())).isEqualTo(3);
    }

    @Test
    void expansion_calls_stop_at_the_run_s_budget_and_nothing_is_stored() {
        var tiny = new RunOptions(false, false, OptionalLong.of(1), OptionalDouble.empty());
        int runsBefore = runs.listRuns(1000, 0).size();

        var e = catchThrowableOfType(ModelCallException.class, () -> engine.create(recipe(98014), tiny));

        assertThat(e.kind()).isEqualTo(ModelCallException.Kind.BUDGET);
        assertThat(e).hasMessageStartingWith("the budget ran out while the generator model expanded the recipe's"
                + " dimensions, before the run began (token budget reached: ");
        assertThat(stub.requests(r -> r.schemaName().equals("expansion"))).as("the first call spent the budget").hasSize(1);
        assertThat(runs.listRuns(1000, 0)).hasSize(runsBefore);
    }

    @Test
    void over_rest_a_budget_too_small_for_the_expansion_is_a_422_problem() {
        String detail = given().contentType(ContentType.JSON).body(Map.of("yaml", yaml(98015))).queryParam("maxTokens", 1)
                .queryParam("cache", false).when().post("/api/runs").then().statusCode(422)
                .contentType("application/problem+json").body("type", org.hamcrest.Matchers.endsWith("/budget-reached"))
                .extract().path("detail");
        assertThat(detail).contains("before the run began", "token budget reached");
    }

    @Test
    void over_rest_an_expansion_the_model_cannot_answer_is_a_502_problem_naming_it() {
        stub.respondWith(request -> Reply.ok("{\"values\": []}"));

        String detail = given().contentType(ContentType.JSON).body(Map.of("yaml", yaml(98016))).queryParam("cache", false)
                .when().post("/api/runs").then().statusCode(502).contentType("application/problem+json")
                .body("type", org.hamcrest.Matchers.endsWith("/model-call-failed")).extract().path("detail");
        assertThat(detail).contains("expansion");
    }

    @Test
    void too_few_values_from_the_model_is_a_malformed_answer() {
        stub.respondWith(request -> "expansion".equals(OpenAiStubServer.schemaName(request))
                ? Reply.ok("{\"values\": [\"only one\", \"only one\"]}") : OpenAiStubServer.defaultReply(request));

        var e = org.assertj.core.api.Assertions.catchThrowable(() -> engine.create(recipe(98013), RunOptions.DEFAULTS));

        assertThat(e).hasMessageContaining("asked for 2 distinct values, got 1");
    }
}
