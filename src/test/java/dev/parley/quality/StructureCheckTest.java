package dev.parley.quality;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.parley.dialogue.Dialogue;
import dev.parley.dialogue.ToolCall;
import dev.parley.dialogue.Turn;
import dev.parley.recipe.Recipe;

class StructureCheckTest {

    private static final Recipe.TurnRange FOUR_TO_EIGHT = new Recipe.TurnRange(4, 8);

    @Test
    void accepts_alternating_dialogue_ending_with_the_assistant_within_range() {
        assertThat(StructureCheck.check(dialogue(4), FOUR_TO_EIGHT)).isEmpty();
        assertThat(StructureCheck.check(dialogue(6), FOUR_TO_EIGHT)).isEmpty();
        assertThat(StructureCheck.check(dialogue(8), FOUR_TO_EIGHT)).isEmpty();
    }

    @Test
    void rejects_dialogue_starting_with_the_assistant() {
        var dialogue = new Dialogue(List.of(
                new Turn(Turn.ASSISTANT, "Halo, ada yang bisa dibantu?"),
                new Turn(Turn.USER, "Paket saya terlambat."),
                new Turn(Turn.ASSISTANT, "Boleh minta nomor pesanannya?"),
                new Turn(Turn.USER, "INV-12345.")));

        assertRejected(StructureCheck.check(dialogue, FOUR_TO_EIGHT),
                "message 1 is from the assistant but should be from the user (roles must alternate, starting with the user)");
    }

    @Test
    void rejects_dialogue_whose_roles_do_not_alternate() {
        var dialogue = new Dialogue(List.of(
                new Turn(Turn.USER, "Halo."),
                new Turn(Turn.ASSISTANT, "Halo, ada yang bisa dibantu?"),
                new Turn(Turn.ASSISTANT, "Apakah Anda masih di sana?"),
                new Turn(Turn.USER, "Ya.")));

        assertRejected(StructureCheck.check(dialogue, FOUR_TO_EIGHT),
                "message 3 is from the assistant but should be from the user (roles must alternate, starting with the user)");
    }

    @Test
    void rejects_message_with_an_unknown_role() {
        var dialogue = new Dialogue(List.of(new Turn("system", "Be nice."), new Turn(Turn.ASSISTANT, "Hi.")));

        assertRejected(StructureCheck.check(dialogue, new Recipe.TurnRange(2, 4)),
                "message 1 is from the system but should be from the user (roles must alternate, starting with the user)");
    }

    @Test
    void rejects_dialogue_ending_with_the_user() {
        var turns = new ArrayList<>(dialogue(4).turns());
        turns.add(new Turn(Turn.USER, "Satu lagi, ya?"));

        assertRejected(StructureCheck.check(new Dialogue(turns), FOUR_TO_EIGHT),
                "the dialogue ends with the user; the last message must be the assistant's");
    }

    @Test
    void rejects_empty_message() {
        var turns = new ArrayList<>(dialogue(4).turns());
        turns.set(1, new Turn(Turn.ASSISTANT, ""));

        assertRejected(StructureCheck.check(new Dialogue(turns), FOUR_TO_EIGHT), "message 2 (assistant) is empty");
    }

    @Test
    void rejects_blank_message() {
        var turns = new ArrayList<>(dialogue(6).turns());
        turns.set(4, new Turn(Turn.USER, " \n\t "));

        assertRejected(StructureCheck.check(new Dialogue(turns), FOUR_TO_EIGHT), "message 5 (user) is empty");
    }

    @Test
    void rejects_dialogue_without_messages() {
        assertRejected(StructureCheck.check(new Dialogue(List.of()), FOUR_TO_EIGHT), "the dialogue has no messages");
    }

    @Test
    void rejects_too_few_messages() {
        assertRejected(StructureCheck.check(dialogue(2), FOUR_TO_EIGHT),
                "the dialogue has 2 messages; the recipe asks for 4 to 8");
    }

    @Test
    void rejects_too_many_messages() {
        assertRejected(StructureCheck.check(dialogue(10), FOUR_TO_EIGHT),
                "the dialogue has 10 messages; the recipe asks for 4 to 8");
    }

    @Test
    void accepts_tool_calls_and_results_between_the_user_and_the_answer_counting_only_what_is_said() {
        List<Turn> turns = new ArrayList<>(ToolDialogues.CLEAN.turns());
        // Two rounds of calls before one answer: call, result, call, result, answer.
        turns.add(5, Turn.toolCalling("Sebentar, saya cek lagi.", List.of(new ToolCall("call_2", "cek_status_pesanan", "{}"))));
        turns.add(6, Turn.toolResult("call_2", "{}"));

        assertThat(StructureCheck.check(ToolDialogues.CLEAN, new Recipe.TurnRange(4, 4))).isEmpty();
        assertThat(StructureCheck.check(new Dialogue(turns), new Recipe.TurnRange(4, 4))).isEmpty();
        assertRejected(StructureCheck.check(ToolDialogues.CLEAN, new Recipe.TurnRange(6, 8)),
                "the dialogue has 4 messages besides tool calls and results; the recipe asks for 6 to 8");
    }

    @Test
    void rejects_tool_turns_out_of_place() {
        Dialogue resultWithoutCall = ToolDialogues.with(ToolDialogues.CLEAN, 3, new Turn(Turn.ASSISTANT, "Saya cek dulu."));
        Dialogue userAfterCall = ToolDialogues.with(ToolDialogues.CLEAN, 4, new Turn(Turn.USER, "Halo?"));
        Dialogue endsWithResult = new Dialogue(ToolDialogues.CLEAN.turns().subList(0, 5));
        Dialogue emptyResult = ToolDialogues.with(ToolDialogues.CLEAN, 4, Turn.toolResult("call_1", " "));

        assertRejected(StructureCheck.check(resultWithoutCall, FOUR_TO_EIGHT),
                "message 5 is a tool result that answers no tool call before it");
        assertRejected(StructureCheck.check(userAfterCall, FOUR_TO_EIGHT), "message 5 is from the user but should be a tool"
                + " result (an assistant message that calls tools is followed by their results)");
        assertRejected(StructureCheck.check(endsWithResult, FOUR_TO_EIGHT),
                "the dialogue ends with a tool result; the last message must be the assistant's answer");
        assertRejected(StructureCheck.check(emptyResult, FOUR_TO_EIGHT), "message 5 (tool) is empty");
        assertRejected(StructureCheck.check(new Dialogue(List.of(Turn.toolResult("call_1", "{}"),
                new Turn(Turn.ASSISTANT, "Ya."))), FOUR_TO_EIGHT), "message 1 is a tool result that answers no tool call before it");
    }

    private static void assertRejected(Optional<Rejection> result, String reason) {
        assertThat(result).hasValueSatisfying(rejection -> {
            assertThat(rejection.gate()).isEqualTo(StructureCheck.GATE).isEqualTo("structure");
            assertThat(rejection.reason()).isEqualTo(reason);
        });
    }

    /** A well-formed dialogue of {@code messages} messages, user first, assistant last. */
    private static Dialogue dialogue(int messages) {
        var turns = new ArrayList<Turn>();
        for (int i = 0; i < messages; i++) {
            turns.add(i % 2 == 0 ? new Turn(Turn.USER, "Pertanyaan " + (i / 2 + 1) + "?")
                    : new Turn(Turn.ASSISTANT, "Jawaban " + (i / 2 + 1) + "."));
        }
        return new Dialogue(turns);
    }
}
