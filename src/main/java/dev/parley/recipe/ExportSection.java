package dev.parley.recipe;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Reads and writes the recipe's {@code export:} section, reporting each problem with its field path. */
final class ExportSection {

    static final String KEY = "export";
    /** Upper bound on the context length: a guard against typos. */
    static final int MAX_CONTEXT_LENGTH = 10_000_000;
    private static final double TOLERANCE = 1e-6;
    /** A license id as the Hugging Face card's front matter takes it: one word of letters, digits, '.', '-', '+'. */
    private static final Pattern LICENSE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9.+-]{0,63}");

    private ExportSection() {
    }

    /**
     * @param section the section, or null when the recipe has none
     * @param problem told the field path and message of every problem
     */
    static ExportSettings read(JsonNode section, BiConsumer<String, String> problem) {
        if (section == null || section.isNull()) {
            return ExportSettings.NONE;
        }
        if (!section.isObject()) {
            problem.accept(KEY, "must be a mapping of fields");
            return ExportSettings.NONE;
        }
        Set<String> known = new TreeSet<>(List.of("formats", "split", "split-seed", "context-length", "real-data",
                "real-ratio", "license", "fold-system", "reasoning"));
        section.fieldNames().forEachRemaining(key -> {
            if (!known.contains(key)) {
                problem.accept(KEY + "." + key, "is not a known field (known: " + String.join(", ", known) + ")");
            }
        });
        List<String> formats = formats(section.get("formats"), problem);
        List<Double> split = split(section.get("split"), problem);
        OptionalLong seed = OptionalLong.empty();
        JsonNode s = section.get("split-seed");
        if (s != null) {
            if (s.isIntegralNumber() && s.canConvertToLong()) {
                seed = OptionalLong.of(s.asLong());
            } else {
                problem.accept(KEY + ".split-seed", "must be a whole number, not " + s.asText());
            }
        }
        OptionalInt contextLength = OptionalInt.empty();
        JsonNode c = section.get("context-length");
        if (c != null) {
            if (c.isIntegralNumber() && c.canConvertToInt() && c.asInt() >= 1 && c.asInt() <= MAX_CONTEXT_LENGTH) {
                contextLength = OptionalInt.of(c.asInt());
            } else {
                problem.accept(KEY + ".context-length", "must be a whole number of tokens from 1 to " + MAX_CONTEXT_LENGTH
                        + ", not " + c.asText());
            }
        }
        Optional<String> realData = Optional.empty();
        JsonNode d = section.get("real-data");
        if (d != null) {
            if (d.isTextual() && !d.asText().isBlank()) {
                realData = Optional.of(d.asText().strip());
            } else {
                problem.accept(KEY + ".real-data", "must be the path of a JSONL file of real dialogues");
            }
        }
        OptionalDouble realRatio = OptionalDouble.empty();
        JsonNode r = section.get("real-ratio");
        if (r != null) {
            if (r.isNumber() && r.asDouble() > 0 && r.asDouble() < 1) {
                realRatio = OptionalDouble.of(r.asDouble());
            } else {
                problem.accept(KEY + ".real-ratio", "must be a number more than 0 and less than 1, not " + r.asText());
            }
            if (d == null) {
                problem.accept(KEY + ".real-ratio", "needs export.real-data, the file of real dialogues to mix in");
            }
        }
        Optional<String> license = Optional.empty();
        JsonNode l = section.get("license");
        if (l != null) {
            if (l.isTextual() && LICENSE.matcher(l.asText().strip()).matches()) {
                license = Optional.of(l.asText().strip());
            } else {
                problem.accept(KEY + ".license", "must be a license id such as apache-2.0, cc-by-4.0 or other, not '"
                        + l.asText() + "'");
            }
        }
        boolean foldSystem = false;
        JsonNode f = section.get("fold-system");
        if (f != null) {
            if (f.isBoolean()) {
                foldSystem = f.asBoolean();
            } else {
                problem.accept(KEY + ".fold-system", "must be true or false, not " + f.asText());
            }
        }
        return new ExportSettings(formats, split, seed, contextLength, realData, realRatio, license, foldSystem,
                reasoning(section.get("reasoning"), problem));
    }

    /** {@code export.reasoning}: how assistant turns' reasoning is written, one of the known forms. */
    private static Optional<String> reasoning(JsonNode r, BiConsumer<String, String> problem) {
        if (r == null) {
            return Optional.empty();
        }
        if (r.isTextual() && ExportSettings.REASONING_FORMS.contains(r.asText())) {
            return Optional.of(r.asText());
        }
        problem.accept(KEY + ".reasoning", "must be one of " + String.join(", ", ExportSettings.REASONING_FORMS) + ", not '"
                + r.asText() + "'");
        return Optional.empty();
    }

    /** A list of format names, or one comma-separated text; {@code all} names every format. */
    private static List<String> formats(JsonNode node, BiConsumer<String, String> problem) {
        List<String> names = new ArrayList<>();
        if (node == null) {
            return names;
        }
        List<JsonNode> items = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(items::add);
        } else if (node.isTextual()) {
            for (String part : node.asText().split(",", -1)) {
                items.add(com.fasterxml.jackson.databind.node.TextNode.valueOf(part.strip()));
            }
        } else {
            problem.accept(KEY + ".formats", "must be a list of format names (" + String.join(", ", ExportSettings.FORMATS)
                    + ") or all");
            return names;
        }
        for (int i = 0; i < items.size(); i++) {
            String name = items.get(i).asText("").strip().toLowerCase(java.util.Locale.ROOT);
            String path = KEY + ".formats" + (node.isArray() ? "[" + i + "]" : "");
            if (name.equals("all") && items.size() == 1) {
                return ExportSettings.DIALOGUE_FORMATS;
            }
            if (!items.get(i).isTextual() || !ExportSettings.FORMATS.contains(name)) {
                problem.accept(path, "'" + items.get(i).asText() + "' is not a format (known: "
                        + String.join(", ", ExportSettings.FORMATS) + ", or all alone for every dialogue format)");
            } else if (!names.contains(name)) {
                names.add(name);
            }
        }
        if (names.isEmpty() && items.isEmpty()) {
            problem.accept(KEY + ".formats", "names no format");
        }
        return names;
    }

    /** One to three shares (train, validation, test) from 0 to 1 adding up to 1, train above 0. */
    private static List<Double> split(JsonNode node, BiConsumer<String, String> problem) {
        if (node == null) {
            return List.of();
        }
        String path = KEY + ".split";
        if (!node.isArray() || node.isEmpty() || node.size() > 3) {
            problem.accept(path, "must be a list of one to three shares (train, validation, test), e.g. [0.9, 0.1]");
            return List.of();
        }
        List<Double> shares = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode v = node.get(i);
            if (!v.isNumber() || v.asDouble() < 0 || v.asDouble() > 1) {
                problem.accept(path + "[" + i + "]", "must be a share from 0 to 1, not " + v.asText());
                return List.of();
            }
            shares.add(v.asDouble());
        }
        if (!(shares.getFirst() > 0)) {
            problem.accept(path + "[0]", "the train share must be more than 0");
            return List.of();
        }
        double sum = shares.stream().mapToDouble(Double::doubleValue).sum();
        if (Math.abs(sum - 1) > TOLERANCE) {
            problem.accept(path, "the shares must add up to 1, got " + new java.math.BigDecimal(sum)
                    .round(new java.math.MathContext(4)).stripTrailingZeros().toPlainString());
            return List.of();
        }
        return shares;
    }

    /** Writes the set fields back under {@code export:} (stored with every run); nothing when none is set. */
    static void write(ExportSettings export, ObjectNode root) {
        if (export.equals(ExportSettings.NONE)) {
            return;
        }
        ObjectNode node = root.putObject(KEY);
        if (!export.formats().isEmpty()) {
            export.formats().forEach(node.putArray("formats")::add);
        }
        if (!export.split().isEmpty()) {
            export.split().forEach(node.putArray("split")::add);
        }
        export.splitSeed().ifPresent(s -> node.put("split-seed", s));
        export.contextLength().ifPresent(c -> node.put("context-length", c));
        export.realData().ifPresent(d -> node.put("real-data", d));
        export.realRatio().ifPresent(r -> node.put("real-ratio", r));
        export.license().ifPresent(l -> node.put("license", l));
        if (export.foldSystem()) {
            node.put("fold-system", true);
        }
        export.reasoning().ifPresent(r -> node.put("reasoning", r));
    }
}
