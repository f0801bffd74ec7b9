package dev.parley.export;

import java.util.ArrayList;
import java.util.List;

/**
 * Rules of the trainers Parley writes for that a file can break while every record in it is well formed:
 * each broken rule is a warning that names the rule, so a user learns of it before an upload is refused.
 */
final class TrainerRules {

    /** OpenAI fine-tuning refuses a training file with fewer examples than this. */
    static final int OPENAI_MIN_TRAINING_EXAMPLES = 10;

    private TrainerRules() {
    }

    /** Warnings for the data files of an export (training formats, each split). */
    static List<String> warnings(List<ExportResult.WrittenFile> dataFiles) {
        List<String> warnings = new ArrayList<>();
        for (ExportResult.WrittenFile f : dataFiles) {
            if (f.records() == 0) {
                warnings.add(f.path() + " holds no records; trainers refuse an empty dataset file");
            } else if ((f.format().equals(OpenAiChatExporter.FORMAT) || f.format().equals(new PreferenceFormat.OpenAi().format()))
                    && f.split().equals(SplitRatios.TRAIN)
                    && f.records() >= 0 && f.records() < OPENAI_MIN_TRAINING_EXAMPLES) {
                warnings.add(f.path() + " holds " + f.records() + " examples; OpenAI fine-tuning needs at least "
                        + OPENAI_MIN_TRAINING_EXAMPLES + " in a training file");
            }
        }
        return warnings;
    }
}
