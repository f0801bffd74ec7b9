package dev.parley.export;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import dev.parley.llm.ModelEndpoint;
import dev.parley.recipe.Recipe;
import dev.parley.store.Decision;
import dev.parley.store.RunModels;
import dev.parley.store.ItemRecord;
import dev.parley.store.RunRecord;

/**
 * The provenance of a run's items, derived exactly from what the run stores: the run row gives the
 * recipe and its hash, the prompt texts (hashed here) and the models per role; the item row gives
 * the seed, the plan cell and the verdict's scores; the item's judged versions give the revision
 * count. Nothing is taken from the configuration of the process that reads it.
 */
public final class RunProvenance {

    private final RunRecord run;
    private final Recipe recipe;
    private final Optional<RunModels> models;
    private final Map<String, String> promptHashes;
    private final Map<Integer, List<Double>> versionScores;

    /**
     * @param models        the models the run stored when it was created; empty for runs made before it did,
     *                      whose model names then come from the run row
     * @param promptHashes  SHA-256 of every prompt file the run stored
     * @param versionScores the score of every judged version per item (plan position)
     */
    public RunProvenance(RunRecord run, Recipe recipe, Optional<RunModels> models, Map<String, String> promptHashes,
            Map<Integer, List<Double>> versionScores) {
        this.run = run;
        this.recipe = recipe;
        this.models = models;
        this.promptHashes = Map.copyOf(promptHashes);
        this.versionScores = Map.copyOf(versionScores);
    }

    /**
     * The synthetic depth of the seed examples a recipe's dialogues learn from: 0 when the seeds are
     * real (or the recipe has none), n when they were themselves made by a model n generations back.
     * The one place the recipe's declaration is read.
     */
    public static int seedSyntheticDepth(Recipe recipe) {
        return recipe.seeds().map(Recipe.Seeds::syntheticDepth).orElse(0);
    }

    /** True when Parley's offline demo model wrote or judged the run's dialogues. */
    public boolean offlineDemo() {
        return ModelEndpoint.OFFLINE_MODEL.equals(generator()) || ModelEndpoint.OFFLINE_MODEL.equals(run.judgeModel());
    }

    /**
     * The provenance of one of the run's items.
     *
     * @param decisions the people's decisions in force on the item, oldest first
     * @param tags      the tags people put on it
     */
    public ExportRecord.Provenance of(ItemRecord item, List<Decision> decisions, List<String> tags) {
        // The judged versions only: a person's edit is a version too, but not a revision.
        int versions = versionScores.getOrDefault(item.seq(), List.of()).size();
        Optional<String> author = decisions.stream().filter(d -> d.action() == Decision.Action.EDIT)
                .reduce((first, second) -> second).map(Decision::by);
        return new ExportRecord.Provenance(ExportRecord.Origin.SYNTHETIC, run.id(), item.seq(), Optional.of(generator()),
                Optional.of(run.judgeModel()), OptionalLong.of(item.seed()), offlineDemo(), userTurnsModel(),
                Optional.of(run.recipeHash()), promptHashes, Math.max(0, versions - 1), seedSyntheticDepth(recipe),
                decisions.stream().map(d -> new ExportRecord.PersonDecision(d.action().key(), d.by(), d.at())).toList(),
                author, tags);
    }

    private String generator() {
        return models.map(m -> m.generator().model()).orElse(run.generatorModel());
    }

    /** In whole-dialogue mode the generator writes the user's turns too; in role-play the user simulator does. */
    private Optional<String> userTurnsModel() {
        if (models.isPresent()) {
            return Optional.of(models.get().userTurnsModel());
        }
        return Recipe.ROLE_PLAY.equals(recipe.mode()) ? Optional.empty() : Optional.of(run.generatorModel());
    }
}
