package dev.parley.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;

import dev.parley.recipe.RecipeLoader;
import dev.parley.store.ItemQueue;
import dev.parley.store.RunRepository;
import io.quarkus.arc.Arc;
import dev.parley.store.ItemState;
import dev.parley.store.RunOptions;

/** Runs of the example recipe on the offline demo model, stored but not executed, for the tests of stale runs. */
public final class TestRuns {

    /** A worker of a process that no longer exists. */
    public static final String DEAD_WORKER = "gone-host@4242/0badf00d";

    private TestRuns() {
    }

    /** Creates a run as {@code POST /api/runs} would, without starting it: marked running, with no heartbeat. */
    public static String created(RunEngine engine, int count) {
        return engine.create(RecipeLoader.load(Path.of("recipes/ecommerce-support-id.yaml")).withCount(count),
                RunOptions.DEFAULTS).id();
    }

    /**
     * Creates a run and leaves it as a killed process would: marked running, executed by no one here,
     * its last heartbeat at {@code lastBeat}, and its first two items claimed by the dead worker under
     * leases that ran out long ago, the first one half written.
     *
     * @return the run's id
     */
    public static String abandoned(RunEngine engine, int count, Instant lastBeat) {
        String id = created(engine, count);
        ItemQueue queue = Arc.container().instance(ItemQueue.class).get();
        long then = lastBeat.toEpochMilli();
        assertThat(queue.claim(id, DEAD_WORKER, 2, then, 20_000)).hasSize(2);
        assertThat(queue.transition(id, 0, DEAD_WORKER, ItemState.PLANNED, ItemState.GENERATING, ItemQueue.ItemUpdate.NONE))
                .isTrue();
        Arc.container().instance(RunRepository.class).get().heartbeat(id, then);
        assertThat(engine.isActive(id)).isFalse();
        return id;
    }
}
