package dev.parley.plan;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import dev.parley.dialogue.Cell;
import dev.parley.recipe.Recipe;

/**
 * Gives every planned dialogue a language when the recipe names several, in proportions that match
 * the weights exactly as whole numbers allow: each language gets the floor of its quota, and the
 * dialogues left over go to the largest remainders (ties to the language listed first). Which
 * dialogue gets which language is a shuffle seeded by the recipe. The language is recorded in the
 * dialogue's cell under {@value Recipe#LANGUAGE_KEY}, so coverage and acceptance are reported per
 * language like any dimension.
 *
 * <p>A separate step after planning, so the planner's balancing over the dimensions is untouched.
 */
public final class LanguageMix {

    /** Mixed into the recipe seed, so the language shuffle is independent of the planner's draws. */
    private static final long SALT = 0x4C414E47L;

    private LanguageMix() {
    }

    /** The plan with a language in every cell; the plan itself when the recipe has one language. */
    public static List<PlannedDialogue> assign(Recipe recipe, List<PlannedDialogue> plan) {
        if (recipe.languages().size() < 2) {
            return plan;
        }
        Map<String, Integer> counts = counts(recipe.languages(), plan.size());
        List<String> labels = new ArrayList<>(plan.size());
        counts.forEach((language, n) -> {
            for (int i = 0; i < n; i++) {
                labels.add(language);
            }
        });
        var random = new SplittableRandom(recipe.seed() ^ SALT);
        for (int i = labels.size() - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            labels.set(j, labels.set(i, labels.get(j)));
        }
        List<PlannedDialogue> assigned = new ArrayList<>(plan.size());
        for (int i = 0; i < plan.size(); i++) {
            PlannedDialogue p = plan.get(i);
            var values = new LinkedHashMap<>(p.cell().values());
            values.put(Recipe.LANGUAGE_KEY, labels.get(i));
            assigned.add(new PlannedDialogue(p.index(), new Cell(values), p.seed()));
        }
        return assigned;
    }

    /** Dialogues per language by the largest-remainder method; they add up to {@code total}. */
    public static Map<String, Integer> counts(Map<String, Double> weights, int total) {
        double sum = weights.values().stream().mapToDouble(Double::doubleValue).sum();
        var counts = new LinkedHashMap<String, Integer>();
        var remainders = new LinkedHashMap<String, Double>();
        int given = 0;
        for (var e : weights.entrySet()) {
            double quota = total * e.getValue() / sum;
            int whole = (int) Math.floor(quota);
            counts.put(e.getKey(), whole);
            remainders.put(e.getKey(), quota - whole);
            given += whole;
        }
        List<String> byRemainder = new ArrayList<>(weights.keySet());
        // A stable sort keeps recipe order among equal remainders.
        byRemainder.sort((a, b) -> Double.compare(remainders.get(b), remainders.get(a)));
        for (int i = 0; given < total; i++, given++) {
            String language = byRemainder.get(i % byRemainder.size());
            counts.put(language, counts.get(language) + 1);
        }
        return counts;
    }
}
