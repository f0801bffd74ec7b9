package dev.parley.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.parley.config.ParleyConfig;
import dev.parley.dialogue.Dialogue;
import dev.parley.judge.Verdict;
import dev.parley.store.ItemHistory;
import dev.parley.store.ItemQueue;
import dev.parley.store.ItemQueue.ItemUpdate;
import dev.parley.store.ItemRecord;
import dev.parley.store.ItemState;
import dev.parley.store.ItemVersion;
import dev.parley.store.ItemRepository;
import dev.parley.store.RunRepository;
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
    @Inject
    ItemHistory history;

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

    @Test
    void an_item_left_mid_revision_numbers_its_next_version_after_the_stored_ones() throws Exception {
        // A dialogue and verdict the offline model wrote, for the dead worker to have stored.
        String done = TestRuns.created(engine, 1);
        assertThat(engine.takeUpIfStale(done, Instant.now().plus(config.engine().lease().multipliedBy(4)))).isTrue();
        assertThat(awaitEnd(done)).isEqualTo(RunStatus.COMPLETED);
        ItemRecord written = items.item(done, 0).orElseThrow();
        Dialogue dialogue = written.dialogue().orElseThrow();
        Verdict verdict = written.verdict().orElseThrow();

        String id = TestRuns.created(engine, 2);
        long then = Instant.now().minus(Duration.ofHours(1)).toEpochMilli();
        String dead = TestRuns.DEAD_WORKER;
        assertThat(queue.claim(id, dead, 1, then, 20_000)).extracting(ItemRecord::seq).containsExactly(0);
        assertThat(queue.transition(id, 0, dead, ItemState.PLANNED, ItemState.GENERATING, ItemUpdate.NONE)).isTrue();
        assertThat(queue.transition(id, 0, dead, ItemState.GENERATING, ItemState.GENERATED, ItemState.JUDGING,
                new ItemUpdate(dialogue, null, null, null, null), null)).isTrue();
        assertThat(queue.transition(id, 0, dead, ItemState.JUDGING, ItemState.REVISING,
                new ItemUpdate(null, verdict, 2.5, null, null), new ItemQueue.NewVersion(1, dialogue, verdict, 2.5))).isTrue();
        runs.heartbeat(id, then);

        assertThat(engine.takeUpIfStale(id, Instant.now())).isTrue();
        assertThat(awaitEnd(id)).isEqualTo(RunStatus.COMPLETED);

        List<ItemVersion> versions = history.versions(id, 0);
        assertThat(versions).as("the revision was judged and kept as the next version").hasSizeGreaterThanOrEqualTo(2);
        assertThat(versions).extracting(ItemVersion::version)
                .containsExactlyElementsOf(IntStream.rangeClosed(1, versions.size()).boxed().toList());
        assertThat(versions.getFirst().dialogue()).isEqualTo(dialogue);
        assertThat(items.item(id, 0).orElseThrow().state().isTerminal()).isTrue();
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
