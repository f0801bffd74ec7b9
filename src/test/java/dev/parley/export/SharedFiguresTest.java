package dev.parley.export;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.parley.recipe.RecipeLoader;
import dev.parley.run.RunEngine;
import dev.parley.store.RunOptions;
import io.quarkus.test.junit.QuarkusTest;

/**
 * report.json, the run as the dashboard reads it ({@code GET /api/runs/{id}}), the runs list and the
 * dataset card show the same value for every figure they share: progress, counts, score histogram,
 * distinct-2 and cells covered. Checked on a completed run, a cancelled one and one with adaptive
 * top-ups, all written by the offline demo model.
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SharedFiguresTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    RunEngine engine;
    @Inject
    RunExporter exporter;

    private final List<String> runs = new ArrayList<>();

    private static String recipe(String name, int count, String extra) {
        return """
                name: %s
                language: en
                count: %d
                seed: 4711
                turns: { min: 2, max: 6 }
                assistant: { system-prompt: You are the help desk of Stubshop. }
                dimensions:
                  topic: [refund, delivery, voucher]
                  persona: [student, retiree]
                judge: { recheck: 0, revise: { rounds: 0 } }
                %s
                """.formatted(name, count, extra);
    }

    @BeforeAll
    void makeRuns() {
        String completed = engine.create(RecipeLoader.parse(recipe("figures-completed", 12, "")), RunOptions.DEFAULTS).id();
        engine.execute(completed, p -> {
        });
        runs.add(completed);

        String cancelled = engine.create(RecipeLoader.parse(recipe("figures-cancelled", 600, "")), RunOptions.DEFAULTS).id();
        var once = new AtomicBoolean();
        engine.execute(cancelled, p -> {
            if (p.done() > 0 && once.compareAndSet(false, true)) {
                engine.cancel(cancelled);
            }
        });
        runs.add(cancelled);

        String toppedUp = engine.create(RecipeLoader.parse(recipe("figures-top-ups", 30,
                "coverage: { adaptive: { max-extra: 1.0 } }")), RunOptions.DEFAULTS).id();
        engine.execute(toppedUp, p -> {
        });
        runs.add(toppedUp);
    }

    Stream<String> runs() {
        return runs.stream();
    }

    @ParameterizedTest
    @MethodSource("runs")
    void report_dashboard_runs_list_and_card_show_the_same_figures(String id, @TempDir Path dir) throws IOException {
        assertSameFigures(exporter, id, dir);
    }

    /**
     * Exports the run into {@code dir} and asserts that report.json, {@code GET /api/runs/{id}}, the runs list and
     * the dataset card show the same value for every figure they share.
     */
    static void assertSameFigures(RunExporter exporter, String id, Path dir) throws IOException {
        exporter.export(id, dir, ExportOptions.of("openai", null, null, null, null));
        JsonNode file = JSON.readTree(dir.resolve(RunExporter.REPORT).toFile());
        JsonNode dashboard = JSON.readTree(given().when().get("/api/runs/{id}", id).then().statusCode(200).extract().asString());
        JsonNode listed = listed(id);
        String card = Files.readString(dir.resolve(DatasetCard.FILE));

        for (String figure : List.of("/counts", "/scoreHistogram", "/diversity/distinct2", "/coverage/cellsCovered",
                "/coverage/cells")) {
            assertThat(dashboard.at(figure)).as(figure).isEqualTo(file.at(figure));
        }
        assertThat(listed.get("done").asInt()).isEqualTo(file.at("/counts/done").asInt());
        assertThat(listed.get("total").asInt()).isEqualTo(file.at("/counts/total").asInt());
        assertThat(listed.get("accepted").asInt()).isEqualTo(file.at("/counts/accepted").asInt());
        assertThat(file.at("/counts/total").asInt()).isEqualTo(file.at("/counts/planned").asInt()
                + file.at("/counts/topUps").asInt());
        assertThat(file.at("/counts/done").asInt()).isEqualTo(file.at("/counts/total").asInt()
                - file.at("/counts/unfinished").asInt());

        // The histogram holds every judged dialogue: as many as the dialogue browser finds with a score.
        int judged = given().queryParam("maxScore", 5).queryParam("limit", 1).when().get("/api/runs/{id}/dialogues", id)
                .then().statusCode(200).extract().path("total");
        int binned = 0;
        var bins = new ArrayList<String>();
        for (var it = file.get("scoreHistogram").fields(); it.hasNext();) {
            var bin = it.next();
            binned += bin.getValue().asInt();
            if (bin.getValue().asInt() > 0) {
                bins.add(bin.getKey() + ": " + bin.getValue().asInt());
            }
        }
        assertThat(binned).isEqualTo(judged);
        assertThat(card).contains("per mean judge score: " + (bins.isEmpty() ? "none" : String.join(", ", bins)) + ".");
        assertThat(card).contains("Planned cells with an accepted dialogue: " + file.at("/coverage/cellsCovered").asInt()
                + " of " + file.at("/coverage/cells").asInt());
        assertThat(card).contains(" / " + DatasetCard.fmt(file.at("/diversity/distinct2").asDouble()) + " (distinct words");
        assertThat(card).contains("| accepted | " + file.at("/counts/accepted").asInt() + " |");
    }

    @ParameterizedTest
    @MethodSource("runs")
    void each_run_is_the_case_it_stands_for(String id) throws IOException {
        JsonNode report = JSON.readTree(given().when().get("/api/runs/{id}", id).then().statusCode(200).extract().asString());
        switch (report.get("recipe").asText()) {
            case "figures-cancelled" -> {
                assertThat(report.get("status").asText()).isEqualTo("stopped");
                assertThat(report.at("/counts/unfinished").asInt()).isPositive();
            }
            case "figures-top-ups" -> assertThat(report.at("/counts/topUps").asInt()).isPositive();
            default -> assertThat(report.get("status").asText()).isEqualTo("completed");
        }
    }

    private static JsonNode listed(String id) throws IOException {
        JsonNode page = JSON.readTree(given().queryParam("limit", 500).when().get("/api/runs").then().statusCode(200)
                .extract().asString());
        for (JsonNode run : page.get("items")) {
            if (run.get("id").asText().equals(id)) {
                return run;
            }
        }
        throw new AssertionError("run " + id + " is not in the list");
    }
}
