package dev.parley.quality;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.parley.dialogue.Dialogue;
import dev.parley.dialogue.Turn;

/** The reasoning an assistant turn carries can be exported, so the privacy gate screens it as it screens the text. */
class PiiReasoningTest {

    private final PiiDetector detector = new PiiDetector();

    private static final Dialogue DIALOGUE = new Dialogue(List.of(new Turn(Turn.USER, "Who handles refunds?"),
            new Turn(Turn.ASSISTANT, "Our refunds team will write to you.")
                    .withReasoning("The agent on duty is budi.santoso@example.co.id, but do not share it.")));

    @Test
    void personal_data_in_the_reasoning_is_counted_rejected_and_redacted() {
        assertThat(detector.count(DIALOGUE)).isEqualTo(Map.of(PiiType.EMAIL, 1));
        assertThat(detector.check(DIALOGUE)).hasValueSatisfying(r -> assertThat(r.reason())
                .isEqualTo("personal data or secrets: 1 " + PiiType.EMAIL.placeholder() + " in message 2"));

        Dialogue redacted = detector.redact(DIALOGUE);

        assertThat(redacted.turns().get(1).reasoning())
                .isEqualTo("The agent on duty is " + PiiType.EMAIL.placeholder() + ", but do not share it.");
        assertThat(redacted.turns().get(1).content()).isEqualTo("Our refunds team will write to you.");
        assertThat(detector.check(redacted)).isEmpty();
    }
}
