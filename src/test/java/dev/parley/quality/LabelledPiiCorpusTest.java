package dev.parley.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.util.List;

import org.junit.jupiter.api.Test;

class LabelledPiiCorpusTest {

    @Test
    void reads_samples_with_their_kinds_and_spans_and_skips_blank_lines() {
        // given two lines, one a hard negative, and a blank line between
        String jsonl = """
                {"id": "a", "language": "id", "text": "HP saya 0812-3456-7890", "spans": [{"kind": "phone", "start": 8, \
                "end": 22}]}

                {"language": "en", "text": "Order ORD-2024-001234", "spans": []}
                """;

        // when
        List<PiiCorpus.Sample> samples = LabelledPiiCorpus.read(new StringReader(jsonl));

        // then
        assertThat(samples).containsExactly(
                new PiiCorpus.Sample("id", "HP saya 0812-3456-7890", List.of(new PiiCorpus.Span(PiiType.PHONE, 8, 22))),
                new PiiCorpus.Sample("en", "Order ORD-2024-001234", List.of()));
    }

    @Test
    void rejects_an_unknown_kind_naming_its_line() {
        String jsonl = "{\"language\": \"en\", \"text\": \"hi\", \"spans\": []}\n"
                + "{\"language\": \"en\", \"text\": \"call 0812\", \"spans\": [{\"kind\": \"telephone\", \"start\": 5,"
                + " \"end\": 9}]}\n";

        assertThatThrownBy(() -> LabelledPiiCorpus.read(new StringReader(jsonl)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("line 2: unknown kind 'telephone'");
    }

    @Test
    void rejects_a_span_outside_its_text_and_a_language_it_does_not_measure() {
        assertThatThrownBy(() -> LabelledPiiCorpus.read(new StringReader(
                "{\"language\": \"en\", \"text\": \"short\", \"spans\": [{\"kind\": \"email\", \"start\": 2, \"end\": 40}]}")))
                .hasMessage("line 1: span [2, 40) lies outside the text of 5 characters");
        assertThatThrownBy(() -> LabelledPiiCorpus.read(new StringReader(
                "{\"language\": \"de\", \"text\": \"Hallo\", \"spans\": []}")))
                .hasMessage("line 1: language must be one of [en, id], not 'de'");
        assertThatThrownBy(() -> LabelledPiiCorpus.read(new StringReader("{\"language\": \"en\", \"text\": ")))
                .hasMessageStartingWith("line 1: not JSON");
    }
}
