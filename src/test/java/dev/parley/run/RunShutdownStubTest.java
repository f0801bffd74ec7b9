package dev.parley.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.parley.bench.OpenAiStubServer;
import dev.parley.llm.InjectOpenAiStub;
import dev.parley.llm.OpenAiStubResource;
import dev.parley.recipe.RecipeLoader;
import dev.parley.store.RunOptions;
import dev.parley.store.RunRecord;
import dev.parley.store.RunStatus;
import dev.parley.store.RunRepository;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The application stopping while a run executes (what SIGTERM does to the server): the run ends
 * STOPPED, resumable, with one INFO line and no error or stack trace logged, and the next start takes
 * it up. The stub holds the generator's requests, so the run is mid-call when the shutdown comes.
 */
@QuarkusTest
@WithTestResource(OpenAiStubResource.class)
class RunShutdownStubTest {

    private static final Duration DEADLINE = Duration.ofSeconds(30);

    @InjectOpenAiStub
    OpenAiStubServer stub;

    @Inject
    RunEngine engine;

    @Inject
    RunShutdown shutdown;

    @Inject
    RunRepository runs;

    @Test
    void a_shutdown_mid_run_stops_it_quietly_and_the_next_start_resumes_it() throws Exception {
        var arrived = new CountDownLatch(1);
        var release = new CountDownLatch(1);
        stub.reset();
        stub.respondWith(request -> {
            if (OpenAiStubServer.DIALOGUE.equals(OpenAiStubServer.schemaName(request))) {
                arrived.countDown();
                try {
                    release.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return OpenAiStubServer.defaultReply(request);
        });
        RunRecord run = engine.create(RecipeLoader.parse("""
                name: shutdown-mid-run
                language: en
                count: 12
                seed: 6101
                turns: { min: 2, max: 2 }
                assistant: { system-prompt: You are the help desk of Stubshop. }
                dimensions:
                  topic: [refund, delivery, voucher]
                judge: { recheck: 0 }
                checks: { near-duplicate: 0 }
                """), RunOptions.DEFAULTS);
        List<LogRecord> logged = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                logged.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger root = Logger.getLogger("");
        root.addHandler(capture);
        try {
            engine.start(run.id());
            assertThat(arrived.await(DEADLINE.toSeconds(), TimeUnit.SECONDS)).as("a call under way").isTrue();

            // The two halves of RunShutdown.stopAll, with the held call let go between them.
            Set<String> stopping = shutdown.requestStop();
            release.countDown();
            assertThat(stopping).containsExactly(run.id());
            assertThat(shutdown.awaitStopped(stopping, DEADLINE)).as("every run ended in time").isTrue();
        } finally {
            release.countDown();
            root.removeHandler(capture);
        }

        RunRecord stored = runs.run(run.id());
        assertThat(stored.status()).isEqualTo(RunStatus.STOPPED);
        assertThat(stored.error()).contains(RunShutdown.REASON);
        assertThat(engine.isActive(run.id())).isFalse();
        assertThat(logged).as("errors or traces logged").noneMatch(r -> r.getLevel().intValue() >= Level.SEVERE.intValue()
                || r.getThrown() != null);
        assertThat(logged.stream().filter(r -> r.getLevel().intValue() >= Level.INFO.intValue())
                .filter(r -> r.getLoggerName().startsWith("dev.parley")).toList())
                .as("what the shutdown said").hasSize(1)
                .allSatisfy(r -> assertThat(r.getLevel()).isEqualTo(Level.INFO));

        assertThat(shutdown.resumeStopped()).as("taken up by the next start").isGreaterThanOrEqualTo(1);
        awaitFinished(run.id());
        assertThat(runs.run(run.id()).status()).isEqualTo(RunStatus.COMPLETED);
    }

    /** Polls the stored run until this process no longer executes it and it is no longer running. */
    private void awaitFinished(String id) throws InterruptedException {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (engine.isActive(id) || runs.run(id).status() == RunStatus.RUNNING) {
            assertThat(System.nanoTime()).as("run %s still running", id).isLessThan(deadline);
            Thread.sleep(20);
        }
    }
}
