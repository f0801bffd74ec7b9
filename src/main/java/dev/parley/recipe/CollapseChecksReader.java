package dev.parley.recipe;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Reads and writes the collapse checks of a recipe's {@code checks}: {@code diversity} (gates),
 * {@code diversity-every}, {@code disparity}, {@code semantic-duplicate}, {@code semantic-word-overlap} and
 * {@code dedup-against}.
 * Every problem goes to the loader's sink with its field path.
 */
final class CollapseChecksReader {

    private static final String DIVERSITY = "diversity";
    private static final String EARLIER = "earlier";

    private final ObjectNode checks;
    private final BiConsumer<String, String> problem;
    private int problems;

    CollapseChecksReader(ObjectNode checks, BiConsumer<String, String> problem) {
        this.checks = checks;
        this.problem = problem;
    }

    Recipe.CollapseChecks read() {
        Recipe.CollapseChecks d = Recipe.CollapseChecks.DEFAULT;
        int every = d.diversityEvery();
        JsonNode e = checks.get("diversity-every");
        if (e != null) {
            if (!e.isIntegralNumber() || !e.canConvertToInt() || e.asInt() < 1) {
                problem.accept("checks.diversity-every", "must be a whole number ≥ 1, not " + e.asText());
            } else {
                every = e.asInt();
            }
        }
        return new Recipe.CollapseChecks(gates(), every, share("disparity", d.disparity()),
                share("semantic-duplicate", d.semanticDuplicate()),
                share("semantic-word-overlap", d.semanticWordOverlap()), dedupAgainst());
    }

    private List<Recipe.DiversityRule> gates() {
        var rules = new ArrayList<Recipe.DiversityRule>();
        JsonNode list = checks.get(DIVERSITY);
        if (list == null || list.isNull()) {
            return rules;
        }
        if (!list.isArray()) {
            problem.accept("checks.diversity", "must be a list of gates such as {measure: distinct-2, limit: 0.4, action: warn}");
            return rules;
        }
        for (int i = 0; i < list.size(); i++) {
            String path = "checks.diversity[" + i + "]";
            if (!list.get(i).isObject()) {
                problem.accept(path, "must be a mapping such as {measure: distinct-2, limit: 0.4, action: warn}");
                continue;
            }
            rule((ObjectNode) list.get(i), path).ifPresent(rules::add);
        }
        return rules;
    }

    private Optional<Recipe.DiversityRule> rule(ObjectNode gate, String path) {
        int before = problems;
        gate.fieldNames().forEachRemaining(key -> {
            if (!Set.of("measure", "scope", "limit", "direction", "action", "min-dialogues").contains(key)) {
                report(path + "." + key, "is not a known field (known: action, direction, limit, measure, min-dialogues, scope)");
            }
        });
        String measure = gate.path("measure").asText("");
        if (!Recipe.DIVERSITY_MEASURES.contains(measure)) {
            report(path + ".measure", (measure.isEmpty() ? "is required" : "'" + measure + "' is not a measure")
                    + " (known: " + String.join(", ", Recipe.DIVERSITY_MEASURES) + ")");
        }
        String scope = gate.path("scope").asText(Recipe.DiversityRule.WINDOW);
        if (!scope.equals(Recipe.DiversityRule.WINDOW) && !scope.equals(Recipe.DiversityRule.OVERALL)) {
            report(path + ".scope", "must be 'window' or 'overall', not '" + scope + "'");
        }
        JsonNode limit = gate.get("limit");
        if (limit == null || !limit.isNumber()) {
            report(path + ".limit", limit == null ? "is required" : "must be a number, not " + limit.asText());
        }
        Optional<String> direction = Optional.ofNullable(gate.get("direction")).map(JsonNode::asText);
        if (direction.isPresent() && !direction.get().equals("at-least") && !direction.get().equals("at-most")) {
            report(path + ".direction", "must be 'at-least' or 'at-most', not '" + direction.get() + "'");
        }
        String action = gate.path("action").asText("");
        if (!Recipe.DiversityRule.ACTIONS.contains(action)) {
            report(path + ".action", action.isEmpty() ? "is required ('warn', 'pause' or 'reject')"
                    : "must be 'warn', 'pause' or 'reject', not '" + action + "'");
        } else if (action.equals("reject") && Recipe.DIVERSITY_MEASURES.contains(measure)
                && !Recipe.PER_DIALOGUE_MEASURES.contains(measure)) {
            report(path + ".action", "reject works only on measures taken per dialogue ("
                    + String.join(", ", Recipe.PER_DIALOGUE_MEASURES) + "); " + measure + " can warn or pause");
        }
        int min = Recipe.DiversityRule.DEFAULT_MIN_DIALOGUES;
        JsonNode m = gate.get("min-dialogues");
        if (m != null) {
            if (!m.isIntegralNumber() || !m.canConvertToInt() || m.asInt() < 1) {
                report(path + ".min-dialogues", "must be a whole number ≥ 1, not " + m.asText());
            } else {
                min = m.asInt();
            }
        }
        if (problems > before) {
            return Optional.empty();
        }
        return Optional.of(new Recipe.DiversityRule(measure, scope, limit.asDouble(), direction, action, min));
    }

    private Recipe.DedupAgainst dedupAgainst() {
        JsonNode node = checks.get("dedup-against");
        if (node == null || node.isNull()) {
            return Recipe.DedupAgainst.NONE;
        }
        if (!node.isObject()) {
            report("checks.dedup-against", "must be a mapping with 'runs' (earlier, or a list of run ids) and/or 'reference' (a JSONL file)");
            return Recipe.DedupAgainst.NONE;
        }
        node.fieldNames().forEachRemaining(key -> {
            if (!key.equals("runs") && !key.equals("reference")) {
                report("checks.dedup-against." + key, "is not a known field (known: reference, runs)");
            }
        });
        boolean earlier = false;
        var ids = new ArrayList<String>();
        JsonNode runs = node.get("runs");
        if (runs != null && !runs.isNull()) {
            if (runs.isTextual() && runs.asText().equals(EARLIER)) {
                earlier = true;
            } else if (runs.isArray()) {
                for (int i = 0; i < runs.size(); i++) {
                    if (!runs.get(i).isTextual() || runs.get(i).asText().isBlank()) {
                        report("checks.dedup-against.runs[" + i + "]", "must be a run id");
                    } else {
                        ids.add(runs.get(i).asText().strip());
                    }
                }
            } else {
                report("checks.dedup-against.runs", "must be 'earlier' (every earlier run of this recipe) or a list of run ids");
            }
        }
        JsonNode reference = node.get("reference");
        Optional<String> file = Optional.empty();
        if (reference != null && !reference.isNull()) {
            if (!reference.isTextual() || reference.asText().isBlank()) {
                report("checks.dedup-against.reference", "must be the path of a JSONL file of dialogues");
            } else {
                file = Optional.of(reference.asText().strip());
            }
        }
        return new Recipe.DedupAgainst(earlier, ids, file);
    }

    private double share(String key, double fallback) {
        JsonNode value = checks.get(key);
        if (value == null) {
            return fallback;
        }
        if (!value.isNumber() || value.asDouble() < 0 || value.asDouble() > 1) {
            report("checks." + key, "must be a number from 0 to 1, not " + value.asText());
            return fallback;
        }
        return value.asDouble();
    }

    private void report(String field, String message) {
        problems++;
        problem.accept(field, message);
    }

    /** Writes the checks back into a recipe tree, as {@link RecipeLoader#toTree} stores them with a run. */
    static void write(Recipe.CollapseChecks c, ObjectNode checks) {
        if (!c.diversity().isEmpty()) {
            var list = checks.putArray(DIVERSITY);
            for (Recipe.DiversityRule r : c.diversity()) {
                ObjectNode gate = list.addObject().put("measure", r.measure()).put("scope", r.scope()).put("limit", r.limit());
                r.direction().ifPresent(d -> gate.put("direction", d));
                gate.put("action", r.action()).put("min-dialogues", r.minDialogues());
            }
        }
        checks.put("diversity-every", c.diversityEvery()).put("disparity", c.disparity())
                .put("semantic-duplicate", c.semanticDuplicate())
                .put("semantic-word-overlap", c.semanticWordOverlap());
        Recipe.DedupAgainst a = c.dedupAgainst();
        if (a.any()) {
            ObjectNode against = checks.putObject("dedup-against");
            if (a.earlierRuns()) {
                against.put("runs", EARLIER);
            } else if (!a.runs().isEmpty()) {
                a.runs().forEach(against.putArray("runs")::add);
            }
            a.reference().ifPresent(f -> against.put("reference", f));
        }
    }

    /** The checks with a reference file named relative to the recipe's folder resolved inside {@code roots}. */
    static Recipe.Checks resolveReference(Recipe.Checks checks, FileRoots roots, List<RecipeProblem> problems) {
        Recipe.CollapseChecks c = checks.collapse();
        Recipe.DedupAgainst a = c.dedupAgainst();
        if (a.reference().isEmpty()) {
            return checks;
        }
        var against = new Recipe.DedupAgainst(a.earlierRuns(), a.runs(),
                Optional.of(roots.path("checks.dedup-against.reference", a.reference().get(), problems)));
        return checks.withCollapse(new Recipe.CollapseChecks(c.diversity(), c.diversityEvery(), c.disparity(),
                c.semanticDuplicate(), c.semanticWordOverlap(), against));
    }
}
