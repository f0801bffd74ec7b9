package dev.parley.recipe;

import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * The recipe's {@code export:} section: what {@code generate} writes at the end and what
 * {@code parley export} and the REST export write unless told otherwise. Every field is optional;
 * a command-line or REST option overrides the field it names, and what neither gives falls back to
 * Parley's defaults (OpenAI JSONL, everything in train, the recipe's seed,
 * {@code parley.export.context-length}, no mixing).
 *
 * @param formats       training formats by name (empty: not set)
 * @param split         train, validation and test shares, one to three numbers adding up to 1 (empty: not set)
 * @param splitSeed     seed of the split and of mixing
 * @param contextLength context length, in approximate tokens, of the model to be trained
 * @param realData      a JSONL file of real dialogues to mix in (resolved against the recipe's folder)
 * @param realRatio     the minimum share of real dialogues in the mix
 * @param license       the dataset's license, an SPDX id or Hugging Face license name, for the dataset card
 * @param foldSystem    write the system prompt into the first user message, for chat templates without a system role
 * @param reasoning     how assistant turns' reasoning is written: one of {@link #REASONING_FORMS} (empty: not set)
 */
public record ExportSettings(List<String> formats, List<Double> split, OptionalLong splitSeed, OptionalInt contextLength,
        Optional<String> realData, OptionalDouble realRatio, Optional<String> license, boolean foldSystem,
        Optional<String> reasoning) {

    /** The forms of {@code export.reasoning}; the export package's {@code ReasoningForm} holds the same list. */
    public static final List<String> REASONING_FORMS = List.of("omit", "field", "think");

    /** The dialogue formats, which {@code all} names. */
    public static final List<String> DIALOGUE_FORMATS = List.of("openai", "trl", "sharegpt", "alpaca", "parquet");
    /**
     * The format names a recipe may use: the dialogue formats, then the preference formats; the export package's
     * registry holds the same list.
     */
    public static final List<String> FORMATS = List.of("openai", "trl", "sharegpt", "alpaca", "parquet", "dpo", "kto",
            "openai-preference");
    /** Nothing set: Parley's defaults. */
    public static final ExportSettings NONE = new ExportSettings(List.of(), List.of(), OptionalLong.empty(),
            OptionalInt.empty(), Optional.empty(), OptionalDouble.empty(), Optional.empty(), false, Optional.empty());

    public ExportSettings {
        formats = formats == null ? List.of() : List.copyOf(formats);
        split = split == null ? List.of() : List.copyOf(split);
        splitSeed = splitSeed == null ? OptionalLong.empty() : splitSeed;
        contextLength = contextLength == null ? OptionalInt.empty() : contextLength;
        realData = realData == null ? Optional.empty() : realData;
        realRatio = realRatio == null ? OptionalDouble.empty() : realRatio;
        license = license == null ? Optional.empty() : license;
        reasoning = reasoning == null ? Optional.empty() : reasoning;
    }

    /** Settings that leave the form of reasoning to the caller and Parley's default. */
    public ExportSettings(List<String> formats, List<Double> split, OptionalLong splitSeed, OptionalInt contextLength,
            Optional<String> realData, OptionalDouble realRatio, Optional<String> license, boolean foldSystem) {
        this(formats, split, splitSeed, contextLength, realData, realRatio, license, foldSystem, Optional.empty());
    }

    /** Settings without a license and with the system prompt kept as a system message. */
    public ExportSettings(List<String> formats, List<Double> split, OptionalLong splitSeed, OptionalInt contextLength,
            Optional<String> realData, OptionalDouble realRatio) {
        this(formats, split, splitSeed, contextLength, realData, realRatio, Optional.empty(), false, Optional.empty());
    }
}
