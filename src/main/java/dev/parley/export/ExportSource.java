package dev.parley.export;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

import dev.parley.judge.Rubric;
import dev.parley.llm.ModelSettings;
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
     * @param settings    every parameter as stored with the run (host, top-p, max tokens, seed handling);
     *                    empty for runs stored before Parley kept them
     * @param panel       the judge panel's member models (empty: one judge)
     */
    public record ModelInfo(String model, OptionalDouble temperature, String note, Optional<ModelSettings> settings,
            List<String> panel) {
        public ModelInfo {
            Objects.requireNonNull(model, "model");
            temperature = temperature == null ? OptionalDouble.empty() : temperature;
            note = note == null ? "" : note;
            settings = settings == null ? Optional.empty() : settings;
            panel = panel == null ? List.of() : List.copyOf(panel);
        }

        public ModelInfo(String model, OptionalDouble temperature, String note) {
            this(model, temperature, note, Optional.empty(), List.of());
        }

        /** A role as the run stored it. */
        public static ModelInfo stored(String model, ModelSettings settings, List<String> panel) {
            return new ModelInfo(model, OptionalDouble.of(settings.temperature()),
                    settings.batch() ? STORED + "; " + BATCH : STORED, Optional.of(settings), panel);
        }

        /** The note of parameters read from the run itself. */
        public static final String STORED = "as stored with the run when it was created";
        /** The note of a role whose calls went through the provider's batch API. */
        public static final String BATCH = "calls through the provider's batch API, at batch prices";
    }
}
