package dev.parley.quality;

import java.io.IOException;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import dev.parley.dialogue.Dialogue;
import dev.parley.dialogue.Turn;

/**
 * Cheap checks that reject a dialogue before any judge is paid for it: refusals and stock phrases
 * that give synthetic text away ("As an AI language model…"), and repeated messages. Stock
 * openings ("Certainly!") are flagged per dialogue; whether that rejects it depends on how common
 * they already are in the run, which the caller decides.
 */
public final class HeuristicCheck implements Gate {

    public static final String STOCK_PHRASE = "stock-phrase";
    public static final String REPETITION = "repetition";
    public static final String STOCK_OPENING = "stock-opening";

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final List<String> refusals;
    private final List<String> openings;

    private HeuristicCheck(List<String> refusals, List<String> openings) {
        this.refusals = List.copyOf(refusals);
        this.openings = List.copyOf(openings);
    }

    /**
     * The check for one language, from the {@code stock-phrases.yaml} prompt file; English phrases
     * apply to every language, since models fall back to them.
     */
    public static HeuristicCheck forLanguage(String stockPhrasesYaml, String language) {
        return forLanguages(stockPhrasesYaml, List.of(language));
    }

    /** The check for a recipe's languages (the phrases of each, with the English ones). */
    public static HeuristicCheck forLanguages(String stockPhrasesYaml, java.util.Collection<String> languages) {
        JsonNode root;
        try {
            root = YAML.readTree(stockPhrasesYaml);
        } catch (IOException e) {
            throw new IllegalArgumentException("stock-phrases.yaml is not valid YAML: " + e.getMessage(), e);
        }
        return new HeuristicCheck(phrases(root.path("refusals"), languages), phrases(root.path("openings"), languages));
    }

    private static List<String> phrases(JsonNode byLanguage, java.util.Collection<String> languages) {
        Set<String> phrases = new HashSet<>();
        var codes = new java.util.LinkedHashSet<String>(List.of("en"));
        codes.addAll(languages);
        for (String code : codes) {
            byLanguage.path(code).forEach(p -> phrases.add(normalise(p.asText())));
        }
        phrases.remove("");
        return new ArrayList<>(phrases);
    }

    /** Stock phrases and repetition; its rejections are named {@value #STOCK_PHRASE} or {@value #REPETITION}. */
    @Override
    public String name() {
        return STOCK_PHRASE;
    }

    @Override
    public Result check(Candidate candidate) {
        return Result.of(candidate.dialogue(), check(candidate.dialogue()));
    }

    /** A refusal or stock phrase in an assistant message, or a message (other than a tool's result) repeated word for word. */
    public Optional<Rejection> check(Dialogue dialogue) {
        Set<String> seen = new HashSet<>();
        List<Turn> turns = dialogue.turns();
        for (int i = 0; i < turns.size(); i++) {
            Turn t = turns.get(i);
            String text = normalise(t.content());
            if (t.isAssistant()) {
                for (String phrase : refusals) {
                    if (text.contains(phrase)) {
                        return Optional.of(new Rejection(STOCK_PHRASE,
                                "message " + (i + 1) + " (assistant) says \"" + phrase + "\", a phrase that gives synthetic text away"));
                    }
                }
            }
            // A tool's result is data, not something said: the same lookup may rightly give the same answer twice.
            if (!text.isEmpty() && !t.isTool() && !seen.add(t.role() + ":" + text)) {
                return Optional.of(new Rejection(REPETITION,
                        "message " + (i + 1) + " (" + t.role() + ") repeats an earlier message word for word"));
            }
        }
        return Optional.empty();
    }

    /** The stock opener the first assistant message starts with, if any. */
    public Optional<String> stockOpening(Dialogue dialogue) {
        return dialogue.turns().stream().filter(Turn::isAssistant).findFirst().flatMap(first -> {
            String text = normalise(first.content());
            return openings.stream().filter(text::startsWith).findFirst();
        });
    }

    /** Lower case, Unicode-normalised, curly quotes straightened, whitespace collapsed. */
    static String normalise(String text) {
        return Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT)
                .replace('\u2019', '\'').replace('\u2018', '\'').replaceAll("\\s+", " ").strip();
    }
}
