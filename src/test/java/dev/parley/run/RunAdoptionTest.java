package dev.parley.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.parley.config.ParleyConfig;
import dev.parley.store.ItemQueue;
import dev.parley.store.ItemRepository;
import dev.parley.store.RunRepository;
import dev.parley.config.ParleyConfig;
import dev.parley.store.RunStatus;
import io.quarkus.test.junit.QuarkusTest;

/**
 * What a server that starts does with runs marked running: one whose heartbeat is fresh is another
 * worker's and is left alone; once it goes three leases without one, it is taken up and finished.
 */
@QuarkusTest
class RunAdoptionTest {

    @Inject
    RunEngine engine;
    @Inject
    RunRepository runs;

    @Inject
    ItemQueue queue;

    @Inject
    ItemRepository items;
    @Inject
    ParleyConfig config;

    @Test
    void a_run_with_a_fresh_heartbeat_is_left_to_its_worker_and_taken_up_once_it_goes_stale() throws Exception {
        String id = TestRuns.created(engine, 3);
        Instant beat = Instant.now();
        runs.heartbeat(id, beat.toEpochMilli());
        Duration lease = config.engine().lease();

        assertThat(engine.takeUpIfStale(id, beat.plus(lease))).as("its worker beat a lease ago").isFalse();
        assertThat(engine.isActive(id)).isFalse();

        assertThat(engine.takeUpIfStale(id, beat.plus(lease.multipliedBy(3)).plusMillis(1))).isTrue();

        assertThat(awaitEnd(id)).isEqualTo(RunStatus.COMPLETED);
        assertThat(queue.unfinishedCount(id)).isZero();
        assertThat(engine.takeUpIfStale(id, Instant.now().plus(Duration.ofDays(1)))).as("a finished run").isFalse();
        assertThat(engine.takeUpIfStale("no-such-run", Instant.now())).isFalse();
    }

    @Test
    void an_abandoned_run_is_taken_up_at_once_and_its_dead_worker_s_items_finished() throws Exception {
        String id = TestRuns.abandoned(engine, 4, Instant.now().minus(Duration.ofHours(1)));

        assertThat(engine.takeUpIfStale(id, Instant.now())).isTrue();
        assertThat(engine.takeUpIfStale(id, Instant.now())).as("already taken up here").isFalse();

        assertThat(awaitEnd(id)).isEqualTo(RunStatus.COMPLETED);
        assertThat(items.item(id, 0).orElseThrow().state().isTerminal()).isTrue();
        assertThat(queue.unfinishedCount(id)).isZero();
    }

    /** Polls the run's status until it is no longer running, for at most a minute. */
    private RunStatus awaitEnd(String id) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (System.nanoTime() < deadline) {
            Optional<RunStatus> status = runs.findRun(id).map(r -> r.status());
            if (status.isPresent() && status.get() != RunStatus.RUNNING && !engine.isActive(id)) {
                return status.get();
            }
            Thread.sleep(25);
        }
        return fail("run %s still running after a minute", id);
    }
}
