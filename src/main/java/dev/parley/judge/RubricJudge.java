package dev.parley.judge;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;

import dev.langchain4j.model.chat.request.json.JsonArraySchema;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.parley.dialogue.Dialogue;
import dev.parley.generate.DialogueBrief;
import dev.parley.generate.DialogueJson;
import dev.parley.generate.ModelDialogueWriter;
import dev.parley.llm.ModelAnswer;
import dev.parley.llm.CallContext;
import dev.parley.llm.ModelEndpoint;
import dev.parley.llm.ModelGateway;
import dev.parley.llm.Prompt;
import dev.parley.llm.PromptSet;
import dev.parley.llm.StructuredOutput;

/**
 * The rubric judge: its own model setting (temperature 0 by default), one structured call that
 * scores every criterion with a reason; accepted when the weighted mean reaches the threshold.
 */
public final class RubricJudge implements DialogueJudge {

    /** Schema name of a judging request. */
    public static final String VERDICT_SCHEMA = "judge_verdict";

    private final ModelGateway gateway;
    private final ModelEndpoint endpoint;
    private final PromptSet prompts;
    private final Rubric rubric;
    private final double threshold;
    private final CallContext context;
    private final JsonObjectSchema schema;
    /**
     * The verdict schema by the rubric's criterion names, all it depends on: a judge is made for every item, and one
     * schema object per rubric also lets the cache key print it once ({@code ModelGateway.printedFormat}).
     */
    private static final Map<List<String>, JsonObjectSchema> SCHEMAS = new ConcurrentHashMap<>();

    public RubricJudge(ModelGateway gateway, ModelEndpoint endpoint, PromptSet prompts, Rubric rubric, double threshold,
            CallContext context) {
        this.gateway = gateway;
        this.endpoint = endpoint;
        this.prompts = prompts;
        this.rubric = rubric;
        this.threshold = threshold;
        this.context = context;
        this.schema = SCHEMAS.computeIfAbsent(rubric.criteria().stream().map(Rubric.Criterion::name).toList(),
                RubricJudge::schema);
    }

    @Override
    public ModelAnswer<Verdict> judge(DialogueBrief brief, Dialogue dialogue) {
        Map<String, String> values = Map.of(
                "language", brief.language(),
                "language_name", prompts.languageName(brief.language()),
                "system_prompt", brief.systemPrompt(),
                "cell", ModelDialogueWriter.cellLines(brief),
                "dialogue", dialogueJson(dialogue),
                "criteria", rubric.promptLines());
        var prompt = new Prompt(prompts.render(PromptSet.JUDGE_SYSTEM, values), prompts.render(PromptSet.JUDGE_USER, values));
        var output = new StructuredOutput<>(VERDICT_SCHEMA, schema, node -> parse(node, dialogue));
        return gateway.ask(endpoint, prompt, output, brief.seed(), context);
    }

    /** The weighted mean of scores over the rubric's criteria. */
    public static double weightedMean(Rubric rubric, List<CriterionScore> scores) {
        Map<String, Integer> byName = new LinkedHashMap<>();
        scores.forEach(s -> byName.put(s.criterion(), s.score()));
        double sum = 0;
        double weights = 0;
        for (Rubric.Criterion c : rubric.criteria()) {
            sum += c.weight() * byName.get(c.name());
            weights += c.weight();
        }
        return sum / weights;
    }

    private static JsonObjectSchema schema(List<String> criteria) {
        return JsonObjectSchema.builder()
                .addProperty("scores", JsonArraySchema.builder()
                        .items(JsonObjectSchema.builder()
                                .addEnumProperty("criterion", criteria)
                                .addIntegerProperty("score", "1 (very poor) to 5 (excellent)")
                                .addStringProperty("reason")
                                .required("criterion", "score", "reason")
                                .additionalProperties(false)
                                .build())
                        .build())
                .addProperty("turns", JsonArraySchema.builder()
                        .items(JsonObjectSchema.builder()
                                .addIntegerProperty("turn", "position of an assistant message in the dialogue, from 1")
                                .addIntegerProperty("score", "1 (very poor) to 5 (excellent)")
                                .addStringProperty("reason")
                                .required("turn", "score", "reason")
                                .additionalProperties(false)
                                .build())
                        .build())
                .addStringProperty("summary")
                .required("scores", "turns", "summary")
                .additionalProperties(false)
                .build();
    }

    private Verdict parse(JsonNode root, Dialogue dialogue) {
        JsonNode list = root.get("scores");
        if (list == null || !list.isArray()) {
            throw new IllegalArgumentException("no 'scores' list");
        }
        Map<String, CriterionScore> byName = new LinkedHashMap<>();
        for (JsonNode s : list) {
            String criterion = s.path("criterion").asText("");
            JsonNode score = s.get("score");
            if (score == null || !score.isNumber() || score.asDouble() != Math.rint(score.asDouble())
                    || score.asInt() < 1 || score.asInt() > 5) {
                throw new IllegalArgumentException("score for '" + criterion + "' is not a whole number from 1 to 5");
            }
            byName.put(criterion, new CriterionScore(criterion, score.asInt(), s.path("reason").asText("")));
        }
        List<CriterionScore> scores = new ArrayList<>();
        for (Rubric.Criterion c : rubric.criteria()) {
            CriterionScore s = byName.get(c.name());
            if (s == null) {
                throw new IllegalArgumentException("no score for criterion '" + c.name() + "'");
            }
            scores.add(s);
        }
        List<TurnScore> turns = new ArrayList<>();
        JsonNode turnList = root.path("turns");
        if (turnList.isArray()) {
            var seen = new java.util.HashSet<Integer>();
            for (JsonNode t : turnList) {
                int turn = t.path("turn").asInt(0);
                JsonNode score = t.get("score");
                if (turn < 1 || turn > dialogue.size() || !dialogue.turns().get(turn - 1).isAssistant()) {
                    throw new IllegalArgumentException("turn score for message " + turn + ", which is not an assistant message");
                }
                if (score == null || !score.isIntegralNumber() || score.asInt() < 1 || score.asInt() > 5) {
                    throw new IllegalArgumentException("turn score for message " + turn + " is not a whole number from 1 to 5");
                }
                if (seen.add(turn)) {
                    turns.add(new TurnScore(turn, score.asInt(), t.path("reason").asText("")));
                }
            }
        }
        double mean = weightedMean(rubric, scores);
        List<String> belowFloor = new ArrayList<>();
        for (int i = 0; i < scores.size(); i++) {
            if (scores.get(i).score() < rubric.criteria().get(i).floor()) {
                belowFloor.add(scores.get(i).criterion());
            }
        }
        List<Integer> masked = turns.stream().filter(t -> t.score() < rubric.turnFloor()).map(TurnScore::turn).sorted().toList();
        return new Verdict(scores, turns, root.path("summary").asText(""), mean, mean >= threshold && belowFloor.isEmpty(),
                belowFloor, masked);
    }

    /** The dialogue as the judge and reviser read it: messages numbered from 1, with their tool calls and results. */
    public static String dialogueJson(Dialogue dialogue) {
        return DialogueJson.of(dialogue.turns(), true);
    }
}
