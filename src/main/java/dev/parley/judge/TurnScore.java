package dev.parley.judge;

/**
 * The judge's score for one assistant turn.
 *
 * @param turn   the message's position in the dialogue, 1-based (user messages count too)
 * @param score  1..5
 * @param reason why, in a sentence
 */
public record TurnScore(int turn, int score, String reason) {
    public TurnScore {
        if (turn < 1) {
            throw new IllegalArgumentException("turn must be ≥ 1");
        }
        if (score < 1 || score > 5) {
            throw new IllegalArgumentException("score must be 1..5, got " + score);
        }
        reason = reason == null ? "" : reason;
    }
}
