package dev.parley.judge;

import java.util.List;

/**
 * What the judge said about one dialogue, and what Parley decided from it.
 *
 * @param scores    one score per rubric criterion, in rubric order
 * @param summary   the judge's overall remark
 * @param meanScore weighted mean of the scores
 * @param accepted  whether the mean reached the recipe's threshold
 */
public record Verdict(List<CriterionScore> scores, String summary, double meanScore, boolean accepted) {
    public Verdict {
        scores = List.copyOf(scores);
        summary = summary == null ? "" : summary;
    }
}
