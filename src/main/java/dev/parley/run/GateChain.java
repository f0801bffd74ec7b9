package dev.parley.run;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import dev.parley.corpus.RunInputs;
import dev.parley.dialogue.Cell;
import dev.parley.dialogue.Dialogue;
import dev.parley.llm.PromptSet;
import dev.parley.quality.Gate;
import dev.parley.quality.HeuristicCheck;
import dev.parley.quality.LanguageCheck;
import dev.parley.quality.PiiDetector;
import dev.parley.quality.PiiGate;
import dev.parley.quality.RoleLeakageCheck;
import dev.parley.quality.StructureCheck;
import dev.parley.quality.ToolGates;
import dev.parley.recipe.Recipe;

/**
 * The deterministic gates of a run, in the order they run, built once from its recipe: structure, tool use
 * (declared tools, valid arguments, one result per call, grounded answers), stock
 * phrases and repetition, stock openings, language, role leakage, memorisation, decontamination, personal
 * data, the diversity reject gates, duplicates. The one chain checks a first version, a revision and a
 * person's edit or acceptance alike. The first rejection ends the check; a gate that changes the dialogue
 * (redaction) hands the changed one to the gates after it.
 */
final class GateChain {

    private final List<Gate> gates;

    GateChain(List<Gate> gates) {
        this.gates = List.copyOf(gates);
    }

    /**
     * The chain of a run: the cheap gates come from the recipe and its stored prompt files and inputs; the
     * gates that know the run's accepted dialogues (stock openings, diversity, duplicates) are passed in.
     */
    static GateChain of(Recipe recipe, PromptSet prompts, RunInputs inputs, StockOpeningGate stockOpenings,
            Gate diversity, Gate duplicates, HeuristicCheck heuristics) {
        List<Gate> gates = new ArrayList<>();
        gates.add(new StructureCheck(recipe.turns()));
        gates.addAll(ToolGates.of(recipe));
        gates.addAll(List.of(heuristics, stockOpenings, LanguageCheck.fromYaml(prompts.text(PromptSet.LANGUAGES)),
                RoleLeakageCheck.fromYaml(prompts.text(PromptSet.ROLE_LEAKAGE)),
                inputs.memorisationGate(recipe), inputs.decontaminationGate(recipe),
                PiiGate.of(recipe.checks()), diversity, duplicates));
        return new GateChain(gates);
    }

    /** The heuristic gate for a recipe's languages, from the run's stock-phrase file. */
    static HeuristicCheck heuristics(Recipe recipe, PromptSet prompts) {
        return HeuristicCheck.forLanguages(prompts.text(PromptSet.STOCK_PHRASES), recipe.languages().keySet());
    }

    /** The language an item is written in: its cell's when the recipe has several, else the recipe's. */
    static String language(Recipe recipe, Map<String, String> cell) {
        return recipe.languages().size() > 1 ? cell.getOrDefault(Recipe.LANGUAGE_KEY, recipe.language()) : recipe.language();
    }

    /** Runs every gate until one rejects; the result holds the dialogue as the last gate handed it on. */
    Gate.Result check(int seq, Dialogue dialogue, String language, Cell cell) {
        Gate.Candidate candidate = new Gate.Candidate(seq, dialogue, language, cell);
        for (Gate gate : gates) {
            Gate.Result result = gate.check(candidate);
            if (!result.passed()) {
                return result;
            }
            candidate = candidate.with(result.dialogue());
        }
        return Gate.Result.pass(candidate.dialogue());
    }

    /** The gates of this chain that {@code keep} keeps, in the same order. */
    GateChain only(Predicate<Gate> keep) {
        return new GateChain(gates.stream().filter(keep).toList());
    }

    /** The gates in order. */
    List<Gate> gates() {
        return gates;
    }
}
