package dev.parley.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.parley.bench.OpenAiStubServer;
import dev.parley.bench.OpenAiStubServer.Recorded;
import dev.parley.bench.OpenAiStubServer.Reply;
import dev.parley.dialogue.Dialogue;
import dev.parley.dialogue.ToolCall;
import dev.parley.dialogue.Turn;
import dev.parley.generate.RecipeToolResults;
import dev.parley.generate.RolePlayWriter;
import dev.parley.llm.InjectOpenAiStub;
import dev.parley.llm.OpenAiStubResource;
import dev.parley.recipe.RecipeLoader;
import dev.parley.store.ItemRecord;
import dev.parley.store.ItemRepository;
import dev.parley.store.ItemState;
import dev.parley.store.RunOptions;
import dev.parley.store.RunRecord;
import dev.parley.store.RunStatus;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The Indonesian tool recipe in role-play mode, end to end against the stub over HTTP: the assistant model is
 * offered the recipe's three functions, its calls are answered by the recipe's fixtures or, where none answers, by
 * the tool simulator, the results go back as {@code tool} messages, and the stored dialogues pass the run's tool
 * gates and judge like any other.
 */
@QuarkusTest
@WithTestResource(OpenAiStubResource.class)
class RolePlayToolsRunStubTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern ORDER = Pattern.compile("INV-\\d{5}");

    @InjectOpenAiStub
    OpenAiStubServer stub;

    @Inject
    RunEngine engine;

    @Inject
    ItemRepository items;

    private final AtomicInteger customers = new AtomicInteger();

    @BeforeEach
    void resetStub() {
        stub.reset();
    }

    /**
     * A customer who names an order; an assistant that looks the order up, then answers with what the lookup said;
     * a tool simulator that reports the order as sent.
     */
    private Reply respond(JsonNode request) {
        String schema = OpenAiStubServer.schemaName(request);
        if (RolePlayWriter.USER_TURN_SCHEMA.equals(schema)) {
            int n = customers.incrementAndGet();
            String[] asks = {"kapan paket saya sampai", "apakah pesanan saya sudah dikirim", "status kirimannya bagaimana",
                    "kenapa belum ada kabar", "tolong dicek posisi paketnya"};
            return Reply.ok(JSON.createObjectNode().put("message", "Halo kak, pesanan INV-%05d, %s?"
                    .formatted(20000 + n, asks[n % asks.length])).put("done", false).toString());
        }
        if (RecipeToolResults.TOOL_RESULT_SCHEMA.equals(schema)) {
            // The order the call asks about: the last one the request names (its arguments come after the conversation).
            String number = ORDER.matcher(OpenAiStubServer.userMessage(request)).results().reduce((a, b) -> b)
                    .map(MatchResult::group).orElse("INV-00000");
            return Reply.ok(JSON.createObjectNode().put("result", JSON.createObjectNode().put("nomor_pesanan", number)
                    .put("status", "dikirim").put("kurir", "JNE").toString()).toString());
        }
        if (!schema.isEmpty()) {
            return OpenAiStubServer.defaultReply(request);
        }
        return assistant(request);
    }

    private static Reply assistant(JsonNode request) {
        String order = "";
        String result = null;
        for (JsonNode m : request.path("messages")) {
            String role = m.path("role").asText();
            if ("user".equals(role)) {
                Matcher found = ORDER.matcher(m.path("content").asText());
                order = found.find() ? found.group() : order;
                result = null;
            } else if ("tool".equals(role)) {
                result = m.path("content").asText();
            }
        }
        if (result == null) {
            ObjectNode extras = JSON.createObjectNode();
            ObjectNode call = extras.putArray("tool_calls").addObject();
            call.put("id", "call_" + order).put("type", "function");
            call.putObject("function").put("name", "cek_status_pesanan")
                    .put("arguments", JSON.createObjectNode().put("nomor_pesanan", order).toString());
            return new Reply(200, null, "tool_calls", null, extras);
        }
        return Reply.ok("Baik kak, hasil pengecekan sistem kami untuk pesanan tersebut: " + result
                + ". Mohon ditunggu ya, terima kasih sudah menghubungi kami.");
    }

    @Test
    void the_tool_recipe_plays_out_its_tool_calls_over_http() {
        stub.respondWith(this::respond);
        ObjectNode tree = RecipeLoader.toTree(RecipeLoader.load(Path.of("recipes/ecommerce-support-id-tools.yaml")));
        tree.put("mode", "role-play").put("count", 6);
        tree.putObject("checks").put("near-duplicate", 0);
        ((ObjectNode) tree.get("judge")).put("recheck", 0);
        RunRecord run = engine.create(RecipeLoader.validate(tree), RunOptions.DEFAULTS);

        assertThat(engine.execute(run.id(), p -> {
        }).status()).isEqualTo(RunStatus.COMPLETED);

        List<Recorded> assistantCalls = stub.requests(r -> r.schemaName().isEmpty());
        assertThat(assistantCalls).isNotEmpty().allSatisfy(call -> {
            Set<String> offered = StreamSupport.stream(call.body().path("tools").spliterator(), false)
                    .map(t -> t.path("function").path("name").asText()).collect(Collectors.toSet());
            assertThat(offered).containsExactlyInAnyOrder("cek_status_pesanan", "ajukan_pengembalian_dana",
                    "ubah_alamat_pengiriman");
            assertThat(call.body().toString()).as("the assistant never sees the plan").doesNotContain("tool-scenario");
        });
        List<ItemRecord> all = items.items(run.id(), Optional.empty(), 100, 0);
        assertThat(all).hasSize(6);
        int accepted = 0;
        for (ItemRecord item : all) {
            Dialogue dialogue = item.dialogue().orElseThrow();
            List<Turn> turns = dialogue.turns();
            for (int i = 0; i < turns.size(); i++) {
                Turn t = turns.get(i);
                if (t.callsTools()) {
                    ToolCall call = t.toolCalls().getFirst();
                    Turn result = turns.get(i + 1);
                    assertThat(result.isTool()).isTrue();
                    assertThat(result.toolCallId()).isEqualTo(call.id());
                    String number = ORDER.matcher(call.arguments()).results().findFirst().orElseThrow().group();
                    assertThat(turns.get(i - 1).content()).as("the call names the order the user gave").contains(number);
                    assertThat(turns.get(i + 2).isAssistant() && !turns.get(i + 2).callsTools()).isTrue();
                    assertThat(turns.get(i + 2).content()).contains(result.content());
                }
            }
            assertThat(turns.stream().filter(Turn::callsTools).count()).as("one lookup per user message")
                    .isEqualTo(turns.stream().filter(t -> Turn.USER.equals(t.role())).count());
            if (item.state() == ItemState.ACCEPTED) {
                accepted++;
            }
        }
        assertThat(accepted).as("dialogues grounded in their lookups pass the tool gates: %s", all.stream()
                .map(i -> i.state() + " " + i.gate().orElse("") + " " + i.reason().orElse("")).toList()).isPositive();
        // Cells whose fixture answers with an error got it; the others the simulator's result.
        assertThat(all.stream().map(i -> i.dialogue().orElseThrow().text()).collect(Collectors.joining()))
                .contains("\"status\":\"dikirim\"");
    }
}
