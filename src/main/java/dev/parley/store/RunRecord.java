package dev.parley.store;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A stored run.
 *
 * @param id             run id (a UUID)
 * @param name           recipe name
 * @param status         where the run is
 * @param recipe         the recipe as JSON, exactly as run
 * @param recipeHash     SHA-256 of {@code recipe}
 * @param prompts        the prompt files as a JSON object (name to text)
 * @param generatorModel model that writes dialogues ({@code offline-demo} for the demo model)
 * @param judgeModel     model that judges
 * @param planned        number of planned items
 * @param options        per-run settings: cache, fail-fast, budget
 * @param error          why the run stopped, when it failed
 * @param createdAt      when it was created
 * @param finishedAt     when it reached a final status
 * @param heartbeat      when an execution of it last reported; empty when none has
 */
public record RunRecord(String id, String name, RunStatus status, String recipe, String recipeHash, String prompts,
        String generatorModel, String judgeModel, int planned, RunOptions options, Optional<String> error, Instant createdAt,
        Optional<Instant> finishedAt, Optional<Instant> heartbeat) {

    public RunRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(status, "status");
        error = error == null ? Optional.empty() : error;
        options = options == null ? RunOptions.DEFAULTS : options;
        finishedAt = finishedAt == null ? Optional.empty() : finishedAt;
        heartbeat = heartbeat == null ? Optional.empty() : heartbeat;
    }

    /** A run no execution has reported on yet, as one is when it is created. */
    public RunRecord(String id, String name, RunStatus status, String recipe, String recipeHash, String prompts,
            String generatorModel, String judgeModel, int planned, RunOptions options, Optional<String> error,
            Instant createdAt, Optional<Instant> finishedAt) {
        this(id, name, status, recipe, recipeHash, prompts, generatorModel, judgeModel, planned, options, error, createdAt,
                finishedAt, Optional.empty());
    }
}
