package dev.parley.export;

import java.util.List;

/**
 * What one format could not carry of the exported dialogues: turns it does not train on so that no masked turn is
 * trained on, and text its tool-call entries cannot hold.
 *
 * @param dialogues       dialogues with no line or row in the format
 * @param trainedTurns    assistant turns to train on that are not training targets in the format
 * @param textBesideCalls assistant messages whose text beside their tool calls the format does not write
 */
record FormatLoss(int dialogues, int trainedTurns, int textBesideCalls) {

    static final FormatLoss NONE = new FormatLoss(0, 0, 0);

    FormatLoss {
        if (dialogues < 0 || trainedTurns < 0 || textBesideCalls < 0) {
            throw new IllegalArgumentException("losses are counts, ≥ 0");
        }
    }

    /** A loss of dialogues and trained turns only. */
    FormatLoss(int dialogues, int trainedTurns) {
        this(dialogues, trainedTurns, 0);
    }

    /** What {@code format} loses of {@code records}. */
    static FormatLoss of(DatasetExporter format, Iterable<ExportRecord> records) {
        int dialogues = 0;
        int turns = 0;
        int text = 0;
        for (ExportRecord r : records) {
            int kept = format.trainedTurnsKept(r);
            turns += r.trainedTurns() - kept;
            List<ExportRecord> written = format.trainingRecords(r);
            if (written.isEmpty()) {
                dialogues++;
            }
            for (ExportRecord w : written) {
                text += format.textLeftBesideToolCalls(w);
            }
        }
        return new FormatLoss(dialogues, turns, text);
    }

    FormatLoss plus(FormatLoss other) {
        return new FormatLoss(dialogues + other.dialogues, trainedTurns + other.trainedTurns,
                textBesideCalls + other.textBesideCalls);
    }

    boolean any() {
        return losesTurns() || textBesideCalls > 0;
    }

    /** Whether dialogues or turns to train on are lost. */
    boolean losesTurns() {
        return dialogues > 0 || trainedTurns > 0;
    }
}
