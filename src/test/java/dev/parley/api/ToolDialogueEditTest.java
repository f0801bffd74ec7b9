package dev.parley.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * A person edits a tool-using dialogue of the Indonesian tool recipe (offline demo model) over REST, sending its
 * turns back in the shape the API returned them: a reworded answer keeps every call and result; a call whose
 * arguments no longer fit its tool's schema is refused by the {@code tool-arguments} gate; a body of the wrong
 * shape is a problem naming each field.
 */
@QuarkusTest
class ToolDialogueEditTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String EDIT = "/api/runs/{id}/dialogues/{seq}/edit";

    /** A finished run of the tool recipe, and the first accepted dialogue of it that calls a tool. */
    private record ToolDialogue(String run, int seq, ArrayNode turns) {
    }

    private static ToolDialogue acceptedToolDialogue() throws Exception {
        String run = RunApi.start(Map.of("recipe", "ecommerce-support-id-tools", "count", 16));
        assertThat(RunApi.awaitFinished(run).getString("status")).isEqualTo("completed");
        JsonNode page = JSON.readTree(given().queryParam("status", "accepted").queryParam("limit", 100)
                .get("/api/runs/{id}/dialogues", run).then().statusCode(200).extract().asString());
        for (JsonNode item : page.get("items")) {
            int seq = item.get("seq").asInt();
            JsonNode turns = detail(run, seq).get("dialogue").get("turns");
            for (JsonNode turn : turns) {
                if (turn.has("toolCalls")) {
                    return new ToolDialogue(run, seq, (ArrayNode) turns);
                }
            }
        }
        throw new AssertionError("run " + run + " accepted no dialogue with a tool call");
    }

    private static JsonNode detail(String run, int seq) throws Exception {
        return JSON.readTree(given().get("/api/runs/{id}/dialogues/{seq}", run, seq).then().statusCode(200).extract()
                .asString());
    }

    private static int firstCalling(ArrayNode turns) {
        for (int i = 0; i < turns.size(); i++) {
            if (turns.get(i).has("toolCalls")) {
                return i;
            }
        }
        throw new AssertionError("no turn calls a tool: " + turns);
    }

    private static io.restassured.response.ValidatableResponse postEdit(ToolDialogue d, Object messages) {
        return given().contentType(ContentType.JSON).body(Map.of("messages", messages)).when()
                .post(EDIT, d.run(), d.seq()).then();
    }

    @Test
    void a_reworded_answer_keeps_every_call_and_result() throws Exception {
        ToolDialogue d = acceptedToolDialogue();
        ArrayNode edited = d.turns().deepCopy();
        int last = edited.size() - 1;
        String reworded = "Terima kasih sudah menunggu. " + edited.get(last).get("content").asText();
        ((ObjectNode) edited.get(last)).put("content", reworded);

        JsonPath decision = postEdit(d, edited).statusCode(201).extract().jsonPath();

        assertThat(decision.getString("action")).isEqualTo("edit");
        JsonNode now = detail(d.run(), d.seq()).get("dialogue").get("turns");
        assertThat(now.get(last).get("content").asText()).isEqualTo(reworded);
        assertThat(now.size()).isEqualTo(d.turns().size());
        for (int i = 0; i < last; i++) {
            assertThat(now.get(i)).as("message %d, which the person did not touch", i + 1).isEqualTo(d.turns().get(i));
        }
        int calling = firstCalling(d.turns());
        assertThat(now.get(calling).get("toolCalls")).isEqualTo(d.turns().get(calling).get("toolCalls"));
        assertThat(now.get(calling + 1).get("role").asText()).isEqualTo("tool");
        assertThat(now.get(calling + 1).get("toolCallId").asText())
                .isEqualTo(d.turns().get(calling).get("toolCalls").get(0).get("id").asText());
    }

    @Test
    void an_edit_that_breaks_a_calls_arguments_is_refused_by_the_tool_arguments_gate() throws Exception {
        ToolDialogue d = acceptedToolDialogue();
        int versions = detail(d.run(), d.seq()).get("versions").size();
        ArrayNode edited = d.turns().deepCopy();
        int calling = firstCalling(edited);
        ObjectNode call = (ObjectNode) edited.get(calling).get("toolCalls").get(0);
        call.put("arguments", "{\"nomor_pesanan\": 12345}");

        JsonPath problem = postEdit(d, edited).statusCode(422).contentType("application/problem+json").extract()
                .jsonPath();

        assertThat(problem.getString("detail")).startsWith("the dialogue fails the tool-arguments gate: ")
                .contains(call.get("name").asText());
        JsonNode after = detail(d.run(), d.seq());
        assertThat(after.get("dialogue").get("turns")).as("nothing stored changed").isEqualTo(d.turns());
        assertThat(after.get("versions").size()).isEqualTo(versions);
    }

    @Test
    void a_body_of_the_wrong_shape_is_a_problem_naming_each_field() throws Exception {
        ToolDialogue d = acceptedToolDialogue();
        List<Map<String, Object>> misplaced = List.of(
                Map.of("role", "user", "content", "Pesanan INV-12345 di mana?",
                        "toolCalls", List.of(Map.of("id", "call_1", "name", "cek_status_pesanan", "arguments", "{}"))),
                Map.of("role", "assistant", "toolCalls", List.of(Map.of("arguments", "{}"))),
                Map.of("role", "tool", "content", "{}"),
                Map.of("role", "assistant", "content", "Sudah dikirim.", "toolCallId", "call_1"));

        JsonPath shape = postEdit(d, misplaced).statusCode(400).contentType("application/problem+json").extract()
                .jsonPath();
        ArrayNode objectArguments = d.turns().deepCopy();
        ((ObjectNode) objectArguments.get(firstCalling(objectArguments)).get("toolCalls").get(0)).putObject("arguments")
                .put("nomor_pesanan", "INV-12345");
        JsonPath typed = postEdit(d, objectArguments).statusCode(400).contentType("application/problem+json")
                .extract().jsonPath();

        assertThat(shape.getList("errors.field", String.class)).containsExactly("messages[0].toolCalls",
                "messages[1].toolCalls[0].id", "messages[1].toolCalls[0].name", "messages[2].toolCallId",
                "messages[3].toolCallId");
        assertThat(shape.getList("errors.message", String.class)).containsExactly("only an assistant message calls tools",
                "must be text", "must be text", "must name the call this result answers",
                "only a tool message answers a call");
        String arguments = "messages[" + firstCalling(objectArguments) + "].toolCalls[0].arguments";
        assertThat(typed.getList("errors.field", String.class)).containsExactly(arguments);
        assertThat(typed.getString("detail")).isEqualTo(arguments + " must be text");
        assertThat(detail(d.run(), d.seq()).get("dialogue").get("turns")).isEqualTo(d.turns());
    }
}
