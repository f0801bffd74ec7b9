package dev.parley.judge;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;

import dev.langchain4j.model.chat.request.json.JsonArraySchema;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.parley.dialogue.Dialogue;
import dev.parley.generate.DialogueBrief;
import dev.parley.generate.ModelDialogueWriter;
import dev.parley.dialogue.Turn;
import dev.parley.llm.CallContext;
import dev.parley.llm.ModelAnswer;
import dev.parley.llm.ModelEndpoint;
import dev.parley.llm.ModelGateway;
import dev.parley.llm.Prompt;
import dev.parley.llm.PromptSet;
import dev.parley.llm.StructuredOutput;
import dev.parley.recipe.Recipe;
import dev.parley.recipe.Tools;

/**
 * Revision by the generator model: in {@code turns} mode only the assistant turns the judge scored
 * under the turn floor are rewritten (the rest of the dialogue stays word for word); in
 * {@code whole} mode, or when no single turn is to blame, the whole dialogue is rewritten.
 */
public final class ModelDialogueReviser implements DialogueReviser {

    /** Schema name of a request to rewrite a whole dialogue. */
    public static final String REVISED_DIALOGUE_SCHEMA = "revised_dialogue";
    /** Schema name of a request to rewrite only the turns the judge flagged. */
    public static final String REVISED_TURNS_SCHEMA = "revised_turns";

    private static final JsonObjectSchema TURNS_SCHEMA = JsonObjectSchema.builder()
            .addProperty("turns", JsonArraySchema.builder()
                    .items(JsonObjectSchema.builder()
                            .addIntegerProperty("turn")
                            .addStringProperty("content")
                            .required("turn", "content")
                            .additionalProperties(false)
                            .build())
                    .build())
            .required("turns")
            .additionalProperties(false)
            .build();

    private final ModelGateway gateway;
    private final ModelEndpoint endpoint;
    private final PromptSet prompts;
    private final String mode;
    private final CallContext context;
    private final StructuredOutput<Dialogue> dialogueOutput;

    public ModelDialogueReviser(ModelGateway gateway, ModelEndpoint endpoint, PromptSet prompts, String mode,
            CallContext context) {
        this(gateway, endpoint, prompts, mode, context, Tools.NONE);
    }

    /** A reviser whose whole-dialogue rewrites answer in the dialogue schema of a recipe with these tools. */
    public ModelDialogueReviser(ModelGateway gateway, ModelEndpoint endpoint, PromptSet prompts, String mode,
            CallContext context, Tools tools) {
        this.gateway = gateway;
        this.endpoint = endpoint;
        this.prompts = prompts;
        this.mode = mode;
        this.context = context;
        this.dialogueOutput = ModelDialogueWriter.output(tools);
    }

    @Override
    public ModelAnswer<Dialogue> revise(DialogueBrief brief, Dialogue dialogue, Verdict verdict) {
        List<Integer> weak = verdict.maskedTurns();
        boolean onlyTurns = Recipe.Revise.TURNS.equals(mode) && !weak.isEmpty();
        Map<String, String> values = new HashMap<>();
        values.put("language", brief.language());
        values.put("language_name", prompts.languageName(brief.language()));
        values.put("system_prompt", brief.systemPrompt());
        values.put("cell", ModelDialogueWriter.cellLines(brief));
        values.put("messages", Integer.toString(dialogue.size()));
        values.put("dialogue", RubricJudge.dialogueJson(dialogue));
        values.put("critique", critique(verdict));
        values.put("turns", weak.stream().map(String::valueOf).collect(Collectors.joining(", ")));
        String system = prompts.render(PromptSet.REVISE_SYSTEM, values);
        // The seed varies with the round, so a second revision is not the first one's cached answer.
        long seed = brief.seed() * 31 + verdict.summary().hashCode();
        if (onlyTurns) {
            var prompt = new Prompt(system, prompts.render(PromptSet.REVISE_TURNS, values));
            var output = new StructuredOutput<>(REVISED_TURNS_SCHEMA, TURNS_SCHEMA,
                    node -> splice(dialogue, weak, node));
            return gateway.ask(endpoint, prompt, output, seed, context);
        }
        var prompt = new Prompt(system, prompts.render(PromptSet.REVISE_DIALOGUE, values));
        var output = new StructuredOutput<>(REVISED_DIALOGUE_SCHEMA, dialogueOutput.schema(), dialogueOutput.parser());
        return gateway.ask(endpoint, prompt, output, seed, context);
    }

    /** The judge's reasons as a critique a writer can act on: summary, low criteria, low turns. */
    static String critique(Verdict verdict) {
        var lines = new ArrayList<String>();
        if (!verdict.summary().isBlank()) {
            lines.add(verdict.summary().strip());
        }
        verdict.scores().stream().filter(s -> s.score() <= 3)
                .forEach(s -> lines.add("- " + s.criterion() + " " + s.score() + "/5: " + s.reason()));
        verdict.turns().stream().filter(t -> verdict.maskedTurns().contains(t.turn()))
                .forEach(t -> lines.add("- turn " + t.turn() + " " + t.score() + "/5: " + t.reason()));
        return String.join("\n", lines);
    }

    /** The dialogue with the weak assistant turns replaced by the model's new ones. */
    static Dialogue splice(Dialogue dialogue, List<Integer> weak, JsonNode root) {
        JsonNode list = root.get("turns");
        if (list == null || !list.isArray()) {
            throw new IllegalArgumentException("no 'turns' list");
        }
        Map<Integer, String> replacements = new HashMap<>();
        for (JsonNode t : list) {
            int turn = t.path("turn").asInt(0);
            if (!weak.contains(turn)) {
                throw new IllegalArgumentException("rewrote message " + turn + ", which was not asked for");
            }
            if (!t.path("content").isTextual() || t.get("content").asText().isBlank()) {
                throw new IllegalArgumentException("the new message " + turn + " is empty");
            }
            replacements.put(turn, t.get("content").asText());
        }
        if (!replacements.keySet().containsAll(weak)) {
            throw new IllegalArgumentException("did not rewrite every message asked for (" + weak + ")");
        }
        List<Turn> turns = new ArrayList<>();
        for (int i = 0; i < dialogue.size(); i++) {
            Turn t = dialogue.turns().get(i);
            String replacement = replacements.get(i + 1);
            turns.add(replacement == null ? t : t.withContent(replacement));
        }
        return new Dialogue(turns);
    }
}
