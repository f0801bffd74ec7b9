package dev.parley.llm;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
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
        Matcher m = VARIABLE.matcher(template);
        var out = new StringBuilder(template.length() + 256);
        while (m.find()) {
            String value = values.get(m.group(1));
            if (value == null) {
                throw new IllegalArgumentException("prompt template " + templateName + " uses {{" + m.group(1)
                        + "}}, which Parley does not provide here (available: " + String.join(", ", new LinkedHashMap<>(values).keySet()) + ")");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }
}
