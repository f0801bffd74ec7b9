package dev.parley.recipe;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Reads and writes the recipe's {@code tools:} section, reporting each problem with its field path. The section
 * is either a list of functions or a mapping of {@code functions}, {@code fixtures} and {@code simulator}. A
 * function is OpenAI's function format, bare ({@code {name, description, parameters}}) or wrapped as in a chat
 * request's {@code tools} ({@code {type: function, function: {...}}}).
 */
final class ToolsReader {

    static final String KEY = "tools";
    /** OpenAI's rule for a function name. */
    private static final Pattern FUNCTION_NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final ObjectMapper JSON = new ObjectMapper();

    private ToolsReader() {
    }

    /**
     * @param section    the section, or null when the recipe has none
     * @param dimensions the recipe's dimensions, whose {@code tool-scenario} values must be known scenarios
     * @param problem    told the field path and message of every problem
     */
    static Tools read(JsonNode section, Map<String, List<String>> dimensions, BiConsumer<String, String> problem) {
        List<String> scenarios = dimensions.get(Tools.SCENARIO_KEY);
        if (section == null || section.isNull()) {
            if (scenarios != null) {
                problem.accept("dimensions." + Tools.SCENARIO_KEY, "names tool scenarios, but the recipe declares no tools");
            }
            return Tools.NONE;
        }
        if (scenarios != null) {
            for (int i = 0; i < scenarios.size(); i++) {
                if (!Tools.SCENARIOS.contains(scenarios.get(i))) {
                    problem.accept("dimensions." + Tools.SCENARIO_KEY + "[" + i + "]", "must be one of "
                            + String.join(", ", Tools.SCENARIOS) + ", not '" + scenarios.get(i) + "'");
                }
            }
        }
        JsonNode functionList;
        JsonNode fixtureList = null;
        Boolean simulator = null;
        if (section.isArray()) {
            functionList = section;
        } else if (section.isObject()) {
            unknownKeys(section, KEY, List.of("functions", "fixtures", "simulator"), problem);
            functionList = section.get("functions");
            fixtureList = section.get("fixtures");
            JsonNode s = section.get("simulator");
            if (s != null && !s.isNull()) {
                if (s.isBoolean()) {
                    simulator = s.asBoolean();
                } else {
                    problem.accept(KEY + ".simulator", "must be true or false, not " + s.asText());
                }
            }
        } else {
            problem.accept(KEY, "must be a list of functions, or a mapping with functions, fixtures and simulator");
            return Tools.NONE;
        }
        String functionsPath = section.isArray() ? KEY : KEY + ".functions";
        List<ToolDefinition> functions = functions(functionList, functionsPath, problem);
        List<ToolFixture> fixtures = fixtures(fixtureList, functions, dimensions, problem);
        boolean simulate = simulator == null ? fixtures.isEmpty() : simulator;
        if (!simulate && fixtures.isEmpty() && !functions.isEmpty()) {
            problem.accept(KEY + ".simulator", "is off and there are no fixtures: nothing would make the tools' results");
        }
        return new Tools(functions, fixtures, simulate);
    }

    private static List<ToolDefinition> functions(JsonNode list, String path, BiConsumer<String, String> problem) {
        List<ToolDefinition> functions = new ArrayList<>();
        if (list == null || list.isNull() || list.isArray() && list.isEmpty()) {
            problem.accept(path, "must list at least one function");
            return functions;
        }
        if (!list.isArray()) {
            problem.accept(path, "must be a list of functions");
            return functions;
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            String at = path + "[" + i + "]";
            JsonNode f = list.get(i);
            if (f.isObject() && f.has("function")) {
                if (f.has("type") && !"function".equals(f.get("type").asText())) {
                    problem.accept(at + ".type", "must be 'function', not '" + f.get("type").asText() + "'");
                }
                f = f.get("function");
                at = at + ".function";
            }
            if (!f.isObject()) {
                problem.accept(at, "must be a function: a mapping with name, description and parameters");
                continue;
            }
            unknownKeys(f, at, List.of("name", "description", "parameters", "strict"), problem);
            String name = f.path("name").asText("");
            if (!f.path("name").isTextual() || !FUNCTION_NAME.matcher(name).matches()) {
                problem.accept(at + ".name", "must be 1 to 64 letters, digits, '_' or '-', not '" + name + "'");
                continue;
            }
            if (!names.add(name)) {
                problem.accept(at + ".name", "repeats the function '" + name + "'");
                continue;
            }
            JsonNode description = f.get("description");
            if (description != null && !description.isTextual()) {
                problem.accept(at + ".description", "must be text");
            }
            JsonNode parameters = f.get("parameters");
            List<String> schemaProblems = new ArrayList<>();
            ArgumentSchema.checkParameters(parameters, at + ".parameters", (field, message) -> {
                schemaProblems.add(field);
                problem.accept(field, message);
            });
            if (schemaProblems.isEmpty()) {
                functions.add(new ToolDefinition(name, description == null ? "" : description.asText().strip(),
                        parameters.deepCopy()));
            }
        }
        return functions;
    }

    private static List<ToolFixture> fixtures(JsonNode list, List<ToolDefinition> functions,
            Map<String, List<String>> dimensions, BiConsumer<String, String> problem) {
        List<ToolFixture> fixtures = new ArrayList<>();
        if (list == null || list.isNull()) {
            return fixtures;
        }
        String path = KEY + ".fixtures";
        if (!list.isArray()) {
            problem.accept(path, "must be a list of fixtures (tool, arguments, cell, result)");
            return fixtures;
        }
        for (int i = 0; i < list.size(); i++) {
            String at = path + "[" + i + "]";
            JsonNode f = list.get(i);
            if (!f.isObject()) {
                problem.accept(at, "must be a mapping with tool, arguments, cell and result");
                continue;
            }
            unknownKeys(f, at, List.of("tool", "arguments", "cell", "result"), problem);
            String tool = f.path("tool").asText("");
            ToolDefinition declared = functions.stream().filter(d -> d.name().equals(tool)).findFirst().orElse(null);
            if (declared == null) {
                problem.accept(at + ".tool", tool.isBlank() ? "is required"
                        : "names '" + tool + "', which is not a declared function");
                continue;
            }
            Map<String, JsonNode> arguments = new LinkedHashMap<>();
            JsonNode args = f.get("arguments");
            if (args != null && !args.isNull()) {
                if (!args.isObject()) {
                    problem.accept(at + ".arguments", "must map argument names to the values they must match");
                } else {
                    args.fields().forEachRemaining(e -> {
                        if (!declared.parameters().path("properties").has(e.getKey())) {
                            problem.accept(at + ".arguments." + e.getKey(), "is not an argument of '" + tool + "'");
                        } else {
                            arguments.put(e.getKey(), e.getValue().deepCopy());
                        }
                    });
                }
            }
            Map<String, String> cell = new LinkedHashMap<>();
            JsonNode c = f.get("cell");
            if (c != null && !c.isNull()) {
                if (!c.isObject()) {
                    problem.accept(at + ".cell", "must map dimensions to the value the dialogue's cell must have");
                } else {
                    c.fields().forEachRemaining(e -> {
                        List<String> values = dimensions.get(e.getKey());
                        if (values == null) {
                            problem.accept(at + ".cell." + e.getKey(), "is not a dimension of the recipe");
                        } else if (!values.isEmpty() && !values.contains(e.getValue().asText())) {
                            problem.accept(at + ".cell." + e.getKey(), "is '" + e.getValue().asText()
                                    + "', which is not a value of that dimension");
                        } else {
                            cell.put(e.getKey(), e.getValue().asText());
                        }
                    });
                }
            }
            JsonNode result = f.get("result");
            if (result == null || result.isNull()) {
                problem.accept(at + ".result", "is required: the tool's result, as text or JSON");
                continue;
            }
            fixtures.add(new ToolFixture(tool, arguments, cell, result.isTextual() ? result.asText() : result.toString()));
        }
        return fixtures;
    }

    private static void unknownKeys(JsonNode node, String path, List<String> known, BiConsumer<String, String> problem) {
        Set<String> sorted = new TreeSet<>(known);
        node.fieldNames().forEachRemaining(key -> {
            if (!sorted.contains(key)) {
                problem.accept(path + "." + key, "is not a known field (known: " + String.join(", ", sorted) + ")");
            }
        });
    }

    /** Writes the section back in its mapping form (stored with every run); nothing when there are no tools. */
    static void write(Tools tools, ObjectNode root) {
        if (tools.isEmpty()) {
            return;
        }
        ObjectNode section = root.putObject(KEY);
        ArrayNode functions = section.putArray("functions");
        for (ToolDefinition f : tools.functions()) {
            functions.addObject().put("name", f.name()).put("description", f.description()).set("parameters", f.parameters());
        }
        if (!tools.fixtures().isEmpty()) {
            ArrayNode fixtures = section.putArray("fixtures");
            for (ToolFixture f : tools.fixtures()) {
                ObjectNode fixture = fixtures.addObject().put("tool", f.tool());
                if (!f.arguments().isEmpty()) {
                    ObjectNode arguments = fixture.putObject("arguments");
                    f.arguments().forEach(arguments::set);
                }
                if (!f.cell().isEmpty()) {
                    ObjectNode cell = fixture.putObject("cell");
                    f.cell().forEach(cell::put);
                }
                fixture.set("result", resultNode(f.result()));
            }
        }
        section.put("simulator", tools.simulator());
    }

    /** A result that is JSON is stored as JSON, so it reads back as the same text. */
    private static JsonNode resultNode(String result) {
        try {
            JsonNode parsed = JSON.readTree(result);
            if (parsed != null && (parsed.isObject() || parsed.isArray()) && parsed.toString().equals(result)) {
                return parsed;
            }
        } catch (Exception e) {
            // Not JSON: stored as text.
        }
        return JSON.getNodeFactory().textNode(result);
    }
}
