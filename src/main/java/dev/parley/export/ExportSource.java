package dev.parley.export;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

import dev.parley.judge.Rubric;
import dev.parley.recipe.Recipe;

/**
 * What the dataset card and the manifest say about where the data came from.
 *
 * @param report        the run's report (funnel, scores, tokens, models)
 * @param recipe        the recipe as run
 * @param recipeJson    the recipe exactly as stored with the run
 * @param recipeHash    SHA-256 of {@code recipeJson}
 * @param promptHashes  SHA-256 of every prompt file the run used
 * @param rubric        the rubric (criteria, weights, floors, turn floor), when the run stored one
 * @param models        model and parameters per role
 * @param diversity     diversity measures the report provides (empty until the quality module computes them)
 * @param parleyVersion the Parley version that exports
 */
public record ExportSource(RunReport report, Recipe recipe, String recipeJson, String recipeHash,
        Map<String, String> promptHashes, Optional<Rubric> rubric, Map<String, ModelInfo> models,
        Map<String, Object> diversity, String parleyVersion) {

    public ExportSource {
        Objects.requireNonNull(report, "report");
        Objects.requireNonNull(recipe, "recipe");
        promptHashes = Collections.unmodifiableMap(new LinkedHashMap<>(promptHashes));
        rubric = rubric == null ? Optional.empty() : rubric;
        models = Collections.unmodifiableMap(new LinkedHashMap<>(models));
        diversity = Collections.unmodifiableMap(new LinkedHashMap<>(diversity));
    }

    /**
     * A model as one role used it.
     *
     * @param model       model name ({@code offline-demo} for the demo model)
     * @param temperature sampling temperature, when known
     * @param note        where the parameters come from
     */
    public record ModelInfo(String model, OptionalDouble temperature, String note) {
        public ModelInfo {
            Objects.requireNonNull(model, "model");
            temperature = temperature == null ? OptionalDouble.empty() : temperature;
            note = note == null ? "" : note;
        }
    }
}
