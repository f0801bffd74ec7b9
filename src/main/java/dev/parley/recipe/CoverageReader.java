package dev.parley.recipe;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

/**
 * Reads and writes the coverage parts of a recipe: weighted values ({@code {value: angry, weight: 2}}),
 * dimensions read from a values file ({@code {from: values.yaml}}) or expanded by a model
 * ({@code {expand: {topics: ..., depth: 2, breadth: 3}}}), and the {@code coverage} block with
 * {@code exclude}, {@code require} and {@code adaptive}. Problems go into the loader's list.
 */
final class CoverageReader {

    /** Upper bound on a value's weight. */
    static final double MAX_WEIGHT = 1000;
    /** Upper bound on adaptive extra attempts, as a share of the count. */
    static final double MAX_EXTRA = 5;
    /** Upper bound on the values one expansion may ask for. */
    static final long MAX_EXPANDED = 10_000;
    static final int MAX_DEPTH = 4;
    static final int MAX_BREADTH = 100;
    static final int DEFAULT_DEPTH = 2;
    static final int DEFAULT_BREADTH = 4;
    static final int DEFAULT_PERSONAS = 8;

    private final List<RecipeProblem> problems;

    CoverageReader(List<RecipeProblem> problems) {
        this.problems = problems;
    }

    /** A weighted value {@code {value: angry, weight: 2}}: records the weight, returns the value (null if unusable). */
    JsonNode weighted(String dimension, ObjectNode item, String path, Map<String, Map<String, Double>> weights) {
        unknownKeys(item, path, Set.of("value", "weight"));
        JsonNode value = item.get("value");
        if (value == null || !value.isValueNode() || value.isNull() || value.asText().isBlank()) {
            problem(path + ".value", "is required: the value's text");
            return null;
        }
        JsonNode weight = item.get("weight");
        double w = 1;
        if (weight != null) {
            if (!weight.isNumber() || weight.asDouble() <= 0 || weight.asDouble() > MAX_WEIGHT) {
                problem(path + ".weight", "must be a number above 0 and at most " + (int) MAX_WEIGHT + ", not " + weight.asText());
                return null;
            }
            w = weight.asDouble();
        }
        if (w != 1) {
            weights.computeIfAbsent(dimension, k -> new LinkedHashMap<>()).put(value.asText().strip(), w);
        }
        return TextNode.valueOf(value.asText());
    }

    /**
     * A dimension given as a mapping: {@code from} (a values file, inside {@code roots}) gives its
     * values now; {@code expand} leaves it empty and records the expansion.
     */
    List<String> source(String dimension, ObjectNode spec, String path, FileRoots roots,
            Map<String, Coverage.Expansion> expansions) {
        unknownKeys(spec, path, Set.of("from", "expand"));
        if (spec.has("from") == spec.has("expand")) {
            problem(path, "must have either 'from' (a values file) or 'expand' (a model writes the values)");
            return List.of();
        }
        if (spec.has("from")) {
            JsonNode from = spec.get("from");
            if (!from.isTextual() || from.asText().isBlank()) {
                problem(path + ".from", "must be the path of a values file (as 'parley expand' writes)");
                return List.of();
            }
            return roots.file(path + ".from", from.asText().strip(), problems)
                    .map(file -> ValueTree.read(file, dimension, path + ".from", problems).leaves()).orElse(List.of());
        }
        JsonNode expand = spec.get("expand");
        String at = path + ".expand";
        if (!expand.isObject()) {
            problem(at, "must be a mapping such as {topics: <description>, depth: 2, breadth: 3} or "
                    + "{personas: <description>, count: 6}");
            return List.of();
        }
        ObjectNode e = (ObjectNode) expand;
        unknownKeys(e, at, Set.of(Coverage.Expansion.TOPICS, Coverage.Expansion.PERSONAS, "depth", "breadth", "count"));
        boolean topics = e.has(Coverage.Expansion.TOPICS);
        if (topics == e.has(Coverage.Expansion.PERSONAS)) {
            problem(at, "must have either 'topics' (a topic tree) or 'personas' (a list of people), with a short description");
            return List.of();
        }
        String kind = topics ? Coverage.Expansion.TOPICS : Coverage.Expansion.PERSONAS;
        JsonNode description = e.get(kind);
        if (!description.isTextual() || description.asText().isBlank()) {
            problem(at + "." + kind, "must be a short description of what to expand");
            return List.of();
        }
        int depth;
        int breadth;
        if (topics) {
            if (e.has("count")) {
                problem(at + ".count", "is for personas; a topic tree has depth and breadth");
            }
            depth = whole(e, at, "depth", DEFAULT_DEPTH, 1, MAX_DEPTH);
            breadth = whole(e, at, "breadth", DEFAULT_BREADTH, 1, MAX_BREADTH);
        } else {
            if (e.has("depth") || e.has("breadth")) {
                problem(at, "personas are a list: give 'count', not depth or breadth");
            }
            depth = 1;
            breadth = whole(e, at, "count", DEFAULT_PERSONAS, 1, MAX_BREADTH);
        }
        var expansion = new Coverage.Expansion(kind, description.asText().strip(), depth, breadth);
        if (expansion.leaves() > MAX_EXPANDED) {
            problem(at, "asks for " + expansion.leaves() + " values (breadth^depth); at most " + MAX_EXPANDED);
        }
        expansions.put(dimension, expansion);
        return List.of();
    }

    /** The {@code coverage} block, checked against the dimensions. */
    Coverage read(ObjectNode block, Map<String, List<String>> dimensions, Map<String, Map<String, Double>> weights,
            Map<String, Coverage.Expansion> expansions, Integer count) {
        if (block == null) {
            return new Coverage(weights, List.of(), List.of(), expansions, 0);
        }
        unknownKeys(block, "coverage", Set.of("exclude", "require", "adaptive"));
        int before = problems.size();
        List<Map<String, String>> exclude = new ArrayList<>();
        for (ObjectNode rule : list(block, "coverage.exclude")) {
            exclude.add(combination(rule, "coverage.exclude[" + exclude.size() + "]", dimensions, expansions, false));
        }
        List<Coverage.Requirement> require = new ArrayList<>();
        int i = 0;
        for (ObjectNode rule : list(block, "coverage.require")) {
            String at = "coverage.require[" + i++ + "]";
            var values = combination(rule, at, dimensions, expansions, true);
            int n = whole(rule, at, "count", 1, 1, Integer.MAX_VALUE);
            if (!values.isEmpty()) {
                require.add(new Coverage.Requirement(values, n));
            }
        }
        double maxExtra = 0;
        JsonNode adaptive = block.get("adaptive");
        if (adaptive != null && !adaptive.isNull()) {
            if (!adaptive.isObject()) {
                problem("coverage.adaptive", "must be a mapping such as {max-extra: 0.3}");
            } else {
                unknownKeys((ObjectNode) adaptive, "coverage.adaptive", Set.of("max-extra"));
                JsonNode extra = adaptive.get("max-extra");
                if (extra == null || !extra.isNumber() || extra.asDouble() < 0 || extra.asDouble() > MAX_EXTRA) {
                    problem("coverage.adaptive.max-extra", "must be a number from 0 to " + (int) MAX_EXTRA
                            + " (extra attempts as a share of count), not " + (extra == null ? "missing" : extra.asText()));
                } else {
                    maxExtra = extra.asDouble();
                }
            }
        }
        var coverage = new Coverage(weights, exclude, require, expansions, maxExtra);
        if (problems.size() == before) {
            feasible(coverage, dimensions);
        }
        if (count != null) {
            int required = 0;
            for (int r = 0; r < require.size(); r++) {
                required += require.get(r).count();
                if (require.get(r).count() > count) {
                    problem("coverage.require[" + r + "].count", "must be ≤ count (" + count + "), got " + require.get(r).count());
                }
            }
            if (require.size() > 1 && required > count) {
                problem("coverage.require", "asks for " + required + " dialogues in all, more than count (" + count + ")");
            }
        }
        return coverage;
    }

    /** Impossible rules: every cell excluded, or a required combination that is excluded. */
    private void feasible(Coverage coverage, Map<String, List<String>> dimensions) {
        boolean complete = !dimensions.isEmpty() && dimensions.values().stream().noneMatch(List::isEmpty);
        if (!complete || coverage.exclude().isEmpty()) {
            return;
        }
        // One budget for the whole check, so that many requirements cannot multiply it: the work's own when
        // it has one, which the planner then goes on with.
        WorkBudget budget = WorkBudget.current().orElseGet(WorkBudget::standard);
        if (coverage.anyAllowedCell(dimensions, Map.of(), budget).isEmpty()) {
            problem("coverage.exclude", "excludes every cell of the grid: nothing could be planned");
            return;
        }
        for (int i = 0; i < coverage.require().size(); i++) {
            if (coverage.anyAllowedCell(dimensions, coverage.require().get(i).values(), budget).isEmpty()) {
                problem("coverage.require[" + i + "]", "can never be met: every cell with these values is excluded by coverage.exclude");
            }
        }
    }

    private List<ObjectNode> list(ObjectNode block, String path) {
        JsonNode node = block.get(path.substring(path.lastIndexOf('.') + 1));
        var rules = new ArrayList<ObjectNode>();
        if (node == null || node.isNull()) {
            return rules;
        }
        if (!node.isArray()) {
            problem(path, "must be a list of combinations such as {persona: student, topic: pension}");
            return rules;
        }
        for (int i = 0; i < node.size(); i++) {
            if (!node.get(i).isObject()) {
                problem(path + "[" + i + "]", "must be a mapping of dimension to value, such as {persona: student}");
            } else {
                rules.add((ObjectNode) node.get(i));
            }
        }
        return rules;
    }

    /** A rule's dimension → value pairs ({@code count} is skipped where it is allowed). */
    private Map<String, String> combination(ObjectNode rule, String path, Map<String, List<String>> dimensions,
            Map<String, Coverage.Expansion> expansions, boolean counted) {
        var values = new LinkedHashMap<String, String>();
        for (Iterator<Map.Entry<String, JsonNode>> it = rule.fields(); it.hasNext();) {
            var e = it.next();
            String dimension = e.getKey();
            String at = path + "." + dimension;
            if (counted && dimension.equals("count")) {
                continue;
            }
            if (expansions.containsKey(dimension)) {
                problem(at, "names a dimension whose values a model writes when the run starts; write them first with "
                        + "'parley expand' and point the dimension at the file ({from: values.yaml})");
            } else if (!dimensions.containsKey(dimension)) {
                problem(at, "is not a dimension (dimensions: " + String.join(", ", new TreeSet<>(dimensions.keySet())) + ")");
            } else if (!e.getValue().isValueNode() || e.getValue().isNull()) {
                problem(at, "must be one value of the dimension");
            } else if (!dimensions.get(dimension).contains(e.getValue().asText().strip())) {
                problem(at, "'" + e.getValue().asText().strip() + "' is not a value of " + dimension);
            } else {
                values.put(dimension, e.getValue().asText().strip());
            }
        }
        if (values.isEmpty() && rule.size() == (counted && rule.has("count") ? 1 : 0)) {
            problem(path, "must name at least one dimension and its value");
        }
        return values;
    }

    private int whole(ObjectNode parent, String path, String key, int fallback, int min, int max) {
        JsonNode node = parent.get(key);
        if (node == null) {
            return fallback;
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt() || node.asInt() < min || node.asInt() > max) {
            problem(path + "." + key, "must be a whole number from " + min + " to " + max + ", not " + node.asText());
            return fallback;
        }
        return node.asInt();
    }

    private void unknownKeys(ObjectNode node, String path, Set<String> known) {
        node.fieldNames().forEachRemaining(key -> {
            if (!known.contains(key)) {
                problem(path + "." + key, "is not a known field (known: " + String.join(", ", new TreeSet<>(known)) + ")");
            }
        });
    }

    private void problem(String field, String message) {
        problems.add(new RecipeProblem(field, message));
    }

    // ---- writing back (the run stores the recipe as a tree) -------------------------------------

    /** One dimension as the recipe wrote it: weighted values as {@code {value, weight}}, expansions as {@code {expand}}. */
    static void writeDimension(ObjectNode dims, String name, List<String> values, Coverage coverage) {
        Coverage.Expansion expansion = coverage.expand().get(name);
        if (expansion != null) {
            ObjectNode e = dims.putObject(name).putObject("expand").put(expansion.kind(), expansion.description());
            if (Coverage.Expansion.TOPICS.equals(expansion.kind())) {
                e.put("depth", expansion.depth()).put("breadth", expansion.breadth());
            } else {
                e.put("count", expansion.breadth());
            }
            return;
        }
        ArrayNode list = dims.putArray(name);
        for (String value : values) {
            double weight = coverage.weight(name, value);
            if (weight == 1) {
                list.add(value);
            } else {
                list.addObject().put("value", value).put("weight", weight);
            }
        }
    }

    /** The {@code coverage} block, when there is anything in it. */
    static void writeCoverage(ObjectNode root, Coverage coverage) {
        if (coverage.exclude().isEmpty() && coverage.require().isEmpty() && coverage.maxExtra() == 0) {
            return;
        }
        ObjectNode block = root.putObject("coverage");
        if (!coverage.exclude().isEmpty()) {
            ArrayNode exclude = block.putArray("exclude");
            coverage.exclude().forEach(rule -> rule.forEach(exclude.addObject()::put));
        }
        if (!coverage.require().isEmpty()) {
            ArrayNode require = block.putArray("require");
            for (Coverage.Requirement r : coverage.require()) {
                ObjectNode o = require.addObject();
                r.values().forEach(o::put);
                o.put("count", r.count());
            }
        }
        if (coverage.maxExtra() > 0) {
            block.putObject("adaptive").put("max-extra", coverage.maxExtra());
        }
    }
}
