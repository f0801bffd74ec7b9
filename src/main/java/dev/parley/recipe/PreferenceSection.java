package dev.parley.recipe;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiConsumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Reads and writes the recipe's {@code preference:} section ({@code candidates}, {@code min-margin}, and in
 * role-play mode the assistant {@code turns} sampled), reporting each problem with its field path.
 */
final class PreferenceSection {

    static final String KEY = "preference";
    /** Upper bound on candidates: each is a paid call and a judge call, per sampled turn. */
    static final int MAX_CANDIDATES = 8;
    /** Upper bound on the margin: judge scores run from 1 to 5, so no pair could have a wider one. */
    static final double MAX_MARGIN = 4.0;
    /** Upper bound on an assistant turn's number: half of the most messages a dialogue may have. */
    static final int MAX_TURN = RecipeLoader.MAX_TURNS / 2;

    private PreferenceSection() {
    }

    /**
     * @param section the section, or null when the recipe has none
     * @param mode    the recipe's mode ({@code null} for whole dialogues)
     * @param problem told the field path and message of every problem
     */
    static Preference read(JsonNode section, String mode, BiConsumer<String, String> problem) {
        if (section == null || section.isNull()) {
            return Preference.NONE;
        }
        if (!section.isObject()) {
            problem.accept(KEY, "must be a mapping such as { candidates: 3, min-margin: 1.0 }");
            return Preference.NONE;
        }
        Set<String> known = new TreeSet<>(List.of("candidates", "min-margin", "turns"));
        section.fieldNames().forEachRemaining(key -> {
            if (!known.contains(key)) {
                problem.accept(KEY + "." + key, "is not a known field (known: " + String.join(", ", known) + ")");
            }
        });
        int candidates = Preference.NONE.candidates();
        JsonNode c = section.get("candidates");
        if (c == null) {
            problem.accept(KEY + ".candidates", "is required: how many candidates to sample, 2 to " + MAX_CANDIDATES);
        } else if (c.isIntegralNumber() && c.canConvertToInt() && c.asInt() >= 1 && c.asInt() <= MAX_CANDIDATES) {
            candidates = c.asInt();
        } else {
            problem.accept(KEY + ".candidates", "must be a whole number from 1 to " + MAX_CANDIDATES + ", not "
                    + c.asText());
        }
        double margin = Preference.DEFAULT_MIN_MARGIN;
        JsonNode m = section.get("min-margin");
        if (m != null) {
            if (m.isNumber() && m.asDouble() >= 0 && m.asDouble() <= MAX_MARGIN) {
                margin = m.asDouble();
            } else {
                problem.accept(KEY + ".min-margin", "must be a score difference from 0 to " + MAX_MARGIN
                        + " (judge scores run from 1 to 5), not " + m.asText());
            }
        }
        List<Integer> turns = turns(section.get("turns"), mode, problem);
        return new Preference(candidates, margin, turns);
    }

    /** {@code all}, or a list of assistant turn numbers from 1; only in role-play mode. */
    private static List<Integer> turns(JsonNode node, String mode, BiConsumer<String, String> problem) {
        List<Integer> turns = new ArrayList<>();
        if (node == null || node.isTextual() && node.asText().equals("all")) {
            return turns;
        }
        String field = KEY + ".turns";
        if (!Recipe.ROLE_PLAY.equals(mode)) {
            problem.accept(field, "applies to role-play mode only: whole-dialogue candidates are whole dialogues");
            return turns;
        }
        if (!node.isArray() || node.isEmpty()) {
            problem.accept(field, "must be 'all' or a list of assistant turns such as [1, 2] (1: the first reply)");
            return turns;
        }
        for (int i = 0; i < node.size(); i++) {
            JsonNode t = node.get(i);
            if (!t.isIntegralNumber() || !t.canConvertToInt() || t.asInt() < 1 || t.asInt() > MAX_TURN) {
                problem.accept(field + "[" + i + "]", "must be an assistant turn from 1 to " + MAX_TURN + ", not "
                        + t.asText());
            } else if (turns.contains(t.asInt())) {
                problem.accept(field + "[" + i + "]", "repeats the turn " + t.asInt());
            } else {
                turns.add(t.asInt());
            }
        }
        return turns;
    }

    /** Writes the section into a recipe tree; a recipe that samples nothing has none. */
    static void write(Preference preference, ObjectNode root) {
        if (preference.equals(Preference.NONE)) {
            return;
        }
        ObjectNode section = root.putObject(KEY).put("candidates", preference.candidates())
                .put("min-margin", preference.minMargin());
        if (!preference.turns().isEmpty()) {
            ArrayNode turns = section.putArray("turns");
            preference.turns().forEach(turns::add);
        }
    }
}
