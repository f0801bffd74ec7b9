package dev.parley.generate;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.parley.dialogue.Dialogue;
import dev.parley.dialogue.Turn;

/** A whole-dialogue answer keeps the reasoning the writing model gives an assistant message, and only that. */
class WholeDialogueReasoningTest {

    @Test
    void an_assistant_message_keeps_its_reasoning_and_a_user_message_has_none() throws Exception {
        Dialogue dialogue = ModelDialogueWriter.parse(new ObjectMapper().readTree("""
                {"messages": [
                  {"role": "user", "content": "Is it late?", "reasoning": "not an assistant's"},
                  {"role": "assistant", "content": "It arrives tomorrow.", "reasoning": "Shipped Monday, two days."},
                  {"role": "user", "content": "Thanks."},
                  {"role": "assistant", "content": "You are welcome.", "reasoning": "  "}
                ]}"""));

        assertThat(dialogue.turns()).extracting(Turn::reasoning).containsExactly(null, "Shipped Monday, two days.", null, null);
        assertThat(dialogue.turns()).extracting(Turn::content)
                .containsExactly("Is it late?", "It arrives tomorrow.", "Thanks.", "You are welcome.");
    }
}
