package dev.parley.quality;

/**
 * How the duplicate gates name what a dialogue duplicates. Dialogues of the run are held under their
 * plan position ({@code 12}); earlier data under a description ({@code run 3f2a… item 12},
 * {@code reference line 7}), which is shown as it is.
 */
public final class DuplicateIds {

    private DuplicateIds() {
    }

    /** The id of an accepted item of an earlier run. */
    public static String ofEarlierRun(String runId, int seq) {
        return "run " + runId + " item " + seq;
    }

    /** The id of a dialogue of a reference file, by its line. */
    public static String ofReference(int line) {
        return "reference line " + line;
    }

    /** {@code dialogue 12} for a dialogue of this run, the id itself otherwise. */
    static String describe(String id) {
        return !id.isEmpty() && id.chars().allMatch(Character::isDigit) ? "dialogue " + id : id;
    }
}
