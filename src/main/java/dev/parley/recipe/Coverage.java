package dev.parley.recipe;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How the plan spreads dialogues over the grid beyond "every cell alike": value weights, excluded
 * and required combinations, dimensions whose values a model expands, and adaptive top-ups.
 *
 * @param weights  dimension to value to weight, only for values whose weight is not 1
 * @param exclude  combinations that never appear: each maps some dimensions to one value each
 * @param require  combinations that appear at least a number of times
 * @param expand   dimensions whose values a model writes when the run is created (their value list is
 *                 empty until then)
 * @param maxExtra adaptive sampling: extra attempts allowed, as a share of the count, for cells whose
 *                 dialogues were rejected; 0 turns it off
 */
public record Coverage(Map<String, Map<String, Double>> weights, List<Map<String, String>> exclude,
        List<Requirement> require, Map<String, Expansion> expand, double maxExtra) {

    /** No weights, no rules, nothing to expand, no top-ups: the plain balanced plan. */
    public static final Coverage NONE = new Coverage(Map.of(), List.of(), List.of(), Map.of(), 0);

    public Coverage {
        var w = new LinkedHashMap<String, Map<String, Double>>();
        weights.forEach((d, values) -> w.put(d, Collections.unmodifiableMap(new LinkedHashMap<>(values))));
        weights = Collections.unmodifiableMap(w);
        exclude = exclude.stream().map(r -> Collections.unmodifiableMap(new LinkedHashMap<>(r))).toList();
        require = List.copyOf(require);
        expand = Collections.unmodifiableMap(new LinkedHashMap<>(expand));
        if (maxExtra < 0) {
            throw new IllegalArgumentException("maxExtra must be ≥ 0");
        }
    }

    /** The weight of a value (1 unless the recipe says otherwise). */
    public double weight(String dimension, String value) {
        return weights.getOrDefault(dimension, Map.of()).getOrDefault(value, 1.0);
    }

    /** Whether the plan needs more than the plain balanced walk over the grid. */
    public boolean shapesPlan() {
        return !weights.isEmpty() || !exclude.isEmpty() || !require.isEmpty();
    }

    /** How many extra attempts a run of {@code count} dialogues may make for rejected ones. */
    public int extraBudget(int count) {
        return (int) Math.floor(maxExtra * count + 1e-9);
    }

    /**
     * Whether a (possibly partial) cell falls under an exclusion whose dimensions it all has.
     *
     * @param cell dimension to value; dimensions not chosen yet are absent
     */
    public boolean excludes(Map<String, String> cell) {
        return exclusion(cell).isPresent();
    }

    /** The first exclusion rule (by position) that the cell matches on all of the rule's dimensions. */
    public Optional<Integer> exclusion(Map<String, String> cell) {
        for (int i = 0; i < exclude.size(); i++) {
            if (matches(exclude.get(i), cell)) {
                return Optional.of(i);
            }
        }
        return Optional.empty();
    }

    /** Whether every dimension of the rule is in the cell with the rule's value. */
    public static boolean matches(Map<String, String> rule, Map<String, String> cell) {
        for (var e : rule.entrySet()) {
            if (!e.getValue().equals(cell.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    /**
     * A cell of the grid no exclusion matches, found depth first with pruning, or empty when every
     * cell is excluded. Each value tried is a step of {@code budget}.
     *
     * @throws InvalidRecipeException when the budget runs out first
     */
    public Optional<Map<String, String>> anyAllowedCell(Map<String, List<String>> dimensions, Map<String, String> fixed,
            WorkBudget budget) {
        var names = List.copyOf(dimensions.keySet());
        var cell = new LinkedHashMap<String, String>();
        return search(dimensions, names, 0, fixed, cell, budget) ? Optional.of(Map.copyOf(cell)) : Optional.empty();
    }

    private boolean search(Map<String, List<String>> dimensions, List<String> names, int d, Map<String, String> fixed,
            LinkedHashMap<String, String> cell, WorkBudget budget) {
        if (d == names.size()) {
            return true;
        }
        String name = names.get(d);
        List<String> options = fixed.containsKey(name) ? List.of(fixed.get(name)) : dimensions.get(name);
        for (String value : options) {
            budget.spend();
            cell.put(name, value);
            if (!excludes(cell) && search(dimensions, names, d + 1, fixed, cell, budget)) {
                return true;
            }
            cell.remove(name);
        }
        return false;
    }

    /**
     * A combination that must appear at least {@code count} times.
     *
     * @param values some dimensions, one value each
     * @param count  the least number of planned dialogues with these values
     */
    public record Requirement(Map<String, String> values, int count) {
        public Requirement {
            values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
            if (count < 1) {
                throw new IllegalArgumentException("a required combination needs a count ≥ 1");
            }
        }
    }

    /**
     * A dimension whose values a model writes from a short description.
     *
     * @param kind        {@value #TOPICS} (a tree: each value split into {@code breadth} narrower ones,
     *                    {@code depth} levels down; the leaves become the values) or {@value #PERSONAS} (a
     *                    list of {@code breadth} people, depth 1)
     * @param description what the values are about, in a sentence
     * @param depth       levels of the tree
     * @param breadth     children per node (for personas: how many)
     */
    public record Expansion(String kind, String description, int depth, int breadth) {
        public static final String TOPICS = "topics";
        public static final String PERSONAS = "personas";

        public Expansion {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(description, "description");
            if (depth < 1 || breadth < 1) {
                throw new IllegalArgumentException("expansion depth and breadth must be ≥ 1");
            }
        }

        /** How many values the expansion yields. */
        public long leaves() {
            long n = 1;
            for (int i = 0; i < depth; i++) {
                n *= breadth;
            }
            return n;
        }
    }
}
