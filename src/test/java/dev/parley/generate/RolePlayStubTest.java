package dev.parley.generate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.parley.dialogue.Dialogue;
import dev.parley.dialogue.Turn;
import dev.parley.llm.InjectOpenAiStub;
import dev.parley.llm.OpenAiStubResource;
import dev.parley.bench.OpenAiStubServer;
import dev.parley.bench.OpenAiStubServer.Recorded;
import dev.parley.bench.OpenAiStubServer.Reply;
import dev.parley.recipe.RecipeLoader;
import dev.parley.store.ItemState;
import dev.parley.run.RunEngine;
import dev.parley.store.RunOptions;
import dev.parley.store.ItemRecord;
import dev.parley.store.RunRecord;
import dev.parley.store.ItemRepository;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Role-play mode against a local OpenAI-compatible stub: the user simulator gets the brief, and
 * the assistant sees only its system prompt and the conversation, as in production.
 */
@QuarkusTest
@WithTestResource(OpenAiStubResource.class)
class RolePlayStubTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SYSTEM_PROMPT = "You are the help desk of Stubshop. Be brief.";

    @InjectOpenAiStub
    OpenAiStubServer stub;

    @Inject
    RunEngine engine;

    @Inject
    ItemRepository items;

    @BeforeEach
    void resetStub() {
        stub.reset();
    }

    private RunRecord run(String name, long seed, String turns) {
        return engine.create(RecipeLoader.parse("""
                name: %s
                mode: role-play
                language: en
                count: 2
                seed: %d
                turns: %s
                assistant: { system-prompt: "%s" }
                dimensions:
                  topic: [refund]
                  persona: [retired teacher]
                  trait: [terse, angry]
                judge: { recheck: 0 }
                checks: { near-duplicate: 0 }
                """.formatted(name, seed, turns, SYSTEM_PROMPT)), RunOptions.DEFAULTS);
    }

    private static boolean isAssistantCall(Recorded r) {
        return r.body().path("response_format").isMissingNode() || r.body().path("response_format").isNull();
    }

    @Test
    void the_assistant_sees_only_its_system_prompt_and_the_conversation() throws Exception {
        AtomicInteger userTurns = new AtomicInteger();
        AtomicInteger replies = new AtomicInteger();
        stub.respondWith(request -> {
            String schema = OpenAiStubServer.schemaName(request);
            if (RolePlayWriter.USER_TURN_SCHEMA.equals(schema)) {
                return Reply.ok("{\"message\":\"user says " + userTurns.incrementAndGet() + "\",\"done\":false}");
            }
            if (schema.isEmpty()) {
                return Reply.ok("assistant says " + replies.incrementAndGet());
            }
            return OpenAiStubServer.defaultReply(request);
        });
        RunRecord run = run("role-play", 801, "{ min: 6, max: 6 }");

        engine.execute(run.id(), p -> {
        });

        List<Recorded> assistantCalls = stub.requests(RolePlayStubTest::isAssistantCall);
        assertThat(assistantCalls).as("three replies per dialogue").hasSize(6);
        for (Recorded call : assistantCalls) {
            JsonNode messages = call.body().path("messages");
            assertThat(messages.get(0).path("role").asText()).isEqualTo("system");
            assertThat(messages.get(0).path("content").asText()).isEqualTo(SYSTEM_PROMPT);
            for (int i = 1; i < messages.size(); i++) {
                assertThat(messages.get(i).path("role").asText()).isEqualTo(i % 2 == 1 ? "user" : "assistant");
                assertThat(messages.get(i).path("content").asText()).matches("(user|assistant) says \\d+");
            }
            assertThat(messages.get(messages.size() - 1).path("role").asText()).isEqualTo("user");
            String everything = call.body().toString();
            assertThat(everything).doesNotContain("retired teacher").doesNotContain("refund").doesNotContain("terse")
                    .doesNotContain("<brief>").doesNotContain("messages: ");
        }

        List<Recorded> userCalls = stub.requests(r -> RolePlayWriter.USER_TURN_SCHEMA.equals(r.schemaName()));
        assertThat(userCalls).hasSize(6).allSatisfy(r -> assertThat(r.userText())
                .contains("persona: retired teacher").contains("topic: refund")
                .containsAnyOf("- terse: Write very short messages", "- angry: Be openly frustrated"));
        assertThat(userCalls).as("each dialogue's trait reaches its simulator")
                .anySatisfy(r -> assertThat(r.userText()).contains("trait: terse").contains("- terse: Write very short messages"))
                .anySatisfy(r -> assertThat(r.userText()).contains("trait: angry").contains("- angry: Be openly frustrated"));
        assertThat(userCalls).as("the simulator sees the conversation so far: 2 of 6 calls open a dialogue")
                .filteredOn(r -> r.userText().contains("assistant says")).hasSize(4);

        for (ItemRecord item : items.items(run.id(), Optional.empty(), 10, 0)) {
            Dialogue d = item.dialogue().orElseThrow();
            assertThat(d.turns()).hasSize(6);
            assertThat(d.turns()).extracting(Turn::role)
                    .containsExactly("user", "assistant", "user", "assistant", "user", "assistant");
            assertThat(item.state()).isEqualTo(ItemState.ACCEPTED);
        }
    }

    @Test
    void stops_when_the_simulated_user_is_done_and_the_turn_range_allows() throws Exception {
        stub.respondWith(request -> {
            String schema = OpenAiStubServer.schemaName(request);
            if (RolePlayWriter.USER_TURN_SCHEMA.equals(schema)) {
                return Reply.ok("{\"message\":\"thanks, that solves it\",\"done\":true}");
            }
            if (schema.isEmpty()) {
                return Reply.ok("Glad to help.");
            }
            return OpenAiStubServer.defaultReply(request);
        });
        RunRecord run = run("role-play-done", 802, "{ min: 4, max: 8 }");

        engine.execute(run.id(), p -> {
        });

        for (ItemRecord item : items.items(run.id(), Optional.empty(), 10, 0)) {
            assertThat(item.dialogue().orElseThrow().turns())
                    .as("done after the first exchange, but at least the minimum of 4").hasSize(4);
        }
    }
}
