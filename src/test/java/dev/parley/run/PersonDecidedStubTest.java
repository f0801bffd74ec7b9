package dev.parley.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.parley.bench.OpenAiStubServer.Reply;
import dev.parley.bench.OpenAiStubServer;
import dev.parley.llm.InjectOpenAiStub;
import dev.parley.llm.OpenAiStubResource;
import dev.parley.recipe.RecipeLoader;
import dev.parley.store.ItemRecord;
import dev.parley.store.ItemState;
import dev.parley.store.RunOptions;
import dev.parley.store.RunRecord;
import dev.parley.store.RunStatus;
import dev.parley.store.ItemRepository;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A person's reject reaches a run that is still executing at once: the dialogue leaves the duplicate index, so
 * a later dialogue with the same text is accepted, and its cell gets another attempt from the extra budget, as
 * for a gate's reject. The stub holds the delivery dialogue's answer until the test releases it, after the
 * person has rejected the refund dialogue; that held answer repeats the refund dialogue word for word.
 */
@QuarkusTest
@WithTestResource(OpenAiStubResource.class)
class PersonDecidedStubTest {

    private static final String REFUND = OpenAiStubServer.dialogue(4, "my refund for order A-17 is late");
    private static final String REFUND_AGAIN = OpenAiStubServer.dialogue(4, "the refund of my returned boots");

    @InjectOpenAiStub
    OpenAiStubServer stub;
    @Inject
    RunEngine engine;
    @Inject
    ItemRepository items;
    @Inject
    HumanReview review;

    private final CountDownLatch release = new CountDownLatch(1);

    @BeforeEach
    void answer() {
        stub.reset();
        AtomicInteger refunds = new AtomicInteger();
        stub.respondWith(request -> {
            if (!OpenAiStubServer.DIALOGUE.equals(OpenAiStubServer.schemaName(request))) {
                return OpenAiStubServer.defaultReply(request);
            }
            if (OpenAiStubServer.cellValues(request).contains("refund")) {
                return Reply.ok(refunds.getAndIncrement() == 0 ? REFUND : REFUND_AGAIN);
            }
            try {
                assertThat(release.await(2, TimeUnit.MINUTES)).as("the test releases the held answer").isTrue();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Reply.ok(REFUND);
        });
    }

    @AfterEach
    void releaseHeldAnswers() {
        release.countDown();
    }

    private Optional<ItemRecord> itemOf(String runId, String topic, ItemState state) {
        return items.items(runId, Optional.of(state), 100, 0).stream().filter(i -> i.cellKey().contains(topic))
                .findFirst();
    }

    @Test
    void a_person_rejecting_a_dialogue_of_an_executing_run_frees_its_text_and_refills_its_cell() throws Exception {
        RunRecord run = engine.create(RecipeLoader.parse("""
                name: person-decided-live
                language: en
                count: 2
                seed: 4242
                turns: { min: 4, max: 4 }
                assistant: { system-prompt: You are the help desk of Stubshop. }
                dimensions:
                  topic: [refund, delivery]
                judge: { recheck: 0, revise: { rounds: 0 } }
                checks: { near-duplicate: 0 }
                coverage: { adaptive: { max-extra: 0.5 } }
                """), RunOptions.DEFAULTS);
        var outcome = CompletableFuture.supplyAsync(() -> engine.execute(run.id(), p -> {
        }));
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        Optional<ItemRecord> refund = Optional.empty();
        while (refund.isEmpty() && System.nanoTime() < deadline && !outcome.isDone()) {
            refund = itemOf(run.id(), "refund", ItemState.ACCEPTED);
            Thread.sleep(50);
        }
        assertThat(refund).as("the refund dialogue is accepted while the delivery one is held").isPresent();

        review.reject(run.id(), refund.get().seq(), "ana", Optional.empty());
        release.countDown();
        RunOutcome finished = outcome.get(2, TimeUnit.MINUTES);

        assertThat(finished.status()).isEqualTo(RunStatus.COMPLETED);
        ItemRecord delivery = itemOf(run.id(), "delivery", ItemState.ACCEPTED).orElseThrow(() -> new AssertionError(
                "the delivery dialogue repeats the rejected one and is no duplicate of anything in the dataset: "
                        + items.items(run.id(), Optional.empty(), 100, 0)));
        assertThat(delivery.dialogue().orElseThrow().text()).contains("my refund for order A-17 is late");
        var all = items.items(run.id(), Optional.empty(), 100, 0);
        assertThat(all).as("the top-up for the refund cell").hasSize(3);
        ItemRecord topUp = all.get(2);
        assertThat(topUp.cellKey()).isEqualTo(refund.get().cellKey());
        assertThat(topUp.state()).isEqualTo(ItemState.ACCEPTED);
        assertThat(topUp.dialogue().orElseThrow().text()).contains("the refund of my returned boots");
    }
}
