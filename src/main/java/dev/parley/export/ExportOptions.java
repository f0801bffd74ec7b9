package dev.parley.export;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * What an export writes.
 *
 * @param formats   the training-file formats, at least one
 * @param split     train / validation / test shares
 * @param seed      seed of the split and of mixing; the recipe's seed when empty
 * @param realFile  a JSONL file of real dialogues to mix in
 * @param realRatio the minimum share of real dialogues in the mix (all of both when empty)
 * @param contextLength records longer than this (approximate tokens) are reported; {@code parley.export.context-length} when empty
 * @param foldSystem    the system prompt is written at the start of the first user message instead of as a system
 *                      message, for chat templates that have no system role (Mistral's, Gemma's)
 * @param preferenceFormats the preference formats ({@code dpo}, {@code kto}, {@code openai-preference}); the
 *                      dialogue formats may be empty when one is named
 * @param minMargin     how far a pair's chosen side must score above its rejected side; the recipe's
 *                      {@code preference.min-margin} when empty
 * @param reasoning     how the reasoning of assistant turns is written: left out (the default), as a field, or in
 *                      {@code <think>} blocks
 */
public record ExportOptions(List<DatasetExporter> formats, SplitRatios split, OptionalLong seed, Optional<Path> realFile,
        OptionalDouble realRatio, OptionalInt contextLength, boolean foldSystem, List<PreferenceFormat> preferenceFormats,
        OptionalDouble minMargin, ReasoningForm reasoning) {

    /** OpenAI chat JSONL, everything in train: what Parley writes unless told otherwise. */
    public static final ExportOptions DEFAULTS = new ExportOptions(List.of(new OpenAiChatExporter()), SplitRatios.ALL_TRAIN,
            OptionalLong.empty(), Optional.empty(), OptionalDouble.empty());

    public ExportOptions {
        formats = List.copyOf(formats);
        preferenceFormats = preferenceFormats == null ? List.of() : List.copyOf(preferenceFormats);
        if (formats.isEmpty() && preferenceFormats.isEmpty()) {
            throw new IllegalArgumentException("--format: name at least one format (known: "
                    + String.join(", ", ExportFormats.allNames()) + ")");
        }
        minMargin = minMargin == null ? OptionalDouble.empty() : minMargin;
        minMargin.ifPresent(ExportRequest::checkMargin);
        Objects.requireNonNull(split, "split");
        seed = seed == null ? OptionalLong.empty() : seed;
        realFile = realFile == null ? Optional.empty() : realFile;
        realRatio = realRatio == null ? OptionalDouble.empty() : realRatio;
        if (realRatio.isPresent() && realFile.isEmpty()) {
            throw new IllegalArgumentException("--real-ratio needs --mix-real FILE");
        }
        if (realRatio.isPresent() && !(realRatio.getAsDouble() > 0 && realRatio.getAsDouble() < 1)) {
            throw new IllegalArgumentException("--real-ratio must be more than 0 and less than 1, got " + realRatio.getAsDouble());
        }
        contextLength = contextLength == null ? OptionalInt.empty() : contextLength;
        if (contextLength.isPresent() && contextLength.getAsInt() < 1) {
            throw new IllegalArgumentException("--context-length must be at least 1, got " + contextLength.getAsInt());
        }
        reasoning = reasoning == null ? ReasoningForm.OMIT : reasoning;
        ReasoningForm.check(reasoning, formats);
    }

    /** Options that leave the reasoning of assistant turns out. */
    public ExportOptions(List<DatasetExporter> formats, SplitRatios split, OptionalLong seed, Optional<Path> realFile,
            OptionalDouble realRatio, OptionalInt contextLength, boolean foldSystem, List<PreferenceFormat> preferenceFormats,
            OptionalDouble minMargin) {
        this(formats, split, seed, realFile, realRatio, contextLength, foldSystem, preferenceFormats, minMargin,
                ReasoningForm.OMIT);
    }

    /** Options with no preference format. */
    public ExportOptions(List<DatasetExporter> formats, SplitRatios split, OptionalLong seed, Optional<Path> realFile,
            OptionalDouble realRatio, OptionalInt contextLength, boolean foldSystem, ReasoningForm reasoning) {
        this(formats, split, seed, realFile, realRatio, contextLength, foldSystem, List.of(), OptionalDouble.empty(),
                reasoning);
    }

    /** Options with no preference format, leaving reasoning out. */
    public ExportOptions(List<DatasetExporter> formats, SplitRatios split, OptionalLong seed, Optional<Path> realFile,
            OptionalDouble realRatio, OptionalInt contextLength, boolean foldSystem) {
        this(formats, split, seed, realFile, realRatio, contextLength, foldSystem, ReasoningForm.OMIT);
    }

    /** Options that keep the system prompt as a system message. */
    public ExportOptions(List<DatasetExporter> formats, SplitRatios split, OptionalLong seed, Optional<Path> realFile,
            OptionalDouble realRatio, OptionalInt contextLength) {
        this(formats, split, seed, realFile, realRatio, contextLength, false);
    }

    /** Options with the configured context length. */
    public ExportOptions(List<DatasetExporter> formats, SplitRatios split, OptionalLong seed, Optional<Path> realFile,
            OptionalDouble realRatio) {
        this(formats, split, seed, realFile, realRatio, OptionalInt.empty());
    }

    /**
     * Options from their text forms, as the command line and the API take them.
     *
     * @param formats comma-separated format names or {@code all}; null for OpenAI only
     * @param split   shares such as {@code 0.9,0.1}; null for everything in train
     */
    public static ExportOptions of(String formats, String split, Long seed, Path realFile, Double realRatio) {
        ExportFormats.Selection selection = formats == null ? new ExportFormats.Selection(DEFAULTS.formats(), List.of())
                : ExportFormats.select(formats);
        return new ExportOptions(selection.dialogue(), SplitRatios.parse(split),
                seed == null ? OptionalLong.empty() : OptionalLong.of(seed), Optional.ofNullable(realFile),
                realRatio == null ? OptionalDouble.empty() : OptionalDouble.of(realRatio), OptionalInt.empty(), false,
                selection.preference(), OptionalDouble.empty());
    }

    /** The names of every format asked for, dialogue formats first. */
    public List<String> formatNames() {
        List<String> names = new ArrayList<>(formats.stream().map(DatasetExporter::format).toList());
        preferenceFormats.forEach(p -> names.add(p.format()));
        return names;
    }

    /** The margin pairs must reach: the one asked for, else the given default (the recipe's). */
    public double minMargin(double recipeDefault) {
        return minMargin.orElse(recipeDefault);
    }
}
