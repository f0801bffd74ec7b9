package dev.parley.quality;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads a labelled corpus written by hand or by another tool, so {@link PiiBenchmark} can measure the
 * detector on data it was not generated alongside. One JSON object a line:
 * {@code {"language": "en", "text": "...", "spans": [{"kind": "phone", "start": 12, "end": 26}]}}, with
 * kinds named as a recipe names them, offsets in UTF-16 units and {@code end} exclusive; other fields are
 * ignored and blank lines skipped.
 */
public final class LabelledPiiCorpus {

    private static final ObjectMapper JSON = new ObjectMapper();

    private LabelledPiiCorpus() {
    }

    /**
     * The samples of a JSON-lines corpus.
     *
     * @throws IllegalArgumentException naming the line of the first malformed sample
     */
    public static List<PiiCorpus.Sample> read(Reader source) {
        var samples = new ArrayList<PiiCorpus.Sample>();
        try (var lines = new BufferedReader(source)) {
            int number = 0;
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                number++;
                if (!line.isBlank()) {
                    samples.add(sample(line, number));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return samples;
    }

    private static PiiCorpus.Sample sample(String line, int number) {
        JsonNode node;
        try {
            node = JSON.readTree(line);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("line " + number + ": not JSON: " + e.getOriginalMessage());
        }
        String language = node.path("language").asText("");
        if (!PiiCorpus.LANGUAGES.contains(language)) {
            throw new IllegalArgumentException("line " + number + ": language must be one of " + PiiCorpus.LANGUAGES
                    + ", not '" + language + "'");
        }
        if (!node.path("text").isTextual()) {
            throw new IllegalArgumentException("line " + number + ": text must be a string");
        }
        String text = node.get("text").asText();
        var spans = new ArrayList<PiiCorpus.Span>();
        for (JsonNode span : node.path("spans")) {
            String kind = span.path("kind").asText("");
            PiiType type = PiiType.ofKey(kind);
            if (type == null) {
                throw new IllegalArgumentException("line " + number + ": unknown kind '" + kind + "'");
            }
            int start = span.path("start").asInt(-1);
            int end = span.path("end").asInt(-1);
            if (start < 0 || end <= start || end > text.length()) {
                throw new IllegalArgumentException("line " + number + ": span [" + start + ", " + end
                        + ") lies outside the text of " + text.length() + " characters");
            }
            spans.add(new PiiCorpus.Span(type, start, end));
        }
        return new PiiCorpus.Sample(language, text, spans);
    }
}
