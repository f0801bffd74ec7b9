package dev.parley.judge;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.parley.dialogue.Dialogue;
import dev.parley.generate.DialogueBrief;
import dev.parley.llm.CallUsage;
import dev.parley.llm.ModelAnswer;
import dev.parley.recipe.Recipe;

/**
 * Several judges, one verdict: every member scores the dialogue, and their criterion and turn
 * scores are combined by mean or minimum. The combined verdict keeps each member's mean and
 * decision, so the report can say how often the panel disagrees.
 */
public final class JudgePanel implements DialogueJudge {

    private final Map<String, DialogueJudge> members;
    private final Rubric rubric;
    private final double threshold;
    private final String combine;

    /**
     * @param members model name to its judge, in panel order
     * @param combine {@code mean} or {@code min}
     */
    public JudgePanel(Map<String, DialogueJudge> members, Rubric rubric, double threshold, String combine) {
        if (members.size() < 2) {
            throw new IllegalArgumentException("a panel needs at least two judges");
        }
        this.members = new LinkedHashMap<>(members);
        this.rubric = rubric;
        this.threshold = threshold;
        this.combine = combine;
    }

    @Override
    public ModelAnswer<Verdict> judge(DialogueBrief brief, Dialogue dialogue) {
        List<Verdict> verdicts = new ArrayList<>();
        List<Verdict.PanelVote> votes = new ArrayList<>();
        CallUsage usage = CallUsage.NONE;
        for (var member : members.entrySet()) {
            ModelAnswer<Verdict> answer = member.getValue().judge(brief, dialogue);
            verdicts.add(answer.value());
            votes.add(new Verdict.PanelVote(member.getKey(), answer.value().meanScore(), answer.value().accepted()));
            usage = usage.plus(answer.usage());
        }
        return new ModelAnswer<>(combine(verdicts, votes), usage);
    }

    Verdict combine(List<Verdict> verdicts, List<Verdict.PanelVote> votes) {
        List<CriterionScore> scores = new ArrayList<>();
        double weighted = 0;
        double weights = 0;
        List<String> belowFloor = new ArrayList<>();
        for (int i = 0; i < rubric.criteria().size(); i++) {
            Rubric.Criterion criterion = rubric.criteria().get(i);
            double[] values = new double[verdicts.size()];
            var reasons = new ArrayList<String>();
            for (int v = 0; v < verdicts.size(); v++) {
                CriterionScore s = verdicts.get(v).scores().get(i);
                values[v] = s.score();
                reasons.add(votes.get(v).model() + ": " + s.reason());
            }
            double value = combined(values);
            weighted += criterion.weight() * value;
            weights += criterion.weight();
            if (value < criterion.floor()) {
                belowFloor.add(criterion.name());
            }
            scores.add(new CriterionScore(criterion.name(), (int) Math.round(value), String.join(" | ", reasons)));
        }
        Map<Integer, List<Double>> byTurn = new TreeMap<>();
        verdicts.forEach(v -> v.turns().forEach(t -> byTurn.computeIfAbsent(t.turn(), k -> new ArrayList<>()).add((double) t.score())));
        List<TurnScore> turns = new ArrayList<>();
        List<Integer> masked = new ArrayList<>();
        byTurn.forEach((turn, values) -> {
            double value = combined(values.stream().mapToDouble(Double::doubleValue).toArray());
            turns.add(new TurnScore(turn, (int) Math.round(value), "combined " + combine + " of " + values.size() + " judges"));
            if (value < rubric.turnFloor()) {
                masked.add(turn);
            }
        });
        double mean = weighted / weights;
        String summary = String.join("\n", verdicts.stream().map(Verdict::summary).filter(s -> !s.isBlank()).toList());
        return new Verdict(scores, turns, summary, mean, mean >= threshold && belowFloor.isEmpty(), belowFloor, masked, votes);
    }

    private double combined(double[] values) {
        if (Recipe.JudgeSettings.MIN.equals(combine)) {
            double min = Double.MAX_VALUE;
            for (double v : values) {
                min = Math.min(min, v);
            }
            return min;
        }
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.length;
    }
}
