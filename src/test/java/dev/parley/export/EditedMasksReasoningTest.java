package dev.parley.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.parley.dialogue.Dialogue;
import dev.parley.dialogue.Turn;

/**
 * A person's edit carries text only: the judge's masks still follow the turns it left unchanged when those
 * had reasoning, and the unchanged answers keep their reasoning.
 */
class EditedMasksReasoningTest {

    private static final List<Turn> JUDGED = List.of(new Turn(Turn.USER, "Where is it?"),
            new Turn(Turn.ASSISTANT, "No idea.").withReasoning("Nothing to look at."), new Turn(Turn.USER, "Please check."),
            new Turn(Turn.ASSISTANT, "It shipped Monday.").withReasoning("The order says Monday."));

    @Test
    void a_mask_follows_an_unchanged_answer_whose_reasoning_the_edit_did_not_carry() {
        List<Turn> edited = List.of(new Turn(Turn.USER, "Where is it?"), new Turn(Turn.ASSISTANT, "No idea."),
                new Turn(Turn.USER, "Please check."), new Turn(Turn.ASSISTANT, "It shipped on Monday."));

        assertThat(EditedMasks.carry(JUDGED, edited, Set.of(2))).containsExactly(2);
        assertThat(EditedMasks.carry(JUDGED, edited, Set.of(4))).as("the rewritten answer masks nothing").isEmpty();
    }

    @Test
    void an_edit_keeps_the_reasoning_of_the_answers_it_left_unchanged() {
        Dialogue edited = new Dialogue(List.of(new Turn(Turn.USER, "Where is it?"), new Turn(Turn.ASSISTANT, "No idea."),
                new Turn(Turn.USER, "Please check."), new Turn(Turn.ASSISTANT, "It shipped on Monday.")));

        assertThat(edited.withReasoningOf(new Dialogue(JUDGED)).turns()).extracting(Turn::reasoning)
                .containsExactly(null, "Nothing to look at.", null, null);
    }
}
