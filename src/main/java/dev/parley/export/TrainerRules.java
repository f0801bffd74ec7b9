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

    /**
     * LLaMA-Factory's sharegpt reader, as {@code dataset_info.json} points it at the TRL and Parquet rows, takes a
     * message's role and content only, so it would train an empty assistant turn where the row has a tool call.
     */
    static final String LLAMA_FACTORY_TOOLS = TrainerConfigs.LLAMA_FACTORY + ": LLaMA-Factory reads the trl and parquet"
            + " rows by role and content and does not see their tool calls; for tool use, train it from the sharegpt file"
            + " (function_call and observation turns, tools column) in a dataset entry of your own, where its masked"
            + " turns, marked only by \"weight\": 0, are trained";

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
