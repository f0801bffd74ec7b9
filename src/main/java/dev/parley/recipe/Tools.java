package dev.parley.recipe;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A recipe's {@code tools:} section: the functions the assistant may call, and how their results are made when
 * a dialogue is played out call by call: from the recipe's fixtures (the first that answers), else from the
 * tool-simulator model when {@code simulator} is on.
 *
 * @param functions the declared functions, in recipe order
 * @param fixtures  canned results, in the order they are tried
 * @param simulator whether the tool-simulator model answers the calls no fixture answers
 */
public record Tools(List<ToolDefinition> functions, List<ToolFixture> fixtures, boolean simulator) {

    public static final Tools NONE = new Tools(List.of());

    /** The plan-cell dimension that names a dialogue's tool scenario. */
    public static final String SCENARIO_KEY = "tool-scenario";
    /** The assistant must look something up, and the lookup answers. */
    public static final String NEEDS_LOOKUP = "needs-lookup";
    /** The assistant must look something up, and the tool answers with an error. */
    public static final String TOOL_ERROR = "tool-error";
    /** The user leaves out an argument a lookup needs; the assistant asks for it. */
    public static final String MISSING_ARGUMENT = "missing-argument";
    /** The request needs no tool; the assistant answers directly. */
    public static final String NO_TOOL_NEEDED = "no-tool-needed";
    /** The scenarios a {@code tool-scenario} dimension may name. */
    public static final List<String> SCENARIOS = List.of(NEEDS_LOOKUP, TOOL_ERROR, MISSING_ARGUMENT, NO_TOOL_NEEDED);

    public Tools {
        functions = List.copyOf(functions);
        fixtures = fixtures == null ? List.of() : List.copyOf(fixtures);
    }

    /** Functions only, their results made by the tool-simulator model. */
    public Tools(List<ToolDefinition> functions) {
        this(functions, List.of(), true);
    }

    public boolean isEmpty() {
        return functions.isEmpty();
    }

    /** The declared function of this name, if any. */
    public Optional<ToolDefinition> function(String name) {
        return functions.stream().filter(f -> f.name().equals(name)).findFirst();
    }

    /** The result of the first fixture that answers the call in a dialogue of this cell, if any. */
    public Optional<String> fixtureResult(String name, JsonNode arguments, Map<String, String> cell) {
        return fixtures.stream().filter(f -> f.answers(name, arguments, cell)).map(ToolFixture::result).findFirst();
    }

    /**
     * Whether the scenario requires a lookup before the answer: {@code needs-lookup} and {@code tool-error} do;
     * a cell without a {@code tool-scenario} dimension requires none.
     */
    public static boolean lookupRequired(Map<String, String> cell) {
        String scenario = cell.get(SCENARIO_KEY);
        return NEEDS_LOOKUP.equals(scenario) || TOOL_ERROR.equals(scenario);
    }
}
