package dev.parley.judge;

import java.util.List;

/**
 * What the judge said about one dialogue, and what Parley decided from it.
 *
 * @param scores     one score per rubric criterion, in rubric order
 * @param turns      one score per assistant turn the judge scored
 * @param summary    the judge's overall remark and critique
 * @param meanScore  weighted mean of the criterion scores
 * @param accepted   whether the mean reached the threshold with no criterion under its floor
 * @param belowFloor criteria scored under their floor
 * @param maskedTurns assistant turns (1-based message positions) scored under the rubric's turn floor:
 *                   kept for context, weight 0 in training exports
 * @param panel      with a panel of judges, each member's own mean and decision (empty for one judge)
 */
public record Verdict(List<CriterionScore> scores, List<TurnScore> turns, String summary, double meanScore,
        boolean accepted, List<String> belowFloor, List<Integer> maskedTurns, List<PanelVote> panel) {

    /**
     * One panel member's view.
     *
     * @param model     the judge model
     * @param meanScore its weighted mean
     * @param accepted  its decision
     */
    public record PanelVote(String model, double meanScore, boolean accepted) {
    }

    public Verdict(List<CriterionScore> scores, List<TurnScore> turns, String summary, double meanScore,
            boolean accepted, List<String> belowFloor, List<Integer> maskedTurns) {
        this(scores, turns, summary, meanScore, accepted, belowFloor, maskedTurns, List.of());
    }

    /** Whether the panel members' decisions differ. */
    public boolean panelDisagrees() {
        return panel.stream().map(PanelVote::accepted).distinct().count() > 1;
    }

    public Verdict {
        scores = List.copyOf(scores);
        turns = turns == null ? List.of() : List.copyOf(turns);
        summary = summary == null ? "" : summary;
        belowFloor = belowFloor == null ? List.of() : List.copyOf(belowFloor);
        maskedTurns = maskedTurns == null ? List.of() : List.copyOf(maskedTurns);
        panel = panel == null ? List.of() : List.copyOf(panel);
    }
}
