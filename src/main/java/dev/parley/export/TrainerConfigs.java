package dev.parley.export;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The configuration files that let a trainer load an export unchanged, each wired so that no masked
 * turn is a training target:
 * <ul>
 * <li>{@code dataset_info.json} for LLaMA-Factory: one dataset per TRL or Parquet file (the formats
 * cut before a masked turn, since LLaMA-Factory learns every assistant turn of a line), in its
 * {@code sharegpt} formatting with the {@code role}/{@code content} tags;</li>
 * <li>{@code axolotl.yaml} for Axolotl: its {@code chat_template} dataset type over the OpenAI file
 * (else the ShareGPT file), with {@code message_field_training: weight}, so the {@code "weight": 0}
 * of a masked turn overrides {@code roles_to_train}.</li>
 * </ul>
 */
final class TrainerConfigs {

    static final String LLAMA_FACTORY = "dataset_info.json";
    static final String AXOLOTL = "axolotl.yaml";

    private TrainerConfigs() {
    }

    /** LLaMA-Factory's dataset list for the TRL and Parquet files, or empty when neither is exported. */
    static Optional<ObjectNode> llamaFactory(String name, List<DatasetExporter> formats, Collection<String> splits) {
        ObjectNode info = JsonNodeFactory.instance.objectNode();
        for (DatasetExporter format : formats) {
            if (!(format instanceof TrainsEveryAssistantTurn)) {
                continue;
            }
            for (String split : splits) {
                ObjectNode dataset = info.putObject(name + "_" + split + "_" + format.format());
                dataset.put("file_name", format.fileName(split));
                dataset.put("formatting", "sharegpt");
                dataset.putObject("columns").put("messages", "messages");
                dataset.putObject("tags").put("role_tag", "role").put("content_tag", "content").put("user_tag", "user")
                        .put("assistant_tag", "assistant").put("system_tag", "system");
            }
        }
        return info.isEmpty() ? Optional.empty() : Optional.of(info);
    }

    /** Axolotl's {@code datasets} (train) and {@code test_datasets} (validation); empty without a file it can mask. */
    static Optional<String> axolotl(List<DatasetExporter> formats, Collection<String> splits) {
        Optional<DatasetExporter> file = formats.stream().filter(f -> f instanceof OpenAiChatExporter).findFirst()
                .or(() -> formats.stream().filter(f -> f instanceof ShareGptExporter).findFirst());
        if (file.isEmpty()) {
            return Optional.empty();
        }
        var yaml = new StringBuilder();
        yaml.append("# Axolotl datasets for this export; add base_model, adapter and training settings, and run\n")
                .append("# axolotl from this folder (or make the paths absolute). A masked assistant turn has\n")
                .append("# \"weight\": 0, which message_field_training reads before roles_to_train: context only.\n")
                .append("chat_template: tokenizer_default\n");
        yaml.append("datasets:\n").append(dataset(file.get(), "train"));
        if (splits.contains("validation")) {
            yaml.append("test_datasets:\n").append(dataset(file.get(), "validation"));
        }
        return Optional.of(yaml.toString());
    }

    private static String dataset(DatasetExporter format, String split) {
        boolean shareGpt = format instanceof ShareGptExporter;
        var d = new StringBuilder();
        d.append("  - path: ").append(format.fileName(split)).append('\n')
                .append("    ds_type: json\n")
                .append("    split: train\n")
                .append("    type: chat_template\n")
                .append("    field_messages: ").append(shareGpt ? "conversations" : "messages").append('\n')
                .append("    message_property_mappings:\n")
                .append("      role: ").append(shareGpt ? "from" : "role").append('\n')
                .append("      content: ").append(shareGpt ? "value" : "content").append('\n');
        if (shareGpt) {
            d.append("    roles:\n      system: [system]\n      user: [human]\n      assistant: [gpt]\n");
        }
        d.append("    roles_to_train: [assistant]\n")
                .append("    message_field_training: weight\n")
                .append("    train_on_eos: turn\n");
        return d.toString();
    }
}
