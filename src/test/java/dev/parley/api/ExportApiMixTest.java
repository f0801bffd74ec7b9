package dev.parley.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.parley.recipe.RecipeLoader;
import dev.parley.store.ItemState;
import dev.parley.run.RunEngine;
import dev.parley.store.RunOptions;
import dev.parley.store.RunStatus;
import dev.parley.store.ItemQueue;
import dev.parley.store.RunOptions;
import dev.parley.store.RunStatus;
import io.quarkus.test.junit.QuarkusTest;

/** {@code POST /api/runs/{id}/export.zip}: the export package mixed with real dialogues sent as the body. */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExportApiMixTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String JSONL = "application/jsonl; charset=UTF-8";
    private static final String PROBLEM = "application/problem+json";
    /** Four real dialogues: two OpenAI lines (one without a system prompt), a blank line, two ShareGPT lines. */
    private static final String REAL = """
            {"messages":[{"role":"user","content":"Paket saya belum sampai."},{"role":"assistant","content":"Boleh minta nomor resinya?"}]}
            {"messages":[{"role":"system","content":"Asisten toko."},{"role":"user","content":"Bisa COD?"},{"role":"assistant","content":"Bisa, untuk Jawa."}]}

            {"conversations":[{"from":"human","value":"Voucher saya hilang."},{"from":"gpt","value":"Saya cek dulu ya."}]}
            {"conversations":[{"from":"human","value":"Refund kapan?"},{"from":"gpt","value":"Tiga hari kerja."}]}
            """;

    /**
     * Without the response cache: the run neither reuses nor leaves answers, so other test classes
     * running the same recipe still see their own model calls.
     */
    private static final RunOptions NO_CACHE = new RunOptions(false, false, java.util.OptionalLong.empty(),
            java.util.OptionalDouble.empty());

    @Inject
    RunEngine engine;
    @Inject
    ItemQueue queue;

    String runId;
    int accepted;

    @BeforeAll
    void runTheDemoModel() {
        var run = engine.create(RecipeLoader.load(Path.of("recipes/ecommerce-support-id.yaml")).withCount(12), NO_CACHE);
        assertThat(engine.execute(run.id(), p -> {
        }).status()).isEqualTo(RunStatus.COMPLETED);
        runId = run.id();
        accepted = queue.countByState(runId).get(ItemState.ACCEPTED);
        assertThat(accepted).as("more synthetic than the ratio allows, so some are left out").isGreaterThan(4);
    }

    @Test
    void mixes_the_posted_dialogues_into_every_file_with_their_origin_and_reports_the_share() throws IOException {
        byte[] zip = upload(REAL)
                .queryParam("realRatio", 0.5).queryParam("realName", "chats.jsonl").queryParam("format", "openai,trl")
                .when().post("/api/runs/{id}/export.zip", runId)
                .then().statusCode(200).contentType("application/zip").extract().asByteArray();

        Map<String, byte[]> entries = unzip(zip);
        // real / (real + synthetic) >= 0.5 with 4 real dialogues allows 4 synthetic ones.
        JsonNode mix = JSON.readTree(entries.get("manifest.json")).at("/export/mix");
        assertThat(mix.get("file").asText()).isEqualTo("chats.jsonl");
        assertThat(mix.get("real").asInt()).isEqualTo(4);
        assertThat(mix.get("synthetic").asInt()).isEqualTo(4);
        assertThat(mix.get("syntheticLeftOut").asInt()).isEqualTo(accepted - 4);
        assertThat(mix.get("realShare").asDouble()).isEqualTo(0.5);
        assertThat(lines(entries.get("train.jsonl"))).hasSize(8);

        List<JsonNode> sidecar = lines(entries.get("train.provenance.jsonl"));
        List<JsonNode> trl = lines(entries.get("train.trl.jsonl"));
        assertThat(sidecar).hasSize(8);
        List<Integer> realLines = new ArrayList<>();
        // TRL cuts dialogues before a masked turn; each line carries its sidecar line, with the line's own size.
        Map<String, JsonNode> byId = new HashMap<>();
        sidecar.forEach(p -> byId.put(p.get("id").asText(), p));
        assertThat(trl).isNotEmpty().allSatisfy(line -> {
            JsonNode own = line.get("provenance").deepCopy();
            JsonNode full = byId.get(own.get("id").asText()).deepCopy();
            assertThat(own.get("tokens").asInt()).isLessThanOrEqualTo(full.get("tokens").asInt());
            assertThat(own.get("maskedTurns").asInt()).isZero();
            for (JsonNode p : List.of(own, full)) {
                ((ObjectNode) p).remove(List.of("tokens", "maskedTurns"));
            }
            assertThat(own).isEqualTo(full);
        });
        for (int i = 0; i < sidecar.size(); i++) {
            JsonNode p = sidecar.get(i);
            if (p.get("origin").asText().equals("real")) {
                assertThat(p.get("synthetic").asBoolean()).isFalse();
                assertThat(p.get("source").asText()).isEqualTo("chats.jsonl");
                assertThat(p.get("seedSyntheticDepth").asInt()).isZero();
                assertThat(p.get("generator").isNull()).isTrue();
                realLines.add(p.get("position").asInt());
            } else {
                assertThat(p.get("synthetic").asBoolean()).isTrue();
                assertThat(p.get("source").asText()).isEqualTo(runId);
                assertThat(p.get("generator").asText()).isEqualTo("offline-demo");
            }
        }
        assertThat(realLines).containsExactlyInAnyOrder(1, 2, 4, 5);
        assertThat(new String(entries.get("README.md"), StandardCharsets.UTF_8))
                .contains("--format openai,trl --split 1,0,0 --seed 7 --mix-real chats.jsonl --real-ratio 0.5`");
    }

    @Test
    void names_the_line_and_field_of_a_dialogue_it_cannot_use() {
        String bad = REAL.lines().findFirst().orElseThrow() + "\n"
                + "{\"messages\":[{\"role\":\"bot\",\"content\":\"x\"},{\"role\":\"assistant\",\"content\":\"y\"}]}\n";

        var problem = upload(bad).when().post("/api/runs/{id}/export.zip", runId)
                .then().statusCode(400).contentType(PROBLEM).extract().jsonPath();

        assertThat(problem.getString("errors[0].field")).isEqualTo("lines[2].messages[0].role");
        assertThat(problem.getString("errors[0].message")).isEqualTo("must be one of system, user, assistant, got 'bot'");
        String notJson = upload("{\"messages\": [\n").when().post("/api/runs/{id}/export.zip", runId)
                .then().statusCode(400).contentType(PROBLEM).extract().path("errors[0].field");
        assertThat(notJson).isEqualTo("lines[1]");
    }

    @Test
    void refuses_an_empty_body_a_bad_ratio_a_bad_name_and_an_unknown_run() {
        assertThat(upload("\n\n").when().post("/api/runs/{id}/export.zip", runId)
                .then().statusCode(400).contentType(PROBLEM).extract().<String>path("errors[0].field")).isEqualTo("body");
        assertThat(upload(REAL).queryParam("realRatio", 1.5)
                .when().post("/api/runs/{id}/export.zip", runId)
                .then().statusCode(400).contentType(PROBLEM).extract().<String>path("detail"))
                .isEqualTo("realRatio must be more than 0 and less than 1, got 1.5");
        assertThat(upload(REAL).queryParam("realName", "../etc/passwd")
                .when().post("/api/runs/{id}/export.zip", runId)
                .then().statusCode(400).contentType(PROBLEM).extract().<String>path("errors[0].field")).isEqualTo("realName");
        upload(REAL).when().post("/api/runs/{id}/export.zip", "no-such-run")
                .then().statusCode(404).contentType(PROBLEM);
    }

    @Test
    void documents_the_upload_in_openapi() {
        var post = given().queryParam("format", "json").when().get("/q/openapi").then().statusCode(200).extract().jsonPath()
                .getMap("paths.'/api/runs/{id}/export.zip'.post");
        assertThat(post).containsKey("requestBody");
        assertThat(post.get("parameters").toString()).contains("realRatio", "realName");
        assertThat(post.get("description").toString()).contains("accumulate, never replace");
    }

    /** A request with the text as its JSONL body (REST Assured encodes strings only for media types it knows). */
    private static io.restassured.specification.RequestSpecification upload(String body) {
        return given().contentType(JSONL).body(body.getBytes(StandardCharsets.UTF_8));
    }

    private static Map<String, byte[]> unzip(byte[] zip) throws IOException {
        Map<String, byte[]> entries = new HashMap<>();
        try (var in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null;) {
                entries.put(e.getName(), in.readAllBytes());
            }
        }
        return entries;
    }

    private static List<JsonNode> lines(byte[] jsonl) throws IOException {
        List<JsonNode> rows = new ArrayList<>();
        for (String line : new String(jsonl, StandardCharsets.UTF_8).split("\n")) {
            rows.add(JSON.readTree(line));
        }
        return rows;
    }
}
