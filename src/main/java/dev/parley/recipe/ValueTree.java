package dev.parley.recipe;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;

/**
 * The values of one dimension as a tree (a topic tree) or a flat list (depth 1); the leaves are the
 * dimension's values. Written to and read from a values file a person can edit:
 *
 * <pre>
 * topic:
 *   - refunds:
 *       - refund for a damaged item
 *       - refund not received yet
 *   - delivery:
 *       - parcel is late
 * persona:
 *   - a student who pays by bank transfer
 * </pre>
 *
 * A plain text item is a leaf; a mapping with one key is a node whose children are the list under it.
 *
 * @param roots the top level
 */
public record ValueTree(List<Node> roots) {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR));

    public ValueTree {
        roots = List.copyOf(roots);
    }

    /** One value and the narrower values under it (none for a leaf). */
    public record Node(String value, List<Node> children) {
        public Node {
            Objects.requireNonNull(value, "value");
            children = List.copyOf(children);
        }

        public static Node leaf(String value) {
            return new Node(value, List.of());
        }
    }

    /** The leaves, depth first in tree order: the dimension's values. */
    public List<String> leaves() {
        var leaves = new ArrayList<String>();
        collect(roots, leaves);
        return leaves;
    }

    private static void collect(List<Node> nodes, List<String> leaves) {
        for (Node n : nodes) {
            if (n.children().isEmpty()) {
                leaves.add(n.value());
            } else {
                collect(n.children(), leaves);
            }
        }
    }

    /** The tree as the values file writes it: a list of texts and one-key mappings. */
    public ArrayNode toJson() {
        ArrayNode list = JsonNodeFactory.instance.arrayNode();
        for (Node n : roots) {
            list.add(toJson(n));
        }
        return list;
    }

    private static JsonNode toJson(Node node) {
        if (node.children().isEmpty()) {
            return JsonNodeFactory.instance.textNode(node.value());
        }
        ObjectNode object = JsonNodeFactory.instance.objectNode();
        ArrayNode children = object.putArray(node.value());
        node.children().forEach(c -> children.add(toJson(c)));
        return object;
    }

    /**
     * Reads a tree from its file form, adding a problem per unusable entry (paths start at {@code path}).
     * Leaves must be distinct: they become the dimension's values.
     */
    public static ValueTree parse(JsonNode list, String path, List<RecipeProblem> problems) {
        if (list == null || !list.isArray() || list.isEmpty()) {
            problems.add(new RecipeProblem(path, "must be a non-empty list of values (text) or of "
                    + "'value: [narrower values]' entries"));
            return new ValueTree(List.of());
        }
        var tree = new ValueTree(nodes((ArrayNode) list, path, problems));
        var seen = new LinkedHashSet<String>();
        for (String leaf : tree.leaves()) {
            if (!seen.add(leaf)) {
                problems.add(new RecipeProblem(path, "repeats the value '" + leaf + "'"));
            }
        }
        return tree;
    }

    private static List<Node> nodes(ArrayNode list, String path, List<RecipeProblem> problems) {
        var nodes = new ArrayList<Node>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode item = list.get(i);
            String itemPath = path + "[" + i + "]";
            if (item.isValueNode() && !item.isNull() && !item.asText().isBlank()) {
                nodes.add(Node.leaf(item.asText().strip()));
            } else if (item.isObject() && item.size() == 1) {
                var entry = item.fields().next();
                JsonNode children = entry.getValue();
                if (entry.getKey().isBlank()) {
                    problems.add(new RecipeProblem(itemPath, "has a blank value"));
                } else if (children.isNull() || children.isArray() && children.isEmpty()) {
                    nodes.add(Node.leaf(entry.getKey().strip()));
                } else if (!children.isArray()) {
                    problems.add(new RecipeProblem(itemPath + "." + entry.getKey(), "must be a list of narrower values"));
                } else {
                    nodes.add(new Node(entry.getKey().strip(), nodes((ArrayNode) children, itemPath + "." + entry.getKey(),
                            problems)));
                }
            } else {
                problems.add(new RecipeProblem(itemPath, "must be a value (text) or one 'value: [narrower values]' entry"));
            }
        }
        return nodes;
    }

    /**
     * Reads one dimension's tree from a values file.
     *
     * @param path the recipe field that names the file, for problems
     */
    public static ValueTree read(Path file, String dimension, String path, List<RecipeProblem> problems) {
        JsonNode root;
        try {
            root = YAML.readTree(Files.readString(file));
        } catch (NoSuchFileException e) {
            problems.add(new RecipeProblem(path, "names a values file that does not exist: " + file));
            return new ValueTree(List.of());
        } catch (IOException e) {
            problems.add(new RecipeProblem(path, "cannot read the values file " + file + ": " + e.getMessage()));
            return new ValueTree(List.of());
        }
        if (root == null || !root.isObject() || !root.has(dimension)) {
            problems.add(new RecipeProblem(path, "the values file " + file + " has no '" + dimension + "' list"));
            return new ValueTree(List.of());
        }
        return parse(root.get(dimension), path + " (" + file.getFileName() + ": " + dimension + ")", problems);
    }

    /** Writes a values file: a comment header, then each dimension's tree. */
    public static void write(Path file, String header, Map<String, ValueTree> trees) throws IOException {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        trees.forEach((dimension, tree) -> root.set(dimension, tree.toJson()));
        var text = new StringBuilder();
        header.lines().forEach(line -> text.append("# ").append(line).append('\n'));
        text.append(YAML.writeValueAsString(root));
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, text);
    }

    /** Trees by dimension, as stored with a run (JSON of the file form). */
    public static Map<String, ValueTree> fromStored(JsonNode stored) {
        var trees = new LinkedHashMap<String, ValueTree>();
        stored.fields().forEachRemaining(e -> trees.put(e.getKey(), parse(e.getValue(), e.getKey(), new ArrayList<>())));
        return trees;
    }
}
