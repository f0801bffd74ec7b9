package dev.parley.quality;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import dev.parley.dialogue.Dialogue;
import dev.parley.dialogue.Turn;

class PiiRedactionTest {

    private final PiiDetector detector = new PiiDetector();

    @Test
    void redacting_twice_changes_nothing_on_random_mixes_of_the_corpus() {
        // given 2,000 texts, each two to five corpus sentences (values and hard negatives) joined at random
        List<PiiCorpus.Sample> corpus = PiiCorpus.generate(7, 60, 300);
        var random = new SplittableRandom(11);
        var failures = new ArrayList<String>();
        for (int i = 0; i < 2000; i++) {
            var sb = new StringBuilder();
            int parts = 2 + random.nextInt(4);
            for (int p = 0; p < parts; p++) {
                sb.append(corpus.get(random.nextInt(corpus.size())).text()).append(random.nextBoolean() ? " " : "\n");
            }
            String text = sb.toString();

            // when
            String once = detector.redact(text);
            String twice = detector.redact(once);

            // then
            if (!once.equals(twice) || !detector.find(once).isEmpty()) {
                failures.add(text + "\n -> " + once + "\n -> " + twice);
            }
        }
        assertThat(failures).isEmpty();
    }

    @Test
    void a_placeholder_is_never_a_finding_even_after_a_keyword() {
        for (String text : List.of("Bearer [SECRET]", "password: [SECRET]", "kata sandi saya [SECRET].",
                "api_key=[SECRET]", "NIK [NIK]", "Nama saya [NAME]", "lahir [DOB]", "Jl. [ADDRESS] No. [NIK]",
                "passport [PASSPORT]", "NPWP: [NPWP]", "HP +62 [PHONE]", "Mr. [NAME]")) {
            assertThat(detector.find(text)).as(text).isEmpty();
            assertThat(detector.redact(text)).isEqualTo(text);
        }
    }

    @Test
    void a_redacted_dialogue_counts_as_clean_and_keeps_its_placeholders_countable() {
        // given a dialogue with a secret after a keyword and a phone number
        var dialogue = new Dialogue(List.of(new Turn(Turn.USER, "Authorization: Bearer sk-proj-"
                + "A1b2C3d4E5f6G7h8I9j0K1l2M3n4 and call 0812-3456-7890"), new Turn(Turn.ASSISTANT, "Noted.")));

        // when
        Dialogue redacted = detector.redact(dialogue);

        // then the gate passes it, and the placeholders say what was taken out
        assertThat(redacted.turns().get(0).content()).isEqualTo("Authorization: Bearer [SECRET] and call [PHONE]");
        assertThat(detector.check(redacted)).isEmpty();
        assertThat(detector.count(redacted)).isEmpty();
        assertThat(PiiDetector.placeholders(redacted.text())).containsExactlyInAnyOrderEntriesOf(
                Map.of(PiiType.SECRET, 1, PiiType.PHONE, 1));
    }
}
