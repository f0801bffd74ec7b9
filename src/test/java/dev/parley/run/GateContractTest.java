package dev.parley.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.parley.dialogue.Cell;
import dev.parley.dialogue.Dialogue;
import dev.parley.dialogue.ToolCall;
import dev.parley.dialogue.Turn;
import dev.parley.quality.Gate.Candidate;
import dev.parley.quality.Gate.Result;
import dev.parley.quality.DeclaredToolGate;
import dev.parley.quality.Gate;
import dev.parley.quality.GroundedAnswerGate;
import dev.parley.quality.ToolArgumentsGate;
import dev.parley.quality.ToolResultsGate;
import dev.parley.quality.HeuristicCheck;
import dev.parley.quality.LanguageCheck;
import dev.parley.quality.NgramOverlap;
import dev.parley.quality.OverlapGate;
import dev.parley.quality.PiiDetector;
import dev.parley.quality.PiiGate;
import dev.parley.quality.RoleLeakageCheck;
import dev.parley.quality.StructureCheck;
import dev.parley.recipe.Recipe;
import dev.parley.recipe.RecipeLoader;

/**
 * The contract every gate of the chain keeps, on a clean dialogue and on one with that gate's fault
 * planted: the clean one passes unchanged, and again when checked again; the faulty one is turned away
 * with a rejection carrying a name and a reason, or (a changing gate) let through with the fault removed,
 * so that the same gate then passes it unchanged.
 */
class GateContractTest {

    /** A clean English support dialogue, which every gate lets through. */
    static final Dialogue CLEAN = dialogue(
            "My parcel from Stubshop has not arrived after ten days, what can I do about it?",
            "I am sorry about the wait. Tell me when you ordered and I will look at the courier's tracking for you.",
            "It was placed on the third of May with express shipping to Leeds.",
            "The courier shows it held at the Leeds depot; I have asked them to bring it to you tomorrow morning.");
    private static final Dialogue COPIED = dialogue(
            "Why does my invoice list five seats when only three people in my team use the workspace each week?",
            "Seats stay billed until an admin removes them under Settings, Members, even when nobody signs in with them.",
            "I removed two of them yesterday afternoon, will the next invoice change because of that?",
            "Yes, the next invoice carries a credit for the two removed seats for the days left in this billing month.");

    /** A recipe with one lookup tool, for the tool gates. */
    private static final Recipe TOOLS = RecipeLoader.parse("""
            name: tools
            language: en
            count: 10
            turns: { min: 2, max: 4 }
            assistant: { system-prompt: "You are the help desk of Stubshop." }
            dimensions: { topic: [parcel], tool-scenario: [needs-lookup] }
            tools:
              - name: track_order
                description: Where an order is.
                parameters: { type: object, properties: { order: { type: string } }, required: [order] }
            """);
    private static final String TOOL_ANSWER = "The courier shows order ORD-48213 held at the Leeds depot.";
    private static final Dialogue TOOL_CLEAN = toolCall("track_order", "{\"order\": \"ORD-48213\"}", "call_1", TOOL_ANSWER);

    /** The user gives an order, the assistant looks it up and answers from the result. */
    private static Dialogue toolCall(String tool, String arguments, String resultId, String answer) {
        return new Dialogue(List.of(new Turn(Turn.USER, "Where is my parcel? The order is ORD-48213."),
                Turn.toolCalling("", List.of(new ToolCall("call_1", tool, arguments))),
                Turn.toolResult(resultId, "{\"order\": \"ORD-48213\", \"status\": \"held at the Leeds depot\"}"),
                new Turn(Turn.ASSISTANT, answer)));
    }

    private static Candidate tooled(Dialogue dialogue) {
        return new Candidate(5, dialogue, "en", new Cell(Map.of("topic", "parcel", "tool-scenario", "needs-lookup")));
    }

    /** One gate with a clean candidate and a candidate holding its fault. */
    record Case(String label, Gate gate, Candidate clean, Candidate faulty) {
        @Override
        public String toString() {
            return label;
        }
    }

    /** A dialogue of alternating user and assistant messages, the user first. */
    static Dialogue dialogue(String... messages) {
        List<Turn> turns = new ArrayList<>();
        for (int i = 0; i < messages.length; i++) {
            turns.add(new Turn(i % 2 == 0 ? Turn.USER : Turn.ASSISTANT, messages[i]));
        }
        return new Dialogue(turns);
    }

    /** {@link #CLEAN} with one message replaced (1-based position). */
    static Dialogue cleanWith(int position, String content) {
        List<Turn> turns = new ArrayList<>(CLEAN.turns());
        turns.set(position - 1, new Turn(turns.get(position - 1).role(), content));
        return new Dialogue(turns);
    }

    private static Candidate english(int seq, Dialogue dialogue) {
        return new Candidate(seq, dialogue, "en");
    }

    private static String prompt(String file) {
        try {
            return Files.readString(Path.of("prompts", file));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static Stream<Case> gates() {
        HeuristicCheck heuristics = HeuristicCheck.forLanguage(prompt("stock-phrases.yaml"), "en");
        var openings = new StockOpeningGate(heuristics, 0.3);
        Dialogue certainly = cleanWith(2, "Certainly! Tell me when you ordered and I will look at the tracking for you.");
        for (int i = 0; i < 10; i++) {
            openings.accepted(certainly);
        }
        Recipe recipe = RecipeLoader.parse("""
                name: gates
                language: en
                count: 10
                turns: { min: 4, max: 4 }
                assistant: { system-prompt: "You are the help desk of Stubshop." }
                dimensions: { topic: [parcel] }
                checks:
                  diversity:
                    - { measure: assistant-opening-share, scope: overall, limit: 0.5, action: reject, min-dialogues: 2 }
                """);
        var diversity = new LiveDiversity(recipe, null, null, "run", "worker", 1000, new ObjectMapper(), (seq, d) -> {
        });
        diversity.remember(1, COPIED, "topic=parcel", null);
        diversity.remember(2, cleanWith(2, "Thanks for waiting, the courier has your parcel."), "topic=parcel", null);
        var duplicates = new DuplicateGates(Recipe.Checks.DEFAULT);
        duplicates.check(1, COPIED);
        return Stream.of(
                new Case("structure", new StructureCheck(new Recipe.TurnRange(4, 8)), english(5, CLEAN),
                        english(5, new Dialogue(CLEAN.turns().subList(0, 3)))),
                new Case("stock phrases and repetition", heuristics, english(5, CLEAN),
                        english(5, cleanWith(4, CLEAN.turns().get(1).content()))),
                new Case("stock openings", openings, english(5, CLEAN), english(5, certainly)),
                new Case("language", LanguageCheck.fromYaml(prompt("languages.yaml")), english(5, CLEAN),
                        new Candidate(5, CLEAN, "id")),
                new Case("role leakage", RoleLeakageCheck.fromYaml(prompt("role-leakage.yaml")), english(5, CLEAN),
                        english(5, cleanWith(3, "How can I help you with the parcel today?"))),
                new Case("memorisation", OverlapGate.of(NgramOverlap.MEMORISATION, 8, 0.2, Map.of("seeds.jsonl:1", COPIED)),
                        english(5, CLEAN), english(5, COPIED)),
                new Case("decontamination", OverlapGate.of(NgramOverlap.DECONTAMINATION, 13, 0, Map.of("eval.jsonl:1", COPIED)),
                        english(5, CLEAN), english(5, COPIED)),
                new Case("personal data, rejecting", PiiGate.of(new Recipe.Checks(0.5, 0.85, Recipe.Checks.REJECT)), english(5, CLEAN),
                        english(5, cleanWith(3, "Write to me at budi.santoso@example.co.id about it."))),
                new Case("personal data, redacting", PiiGate.of(new Recipe.Checks(0.5, 0.85, Recipe.Checks.REDACT)), english(5, CLEAN),
                        english(5, cleanWith(3, "Write to me at budi.santoso@example.co.id about it."))),
                new Case("diversity reject gates", diversity, english(5, CLEAN),
                        english(5, cleanWith(2, COPIED.turns().get(1).content() + " Anything else?"))),
                new Case("duplicates", duplicates, english(5, CLEAN), english(5, COPIED)),
                new Case("tool name", new DeclaredToolGate(TOOLS.tools()), tooled(TOOL_CLEAN),
                        tooled(toolCall("lacak_paket", "{\"order\": \"ORD-48213\"}", "call_1", TOOL_ANSWER))),
                new Case("tool arguments", new ToolArgumentsGate(TOOLS.tools()), tooled(TOOL_CLEAN),
                        tooled(toolCall("track_order", "{\"order\": 48213}", "call_1", TOOL_ANSWER))),
                new Case("tool results", new ToolResultsGate(), tooled(TOOL_CLEAN),
                        tooled(toolCall("track_order", "{\"order\": \"ORD-48213\"}", "call_7", TOOL_ANSWER))),
                new Case("tool grounding", new GroundedAnswerGate(TOOLS.assistant().systemPrompt()), tooled(TOOL_CLEAN),
                        tooled(toolCall("track_order", "{\"order\": \"ORD-48213\"}", "call_1",
                                TOOL_ANSWER + " It will cost 12 pounds to redeliver."))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("gates")
    void a_gate_has_a_stable_name(Case c) {
        assertThat(c.gate().name()).matches("[a-z][a-z0-9-]*");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("gates")
    void a_clean_dialogue_passes_unchanged_every_time(Case c) {
        Result first = c.gate().check(c.clean());
        Result again = c.gate().check(c.clean());

        assertThat(first.passed()).isTrue();
        assertThat(first.dialogue()).isEqualTo(c.clean().dialogue());
        assertThat(again).isEqualTo(first);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("gates")
    void a_planted_fault_is_turned_away_with_a_named_reason_or_removed(Case c) {
        Result result = c.gate().check(c.faulty());

        if (result.passed()) {
            assertThat(result.dialogue()).as("a gate that lets a fault through must have removed it")
                    .isNotEqualTo(c.faulty().dialogue());
            assertThat(c.gate().check(c.faulty().with(result.dialogue()))).isEqualTo(Result.pass(result.dialogue()));
        } else {
            assertThat(result.rejection().orElseThrow().gate()).matches("[a-z][a-z0-9:-]*");
            assertThat(result.rejection().orElseThrow().reason()).isNotBlank();
            assertThat(result.dialogue()).isEqualTo(c.faulty().dialogue());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("gates")
    void a_rejection_never_repeats_personal_data(Case c) {
        Result result = c.gate().check(c.faulty());

        result.rejection().ifPresent(r -> assertThat(r.reason()).doesNotContain("budi.santoso@example.co.id"));
    }
}
