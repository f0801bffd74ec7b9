package dev.parley.plan;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import dev.langchain4j.model.chat.request.json.JsonArraySchema;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonStringSchema;
import dev.parley.llm.CallContext;
import dev.parley.llm.ModelEndpoint;
import dev.parley.llm.ModelGateway;
import dev.parley.llm.Prompt;
import dev.parley.llm.PromptSet;
import dev.parley.llm.PromptTemplates;
import dev.parley.recipe.Coverage;
import dev.parley.recipe.Recipe;
import dev.parley.recipe.ValueTree;

/**
 * Has the generator model write the values of the dimensions a recipe expands: a topic tree, one
 * structured call per inner node asking for {@code breadth} narrower topics, {@code depth} levels
 * down (the leaves become the values); or a persona list in one call. Every call goes through
 * {@link ModelGateway} (retries, limits, response cache) with a seed derived from the recipe's seed
 * and the node's path, so the same recipe expands to the same values, and a re-run costs nothing.
 */
public final class DimensionExpander {

    public static final String SYSTEM = "expand.system.md";
    public static final String TOPICS = "expand-topics.user.md";
    public static final String PERSONAS = "expand-personas.user.md";
    /** Schema name of a request for the values of a dimension: narrower topics under a path, or personas. */
    public static final String EXPANSION_SCHEMA = "expansion";
    /** Separates the items of a node's path in the prompt (and for the offline model). */
    public static final String PATH_SEPARATOR = " > ";

    private final ModelGateway gateway;
    private final ModelEndpoint endpoint;
    private final CallContext context;

    public DimensionExpander(ModelGateway gateway, ModelEndpoint endpoint, CallContext context) {
        this.gateway = gateway;
        this.endpoint = endpoint;
        this.context = context;
    }

    /**
     * A recipe whose expanded dimensions got their values, and the trees they came from.
     *
     * @param recipe the recipe with every dimension filled in and nothing left to expand
     * @param trees  dimension to the tree (or list) the model wrote, in recipe order
     */
    public record Expanded(Recipe recipe, Map<String, ValueTree> trees) {
    }

    /** Expands every dimension the recipe asks a model for; a recipe with none comes back as it is. */
    public Expanded expand(Recipe recipe) {
        var dimensions = new LinkedHashMap<String, List<String>>();
        var trees = new LinkedHashMap<String, ValueTree>();
        var templates = new HashMap<String, String>();
        Optional<Path> folder = recipe.prompts().map(Path::of);
        for (String name : List.of(SYSTEM, TOPICS, PERSONAS, PromptSet.LANGUAGES)) {
            templates.put(name, PromptTemplates.read(folder, name));
        }
        var prompts = new PromptSet(templates);
        recipe.dimensions().forEach((dimension, values) -> {
            Coverage.Expansion expansion = recipe.coverage().expand().get(dimension);
            if (expansion == null) {
                dimensions.put(dimension, values);
                return;
            }
            ValueTree tree = expand(recipe, prompts, dimension, expansion);
            trees.put(dimension, tree);
            dimensions.put(dimension, tree.leaves());
        });
        if (trees.isEmpty()) {
            return new Expanded(recipe, Map.of());
        }
        Coverage c = recipe.coverage();
        return new Expanded(recipe.withDimensions(dimensions, new Coverage(c.weights(), c.exclude(), c.require(), Map.of(),
                c.maxExtra())), trees);
    }

    private ValueTree expand(Recipe recipe, PromptSet prompts, String dimension, Coverage.Expansion expansion) {
        Set<String> leaves = new HashSet<>();
        List<ValueTree.Node> roots = children(recipe, prompts, dimension, expansion, List.of(), leaves);
        return new ValueTree(roots);
    }

    /** The nodes under a path, {@code depth - path.size()} levels deep. */
    private List<ValueTree.Node> children(Recipe recipe, PromptSet prompts, String dimension, Coverage.Expansion expansion,
            List<String> path, Set<String> leaves) {
        List<String> values = ask(recipe, prompts, dimension, expansion, path);
        var nodes = new ArrayList<ValueTree.Node>();
        boolean leafLevel = path.size() + 1 == expansion.depth();
        for (String value : values) {
            if (leafLevel) {
                // Leaves are the dimension's values and must be distinct across branches too.
                String leaf = leaves.contains(value) && !path.isEmpty() ? value + " (" + path.getLast() + ")" : value;
                for (int n = 2; !leaves.add(leaf); n++) {
                    leaf = value + " (" + n + ")";
                }
                nodes.add(ValueTree.Node.leaf(leaf));
            } else {
                var below = new ArrayList<>(path);
                below.add(value);
                nodes.add(new ValueTree.Node(value, children(recipe, prompts, dimension, expansion, below, leaves)));
            }
        }
        return nodes;
    }

    private List<String> ask(Recipe recipe, PromptSet prompts, String dimension, Coverage.Expansion expansion, List<String> path) {
        boolean topics = Coverage.Expansion.TOPICS.equals(expansion.kind());
        var full = new ArrayList<String>();
        full.add(expansion.description());
        full.addAll(path);
        Map<String, String> values = Map.of(
                "language", recipe.language(),
                "language_name", prompts.languageName(recipe.language()),
                "system_prompt", recipe.assistant().systemPrompt(),
                "description", expansion.description(),
                "count", Integer.toString(expansion.breadth()),
                "path", String.join(PATH_SEPARATOR, full),
                "parent", full.getLast());
        var prompt = new Prompt(prompts.render(SYSTEM, values), prompts.render(topics ? TOPICS : PERSONAS, values));
        long seed = Planner.mix(recipe.seed() ^ (dimension + "\n" + String.join("\n", full)).hashCode(), 0);
        return gateway.ask(endpoint, prompt, output(expansion.breadth()), seed, context).value();
    }

    /** The {@code expansion} schema: a list of distinct texts, exactly {@code count} of them. */
    static dev.parley.llm.StructuredOutput<List<String>> output(int count) {
        return new dev.parley.llm.StructuredOutput<>(EXPANSION_SCHEMA,
                JsonObjectSchema.builder()
                        .addProperty("values", JsonArraySchema.builder().items(JsonStringSchema.builder().build()).build())
                        .required("values")
                        .additionalProperties(false)
                        .build(),
                root -> parse(root, count));
    }

    static List<String> parse(JsonNode root, int count) {
        JsonNode values = root.get("values");
        if (values == null || !values.isArray()) {
            throw new IllegalArgumentException("no 'values' list");
        }
        var distinct = new LinkedHashSet<String>();
        for (JsonNode v : values) {
            if (v.isTextual() && !v.asText().isBlank()) {
                distinct.add(v.asText().strip().replaceAll("\\s+", " "));
            }
        }
        if (distinct.size() < count) {
            throw new IllegalArgumentException("asked for " + count + " distinct values, got " + distinct.size());
        }
        return List.copyOf(distinct).subList(0, count);
    }
}
