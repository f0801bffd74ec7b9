package dev.parley.run;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.parley.corpus.RunInputs;
import dev.parley.dialogue.Cell;
import dev.parley.dialogue.Dialogue;
import dev.parley.llm.PromptSet;
import dev.parley.quality.Gate;
import dev.parley.quality.HeuristicCheck;
import dev.parley.recipe.Recipe;
import dev.parley.recipe.RecipeLoader;
import dev.parley.store.Decision;
import dev.parley.store.DiversitySnapshots;
import dev.parley.store.ItemHistory;
import dev.parley.store.ItemRecord;
import dev.parley.store.ItemRepository;
import dev.parley.store.ItemState;
import dev.parley.store.RunRecord;
import dev.parley.store.RunRepository;

/**
 * A person's decisions on a run's finished dialogues, which decide what the export holds: reject an accepted
 * dialogue (it leaves every export), accept a rejected one (once it passes the run's gates), or edit one (a new
 * version by that person, checked by the same gates, kept as the item's dialogue). Each is stored with who and
 * when and what the item was before, and the latest one of an item can be undone.
 *
 * <p>The gates are the run's {@link GateChain}, the one its first versions and revisions passed, built from the
 * stored recipe, prompts and inputs, with the run's other accepted dialogues in the duplicate, diversity and
 * stock-opening gates: reading them costs a walk over the run's accepted items per accept or edit.
 *
 * <p>Every decision and undo, once stored, is published as a {@link PersonDecided} event, which an execution of
 * the run in this process receives at once.
 */
@ApplicationScoped
public class HumanReview {

    /** The gate recorded on a dialogue a person rejected. */
    public static final String GATE = "human";
    /** Who decided when no one authenticated. */
    public static final String ANONYMOUS = "anonymous";

    private final RunRepository runs;
    private final ItemRepository items;
    private final ItemHistory history;
    private final DiversitySnapshots snapshots;
    private final ObjectMapper json;
    private final Event<PersonDecided> decided;

    @Inject
    public HumanReview(RunRepository runs, ItemRepository items, ItemHistory history, DiversitySnapshots snapshots,
            ObjectMapper json, Event<PersonDecided> decided) {
        this.runs = runs;
        this.items = items;
        this.history = history;
        this.snapshots = snapshots;
        this.json = json;
        this.decided = decided;
    }

    /** Takes an accepted dialogue out of the dataset. */
    public Decision reject(String runId, int seq, String by, Optional<Double> score) {
        ItemRecord item = finished(runId, seq);
        if (item.state() != ItemState.ACCEPTED) {
            throw DecisionException.conflict("dialogue " + seq + " of run " + runId + " is " + item.state().key()
                    + "; only an accepted dialogue can be rejected");
        }
        return decide(runId, item.cellKey(), new Decision.New(seq, Decision.Action.REJECT, by, prior(item),
                item.dialogue().orElseThrow(),
                Optional.of(GATE), Optional.of("rejected by " + by), score));
    }

    /** Puts a rejected dialogue into the dataset, once it passes the run's gates (which may redact it). */
    public Decision accept(String runId, int seq, String by, Optional<Double> score) {
        ItemRecord item = finished(runId, seq);
        if (item.state() != ItemState.REJECTED) {
            throw DecisionException.conflict("dialogue " + seq + " of run " + runId + " is " + item.state().key()
                    + "; only a rejected dialogue can be accepted");
        }
        Dialogue checked = passGates(runId, item, item.dialogue().orElseThrow());
        return decide(runId, item.cellKey(), new Decision.New(seq, Decision.Action.ACCEPT, by, prior(item), checked,
                Optional.empty(), Optional.empty(), score));
    }

    /**
     * Replaces a finished dialogue with a person's edit, once the edit passes the run's gates; the answers the
     * edit leaves unchanged keep their reasoning.
     */
    public Decision edit(String runId, int seq, Dialogue edited, String by) {
        ItemRecord item = finished(runId, seq);
        Dialogue withReasoning = item.dialogue().map(edited::withReasoningOf).orElse(edited);
        Dialogue checked = passGates(runId, item, withReasoning);
        return decide(runId, item.cellKey(), new Decision.New(seq, Decision.Action.EDIT, by, prior(item), checked,
                item.gate(), item.reason(), Optional.empty()));
    }

    /** Undoes the item's latest decision in force: the item is as that decision found it. */
    public Decision undo(String runId, int seq, long decisionId, String by) {
        ItemRecord item = finished(runId, seq);
        Decision undone = history.undo(runId, seq, decisionId, by).orElseThrow(() -> DecisionException.conflict("decision "
                + decisionId + " is not the latest decision in force on dialogue " + seq + " of run " + runId
                + "; undo the later ones first"));
        decided.fire(new PersonDecided(runId, seq, item.cellKey(), undone.after(), undone.prior().state(),
                undone.prior().dialogue()));
        return undone;
    }

    private Decision decide(String runId, String cellKey, Decision.New decision) {
        Decision stored = history.decide(runId, decision).orElseThrow(() -> DecisionException.conflict("dialogue "
                + decision.seq() + " of run " + runId + " changed while the decision was made; read it again"));
        decided.fire(new PersonDecided(runId, decision.seq(), cellKey, decision.prior().state(), stored.after(),
                decision.dialogue()));
        return stored;
    }

    /** An item with a dialogue that no worker will touch again. */
    private ItemRecord finished(String runId, int seq) {
        runs.run(runId);
        ItemRecord item = items.item(runId, seq).orElseThrow(() -> new IllegalArgumentException(
                "run " + runId + " has no dialogue " + seq));
        if (item.state() != ItemState.ACCEPTED && item.state() != ItemState.REJECTED || item.dialogue().isEmpty()) {
            throw DecisionException.conflict("dialogue " + seq + " of run " + runId + " is " + item.state().key()
                    + (item.dialogue().isEmpty() ? " and has no dialogue" : "") + "; a person decides on accepted and"
                    + " rejected dialogues");
        }
        return item;
    }

    private static Decision.Prior prior(ItemRecord item) {
        return new Decision.Prior(item.state(), item.gate(), item.reason(), item.dialogue().orElseThrow());
    }

    /** The run's gate chain on the dialogue, with every other accepted dialogue of the run held by its gates. */
    Dialogue passGates(String runId, ItemRecord item, Dialogue dialogue) {
        RunRecord run = runs.run(runId);
        Recipe recipe = RecipeLoader.validate(readTree(run.recipe()));
        PromptSet prompts = new PromptSet(readMap(run.prompts()));
        RunInputs inputs = RunInputs.ofRun(recipe, runs.inputs(runId));
        HeuristicCheck heuristics = GateChain.heuristics(recipe, prompts);
        var stockOpenings = new StockOpeningGate(heuristics, recipe.checks().stockOpeningRate());
        var duplicates = new DuplicateGates(recipe.checks());
        duplicates.preload(recipe.checks().collapse().dedupAgainst(), run, runs, items, inputs);
        var diversity = new LiveDiversity(recipe, items, snapshots, runId, "review", 0, json, (seq, d) -> {
        });
        items.forEachItem(runId, Optional.of(ItemState.ACCEPTED), other -> {
            if (other.seq() != item.seq()) {
                Dialogue d = other.dialogue().orElseThrow();
                duplicates.check(other.seq(), d);
                diversity.remember(other.seq(), d, other.cellKey(), duplicates.embedding(other.seq()).orElse(null));
                stockOpenings.accepted(d);
            }
        });
        GateChain gates = GateChain.of(recipe, prompts, inputs, stockOpenings, diversity, duplicates, heuristics);
        Map<String, String> cell = readMap(item.cell());
        Gate.Result result = gates.check(item.seq(), dialogue, GateChain.language(recipe, cell), new Cell(cell));
        if (!result.passed()) {
            throw DecisionException.rejected(result.rejection().get());
        }
        return result.dialogue();
    }

    private com.fasterxml.jackson.databind.JsonNode readTree(String text) {
        try {
            return json.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored recipe is unreadable", e);
        }
    }

    private Map<String, String> readMap(String text) {
        try {
            return json.readValue(text, new TypeReference<LinkedHashMap<String, String>>() {
            });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored map is unreadable", e);
        }
    }
}
