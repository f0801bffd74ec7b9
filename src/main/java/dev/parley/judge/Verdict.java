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
 */
public record Verdict(List<CriterionScore> scores, List<TurnScore> turns, String summary, double meanScore,
        boolean accepted, List<String> belowFloor, List<Integer> maskedTurns) {
    public Verdict {
        scores = List.copyOf(scores);
        turns = turns == null ? List.of() : List.copyOf(turns);
        summary = summary == null ? "" : summary;
        belowFloor = belowFloor == null ? List.of() : List.copyOf(belowFloor);
        maskedTurns = maskedTurns == null ? List.of() : List.copyOf(maskedTurns);
    }
}
