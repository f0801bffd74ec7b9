package dev.parley.export;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A preference-data format: what each {@link PreferencePair} becomes as JSON rows, written as JSON Lines and,
 * for the TRL formats, as Parquet with the same rows ({@link PreferenceParquet}). Named in {@code --format} beside
 * the dialogue formats ({@link ExportFormats}).
 */
public sealed interface PreferenceFormat permits PreferenceFormat.Dpo, PreferenceFormat.Kto, PreferenceFormat.OpenAi {

    /** The name used in {@code --format} and {@code ?format=}. */
    String format();

    /** One sentence for the dataset card: who reads the files and what a row holds. */
    String description();

    /** The JSONL file of a split, e.g. {@code train.dpo.jsonl}. */
    default String fileName(String split) {
        return split + "." + format() + ".jsonl";
    }

    /** The Parquet file of a split with the same rows, for formats that have one. */
    Optional<String> parquetFileName(String split);

    /** The rows one pair becomes: none when the format cannot hold it ({@link #holds}). */
    List<ObjectNode> rows(PreferencePair pair);

    /** Writes every pair's rows as JSON Lines and returns how many lines it wrote. Does not close {@code out}. */
    default int write(List<PreferencePair> pairs, OutputStream out) throws IOException {
        int n = 0;
        for (PreferencePair pair : pairs) {
            for (ObjectNode row : rows(pair)) {
                out.write(JsonlExporter.JSON.writeValueAsBytes(row));
                out.write('\n');
                n++;
            }
        }
        out.flush();
        return n;
    }

    /** Whether this format writes rows for the pair; {@link #whyLeftOut} says why not. */
    default boolean holds(PreferencePair pair) {
        return true;
    }

    /** Pairs this format cannot hold (so writes no row for). */
    default int leftOut(List<PreferencePair> pairs) {
        return (int) pairs.stream().filter(p -> !holds(p)).count();
    }

    /** Why this format writes no row for some pairs; empty when it holds every pair. */
    default String whyLeftOut() {
        return "";
    }

    /**
     * TRL's conversational preference type, read by {@code DPOTrainer}, {@code ORPOTrainer} and
     * {@code CPOTrainer}: {@code prompt} (the system prompt and the history, as messages), {@code chosen} and
     * {@code rejected} (the continuations, as messages, without the prompt), plus {@code id}, {@code source},
     * {@code score_chosen}, {@code score_rejected}, {@code margin} and {@code provenance}, which TRL leaves alone.
     * See https://huggingface.co/docs/trl/dataset_formats (preference, conversational, explicit prompt).
     */
    record Dpo() implements PreferenceFormat {
        @Override
        public String format() {
            return "dpo";
        }

        @Override
        public String description() {
            return "TRL conversational preference rows (DPO, ORPO, CPO): `prompt` (system prompt and history as"
                    + " messages), `chosen` and `rejected` (the continuations as messages), `score_chosen`,"
                    + " `score_rejected`, `margin`, `source`, `id` and `provenance`; JSONL and Parquet.";
        }

        @Override
        public Optional<String> parquetFileName(String split) {
            return Optional.of(split + ".dpo.parquet");
        }

        @Override
        public List<ObjectNode> rows(PreferencePair pair) {
            ObjectNode row = JsonlExporter.JSON.createObjectNode();
            row.put("id", pair.id());
            messages(row.putArray("prompt"), pair.prompt());
            messages(row.putArray("chosen"), pair.chosen());
            messages(row.putArray("rejected"), pair.rejected());
            row.put("score_chosen", pair.chosenScore());
            row.put("score_rejected", pair.rejectedScore());
            row.put("margin", pair.margin());
            row.put("source", pair.source().key());
            row.set("provenance", provenance(pair));
            return List.of(row);
        }
    }

    /**
     * TRL's conversational unpaired preference type, read by {@code KTOTrainer}: each pair becomes two rows with
     * the same {@code prompt}, the chosen side as a {@code completion} labelled {@code true} and the rejected side
     * labelled {@code false}, plus {@code id}, {@code score} and {@code provenance}.
     * See https://huggingface.co/docs/trl/dataset_formats (unpaired preference) and the KTO trainer's page.
     */
    record Kto() implements PreferenceFormat {
        @Override
        public String format() {
            return "kto";
        }

        @Override
        public String description() {
            return "TRL conversational unpaired preference rows (KTO): per pair, the `prompt` with the chosen side as"
                    + " a `completion` labelled `true` and the rejected side labelled `false`, with `score`, `id` and"
                    + " `provenance`; JSONL and Parquet.";
        }

        @Override
        public Optional<String> parquetFileName(String split) {
            return Optional.of(split + ".kto.parquet");
        }

        @Override
        public List<ObjectNode> rows(PreferencePair pair) {
            return List.of(row(pair, pair.chosen(), true, pair.chosenScore()),
                    row(pair, pair.rejected(), false, pair.rejectedScore()));
        }

        private static ObjectNode row(PreferencePair pair, List<ExportRecord.Message> completion, boolean label,
                double score) {
            ObjectNode row = JsonlExporter.JSON.createObjectNode();
            row.put("id", pair.id() + (label ? "/chosen" : "/rejected"));
            messages(row.putArray("prompt"), pair.prompt());
            messages(row.putArray("completion"), completion);
            row.put("label", label);
            row.put("score", score);
            row.set("provenance", provenance(pair));
            return row;
        }
    }

    /**
     * OpenAI's preference fine-tuning (DPO) JSONL: {@code input.messages} (the system prompt and the history, ending
     * with the user's message), {@code preferred_output} and {@code non_preferred_output}, each one assistant
     * message, and nothing else (the provenance goes to the {@code <split>.openai-preference.provenance.jsonl}
     * sidecar, line by line). OpenAI trains on one assistant message per side, so a pair with a longer side is left
     * out. See https://platform.openai.com/docs/guides/direct-preference-optimization.
     */
    record OpenAi() implements PreferenceFormat {
        @Override
        public String format() {
            return "openai-preference";
        }

        @Override
        public String description() {
            return "OpenAI preference fine-tuning JSONL: `input.messages` (system prompt and history),"
                    + " `preferred_output` and `non_preferred_output` (one assistant message each); provenance in the"
                    + " aligned `.openai-preference.provenance.jsonl` sidecar.";
        }

        @Override
        public Optional<String> parquetFileName(String split) {
            return Optional.empty();
        }

        @Override
        public boolean holds(PreferencePair pair) {
            return pair.chosen().size() == 1 && pair.rejected().size() == 1;
        }

        @Override
        public String whyLeftOut() {
            return "OpenAI trains on one assistant message per side, and their sides are longer";
        }

        /** The provenance sidecar of a split, one line per line of the JSONL. */
        static String sidecarName(String split) {
            return split + ".openai-preference.provenance.jsonl";
        }

        @Override
        public List<ObjectNode> rows(PreferencePair pair) {
            if (!holds(pair)) {
                return List.of();
            }
            ObjectNode row = JsonlExporter.JSON.createObjectNode();
            messages(row.putObject("input").putArray("messages"), pair.prompt());
            messages(row.putArray("preferred_output"), pair.chosen());
            messages(row.putArray("non_preferred_output"), pair.rejected());
            return List.of(row);
        }
    }

    private static void messages(ArrayNode into, List<ExportRecord.Message> messages) {
        messages.forEach(m -> into.addObject().put("role", m.role()).put("content", m.content()));
    }

    /**
     * Where a pair came from: {@code id}, {@code runId}, {@code seq} (the dialogue's plan position), {@code turn}
     * (the compared message's 1-based position), {@code source}, {@code chosenFrom} and {@code rejectedFrom}
     * ({@code v<version>} or {@code c<candidate seed>}), {@code chosenScore}, {@code rejectedScore},
     * {@code margin} and {@code cell}.
     */
    static ObjectNode provenance(PreferencePair pair) {
        ObjectNode p = JsonlExporter.JSON.createObjectNode();
        p.put("id", pair.id());
        p.put("runId", pair.runId());
        p.put("seq", pair.seq());
        p.put("turn", pair.turn());
        p.put("source", pair.source().key());
        p.put("chosenFrom", pair.chosenFrom().key());
        p.put("rejectedFrom", pair.rejectedFrom().key());
        p.put("chosenScore", pair.chosenScore());
        p.put("rejectedScore", pair.rejectedScore());
        p.put("margin", pair.margin());
        ObjectNode cell = p.putObject("cell");
        pair.cell().forEach(cell::put);
        return p;
    }
}
