package dev.parley.export;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

import jakarta.inject.Inject;

import org.hamcrest.Matchers;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.parley.cli.CdiCommandFactory;
import dev.parley.cli.ParleyCommand;
import dev.parley.dialogue.Turn;
import dev.parley.judge.TurnScore;
import dev.parley.recipe.Recipe;
import dev.parley.recipe.RecipeLoader;
import dev.parley.run.RunEngine;
import dev.parley.store.ItemHistory;
import dev.parley.store.ItemVersion;
import dev.parley.store.RunOptions;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import picocli.CommandLine;

/**
 * Both shipped examples, revision on, written and judged by the offline demo model, give per-turn preference pairs:
 * each pair's chosen turn beats its rejected turn by the margin, and its prompt is, recomputed here from the stored
 * versions, the history both versions had before that turn. The pairs reach the files over REST and the command
 * line, each in its dialogue's split; a person's rejection takes a dialogue's pairs away; a bad format or margin is a
 * problem naming the parameter, or one line and exit 2.
 */
@QuarkusTest
class PreferencePairsExamplesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    RunEngine engine;
    @Inject
    RunExporter exporter;
    @Inject
    ItemHistory history;
    @Inject
    CdiCommandFactory commands;

    @ParameterizedTest
    @ValueSource(strings = {"saas-helpdesk-en.yaml", "ecommerce-support-id.yaml"})
    void revisions_give_exact_per_turn_pairs_that_reach_every_preference_file(String example, @TempDir Path dir)
            throws Exception {
        Recipe recipe = RecipeLoader.load(Path.of("recipes", example));
        assertThat(recipe.judge().revise().rounds()).as("revision on").isPositive();
        assertThat(recipe.judge().revise().mode()).isEqualTo(Recipe.Revise.TURNS);
        String run = engine.create(recipe, RunOptions.DEFAULTS).id();
        exportsExactPairs(run, recipe, PreferencePair.Source.TURN_REVISION, dir);
    }

    @ParameterizedTest
    @ValueSource(strings = {"saas-helpdesk-en.yaml", "ecommerce-support-id.yaml"})
    void whole_dialogue_revisions_give_pairs_at_their_first_differing_turn(String example, @TempDir Path dir)
            throws Exception {
        String yaml = Files.readString(Path.of("recipes", example), StandardCharsets.UTF_8);
        assertThat(yaml).contains("\njudge:\n");
        Recipe recipe = RecipeLoader.parse(yaml.replace("\njudge:\n", "\njudge:\n  revise: { mode: whole }\n")
                + "\nexport: { formats: [kto] }\n");
        assertThat(recipe.judge().revise().mode()).isEqualTo(Recipe.Revise.WHOLE);
        String run = engine.create(recipe, RunOptions.DEFAULTS).id();
        exportsExactPairs(run, recipe, PreferencePair.Source.DIALOGUE_REVISION, dir);

        // A recipe whose export section names only a preference format exports that by default.
        int pairs = exporter.pairs(run, OptionalDouble.empty()).pairs().size();
        String kto = given().when().get("/api/runs/{id}/export", run).then().statusCode(200).extract().asString();
        assertThat(kto.lines()).hasSize(2 * pairs);
        Map<String, byte[]> files = ExportZip.entries(given().when().get("/api/runs/{id}/export.zip", run).then()
                .statusCode(200).extract().asByteArray());
        assertThat(files).containsKeys("train.kto.jsonl", "train.kto.parquet", "README.md", "manifest.json")
                .doesNotContainKeys("train.jsonl", "train.provenance.jsonl");
        assertThat(rows(files.get("train.kto.jsonl"))).hasSize(2 * pairs)
                .allSatisfy(row -> assertThat(ConsumerRules.trlKto(row)).isEmpty());
    }

    private void exportsExactPairs(String run, Recipe recipe, PreferencePair.Source source, Path dir) throws Exception {
        engine.execute(run, p -> {
        });

        PreferencePairs pairs = exporter.pairs(run, OptionalDouble.empty());
        assertThat(pairs.minMargin()).isEqualTo(recipe.preference().minMargin());
        assertThat(pairs.pairs()).as("per-turn pairs").isNotEmpty()
                .allSatisfy(p -> assertThat(p.source()).isEqualTo(source));
        for (PreferencePair pair : pairs.pairs()) {
            assertThat(pair.chosenScore() - pair.rejectedScore()).as(pair.id()).isGreaterThanOrEqualTo(pairs.minMargin());
            checkAgainstTheStore(run, recipe, pair);
        }

        // Over REST, in every preference format with a split: a dialogue's pairs land in its own split.
        byte[] zip = given().queryParam("format", "trl,dpo,kto,openai-preference").queryParam("split", "0.5,0.5")
                .queryParam("seed", 3).when().get("/api/runs/{id}/export.zip", run)
                .then().statusCode(200).extract().asByteArray();
        Map<String, byte[]> files = ExportZip.entries(zip);
        Map<String, String> splitOf = new HashMap<>();
        int dpoRows = 0;
        for (String split : List.of("train", "validation")) {
            rows(files.get(split + ".provenance.jsonl")).forEach(p -> splitOf.put(p.get("id").asText(), split));
        }
        for (String split : List.of("train", "validation")) {
            for (JsonNode row : rows(files.get(split + ".dpo.jsonl"))) {
                assertThat(ConsumerRules.trlPreference(row)).isEmpty();
                assertThat(splitOf.get(run + "/" + row.at("/provenance/seq").asInt())).isEqualTo(split);
                dpoRows++;
            }
            assertThat(rows(files.get(split + ".kto.jsonl"))).hasSize(2 * rows(files.get(split + ".dpo.jsonl")).size());
            rows(files.get(split + ".openai-preference.jsonl"))
                    .forEach(line -> assertThat(ConsumerRules.openAiPreference(line)).isEmpty());
            assertThat(files).containsKeys(split + ".dpo.parquet", split + ".kto.parquet",
                    split + ".openai-preference.provenance.jsonl");
        }
        assertThat(dpoRows).isEqualTo(pairs.pairs().size());
        assertThat(new String(files.get("README.md"), StandardCharsets.UTF_8)).contains("## Preference pairs",
                pairs.pairs().size() + " pair(s)", "`" + source.key() + "` " + pairs.pairs().size());

        // One file of one format.
        String dpo = given().queryParam("format", "dpo").when().get("/api/runs/{id}/export", run)
                .then().statusCode(200).extract().asString();
        assertThat(dpo.lines()).hasSize(pairs.pairs().size());
        String none = given().queryParam("format", "dpo").queryParam("minMargin", 5).when()
                .get("/api/runs/{id}/export", run).then().statusCode(200).extract().asString();
        assertThat(none).as("no 1..5 turn score pair has a margin of 5").isEmpty();

        // Bad input names the parameter.
        badRequest(run, Map.of("format", "dpo", "minMargin", "-1"), "minMargin");
        badRequest(run, Map.of("format", "dpo", "minMargin", "lots"), "minMargin");
        badRequest(run, Map.of("format", "dpo,dop"), "format");

        // The command line writes the same files, and refuses a bad margin in one line with exit 2.
        Cli ok = cli("export", run, "--out", dir.resolve("cli").toString(), "--format", "dpo,kto,openai-preference",
                "--min-margin", "1.5");
        assertThat(ok.exit()).as(ok.err()).isZero();
        long strict = pairs.pairs().stream().filter(p -> p.margin() >= 1.5).count();
        assertThat(Files.readAllLines(dir.resolve("cli/train.dpo.jsonl"))).hasSize((int) strict);
        assertThat(Files.readAllLines(dir.resolve("cli/train.openai-preference.jsonl"))).hasSize((int) strict);
        assertThat(dir.resolve("cli/train.kto.parquet")).exists();
        Cli bad = cli("export", run, "--out", dir.resolve("bad").toString(), "--format", "dpo", "--min-margin", "-0.5");
        assertThat(bad.exit()).isEqualTo(ParleyCommand.BAD_INPUT);
        assertThat(bad.err().lines().toList()).containsExactly("parley: --min-margin must be a number ≥ 0, got -0.5");
        assertThat(dir.resolve("bad")).doesNotExist();

        // A dialogue a person rejects no longer reaches the trainer, so its pairs go too.
        int rejectedSeq = pairs.pairs().getFirst().seq();
        given().contentType(ContentType.JSON).body(Map.of("accept", false)).when()
                .post("/api/runs/{id}/dialogues/{seq}/review", run, rejectedSeq).then().statusCode(201);
        assertThat(exporter.pairs(run, OptionalDouble.empty()).pairs()).extracting(PreferencePair::seq)
                .doesNotContain(rejectedSeq)
                .hasSize((int) pairs.pairs().stream().filter(p -> p.seq() != rejectedSeq).count());
    }

    /**
     * The pair as the stored versions say it must be: the prompt is the system prompt and the messages before the
     * turn, the same in both versions; the sides are that turn in each version, with the judge's turn scores.
     */
    private void checkAgainstTheStore(String run, Recipe recipe, PreferencePair pair) {
        List<ItemVersion> versions = history.versions(run, pair.seq());
        ItemVersion chosen = versions.stream().filter(v -> v.version() == pair.chosenFrom().version().getAsInt())
                .findFirst().orElseThrow();
        ItemVersion rejected = versions.stream().filter(v -> v.version() == pair.rejectedFrom().version().getAsInt())
                .findFirst().orElseThrow();
        assertThat(chosen.author()).isNull();
        assertThat(rejected.author()).isNull();
        int before = pair.turn() - 1;
        List<Turn> historyOfChosen = chosen.dialogue().turns().subList(0, before);
        List<Turn> historyOfRejected = rejected.dialogue().turns().subList(0, before);
        assertThat(historyOfChosen).as("both versions had the same history").isEqualTo(historyOfRejected);
        assertThat(pair.prompt().getFirst()).isEqualTo(ExportRecord.Message.of("system", recipe.assistant().systemPrompt()));
        assertThat(pair.prompt().subList(1, pair.prompt().size()))
                .extracting(m -> m.role() + ": " + m.content())
                .containsExactlyElementsOf(historyOfRejected.stream().map(t -> t.role() + ": " + t.content()).toList());
        Turn chosenTurn = chosen.dialogue().turns().get(before);
        Turn rejectedTurn = rejected.dialogue().turns().get(before);
        assertThat(chosenTurn.isAssistant()).isTrue();
        assertThat(pair.chosen()).containsExactly(ExportRecord.Message.of("assistant", chosenTurn.content()));
        assertThat(pair.rejected()).containsExactly(ExportRecord.Message.of("assistant", rejectedTurn.content()));
        assertThat(pair.chosenScore()).isEqualTo(turnScore(chosen, pair.turn()));
        assertThat(pair.rejectedScore()).isEqualTo(turnScore(rejected, pair.turn()));
        assertThat(rejected.verdict().maskedTurns()).as("the rewritten turn was a weak one").contains(pair.turn());
    }

    private static double turnScore(ItemVersion version, int turn) {
        return version.verdict().turns().stream().filter(t -> t.turn() == turn).mapToInt(TurnScore::score).findFirst()
                .orElseThrow();
    }

    private static void badRequest(String run, Map<String, String> query, String field) {
        given().queryParams(query).when().get("/api/runs/{id}/export.zip", run).then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", Matchers.equalTo(field));
        given().queryParams(query).when().get("/api/runs/{id}/export", run).then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", Matchers.equalTo(field));
    }

    private static List<JsonNode> rows(byte[] jsonl) throws Exception {
        List<JsonNode> rows = new ArrayList<>();
        for (String line : new String(jsonl, StandardCharsets.UTF_8).split("\n")) {
            if (!line.isBlank()) {
                rows.add(JSON.readTree(line));
            }
        }
        return rows;
    }

    private record Cli(int exit, String err) {
    }

    private Cli cli(String... args) {
        CommandLine cli = ParleyCommand.commandLine(commands);
        var err = new StringWriter();
        cli.setErr(new PrintWriter(err));
        cli.getSubcommands().values().forEach(sub -> sub.setErr(new PrintWriter(err)));
        int exit = cli.execute(args);
        return new Cli(exit, err.toString());
    }
}
