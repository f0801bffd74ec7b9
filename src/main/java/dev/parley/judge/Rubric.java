package dev.parley.judge;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * Named criteria the judge scores from 1 to 5, each with a weight. Read from a YAML file under
 * {@code prompts/rubrics/}.
 *
 * @param name     rubric name
 * @param criteria the criteria, in order
 */
public record Rubric(String name, List<Criterion> criteria) {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    public Rubric {
        Objects.requireNonNull(name, "name");
        criteria = List.copyOf(criteria);
        if (criteria.isEmpty()) {
            throw new IllegalArgumentException("a rubric needs at least one criterion");
        }
    }

    /**
     * One criterion.
     *
     * @param name        identifier the judge answers with
     * @param weight      weight in the mean (positive)
     * @param description what a 5 looks like
     */
    public record Criterion(String name, double weight, String description) {
        public Criterion {
            Objects.requireNonNull(name, "name");
            description = description == null ? "" : description.strip();
            if (!(weight > 0)) {
                throw new IllegalArgumentException("criterion " + name + " needs a positive weight");
            }
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
            criteria.add(new Criterion(name, weight, c.path("description").asText("")));
        }
        return new Rubric(root.path("name").asText("custom"), criteria);
    }

    /** The criteria as the judge prompt lists them. */
    public String promptLines() {
        var sb = new StringBuilder();
        for (Criterion c : criteria) {
            sb.append("- ").append(c.name()).append(": ").append(c.description()).append('\n');
        }
        return sb.toString().strip();
    }
}
