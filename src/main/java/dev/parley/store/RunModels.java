package dev.parley.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.parley.llm.ModelEndpoint;
import dev.parley.llm.ModelRole;
import dev.parley.llm.ModelSettings;
import dev.parley.recipe.Recipe;

/**
 * The models and sampling parameters a run used, per role, stored with the run when it is created
 * ({@code runs.model_settings}), so that an export made later states what the run really used even
 * after the configuration changed.
 *
 * @param generator     the model that writes dialogues (and, in role-play, the assistant's turns)
 * @param userSimulator the model that plays the user in role-play mode; empty in whole-dialogue mode,
 *                      where the generator writes both sides
 * @param judge         the judge; with a panel, the settings every member shares
 * @param panel         the judge panel's model names (empty: one judge)
 * @param combine       how the panel's scores are combined ({@code mean} or {@code min}); empty without a panel
 * @param toolSimulator the model that answers tool calls no fixture answers; empty without tools or with the
 *                      simulator off
 */
public record RunModels(ModelSettings generator, Optional<ModelSettings> userSimulator, ModelSettings judge,
        List<String> panel, Optional<String> combine, Optional<ModelSettings> toolSimulator) {

    public RunModels {
        Objects.requireNonNull(generator, "generator");
        Objects.requireNonNull(judge, "judge");
        userSimulator = userSimulator == null ? Optional.empty() : userSimulator;
        panel = panel == null ? List.of() : List.copyOf(panel);
        combine = combine == null ? Optional.empty() : combine;
        toolSimulator = toolSimulator == null ? Optional.empty() : toolSimulator;
    }

    /** The models of a run without a tool simulator. */
    public RunModels(ModelSettings generator, Optional<ModelSettings> userSimulator, ModelSettings judge,
            List<String> panel, Optional<String> combine) {
        this(generator, userSimulator, judge, panel, combine, Optional.empty());
    }

    /** What a run of this recipe uses with these resolved endpoints. */
    public static RunModels of(Recipe recipe, ModelEndpoint generator, ModelEndpoint user, ModelEndpoint judge,
            ModelEndpoint tools) {
        boolean panel = !recipe.judge().panel().isEmpty() && !judge.offline();
        boolean simulated = !recipe.tools().isEmpty() && recipe.tools().simulator();
        return new RunModels(ModelSettings.of(generator),
                Recipe.ROLE_PLAY.equals(recipe.mode()) ? Optional.of(ModelSettings.of(user)) : Optional.empty(),
                ModelSettings.of(judge), panel ? recipe.judge().panel() : List.of(),
                panel ? Optional.of(recipe.judge().combine()) : Optional.empty(),
                simulated ? Optional.of(ModelSettings.of(tools)) : Optional.empty());
    }

    /** The model that wrote the user turns: the user simulator in role-play, else the generator. */
    public String userTurnsModel() {
        return userSimulator.orElse(generator).model();
    }

    /** The judge as named in provenance: its model, or the panel's members. */
    public String judgeName() {
        return panel.isEmpty() ? judge.model() : "panel(" + combine.orElse(Recipe.JudgeSettings.MEAN) + "): "
                + String.join(", ", panel);
    }

    /**
     * As stored: {@code {"generator": {...}, "user": {...}?, "judge": {..., "panel": [...], "combine": ...},
     * "tools": {...}?}}.
     */
    public String toJson(ObjectMapper json) {
        ObjectNode root = json.createObjectNode();
        write(root.putObject(ModelRole.GENERATOR.key()), generator);
        userSimulator.ifPresent(u -> write(root.putObject(ModelRole.USER.key()), u));
        ObjectNode j = root.putObject(ModelRole.JUDGE.key());
        write(j, judge);
        if (!panel.isEmpty()) {
            panel.forEach(j.putArray("panel")::add);
            j.put("combine", combine.orElse(Recipe.JudgeSettings.MEAN));
        }
        toolSimulator.ifPresent(t -> write(root.putObject(ModelRole.TOOLS.key()), t));
        return root.toString();
    }

    /**
     * Reads what {@link #toJson} wrote.
     *
     * @throws IllegalStateException when the stored text is not what Parley writes
     */
    public static RunModels parse(String text, ObjectMapper json) {
        try {
            JsonNode root = json.readTree(text);
            JsonNode j = root.path(ModelRole.JUDGE.key());
            List<String> panel = new ArrayList<>();
            j.path("panel").forEach(m -> panel.add(m.asText()));
            return new RunModels(read(root.path(ModelRole.GENERATOR.key())),
                    root.has(ModelRole.USER.key()) ? Optional.of(read(root.get(ModelRole.USER.key()))) : Optional.empty(),
                    read(j), panel, j.hasNonNull("combine") ? Optional.of(j.get("combine").asText()) : Optional.empty(),
                    root.has(ModelRole.TOOLS.key()) ? Optional.of(read(root.get(ModelRole.TOOLS.key()))) : Optional.empty());
        } catch (com.fasterxml.jackson.core.JsonProcessingException | RuntimeException e) {
            throw new IllegalStateException("the run's stored model settings are unreadable: " + e.getMessage(), e);
        }
    }

    private static void write(ObjectNode node, ModelSettings s) {
        node.put("model", s.model());
        s.writeParameters(node);
    }

    private static ModelSettings read(JsonNode node) {
        if (!node.path("model").isTextual() || !node.path("temperature").isNumber()) {
            throw new IllegalArgumentException("a role without model or temperature: " + node);
        }
        return new ModelSettings(node.get("model").asText(), node.path("host").asText(""), node.get("temperature").asDouble(),
                node.path("topP").isNumber() ? OptionalDouble.of(node.get("topP").asDouble()) : OptionalDouble.empty(),
                node.path("maxTokens").isInt() ? OptionalInt.of(node.get("maxTokens").asInt()) : OptionalInt.empty(),
                node.path("seed").asText(""), node.path("batch").asBoolean(false));
    }
}
