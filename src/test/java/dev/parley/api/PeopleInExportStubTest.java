package dev.parley.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.zip.ZipInputStream;

import jakarta.inject.Inject;

import org.duckdb.DuckDBDriver;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.parley.bench.OpenAiStubServer;
import dev.parley.export.ExportZip;
import dev.parley.bench.OpenAiStubServer.Reply;
import dev.parley.judge.RubricJudge;
import dev.parley.llm.InjectOpenAiStub;
import dev.parley.llm.OpenAiStubResource;
import dev.parley.recipe.RecipeLoader;
import dev.parley.run.RunEngine;
import dev.parley.store.RunOptions;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * What a person decided reaches every exported file: an edit's masks follow the judge's masked turn only while
 * it is unchanged (a turn pair inserted before it moves the mask, a rewrite of it lifts the mask), every format
 * trains on exactly the turns that leaves, and the TRL, ShareGPT and Parquet records and the provenance sidecar
 * carry the decisions and the version's author. The single-file and mixed exports fold the system prompt as the
 * recipe or the request says.
 *
 * <p>The stub writes four messages per dialogue, each naming its topic, and its judge scores the first
 * assistant turn (message 2) 1, under the default rubric's turn floor of 3, so that turn is masked; the
 * voucher dialogue scores 2 overall and is rejected.
 */
@QuarkusTest
@WithTestResource(OpenAiStubResource.class)
class PeopleInExportStubTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SYSTEM = "You are the help desk of Stubshop.";

    @InjectOpenAiStub
    OpenAiStubServer stub;

    @Inject
    RunEngine engine;

    @BeforeEach
    void answer() {
        stub.reset();
        stub.respondWith(request -> switch (OpenAiStubServer.schemaName(request)) {
            case RubricJudge.VERDICT_SCHEMA -> Reply.ok(maskingVerdict(OpenAiStubServer.criteria(request),
                    OpenAiStubServer.userMessage(request).contains("topic voucher") ? 2 : 5));
            case OpenAiStubServer.DIALOGUE -> Reply.ok(dialogue(topicOf(OpenAiStubServer.cellValues(request))));
            default -> OpenAiStubServer.defaultReply(request);
        });
    }

    private static String topicOf(String cellValues) {
        for (String topic : List.of("refund", "delivery", "voucher")) {
            if (cellValues.contains(topic)) {
                return topic;
            }
        }
        throw new AssertionError("no topic in " + cellValues);
    }

    /** Four messages, each naming the topic, so that every text of the run is its dialogue's own. */
    private static String dialogue(String topic) {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode list = root.putArray("messages");
        list.addObject().put("role", "user").put("content", "I have a question about my " + topic + ", topic " + topic + ".");
        list.addObject().put("role", "assistant").put("content", "Weak reply about the " + topic + ".");
        list.addObject().put("role", "user").put("content", "And how long does the " + topic + " take?");
        list.addObject().put("role", "assistant").put("content", "Good reply: the " + topic + " takes three days.");
        return root.toString();
    }

    private static String maskingVerdict(List<String> criteria, int score) {
        try {
            ObjectNode verdict = (ObjectNode) JSON.readTree(OpenAiStubServer.verdict(criteria, score));
            ArrayNode turns = verdict.putArray("turns");
            turns.addObject().put("turn", 2).put("score", 1).put("reason", "too weak to learn from");
            turns.addObject().put("turn", 4).put("score", 5).put("reason", "fine");
            return verdict.toString();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private String finishedRun(String name, long seed, String export) {
        var run = engine.create(RecipeLoader.parse("""
                name: %s
                language: en
                count: 3
                seed: %d
                turns: { min: 4, max: 6 }
                assistant: { system-prompt: %s }
                dimensions:
                  topic: [refund, delivery, voucher]
                judge: { threshold: 3.5, recheck: 0, revise: { rounds: 0 } }
                checks: { near-duplicate: 0 }
                %s
                """.formatted(name, seed, SYSTEM, export)), RunOptions.DEFAULTS);
        engine.execute(run.id(), p -> {
        });
        return run.id();
    }

    private static int seqOf(String run, String topic) {
        return given().queryParam("cell", "topic:" + topic).when().get("/api/runs/{id}/dialogues", run)
                .then().statusCode(200).extract().jsonPath().getInt("items[0].seq");
    }

    private static Map<String, String> message(String role, String content) {
        return Map.of("role", role, "content", content);
    }

    private static void edit(String run, int seq, List<Map<String, String>> messages) {
        given().contentType(ContentType.JSON).body(Map.of("messages", messages)).when()
                .post("/api/runs/{id}/dialogues/{seq}/edit", run, seq).then().statusCode(201);
    }

    private static Map<String, byte[]> exportPackage(String run) throws Exception {
        byte[] zip = given().queryParam("format", "all").queryParam("split", "1").when()
                .get("/api/runs/{id}/export.zip", run).then().statusCode(200).extract().asByteArray();
        return ExportZip.entries(zip);
    }

    private static List<JsonNode> lines(byte[] file) throws Exception {
        List<JsonNode> rows = new ArrayList<>();
        for (String line : new String(file, StandardCharsets.UTF_8).lines().toList()) {
            rows.add(JSON.readTree(line));
        }
        return rows;
    }

    /**
     * The assistant texts each format makes training targets under the configuration the README documents:
     * OpenAI and ShareGPT train an assistant message unless its weight is 0, TRL and Parquet (TRL's
     * assistant-only loss, LLaMA-Factory) every assistant message of a row, Alpaca every output.
     */
    private static Map<String, List<String>> targets(Map<String, byte[]> files, Path dir) throws Exception {
        Map<String, List<String>> targets = new HashMap<>();
        List<String> openai = new ArrayList<>();
        lines(files.get("train.jsonl")).forEach(r -> r.get("messages").forEach(m -> {
            if (m.get("role").asText().equals("assistant") && m.path("weight").asInt(1) != 0) {
                openai.add(m.get("content").asText());
            }
        }));
        targets.put("openai", openai);
        List<String> sharegpt = new ArrayList<>();
        lines(files.get("train.sharegpt.jsonl")).forEach(r -> r.get("conversations").forEach(m -> {
            if (m.get("from").asText().equals("gpt") && m.path("weight").asInt(1) != 0) {
                sharegpt.add(m.get("value").asText());
            }
        }));
        targets.put("sharegpt", sharegpt);
        List<String> trl = new ArrayList<>();
        lines(files.get("train.trl.jsonl")).forEach(r -> r.get("messages").forEach(m -> {
            if (m.get("role").asText().equals("assistant")) {
                trl.add(m.get("content").asText());
            }
        }));
        targets.put("trl", trl);
        List<String> alpaca = new ArrayList<>();
        lines(files.get("train.alpaca.jsonl")).forEach(r -> alpaca.add(r.get("output").asText()));
        targets.put("alpaca", alpaca);
        List<String> parquet = new ArrayList<>();
        duckdb(files.get("train.parquet"), dir, "SELECT m.role, m.content FROM (SELECT unnest(messages) AS m FROM %s)",
                (role, content) -> {
                    if (role.equals("assistant")) {
                        parquet.add(content);
                    }
                });
        targets.put("parquet", parquet);
        return targets;
    }

    /** The provenance of every record of the package by id: sidecar, TRL, ShareGPT and (through DuckDB) Parquet. */
    private static Map<String, Map<String, JsonNode>> provenance(Map<String, byte[]> files, Path dir) throws Exception {
        Map<String, Map<String, JsonNode>> byFile = new HashMap<>();
        for (String name : List.of("train.provenance.jsonl", "train.trl.jsonl", "train.sharegpt.jsonl")) {
            Map<String, JsonNode> byId = new HashMap<>();
            for (JsonNode row : lines(files.get(name))) {
                JsonNode p = row.has("provenance") ? row.get("provenance") : row;
                byId.put(p.get("id").asText(), p);
            }
            byFile.put(name, byId);
        }
        Map<String, JsonNode> byId = new HashMap<>();
        duckdb(files.get("train.parquet"), dir, "SELECT id, provenance FROM %s", (id, provenance) -> {
            try {
                byId.put(id, JSON.readTree(provenance));
            } catch (java.io.IOException e) {
                throw new AssertionError("Parquet provenance is not JSON: " + provenance, e);
            }
        });
        byFile.put("train.parquet", byId);
        return byFile;
    }

    /** Reads a Parquet file with DuckDB: the query's two columns of each row ({@code %s} is the file's table). */
    private static void duckdb(byte[] parquet, Path dir, String query, java.util.function.BiConsumer<String, String> row)
            throws Exception {
        Path file = Files.createTempFile(dir, "export-", ".parquet");
        Files.write(file, parquet);
        String table = "read_parquet('" + file.toAbsolutePath().toString().replace("'", "''") + "')";
        try (Connection db = new DuckDBDriver().connect("jdbc:duckdb:", new Properties());
                Statement sql = db.createStatement();
                ResultSet rows = sql.executeQuery(query.formatted(table))) {
            while (rows.next()) {
                row.accept(rows.getString(1), rows.getString(2));
            }
        }
    }

    @Test
    void an_edit_moves_a_mask_with_its_unchanged_turn_and_lifts_it_from_a_rewritten_one(@org.junit.jupiter.api.io.TempDir
            Path dir) throws Exception {
        String run = finishedRun("people-masks", 821, "");
        int refund = seqOf(run, "refund");
        int delivery = seqOf(run, "delivery");
        JsonNode judgedRefund = JSON.readTree(dialogue("refund")).get("messages");
        JsonNode judgedDelivery = JSON.readTree(dialogue("delivery")).get("messages");
        List<Map<String, String>> inserted = new ArrayList<>(List.of(
                message("user", "Before anything: do you deliver refunds to a gift card?"),
                message("assistant", "Yes, a refund can go to a Stubshop gift card if you ask for it.")));
        judgedRefund.forEach(m -> inserted.add(message(m.get("role").asText(), m.get("content").asText())));
        List<Map<String, String>> rewritten = new ArrayList<>();
        judgedDelivery.forEach(m -> rewritten.add(message(m.get("role").asText(), m.get("content").asText())));
        rewritten.set(1, message("assistant", "Parcels leave our warehouse within one working day of the order."));

        edit(run, refund, inserted);
        edit(run, delivery, rewritten);

        Map<String, byte[]> files = exportPackage(run);
        Map<String, List<String>> targets = targets(files, dir);
        String weakRefund = "Weak reply about the refund.";
        String goodRefund = "Good reply: the refund takes three days.";
        String insertedReply = inserted.get(1).get("content");
        String goodDelivery = "Good reply: the delivery takes three days.";
        String rewrittenReply = rewritten.get(1).get("content");
        for (String format : List.of("openai", "sharegpt", "alpaca")) {
            assertThat(targets.get(format)).as(format + ": the moved mask stays on the judge's weak turn")
                    .containsExactlyInAnyOrder(insertedReply, goodRefund, rewrittenReply, goodDelivery);
        }
        for (String format : List.of("trl", "parquet")) {
            assertThat(targets.get(format)).as(format + ": rows end before a masked turn")
                    .containsExactlyInAnyOrder(insertedReply, rewrittenReply, goodDelivery);
        }
        List<JsonNode> openai = lines(files.get("train.jsonl"));
        List<JsonNode> sidecar = lines(files.get("train.provenance.jsonl"));
        for (int i = 0; i < openai.size(); i++) {
            JsonNode messages = openai.get(i).get("messages");
            if (sidecar.get(i).get("position").asInt() == refund) {
                // The system prompt, the inserted pair, then the judged dialogue: its weak reply is message 4.
                assertThat(messages.get(4).get("content").asText()).isEqualTo(weakRefund);
                assertThat(messages.get(4).get("weight").asInt()).as("the mask moved two messages on").isZero();
                assertThat(messages.get(2).path("weight").asInt(1)).isEqualTo(1);
                assertThat(sidecar.get(i).get("maskedTurns").asInt()).isEqualTo(1);
            } else {
                assertThat(sidecar.get(i).get("maskedTurns").asInt()).as("the rewritten turn is a person's").isZero();
            }
        }
    }

    @Test
    void every_format_with_provenance_carries_the_people_decisions_and_the_version_author(
            @org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        String run = finishedRun("people-provenance", 822, "");
        int refund = seqOf(run, "refund");
        int voucher = seqOf(run, "voucher");
        List<Map<String, String>> edited = new ArrayList<>();
        JSON.readTree(dialogue("refund")).get("messages").forEach(m -> edited.add(message(m.get("role").asText(),
                m.get("content").asText())));
        // The judge's masked turn rewritten, so that the TRL and Parquet rows keep the dialogue too.
        edited.set(1, message("assistant", "Refunds reach your card within three working days of the return."));
        edit(run, refund, edited);
        given().contentType(ContentType.JSON).body(Map.of("accept", true)).when()
                .post("/api/runs/{id}/dialogues/{seq}/review", run, voucher).then().statusCode(201);

        Map<String, Map<String, JsonNode>> provenance = provenance(exportPackage(run), dir);

        for (var file : provenance.entrySet()) {
            JsonNode edit = file.getValue().get(run + "/" + refund);
            assertThat(edit.get("author").asText()).as(file.getKey()).isEqualTo("anonymous");
            assertThat(edit.get("decisions")).as(file.getKey()).hasSize(1);
            assertThat(edit.at("/decisions/0/action").asText()).isEqualTo("edit");
            assertThat(edit.at("/decisions/0/by").asText()).isEqualTo("anonymous");
            assertThat(edit.at("/decisions/0/at").asText()).isNotBlank();
            if (file.getKey().contains("trl") || file.getKey().contains("parquet")) {
                // The other dialogues open with the masked turn, so TRL's rows, which end before one, leave them out.
                assertThat(file.getValue()).as(file.getKey()).containsOnlyKeys(run + "/" + refund);
                continue;
            }
            JsonNode accept = file.getValue().get(run + "/" + voucher);
            assertThat(accept.get("author").isNull()).as(file.getKey() + ": the model wrote it").isTrue();
            assertThat(accept.at("/decisions/0/action").asText()).as(file.getKey()).isEqualTo("accept");
            JsonNode untouched = file.getValue().get(run + "/" + seqOf(run, "delivery"));
            assertThat(untouched.get("decisions")).as(file.getKey()).isEmpty();
        }
        JsonNode endpoint = given().when().get("/api/runs/{id}/dialogues/{seq}/provenance", run, refund).then()
                .statusCode(200).extract().as(JsonNode.class);
        assertThat(endpoint.get("decisions")).isEqualTo(provenance.get("train.trl.jsonl").get(run + "/" + refund)
                .get("decisions"));
    }

    private static JsonNode firstMessage(String body) throws Exception {
        return JSON.readTree(body.lines().findFirst().orElseThrow()).at("/messages/0");
    }

    @Test
    void the_single_file_export_folds_the_system_prompt_as_the_recipe_says_unless_the_request_says_otherwise()
            throws Exception {
        String run = finishedRun("fold-by-recipe", 823, "export: { fold-system: true }");

        JsonNode folded = firstMessage(given().when().get("/api/runs/{id}/export", run).then().statusCode(200)
                .extract().asString());
        JsonNode kept = firstMessage(given().queryParam("foldSystem", false).when().get("/api/runs/{id}/export", run)
                .then().statusCode(200).extract().asString());

        assertThat(folded.get("role").asText()).isEqualTo("user");
        assertThat(folded.get("content").asText()).startsWith(SYSTEM + "\n\nI have a question about my");
        assertThat(kept.get("role").asText()).isEqualTo("system");
        assertThat(kept.get("content").asText()).isEqualTo(SYSTEM);
    }

    @Test
    void the_single_file_and_mixed_exports_fold_the_system_prompt_when_the_request_asks() throws Exception {
        String run = finishedRun("fold-by-request", 824, "");
        String real = "{\"messages\": [{\"role\": \"user\", \"content\": \"Is the shop open on Sunday?\"},"
                + " {\"role\": \"assistant\", \"content\": \"Yes, from ten to four.\"}]}\n";

        JsonNode plain = firstMessage(given().when().get("/api/runs/{id}/export", run).then().statusCode(200)
                .extract().asString());
        JsonNode folded = firstMessage(given().queryParam("foldSystem", true).when().get("/api/runs/{id}/export", run)
                .then().statusCode(200).extract().asString());
        byte[] zip = given().contentType("application/jsonl").body(real.getBytes(StandardCharsets.UTF_8))
                .queryParam("foldSystem", true)
                .queryParam("split", "1").when().post("/api/runs/{id}/export.zip", run).then().statusCode(200)
                .extract().asByteArray();

        assertThat(plain.get("role").asText()).isEqualTo("system");
        assertThat(folded.get("role").asText()).isEqualTo("user");
        assertThat(folded.get("content").asText()).startsWith(SYSTEM + "\n\n");
        List<JsonNode> mixed = new ArrayList<>();
        try (var in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (var entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                if (entry.getName().equals("train.jsonl")) {
                    mixed.addAll(lines(in.readAllBytes()));
                }
            }
        }
        assertThat(mixed).hasSize(3).allSatisfy(r -> {
            assertThat(r.at("/messages/0/role").asText()).isEqualTo("user");
            assertThat(r.at("/messages/0/content").asText()).startsWith(SYSTEM + "\n\n");
        });
        JsonNode manifest = JSON.readTree(unzipEntry(zip, "manifest.json"));
        assertThat(manifest.at("/export/foldSystem").asBoolean()).isTrue();
    }

    private static byte[] unzipEntry(byte[] zip, String name) throws Exception {
        try (var in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (var entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                if (entry.getName().equals(name)) {
                    return in.readAllBytes();
                }
            }
        }
        throw new AssertionError("no " + name);
    }
}
