package dev.parley.quality;

import java.io.IOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import dev.parley.dialogue.Dialogue;
import dev.parley.dialogue.Turn;

/**
 * A light check that a dialogue is written in its planned language, with no network and no model:
 * the script of its letters, and the share of its words that are common function words ("stop
 * words") of each language that lists them. Both come from {@code languages.yaml}, so adding a
 * language needs no code.
 *
 * <p>The whole dialogue is judged at once, never a turn on its own: a short turn such as
 * "Oke, thanks!" or one full of brand names says little, while the dialogue as a whole does. A
 * dialogue is rejected when
 * <ul>
 * <li>less than {@value #SCRIPT_SHARE} of its letters are in the language's script;</li>
 * <li>another language's stop words (those not also the expected language's) make up at least
 * {@value #EVIDENCE} of its words and more than the expected language's do ("reads as");</li>
 * <li>another language's stop words make up at least {@value #EVIDENCE} of its words and at least
 * {@value #MIXED_RATIO} of the expected language's share ("mixes");</li>
 * <li>it has at least {@value #MIN_WORDS} words and less than {@value #EVIDENCE} of them are the
 * expected language's stop words.</li>
 * </ul>
 * Languages without stop words are checked by script only.
 */
public final class LanguageCheck implements Gate {

    public static final String GATE = "language";
    /** Smallest share of letters in the expected script. */
    static final double SCRIPT_SHARE = 0.6;
    /** Share of a text's words a language's stop words must reach to count as evidence of that language. */
    static final double EVIDENCE = 0.05;
    /** Another language at this fraction of the expected language's stop-word share is a mix. */
    static final double MIXED_RATIO = 0.3;
    /** Below this many words only the script and a clearly other language reject. */
    static final int MIN_WORDS = 30;

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** What {@code languages.yaml} says about one language. */
    record Profile(String code, String name, Set<Character.UnicodeScript> scripts, Set<String> stopWords) {
    }

    private final Map<String, Profile> profiles;
    /** The languages with stop words, in the file's order: the keys of a reading's shares. */
    private final List<String> measured;
    /** For each stop word, the indexes in {@link #measured} of the languages that list it. */
    private final Map<String, int[]> listedBy;

    private LanguageCheck(Map<String, Profile> profiles) {
        this.profiles = profiles;
        this.measured = profiles.values().stream().filter(p -> !p.stopWords().isEmpty()).map(Profile::code).toList();
        var byWord = new HashMap<String, int[]>();
        for (int i = 0; i < measured.size(); i++) {
            int index = i;
            for (String word : profiles.get(measured.get(i)).stopWords()) {
                byWord.merge(word, new int[] {index}, (known, more) -> {
                    int[] both = Arrays.copyOf(known, known.length + 1);
                    both[known.length] = more[0];
                    return both;
                });
            }
        }
        this.listedBy = Map.copyOf(byWord);
    }

    /**
     * The check as {@code languages.yaml} describes the languages: each code maps either to its name,
     * or to {@code name}, {@code script} (a Unicode script name or a list of them) and {@code stop-words}.
     *
     * @throws IllegalArgumentException when the file is not valid YAML or names an unknown script
     */
    public static LanguageCheck fromYaml(String languagesYaml) {
        JsonNode root;
        try {
            root = YAML.readTree(languagesYaml);
        } catch (IOException e) {
            throw new IllegalArgumentException("languages.yaml is not valid YAML: " + e.getMessage(), e);
        }
        var profiles = new LinkedHashMap<String, Profile>();
        if (root != null) {
            root.fields().forEachRemaining(e -> profiles.put(e.getKey(), profile(e.getKey(), e.getValue())));
        }
        return new LanguageCheck(profiles);
    }

    private static Profile profile(String code, JsonNode node) {
        if (!node.isObject()) {
            return new Profile(code, node.asText(code), Set.of(), Set.of());
        }
        Set<Character.UnicodeScript> scripts = new HashSet<>();
        JsonNode script = node.path("script");
        for (JsonNode s : script.isArray() ? script : List.of(script)) {
            if (s.isTextual()) {
                try {
                    scripts.add(Character.UnicodeScript.forName(s.asText().strip()));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("languages.yaml: " + code + ".script names no Unicode script: '"
                            + s.asText() + "' (e.g. Latin, Thai, Han, Arabic)");
                }
            }
        }
        Set<String> stopWords = new HashSet<>();
        node.path("stop-words").forEach(w -> stopWords.addAll(TextNormalizer.words(w.asText())));
        return new Profile(code, node.path("name").asText(code), Set.copyOf(scripts), Set.copyOf(stopWords));
    }

    /** Shares of a text's words that are each language's stop words, with the script share. */
    public record Reading(int words, double scriptShare, Map<String, Double> stopWordShares) {
    }

    /** The dialogue's text measured against the expected language (other languages' shares leave out its stop words). */
    public Reading read(String text, String expected) {
        Profile own = profiles.get(expected);
        int self = measured.indexOf(expected);
        List<String> words = TextNormalizer.words(text);
        // One look-up per word, not one per word and language.
        int[] hits = new int[measured.size()];
        for (String word : words) {
            int[] languages = listedBy.get(word);
            if (languages == null) {
                continue;
            }
            boolean ownWord = own != null && own.stopWords().contains(word);
            for (int language : languages) {
                if (language == self || !ownWord) {
                    hits[language]++;
                }
            }
        }
        var shares = new LinkedHashMap<String, Double>();
        for (int i = 0; i < measured.size(); i++) {
            shares.put(measured.get(i), words.isEmpty() ? 0 : (double) hits[i] / words.size());
        }
        return new Reading(words.size(), own == null ? 1 : scriptShare(text, own.scripts()), shares);
    }

    @Override
    public String name() {
        return GATE;
    }

    /** Rejects a dialogue not written in the candidate's language. */
    @Override
    public Result check(Candidate candidate) {
        return Result.of(candidate.dialogue(), check(candidate.dialogue(), candidate.language()));
    }

    /**
     * Rejects a dialogue not written in {@code expected}; a regional code ({@code en-GB}) is checked
     * as its language ({@code en}) unless the file lists it, and a language the file does not describe passes.
     */
    public Optional<Rejection> check(Dialogue dialogue, String code) {
        String expected = profiles.containsKey(code) ? code : code.split("-")[0];
        Profile own = profiles.get(expected);
        if (own == null) {
            return Optional.empty();
        }
        // Tool results are a system's data (often English keys), not what the user and the assistant say.
        Reading r = read(dialogue.turns().stream().filter(t -> !t.isTool()).map(Turn::content)
                .collect(Collectors.joining("\n")), expected);
        if (r.scriptShare() < SCRIPT_SHARE) {
            return reject("only %.0f%% of its letters are in the %s script of %s", 100 * r.scriptShare(),
                    String.join(" or ", own.scripts().stream().map(s -> capitalised(s.name())).sorted().toList()), own.name());
        }
        if (own.stopWords().isEmpty()) {
            return Optional.empty();
        }
        double expectedShare = r.stopWordShares().get(expected);
        Optional<Map.Entry<String, Double>> other = r.stopWordShares().entrySet().stream()
                .filter(e -> !e.getKey().equals(expected)).max(Map.Entry.comparingByValue());
        if (other.isPresent() && other.get().getValue() >= EVIDENCE) {
            String otherName = profiles.get(other.get().getKey()).name();
            double otherShare = other.get().getValue();
            if (otherShare > expectedShare) {
                return reject("reads as %s, not %s: %.0f%% of its words are common %s words, %.0f%% common %s words",
                        otherName, own.name(), 100 * otherShare, otherName, 100 * expectedShare, own.name());
            }
            if (otherShare >= MIXED_RATIO * expectedShare) {
                return reject("mixes %s with %s: %.0f%% of its words are common %s words, %.0f%% common %s words",
                        own.name(), otherName, 100 * expectedShare, own.name(), 100 * otherShare, otherName);
            }
        }
        if (r.words() >= MIN_WORDS && expectedShare < EVIDENCE) {
            return reject("does not read as %s: only %.0f%% of its %d words are common %s words (at least %.0f%% expected)",
                    own.name(), 100 * expectedShare, r.words(), own.name(), 100 * EVIDENCE);
        }
        return Optional.empty();
    }

    private static Optional<Rejection> reject(String format, Object... args) {
        return Optional.of(new Rejection(GATE, String.format(Locale.ROOT, format, args)));
    }

    private static double scriptShare(String text, Set<Character.UnicodeScript> scripts) {
        if (scripts.isEmpty()) {
            return 1;
        }
        int letters = 0;
        int inScript = 0;
        for (int i = 0; i < text.length();) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (Character.isLetter(cp)) {
                letters++;
                if (scripts.contains(Character.UnicodeScript.of(cp))) {
                    inScript++;
                }
            }
        }
        return letters == 0 ? 1 : (double) inScript / letters;
    }

    private static String capitalised(String scriptName) {
        String lower = scriptName.toLowerCase(Locale.ROOT);
        return Character.toUpperCase(lower.charAt(0)) + lower.substring(1);
    }
}
