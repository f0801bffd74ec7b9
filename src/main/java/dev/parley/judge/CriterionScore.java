package dev.parley.judge;

import java.util.Objects;

/**
 * The judge's score on one criterion.
 *
 * @param criterion criterion name
 * @param score     1..5
 * @param reason    why, in a sentence
 */
public record CriterionScore(String criterion, int score, String reason) {
    public CriterionScore {
        Objects.requireNonNull(criterion, "criterion");
        if (score < 1 || score > 5) {
            throw new IllegalArgumentException("score must be 1..5, got " + score);
        }
        reason = reason == null ? "" : reason;
    }
}
