package dev.parley.export;

/**
 * What one format could not carry of the exported dialogues, so that no masked turn is trained on.
 *
 * @param dialogues    dialogues with no line or row in the format
 * @param trainedTurns assistant turns to train on that are not training targets in the format
 */
record FormatLoss(int dialogues, int trainedTurns) {

    static final FormatLoss NONE = new FormatLoss(0, 0);

    FormatLoss {
        if (dialogues < 0 || trainedTurns < 0) {
            throw new IllegalArgumentException("losses are counts, ≥ 0");
        }
    }

    /** What {@code format} loses of {@code records}. */
    static FormatLoss of(DatasetExporter format, Iterable<ExportRecord> records) {
        int dialogues = 0;
        int turns = 0;
        for (ExportRecord r : records) {
            int kept = format.trainedTurnsKept(r);
            turns += r.trainedTurns() - kept;
            if (format.trainingRecords(r).isEmpty()) {
                dialogues++;
            }
        }
        return new FormatLoss(dialogues, turns);
    }

    FormatLoss plus(FormatLoss other) {
        return new FormatLoss(dialogues + other.dialogues, trainedTurns + other.trainedTurns);
    }

    boolean any() {
        return dialogues > 0 || trainedTurns > 0;
    }
}
