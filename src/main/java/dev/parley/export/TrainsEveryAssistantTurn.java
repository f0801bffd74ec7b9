package dev.parley.export;

import java.util.List;

/**
 * A format whose trainers learn every assistant turn of a record and cannot skip one in the middle
 * (TRL's {@code assistant_only_loss}, LLaMA-Factory's sharegpt reader): a dialogue is written cut
 * to end before its first masked turn, so the masked turn and what follows it are not in the file.
 * Trained turns after a masked one are lost to these formats; the card and the manifest count them.
 */
interface TrainsEveryAssistantTurn extends DatasetExporter {

    @Override
    default List<ExportRecord> trainingRecords(ExportRecord record) {
        return record.beforeFirstMask().map(List::of).orElse(List.of());
    }

    @Override
    default int trainedTurnsKept(ExportRecord record) {
        return record.beforeFirstMask().map(ExportRecord::trainedTurns).orElse(0);
    }
}
