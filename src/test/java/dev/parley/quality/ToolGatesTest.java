package dev.parley.quality;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.parley.dialogue.Cell;
import dev.parley.dialogue.Dialogue;
import dev.parley.dialogue.ToolCall;
import dev.parley.dialogue.Turn;
import dev.parley.recipe.Recipe;
import dev.parley.recipe.RecipeLoader;

/**
 * The tool gates, each with its fault planted in an otherwise clean dialogue: the rejection names the gate and
 * what it found, and the clean dialogue passes all four.
 */
class ToolGatesTest {

    private static Gate.Result chain(Dialogue dialogue, Cell cell) {
        Gate.Candidate candidate = new Gate.Candidate(1, dialogue, "id", cell);
        for (Gate gate : ToolGates.of(ToolDialogues.RECIPE)) {
            Gate.Result result = gate.check(candidate);
            if (!result.passed()) {
                return result;
            }
        }
        return Gate.Result.pass(dialogue);
    }

    private static Rejection rejected(Dialogue dialogue) {
        Gate.Result result = chain(dialogue, ToolDialogues.NEEDS_LOOKUP);
        assertThat(result.passed()).as("the planted fault is found").isFalse();
        return result.rejection().orElseThrow();
    }

    @Test
    void a_clean_lookup_passes_every_tool_gate_and_the_structure_check() {
        assertThat(chain(ToolDialogues.CLEAN, ToolDialogues.NEEDS_LOOKUP).passed()).isTrue();
        assertThat(StructureCheck.check(ToolDialogues.CLEAN, new Recipe.TurnRange(4, 4))).isEmpty();
    }

    @Test
    void a_call_of_an_undeclared_tool_is_turned_away_by_the_tool_name_gate() {
        Dialogue unknown = ToolDialogues.with(ToolDialogues.CLEAN, 3,
                Turn.toolCalling("", List.of(new ToolCall("call_1", "lacak_paket", ToolDialogues.ARGUMENTS))));

        Rejection r = rejected(unknown);

        assertThat(r.gate()).isEqualTo(DeclaredToolGate.GATE);
        assertThat(r.reason()).isEqualTo("call 'call_1' (lacak_paket) of message 4 names a tool the recipe does not"
                + " declare (declared: cek_status_pesanan)");
    }

    @Test
    void arguments_outside_the_schema_are_turned_away_by_the_tool_arguments_gate() {
        Rejection missing = rejected(ToolDialogues.lookup("{}", "call_1", ToolDialogues.RESULT, ToolDialogues.ANSWER));
        Rejection pattern = rejected(ToolDialogues.lookup("{\"nomor_pesanan\": \"48213\"}", "call_1", ToolDialogues.RESULT,
                ToolDialogues.ANSWER));
        Rejection extra = rejected(ToolDialogues.lookup("{\"nomor_pesanan\": \"INV-48213\", \"kota\": \"Bandung\"}", "call_1",
                ToolDialogues.RESULT, ToolDialogues.ANSWER));
        Rejection notJson = rejected(ToolDialogues.lookup("nomor INV-48213", "call_1", ToolDialogues.RESULT,
                ToolDialogues.ANSWER));

        assertThat(List.of(missing, pattern, extra, notJson)).extracting(Rejection::gate).containsOnly(ToolArgumentsGate.GATE);
        assertThat(missing.reason()).endsWith("has invalid arguments: $.nomor_pesanan is required");
        assertThat(pattern.reason()).endsWith("$.nomor_pesanan does not match the pattern ^INV-[0-9]{5}$");
        assertThat(extra.reason()).endsWith("$.kota is not a declared argument");
        assertThat(notJson.reason()).isEqualTo("call 'call_1' (cek_status_pesanan) of message 4 has arguments that are"
                + " not a JSON object");
    }

    @Test
    void a_call_without_exactly_one_result_is_turned_away_by_the_tool_results_gate() {
        Dialogue wrongId = ToolDialogues.lookup(ToolDialogues.ARGUMENTS, "call_9", ToolDialogues.RESULT, ToolDialogues.ANSWER);
        List<Turn> twice = new ArrayList<>(ToolDialogues.CLEAN.turns());
        twice.add(5, Turn.toolResult("call_1", ToolDialogues.RESULT));
        List<Turn> twoCalls = new ArrayList<>(ToolDialogues.CLEAN.turns());
        twoCalls.set(3, Turn.toolCalling("", List.of(new ToolCall("call_1", "cek_status_pesanan", ToolDialogues.ARGUMENTS),
                new ToolCall("call_2", "cek_status_pesanan", ToolDialogues.ARGUMENTS))));

        Rejection answersNoCall = rejected(wrongId);
        Rejection answeredTwice = rejected(new Dialogue(twice));
        Rejection unanswered = rejected(new Dialogue(twoCalls));

        assertThat(List.of(answersNoCall, answeredTwice, unanswered)).extracting(Rejection::gate)
                .containsOnly(ToolResultsGate.GATE);
        assertThat(answersNoCall.reason()).isEqualTo("message 5 answers the call 'call_9', which message 4 did not make");
        assertThat(answeredTwice.reason()).isEqualTo("call 'call_1' (cek_status_pesanan) of message 4 has more than one"
                + " result (message 6 answers it again)");
        assertThat(unanswered.reason()).isEqualTo("call 'call_2' (cek_status_pesanan) of message 4 has no result");
    }

    @Test
    void an_answer_stating_a_number_no_result_returned_is_turned_away_by_the_grounding_gate() {
        Dialogue invented = ToolDialogues.lookup(ToolDialogues.ARGUMENTS, "call_1", ToolDialogues.RESULT,
                ToolDialogues.ANSWER + " Ongkos kirimnya Rp15.000.");

        Rejection r = rejected(invented);

        assertThat(r.gate()).isEqualTo(GroundedAnswerGate.GATE);
        assertThat(r.reason()).isEqualTo("message 6 states 'Rp15.000', which no tool result, user message or the system"
                + " prompt before it holds");
    }

    @Test
    void numbers_may_be_restated_in_another_form_than_the_result_gives_them() {
        Dialogue restated = ToolDialogues.lookup(ToolDialogues.ARGUMENTS, "call_1",
                "{\"nomor_pesanan\": \"INV-48213\", \"biaya\": 150000, \"estimasi\": \"2026-12-09\"}",
                "Pesanan INV-48213 tiba 09/12/2026, biaya Rp150.000.");

        assertThat(chain(restated, ToolDialogues.NEEDS_LOOKUP).passed()).isTrue();
    }

    @Test
    void a_scenario_that_needs_a_lookup_rejects_an_answer_given_without_one_and_others_do_not() {
        Dialogue noCall = new Dialogue(List.of(new Turn(Turn.USER, "Halo, paket INV-48213 saya di mana?"),
                new Turn(Turn.ASSISTANT, "Paket Anda sedang dalam perjalanan dan akan segera tiba.")));

        Rejection r = rejected(noCall);
        Gate.Result noToolNeeded = chain(noCall, new Cell(Map.of("topic", "status", "tool-scenario", "no-tool-needed")));

        assertThat(r.gate()).isEqualTo(GroundedAnswerGate.GATE);
        assertThat(r.reason()).isEqualTo("the tool scenario needs-lookup needs a lookup before the answer, and the"
                + " assistant answers without calling a tool");
        assertThat(noToolNeeded.passed()).isTrue();
    }

    @Test
    void without_declared_tools_a_dialogue_that_calls_one_is_turned_away_and_a_plain_one_passes() {
        Recipe plain = RecipeLoader.parse("""
                name: plain
                language: id
                count: 1
                turns: { min: 2, max: 6 }
                assistant: { system-prompt: Kamu asisten. }
                dimensions: { topic: [status] }
                """);
        Gate.Candidate tools = new Gate.Candidate(1, ToolDialogues.CLEAN, "id");
        Gate.Candidate none = new Gate.Candidate(1, Dialogues.INDONESIAN, "id");

        List<Gate> gates = ToolGates.of(plain);

        assertThat(gates.getFirst().check(tools).rejection()).get().extracting(Rejection::gate)
                .isEqualTo(DeclaredToolGate.GATE);
        assertThat(gates).allSatisfy(g -> assertThat(g.check(none)).isEqualTo(Gate.Result.pass(Dialogues.INDONESIAN)));
    }
}
