package dev.parley.llm;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * The prompt files one run uses, read once when the run is created and stored with it, so that a
 * resumed run uses exactly the same text even if the files changed since.
 *
 * @param files file name (relative to {@code prompts/}) to its text
 */
public record PromptSet(Map<String, String> files) {

    public static final String WRITE_SYSTEM = "write-dialogue.system.md";
    public static final String WRITE_USER = "write-dialogue.user.md";
    public static final String JUDGE_SYSTEM = "judge-dialogue.system.md";
    public static final String JUDGE_USER = "judge-dialogue.user.md";
    public static final String REVISE_SYSTEM = "revise.system.md";
    public static final String REVISE_DIALOGUE = "revise-dialogue.user.md";
    public static final String REVISE_TURNS = "revise-turns.user.md";
    public static final String LANGUAGES = "languages.yaml";
    public static final String STOCK_PHRASES = "stock-phrases.yaml";
    public static final String USER_SYSTEM = "user-simulator.system.md";
    public static final String USER_TURN = "user-simulator.user.md";
    public static final String USER_TRAITS = "user-traits.yaml";
    public static final String ROLE_LEAKAGE = "role-leakage.yaml";
    public static final String SEED_EXAMPLES = "seed-examples.md";
    public static final String SEED_USER_MESSAGES = "seed-user-messages.md";
    /** Added to the writer's request for a whole-dialogue candidate that must share another's opening. */
    public static final String WRITE_OPENING = "write-dialogue-opening.md";
    /** What the writer is told of the tools, appended to its request when the recipe declares tools. */
    public static final String WRITE_TOOLS = "write-dialogue-tools.md";
    public static final String TOOL_SYSTEM = "tool-simulator.system.md";
    public static final String TOOL_USER = "tool-simulator.user.md";
    /** The rubric file is stored under this name whichever file it came from. */
    public static final String RUBRIC = "rubric.yaml";

    private static final List<String> TEMPLATES = List.of(WRITE_SYSTEM, WRITE_USER, JUDGE_SYSTEM, JUDGE_USER,
            REVISE_SYSTEM, REVISE_DIALOGUE, REVISE_TURNS, USER_SYSTEM, USER_TURN, USER_TRAITS, LANGUAGES, STOCK_PHRASES, ROLE_LEAKAGE, SEED_EXAMPLES,
            SEED_USER_MESSAGES, WRITE_OPENING);
    /** Read only for a recipe with tools, so the prompts (and their hashes) of a run without tools stay as they were. */
    private static final List<String> TOOL_TEMPLATES = List.of(WRITE_TOOLS, TOOL_SYSTEM, TOOL_USER);
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    /**
     * The last {@code languages.yaml} parsed: every model call asks for the language name, and
     * parsing the YAML each time was 5 % of a run's CPU. The tree is only read, never changed.
     */
    private static final AtomicReference<Languages> LAST_LANGUAGES = new AtomicReference<>();

    public PromptSet {
        files = Collections.unmodifiableMap(new TreeMap<>(files));
    }

    /**
     * Reads every prompt file a run needs.
     *
     * @param folder the recipe's prompt folder, if it has one
     * @param rubric a rubric name under {@code rubrics/}, or a path to a rubric file
     */
    public static PromptSet load(Optional<Path> folder, String rubric) {
        return load(folder, rubric, false);
    }

    /**
     * Reads every prompt file a run needs, with the tool prompts when {@code tools} is set.
     *
     * @param folder the recipe's prompt folder, if it has one
     * @param rubric a rubric name under {@code rubrics/}, or a path to a rubric file
     * @param tools  whether the recipe declares tools
     */
    public static PromptSet load(Optional<Path> folder, String rubric, boolean tools) {
        var files = new LinkedHashMap<String, String>();
        for (String name : TEMPLATES) {
            files.put(name, PromptTemplates.read(folder, name));
        }
        if (tools) {
            for (String name : TOOL_TEMPLATES) {
                files.put(name, PromptTemplates.read(folder, name));
            }
        }
        if (rubric.endsWith(".yaml") || rubric.endsWith(".yml")) {
            Path file = Path.of(rubric);
            files.put(RUBRIC, PromptTemplates.read(Optional.of(file.toAbsolutePath().getParent()), file.getFileName().toString()));
        } else {
            files.put(RUBRIC, PromptTemplates.read(folder, "rubrics/" + rubric + ".yaml"));
        }
        return new PromptSet(files);
    }

    public String text(String name) {
        String text = files.get(name);
        if (text == null) {
            throw new IllegalArgumentException("the run has no prompt file " + name);
        }
        return text;
    }

    /** Renders one of the templates. */
    public String render(String name, Map<String, String> values) {
        return PromptTemplates.render(name, text(name), values);
    }

    /** The name prompts use for a language code, from {@code languages.yaml}; the code itself when not listed. */
    public String languageName(String code) {
        String text = text(LANGUAGES);
        Languages parsed = LAST_LANGUAGES.get();
        if (parsed == null || !parsed.text().equals(text)) {
            try {
                parsed = new Languages(text, YAML.readTree(text));
            } catch (java.io.IOException e) {
                throw new IllegalArgumentException("languages.yaml is not valid YAML: " + e.getMessage(), e);
            }
            LAST_LANGUAGES.set(parsed);
        }
        JsonNode entry = parsed.tree() == null ? null : parsed.tree().path(code);
        // A language is a name, or a mapping with its name and what the language check expects.
        String name = entry == null ? null : entry.isObject() ? entry.path("name").asText(null) : entry.asText(null);
        return name == null || name.isBlank() ? code : name;
    }

    /** A parsed {@code languages.yaml} with its text. */
    private record Languages(String text, JsonNode tree) {
    }

    /** SHA-256 of every file, for provenance. */
    public Map<String, String> hashes() {
        var hashes = new TreeMap<String, String>();
        files.forEach((name, text) -> hashes.put(name, sha256(text)));
        return hashes;
    }

    public static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
