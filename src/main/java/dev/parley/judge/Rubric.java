package dev.parley.judge;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * Named criteria the judge scores from 1 to 5, each with a weight, an optional floor and described
 * levels, plus the score under which an assistant turn is masked from training. Read from a YAML
 * file under {@code prompts/rubrics/}.
 *
 * @param name      rubric name
 * @param criteria  the criteria, in order
 * @param turnFloor assistant turns scored below this get training weight 0 (1 masks nothing)
 */
public record Rubric(String name, List<Criterion> criteria, int turnFloor) {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    public Rubric {
        Objects.requireNonNull(name, "name");
        criteria = List.copyOf(criteria);
        if (criteria.isEmpty()) {
            throw new IllegalArgumentException("a rubric needs at least one criterion");
        }
        if (turnFloor < 1 || turnFloor > 5) {
            throw new IllegalArgumentException("turn-floor must be from 1 to 5");
        }
    }

    public Rubric(String name, List<Criterion> criteria) {
        this(name, criteria, 1);
    }

    /**
     * One criterion.
     *
     * @param name        identifier the judge answers with
     * @param weight      weight in the mean (positive)
     * @param description what the criterion is about
     * @param floor       a score under this rejects the dialogue whatever its mean (1: no floor)
     * @param levels      what some scores look like, score to description (may be empty)
     */
    public record Criterion(String name, double weight, String description, int floor, Map<Integer, String> levels) {
        public Criterion {
            Objects.requireNonNull(name, "name");
            description = description == null ? "" : description.strip();
            levels = levels == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(levels));
            if (!(weight > 0)) {
                throw new IllegalArgumentException("criterion " + name + " needs a positive weight");
            }
            if (floor < 1 || floor > 5) {
                throw new IllegalArgumentException("criterion " + name + " needs a floor from 1 to 5");
            }
        }

        public Criterion(String name, double weight, String description) {
            this(name, weight, description, 1, Map.of());
        }
    }

    /** Parses rubric YAML, naming the field that is wrong. */
    public static Rubric parse(String yaml) {
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (IOException e) {
            throw new IllegalArgumentException("rubric is not valid YAML: " + e.getMessage(), e);
        }
        if (root == null || !root.path("criteria").isArray() || root.path("criteria").isEmpty()) {
            throw new IllegalArgumentException("rubric: criteria must be a non-empty list");
        }
        List<Criterion> criteria = new ArrayList<>();
        var names = new HashSet<String>();
        for (int i = 0; i < root.get("criteria").size(); i++) {
            JsonNode c = root.get("criteria").get(i);
            String name = c.path("name").asText("");
            if (!name.matches("[A-Za-z0-9_-]+")) {
                throw new IllegalArgumentException("rubric: criteria[" + i + "].name must be a word (letters, digits, '_' or '-')");
            }
            if (!names.add(name)) {
                throw new IllegalArgumentException("rubric: criteria[" + i + "].name repeats '" + name + "'");
            }
            // asDouble would read a non-numeric weight ("heavy") silently as the default.
            JsonNode w = c.path("weight");
            if (!w.isMissingNode() && !w.isNull() && !w.isNumber()) {
                throw new IllegalArgumentException("rubric: criteria[" + i + "].weight must be a positive number, not '"
                        + w.asText() + "'");
            }
            double weight = w.isNumber() ? w.asDouble() : 1.0;
            if (!(weight > 0)) {
                throw new IllegalArgumentException("rubric: criteria[" + i + "].weight must be positive");
            }
            int floor = score(c.path("floor"), "criteria[" + i + "].floor", 1);
            var levels = new TreeMap<Integer, String>();
            JsonNode l = c.path("levels");
            if (!l.isMissingNode() && !l.isNull()) {
                if (!l.isObject()) {
                    throw new IllegalArgumentException("rubric: criteria[" + i + "].levels must map scores 1..5 to descriptions");
                }
                for (var it = l.fields(); it.hasNext();) {
                    var level = it.next();
                    int score;
                    try {
                        score = Integer.parseInt(level.getKey().strip());
                    } catch (NumberFormatException e) {
                        score = 0;
                    }
                    if (score < 1 || score > 5) {
                        throw new IllegalArgumentException("rubric: criteria[" + i + "].levels has '" + level.getKey()
                                + "', which is not a score from 1 to 5");
                    }
                    levels.put(score, level.getValue().asText("").strip());
                }
            }
            criteria.add(new Criterion(name, weight, c.path("description").asText(""), floor, levels));
        }
        return new Rubric(root.path("name").asText("custom"), criteria, score(root.path("turn-floor"), "turn-floor", 1));
    }

    private static int score(JsonNode node, String field, int fallback) {
        if (node.isMissingNode() || node.isNull()) {
            return fallback;
        }
        if (!node.isIntegralNumber() || node.asInt() < 1 || node.asInt() > 5) {
            throw new IllegalArgumentException("rubric: " + field + " must be a whole number from 1 to 5, not '" + node.asText() + "'");
        }
        return node.asInt();
    }

    /** The criteria as the judge prompt lists them: one line each, then its described levels. */
    public String promptLines() {
        var sb = new StringBuilder();
        for (Criterion c : criteria) {
            sb.append("- ").append(c.name()).append(": ").append(c.description()).append('\n');
            c.levels().forEach((score, text) -> sb.append("    ").append(score).append(": ").append(text).append('\n'));
        }
        return sb.toString().strip();
    }
}
