package dev.parley.export;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.inject.Inject;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import dev.parley.dialogue.Turn;
import dev.parley.recipe.RecipeLoader;
import dev.parley.run.GateRecheck;
import dev.parley.run.HumanReview;
import dev.parley.run.RunEngine;
import dev.parley.store.ItemRepository;
import dev.parley.store.RunOptions;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * Issue 15's acceptance: a run of each shipped example, written by the offline demo model, with people's decisions
 * made over REST (two accepted dialogues rejected, one rejected dialogue accepted, one accepted dialogue edited),
 * exported in every format and read back as each trainer reads it. No person-rejected dialogue is in any file; the
 * person-accepted and edited ones are, the edit exactly as written; no turn the judge masked (carried over the edit
 * as the export carries it) is a training target under the configuration Parley documents for OpenAI, Axolotl, TRL,
 * LLaMA-Factory or an Alpaca trainer; every accepted dialogue passes the run's gate chain again; and report.json,
 * the dashboard's run, the runs list and the dataset card show the same figures.
 */
@QuarkusTest
class LastMileAcceptanceTest {

    private static final YAMLMapper YAML = new YAMLMapper();
    private static final List<DatasetExporter> FORMATS = List.of(new OpenAiChatExporter(), new TrlChatExporter(),
            new ShareGptExporter(), new AlpacaExporter(), new ParquetExporter());
    /** A sentence a person adds to the last assistant reply, in the example's language. */
    private static final Map<String, String> ADDED = Map.of(
            "en", " I have also added a note about this to your support ticket.",
            "id", " Saya juga sudah menambahkan catatan tentang hal ini di tiket bantuan Anda.");

    @Inject
    RunEngine engine;
    @Inject
    RunExporter exporter;
    @Inject
    HumanReview review;
    @Inject
    ItemRepository items;

    /** A dialogue as the REST API shows it: its messages, and the 1-based positions the judge masked. */
    private record Shown(int seq, List<Turn> turns, Set<Integer> masked, String gate) {

        static Shown of(JsonNode view) {
            List<Turn> turns = new ArrayList<>();
            view.at("/dialogue/turns").forEach(t -> turns.add(new Turn(t.get("role").asText(), t.get("content").asText())));
            Set<Integer> masked = new HashSet<>();
            view.at("/verdict/maskedTurns").forEach(n -> masked.add(n.asInt()));
            return new Shown(view.get("seq").asInt(), turns, masked, view.path("gate").asText(""));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"saas-helpdesk-en.yaml", "ecommerce-support-id.yaml"})
    void people_masks_revisions_and_figures_reach_every_trainer(String example, @TempDir Path dir) throws Exception {
        var recipe = RecipeLoader.load(Path.of("recipes", example));
        String run = engine.create(recipe, RunOptions.DEFAULTS).id();
        engine.execute(run, p -> {
        });
        assertThat(given().when().get("/api/runs/{id}", run).then().statusCode(200).extract().<String>path("status"))
                .isEqualTo("completed");

        List<Shown> accepted = shown(run, "accepted");
        List<Shown> rejected = shown(run, "rejected");
        assertThat(accepted).as("accepted dialogues to decide on").hasSizeGreaterThanOrEqualTo(3);
        assertThat(rejected).as("rejected dialogues to decide on").isNotEmpty();

        // Two accepted dialogues rejected by a person.
        List<Integer> personRejected = List.of(accepted.get(0).seq(), accepted.get(1).seq());
        for (int seq : personRejected) {
            review(run, seq, false).statusCode(201);
        }
        // A rejected dialogue accepted: one the judge turned away, else one a person fixed first.
        var acceptedByPerson = acceptOne(run, rejected, ADDED.get(recipe.language()));
        int personAccepted = acceptedByPerson.getKey();
        // An accepted dialogue edited: preferably one with a masked turn, so that the masks are carried over an edit.
        Shown judged = accepted.subList(2, accepted.size()).stream().filter(s -> !s.masked().isEmpty()).findFirst()
                .orElse(accepted.get(2));
        List<Turn> edited = new ArrayList<>(judged.turns());
        int last = edited.size() - 1;
        while (!edited.get(last).isAssistant()) {
            last--;
        }
        edited.set(last, new Turn(Turn.ASSISTANT, edited.get(last).content() + ADDED.get(recipe.language())));
        edit(run, judged.seq(), edited);

        // What the export now holds, and the masks each of those dialogues carries as the export maps them: the
        // judge's, carried over a person's edit to the turns it left unchanged.
        Map<String, Shown> inExport = new LinkedHashMap<>();
        Map<String, Set<String>> maskedTexts = new HashMap<>();
        int maskedCount = 0;
        for (Shown s : shown(run, "accepted")) {
            Shown beforeEdit = s.seq() == judged.seq() ? judged : s.seq() == personAccepted ? rejected.stream()
                    .filter(r -> r.seq() == personAccepted).findFirst().orElseThrow() : s;
            Set<Integer> masked = EditedMasks.carry(beforeEdit.turns(), s.turns(), beforeEdit.masked());
            Set<String> texts = new HashSet<>();
            masked.forEach(p -> texts.add(s.turns().get(p - 1).content()));
            maskedCount += texts.size();
            inExport.put(run + "/" + s.seq(), s);
            maskedTexts.put(run + "/" + s.seq(), texts);
        }
        assertThat(inExport).doesNotContainKeys(run + "/" + personRejected.get(0), run + "/" + personRejected.get(1))
                .containsKeys(run + "/" + personAccepted, run + "/" + judged.seq());
        assertThat(inExport.get(run + "/" + judged.seq()).turns()).isEqualTo(edited);
        assertThat(inExport.get(run + "/" + personAccepted).turns()).isEqualTo(acceptedByPerson.getValue());

        Map<String, byte[]> files = exportPackage(run);
        Map<String, List<JsonNode>> rows = new HashMap<>();
        for (DatasetExporter format : FORMATS) {
            rows.put(format.format(), format instanceof ParquetExporter ? duckdb(files.get(format.fileName("train")), dir)
                    : FormatReader.rows(format, files.get(format.fileName("train"))));
        }

        // OpenAI lines carry no id: the provenance sidecar names each line's dialogue, line for line.
        List<JsonNode> sidecar = FormatReader.rows(new OpenAiChatExporter(), files.get("train.provenance.jsonl"));
        List<JsonNode> openai = rows.get("openai");
        assertThat(sidecar).hasSameSizeAs(openai);
        Map<String, JsonNode> openaiById = new LinkedHashMap<>();
        for (int i = 0; i < openai.size(); i++) {
            openaiById.put(sidecar.get(i).get("id").asText(), openai.get(i));
        }
        Map<String, JsonNode> shareGptById = byProvenanceId(rows.get("sharegpt"));
        Map<String, List<JsonNode>> trlById = groupedByProvenanceId(rows.get("trl"));
        Map<String, List<JsonNode>> parquetById = new HashMap<>();
        rows.get("parquet").forEach(r -> parquetById.computeIfAbsent(r.get("id").asText(), k -> new ArrayList<>()).add(r));

        // Every dialogue of the export is in the OpenAI and ShareGPT files, and nothing else is.
        assertThat(openaiById.keySet()).containsExactlyInAnyOrderElementsOf(inExport.keySet());
        assertThat(shareGptById.keySet()).containsExactlyInAnyOrderElementsOf(inExport.keySet());
        // TRL rows and LLaMA-Factory's Parquet rows end before a masked turn, so a dialogue whose first reply is
        // masked has no row; every other one has.
        Set<String> withRows = new HashSet<>();
        inExport.forEach((id, s) -> {
            int firstReply = firstAssistant(s.turns());
            if (!maskedTexts.get(id).contains(s.turns().get(firstReply).content())) {
                withRows.add(id);
            }
        });
        assertThat(trlById.keySet()).containsExactlyInAnyOrderElementsOf(withRows);
        assertThat(parquetById.keySet()).containsExactlyInAnyOrderElementsOf(withRows);
        for (int seq : personRejected) {
            Shown gone = accepted.stream().filter(s -> s.seq() == seq).findFirst().orElseThrow();
            for (int p = 0; p < gone.turns().size(); p++) {
                if (gone.turns().get(p).isAssistant()) {
                    assertThat(alpacaRowsOf(rows.get("alpaca"), gone.turns().subList(0, p + 1),
                            recipe.assistant().systemPrompt())).as("Alpaca row of person-rejected " + seq).isEmpty();
                }
            }
        }

        // The edit is exported exactly as the person wrote it.
        assertThat(withoutSystem(openaiById.get(run + "/" + judged.seq()).get("messages"), "role", "content"))
                .isEqualTo(edited);
        assertThat(withoutSystem(openaiById.get(run + "/" + personAccepted).get("messages"), "role", "content"))
                .isEqualTo(acceptedByPerson.getValue());
        assertThat(withoutSystem(shareGptById.get(run + "/" + judged.seq()).get("conversations"), "from", "value")
                .stream().map(Turn::content).toList()).isEqualTo(edited.stream().map(Turn::content).toList());

        // No masked turn is a training target under any trainer's documented configuration.
        JsonNode axolotl = YAML.readTree(files.get(TrainerConfigs.AXOLOTL));
        JsonNode llamaFactory = FormatReader.JSON.readTree(files.get(TrainerConfigs.LLAMA_FACTORY));
        for (String id : inExport.keySet()) {
            Set<String> masked = maskedTexts.get(id);
            assertThat(openAiTargets(openaiById.get(id))).filteredOn(masked::contains).as("OpenAI, " + id).isEmpty();
            for (JsonNode dataset : axolotl.get("datasets")) {
                JsonNode row = dataset.get("path").asText().equals("train.jsonl") ? openaiById.get(id)
                        : shareGptById.get(id);
                List<String> targets = new ArrayList<>();
                row.get(dataset.get("field_messages").asText()).forEach(m -> {
                    if (TrainingTargetsTest.axolotlTrains(dataset, m)) {
                        targets.add(m.get(dataset.at("/message_property_mappings/content").asText()).asText());
                    }
                });
                assertThat(targets).filteredOn(masked::contains)
                        .as("Axolotl on " + dataset.get("path").asText() + ", " + id)
                        .isEmpty();
            }
            for (JsonNode row : trlById.getOrDefault(id, List.of())) {
                assertThat(assistantTexts(row.get("messages"), "role", "content", "assistant"))
                        .filteredOn(masked::contains).as("TRL, " + id)
                        .isEmpty();
            }
            for (var info : (Iterable<Map.Entry<String, JsonNode>>) llamaFactory::fields) {
                JsonNode tags = info.getValue().get("tags");
                String column = info.getValue().at("/columns/messages").asText();
                String file = info.getValue().get("file_name").asText();
                List<JsonNode> ofId = file.endsWith(".parquet") ? parquetById.getOrDefault(id, List.of())
                        : trlById.getOrDefault(id, List.of());
                for (JsonNode row : ofId) {
                    assertThat(assistantTexts(row.get(column), tags.get("role_tag").asText(),
                            tags.get("content_tag").asText(), tags.get("assistant_tag").asText()))
                            .filteredOn(masked::contains).as("LLaMA-Factory on " + file + ", " + id).isEmpty();
                }
            }
            List<Turn> turns = inExport.get(id).turns();
            for (int p = 0; p < turns.size(); p++) {
                if (masked.contains(turns.get(p).content())) {
                    assertThat(alpacaRowsOf(rows.get("alpaca"), turns.subList(0, p + 1), recipe.assistant()
                            .systemPrompt())).as("Alpaca output of masked turn " + (p + 1) + " of " + id).isEmpty();
                }
            }
        }
        assertThat(maskedCount).as("turns the judge masked in the exported dialogues").isPositive();
        // Every accepted dialogue, revised, edited or accepted by a person, passes the run's gates again.
        for (Shown s : inExport.values()) {
            assertThat(GateRecheck.rejection(review, items, run, s.seq())).as("gates on dialogue " + s.seq()).isEmpty();
        }

        // report.json, the dashboard's run, the runs list and the card agree, and count the people's decisions.
        SharedFiguresTest.assertSameFigures(exporter, run, dir.resolve("package"));
        JsonNode report = FormatReader.JSON.readTree(dir.resolve("package").resolve(RunExporter.REPORT).toFile());
        assertThat(report.at("/counts/accepted").asInt()).isEqualTo(inExport.size());
    }

    private static io.restassured.response.ValidatableResponse review(String run, int seq, boolean accept) {
        return given().contentType(ContentType.JSON).body(Map.of("accept", accept)).when()
                .post("/api/runs/{id}/dialogues/{seq}/review", run, seq).then();
    }

    /**
     * Accepts a rejected dialogue over REST: the first the judge turned away that passes the gates. A dialogue a gate
     * turned away is turned away again (422, naming that gate); when the judge rejected none (the offline demo model
     * is judged leniently, and its rejections are all planted gate faults), a person first fixes a dialogue the
     * repetition gate rejected by rewording its repeated reply, then accepts it.
     *
     * @return the accepted dialogue's number and the messages it now has
     */
    private static Map.Entry<Integer, List<Turn>> acceptOne(String run, List<Shown> rejected, String added) {
        for (Shown s : rejected) {
            var response = review(run, s.seq(), true).extract();
            if (s.gate().equals("judge") && response.statusCode() == 201) {
                return Map.entry(s.seq(), s.turns());
            }
            assertThat(response.statusCode()).as("accepting gate-rejected " + s.seq()).isEqualTo(422);
            assertThat(response.<String>path("detail")).contains("fails the " + s.gate() + " gate");
        }
        Shown repeated = rejected.stream().filter(s -> s.gate().equals("repetition")).findFirst()
                .orElseThrow(() -> new AssertionError("no dialogue of run " + run + " to accept"));
        List<Turn> fixed = new ArrayList<>();
        Set<String> said = new HashSet<>();
        for (Turn t : repeated.turns()) {
            fixed.add(t.isAssistant() && said.contains(t.content()) ? new Turn(t.role(), t.content() + added) : t);
            said.add(t.content());
        }
        assertThat(fixed).as("a repeated reply reworded").isNotEqualTo(repeated.turns());
        edit(run, repeated.seq(), fixed);
        review(run, repeated.seq(), true).statusCode(201);
        return Map.entry(repeated.seq(), fixed);
    }

    private static void edit(String run, int seq, List<Turn> turns) {
        List<Map<String, String>> body = turns.stream().map(t -> Map.of("role", t.role(), "content", t.content()))
                .toList();
        given().contentType(ContentType.JSON).body(Map.of("messages", body)).when()
                .post("/api/runs/{id}/dialogues/{seq}/edit", run, seq).then().statusCode(201);
    }

    private static List<Shown> shown(String run, String status) {
        JsonNode page = given().queryParam("status", status).queryParam("limit", 500).when()
                .get("/api/runs/{id}/dialogues", run).then().statusCode(200).extract().as(JsonNode.class);
        assertThat(page.get("total").asInt()).isEqualTo(page.get("items").size());
        List<Shown> shown = new ArrayList<>();
        page.get("items").forEach(v -> shown.add(Shown.of(v)));
        return shown;
    }

    private static Map<String, byte[]> exportPackage(String run) throws Exception {
        byte[] zip = given().queryParam("format", "openai,trl,sharegpt,alpaca,parquet").queryParam("split", "1").when()
                .get("/api/runs/{id}/export.zip", run).then().statusCode(200).extract().asByteArray();
        return ExportZip.entries(zip);
    }

    /** The Parquet file's rows through DuckDB: its id and its messages as JSON. */
    private static List<JsonNode> duckdb(byte[] parquet, Path dir) throws Exception {
        Path file = Files.createTempFile(dir, "export-", ".parquet");
        Files.write(file, parquet);
        return FormatReader.duckdb(file, "id, messages");
    }

    private static Map<String, JsonNode> byProvenanceId(List<JsonNode> rows) {
        Map<String, JsonNode> byId = new LinkedHashMap<>();
        rows.forEach(r -> assertThat(byId.put(r.at("/provenance/id").asText(), r)).as("one line per dialogue").isNull());
        return byId;
    }

    private static Map<String, List<JsonNode>> groupedByProvenanceId(List<JsonNode> rows) {
        Map<String, List<JsonNode>> byId = new LinkedHashMap<>();
        rows.forEach(r -> byId.computeIfAbsent(r.at("/provenance/id").asText(), k -> new ArrayList<>()).add(r));
        return byId;
    }

    private static int firstAssistant(List<Turn> turns) {
        for (int i = 0; i < turns.size(); i++) {
            if (turns.get(i).isAssistant()) {
                return i;
            }
        }
        throw new AssertionError("a dialogue without a reply: " + turns);
    }

    /** OpenAI fine-tuning trains an assistant message unless its weight is 0. */
    private static List<String> openAiTargets(JsonNode line) {
        List<String> targets = new ArrayList<>();
        line.get("messages").forEach(m -> {
            if (m.get("role").asText().equals("assistant") && m.path("weight").asInt(1) != 0) {
                targets.add(m.get("content").asText());
            }
        });
        return targets;
    }

    /** TRL's assistant-only loss and LLaMA-Factory train every assistant message of a row. */
    private static List<String> assistantTexts(JsonNode messages, String roleKey, String contentKey, String assistant) {
        List<String> texts = new ArrayList<>();
        messages.forEach(m -> {
            if (m.get(roleKey).asText().equals(assistant)) {
                texts.add(m.get(contentKey).asText());
            }
        });
        return texts;
    }

    private static List<Turn> withoutSystem(JsonNode messages, String roleKey, String contentKey) {
        List<Turn> turns = new ArrayList<>();
        messages.forEach(m -> {
            String role = m.get(roleKey).asText();
            if (!role.equals("system")) {
                turns.add(new Turn(role, m.get(contentKey).asText()));
            }
        });
        return turns;
    }

    /**
     * The Alpaca rows that train on the last reply of {@code prefix}: the output is that reply, the instruction ends
     * with the user message before it and the input holds the messages before that. (An Alpaca row names no
     * dialogue, and closing replies repeat across dialogues.)
     */
    private static List<JsonNode> alpacaRowsOf(List<JsonNode> alpaca, List<Turn> prefix, String systemPrompt) {
        int reply = prefix.size() - 1;
        while (!prefix.get(reply).isAssistant()) {
            reply--;
        }
        String output = prefix.get(reply).content();
        String asked = reply > 0 ? prefix.get(reply - 1).content() : systemPrompt;
        List<Turn> history = prefix.subList(0, Math.max(0, reply - 1));
        return alpaca.stream().filter(r -> r.get("output").asText().equals(output)
                && r.get("instruction").asText().endsWith(asked) && holdsInOrder(r.get("input").asText(), history))
                .toList();
    }

    /** Whether every message of the history is in the text, in the history's order. */
    private static boolean holdsInOrder(String text, List<Turn> history) {
        int from = 0;
        for (Turn t : history) {
            int at = text.indexOf(t.content(), from);
            if (at < 0) {
                return false;
            }
            from = at + t.content().length();
        }
        return true;
    }
}
