package dev.parley.llm;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Prompt templates: plain files under {@code prompts/}, packaged as the defaults, which a recipe
 * may replace file by file with a folder of its own. One syntax throughout: {@code {{name}}}.
 */
public final class PromptTemplates {

    private static final Pattern VARIABLE = Pattern.compile("\\{\\{\\s*([A-Za-z0-9_]+)\\s*}}");

    private PromptTemplates() {
    }

    /**
     * Reads a template or other prompt file: from the recipe's folder when it has one, otherwise the
     * packaged default.
     *
     * @param folder the recipe's prompt folder, if any
     * @param name   file name relative to {@code prompts/}, e.g. {@code write-dialogue.user.md}
     * @throws IllegalArgumentException when neither exists
     */
    public static String read(Optional<Path> folder, String name) {
        if (folder.isPresent()) {
            Path file = folder.get().resolve(name);
            if (Files.isRegularFile(file)) {
                try {
                    return Files.readString(file);
                } catch (IOException e) {
                    throw new IllegalArgumentException("cannot read prompt file " + file + ": " + e.getMessage(), e);
                }
            }
        }
        return packaged(name).orElseThrow(() -> new IllegalArgumentException(
                "no prompt file '" + name + "'" + folder.map(f -> " in " + f + " or").orElse("") + " among the packaged prompts"));
    }

    /** A packaged prompt file, if there is one of that name. */
    public static Optional<String> packaged(String name) {
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream("prompts/" + name)) {
            return in == null ? Optional.empty() : Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read packaged prompt " + name, e);
        }
    }

    /**
     * Fills a template in one pass: inserted values are never read as template syntax, so a
     * {@code {{...}}} inside a recipe's text stays as it is.
     *
     * @throws IllegalArgumentException naming the template and the variable when a value is missing
     */
    public static String render(String templateName, String template, Map<String, String> values) {
        Parsed parsed = parse(template);
        int length = template.length();
        for (String variable : parsed.variables()) {
            String value = values.get(variable);
            if (value == null) {
                throw new IllegalArgumentException("prompt template " + templateName + " uses {{" + variable
                        + "}}, which Parley does not provide here (available: " + String.join(", ", new LinkedHashMap<>(values).keySet()) + ")");
            }
            length += value.length();
        }
        var out = new StringBuilder(length);
        for (int i = 0; i < parsed.variables().size(); i++) {
            out.append(parsed.literals().get(i)).append(values.get(parsed.variables().get(i)));
        }
        return out.append(parsed.literals().getLast()).toString();
    }

    /** A template split at its variables: the text around them (one more piece than variables) and their names. */
    private record Parsed(List<String> literals, List<String> variables) {
    }

    /**
     * Templates already split, by their text: a run renders the same few templates for every item. Bounded, in
     * case a long-lived server sees many recipes' templates.
     */
    private static final Map<String, Parsed> PARSED = new ConcurrentHashMap<>();
    private static final int MAX_PARSED = 256;

    private static Parsed parse(String template) {
        Parsed known = PARSED.get(template);
        if (known != null) {
            return known;
        }
        var literals = new ArrayList<String>();
        var variables = new ArrayList<String>();
        Matcher m = VARIABLE.matcher(template);
        int at = 0;
        while (m.find()) {
            literals.add(template.substring(at, m.start()));
            variables.add(m.group(1));
            at = m.end();
        }
        literals.add(template.substring(at));
        var parsed = new Parsed(List.copyOf(literals), List.copyOf(variables));
        if (PARSED.size() >= MAX_PARSED) {
            PARSED.clear();
        }
        PARSED.put(template, parsed);
        return parsed;
    }
}
