package dev.parley.recipe;

import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The files of real dialogues a recipe names (seed examples, the memorisation reference, the
 * decontamination set): resolved inside the recipe's allowed folders, and written back into the stored tree.
 */
final class RecipeInputs {

    private RecipeInputs() {
    }

    /** The recipe with its dialogue files resolved inside {@code roots}, wherever it is run from. */
    static Recipe resolve(Recipe recipe, FileRoots roots, List<RecipeProblem> problems) {
        Optional<Recipe.Seeds> seeds = recipe.seeds().map(s -> new Recipe.Seeds(roots.path("seeds.file", s.file(), problems),
                s.examples(), s.syntheticDepth()));
        Recipe.Checks c = recipe.checks();
        Recipe.Memorisation m = c.memorisation();
        var memorisation = new Recipe.Memorisation(m.n(), m.limit(),
                m.reference().map(f -> roots.path("checks.memorisation.reference", f, problems)));
        var decontaminate = c.decontaminate().map(d -> new Recipe.Decontamination(
                roots.path("checks.decontaminate.file", d.file(), problems), d.n()));
        return recipe.withInputs(seeds, c.withOverlap(memorisation, decontaminate));
    }

    /** Adds {@code seeds} and the overlap checks to a recipe tree whose {@code checks} are written. */
    static void write(Recipe recipe, ObjectNode root) {
        recipe.seeds().ifPresent(s -> root.putObject("seeds").put("file", s.file()).put("examples", s.examples())
                .put("synthetic-depth", s.syntheticDepth()));
        ObjectNode checks = (ObjectNode) root.get("checks");
        Recipe.Memorisation m = recipe.checks().memorisation();
        ObjectNode memorisation = checks.putObject("memorisation").put("n", m.n()).put("limit", m.limit());
        m.reference().ifPresent(r -> memorisation.put("reference", r));
        recipe.checks().decontaminate().ifPresent(d -> checks.putObject("decontaminate").put("file", d.file()).put("n", d.n()));
    }
}
