package dev.parley.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.parley.bench.OpenAiStubServer;
import dev.parley.bench.OpenAiStubServer.Reply;
import dev.parley.bench.ToolCallingResponder;
import dev.parley.dialogue.Turn;
import dev.parley.generate.RolePlayWriter;
import dev.parley.llm.InjectOpenAiStub;
import dev.parley.llm.OpenAiStubResource;
import dev.parley.recipe.RecipeLoader;
import dev.parley.run.RunEngine;
import dev.parley.store.ItemRecord;
import dev.parley.store.ItemRepository;
import dev.parley.store.ItemState;
import dev.parley.store.RunOptions;
import dev.parley.store.RunRecord;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * A role-play run whose assistant model returns {@code reasoning_content} over HTTP: the reasoning is
 * stored with each assistant turn, served with the dialogue, and reaches the exported files only in the form
 * the export asks for.
 */
@QuarkusTest
@WithTestResource(OpenAiStubResource.class)
class ReasoningStubTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @InjectOpenAiStub
    OpenAiStubServer stub;

    @Inject
    RunEngine engine;

    @Inject
    ItemRepository items;

    @BeforeEach
    void answer() {
        stub.reset();
        stub.respondWith(ToolCallingResponder.over(ReasoningStubTest::simulatedUser).withReasoning());
    }

    /** The user simulator asks about the topic of its brief; the judge and writer get the stub's defaults. */
    private static Reply simulatedUser(JsonNode request) {
        if (!RolePlayWriter.USER_TURN_SCHEMA.equals(OpenAiStubServer.schemaName(request))) {
            return OpenAiStubServer.defaultReply(request);
        }
        String prompt = OpenAiStubServer.userMessage(request);
        String topic = prompt.contains("topic: lost parcel") ? "lost" : "late";
        return Reply.ok(prompt.contains("Answer 1.") ? "{\"message\":\"Can I get a refund instead?\",\"done\":false}"
                : "{\"message\":\"My parcel is " + topic + ", what now?\",\"done\":false}");
    }

    private static List<String> lines(String body) {
        return body.lines().filter(l -> !l.isBlank()).toList();
    }

    @Test
    void reasoning_is_stored_served_and_exported_only_in_the_form_asked_for() throws Exception {
        RunRecord run = engine.create(RecipeLoader.parse("""
                name: reasoning-role-play
                mode: role-play
                language: en
                count: 2
                seed: 913
                turns: { min: 4, max: 4 }
                assistant: { system-prompt: "You are the help desk of Stubshop." }
                dimensions:
                  topic: [late parcel, lost parcel]
                judge: { recheck: 0, threshold: 1 }
                checks: { near-duplicate: 0 }
                """), RunOptions.DEFAULTS);
        engine.execute(run.id(), p -> {
        });

        List<ItemRecord> accepted = items.items(run.id(), Optional.empty(), 10, 0);
        assertThat(accepted).hasSize(2).allSatisfy(item -> {
            assertThat(item.state()).isEqualTo(ItemState.ACCEPTED);
            assertThat(item.dialogue().orElseThrow().turns()).extracting(Turn::reasoning).containsExactly(null,
                    ToolCallingResponder.reasoningFor(1, false), null, ToolCallingResponder.reasoningFor(2, false));
        });
        int seq = accepted.getFirst().seq();
        JsonPath served = given().when().get("/api/runs/{id}/dialogues/{seq}", run.id(), seq).then().statusCode(200)
                .extract().jsonPath();
        assertThat(served.getString("dialogue.turns[1].reasoning")).isEqualTo(ToolCallingResponder.reasoningFor(1, false));
        assertThat(served.getMap("dialogue.turns[0]")).as("no empty extras on a plain turn").containsOnlyKeys("role", "content");

        String omitted = given().queryParam("format", "trl").when().get("/api/runs/{id}/export", run.id()).then()
                .statusCode(200).extract().asString();
        assertThat(omitted).doesNotContain("Reasoning ").doesNotContain("reasoning_content").doesNotContain("<think>");

        String field = given().queryParam("format", "trl").queryParam("reasoning", "field").when()
                .get("/api/runs/{id}/export", run.id()).then().statusCode(200).extract().asString();
        for (String line : lines(field)) {
            JsonNode messages = JSON.readTree(line).get("messages");
            assertThat(messages.get(2).get("reasoning_content").asText()).isEqualTo(ToolCallingResponder.reasoningFor(1, false));
            assertThat(messages.get(2).get("content").asText()).isEqualTo("Answer 1.");
            assertThat(messages.get(1).has("reasoning_content")).isFalse();
        }

        String think = given().queryParam("format", "openai").queryParam("reasoning", "think").when()
                .get("/api/runs/{id}/export", run.id()).then().statusCode(200).extract().asString();
        assertThat(lines(think)).hasSize(2).allSatisfy(line -> assertThat(JSON.readTree(line).get("messages").get(4)
                .get("content").asText()).isEqualTo("<think>\n" + ToolCallingResponder.reasoningFor(2, false)
                        + "\n</think>\n\nAnswer 2."));

        JsonPath refused = given().queryParam("format", "openai").queryParam("reasoning", "field").when()
                .get("/api/runs/{id}/export", run.id()).then().statusCode(400).contentType("application/problem+json")
                .extract().jsonPath();
        assertThat(refused.getString("detail")).startsWith("reasoning field: openai has no reasoning field");
        given().queryParam("reasoning", "loud").when().get("/api/runs/{id}/export.zip", run.id()).then().statusCode(400);
    }
}
