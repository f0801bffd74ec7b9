package dev.parley.export;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.stream.Collectors;

import dev.parley.recipe.ExportSettings;

/**
 * What a command-line or REST caller asked of an export, every field optional. Each field given
 * overrides the same field of the recipe's {@code export:} section; what neither gives falls back to
 * Parley's defaults ({@link ExportOptions#DEFAULTS}, the recipe's seed, {@code parley.export.context-length}).
 * Each given value is checked when the request is made, so a typo is reported before a run starts.
 *
 * @param formats       comma-separated format names or {@code all}
 * @param split         shares such as {@code 0.9,0.1}
 * @param seed          seed of the split and of mixing
 * @param realFile      a JSONL file of real dialogues
 * @param realRatio     the minimum share of real dialogues
 * @param contextLength context length in approximate tokens
 * @param foldSystem    true to write the system prompt into the first user message, false not to; empty leaves it
 *                      to the recipe
 * @param minMargin     how far a preference pair's chosen side must score above its rejected side (≥ 0); empty
 *                      leaves it to the recipe's {@code preference.min-margin}
 * @param reasoning     {@code omit}, {@code field} or {@code think}: how assistant turns' reasoning is written; empty
 *                      leaves it to the recipe
 */
public record ExportRequest(Optional<String> formats, Optional<String> split, OptionalLong seed, Optional<Path> realFile,
        OptionalDouble realRatio, OptionalInt contextLength, Optional<Boolean> foldSystem, OptionalDouble minMargin,
        Optional<String> reasoning) {

    /** Nothing asked: the recipe's section, then Parley's defaults. */
    public static final ExportRequest NONE = of(null, null, null, null, null, null);

    public ExportRequest {
        formats = formats == null ? Optional.empty() : formats;
        split = split == null ? Optional.empty() : split;
        seed = seed == null ? OptionalLong.empty() : seed;
        realFile = realFile == null ? Optional.empty() : realFile;
        realRatio = realRatio == null ? OptionalDouble.empty() : realRatio;
        contextLength = contextLength == null ? OptionalInt.empty() : contextLength;
        foldSystem = foldSystem == null ? Optional.empty() : foldSystem;
        minMargin = minMargin == null ? OptionalDouble.empty() : minMargin;
        reasoning = reasoning == null ? Optional.empty() : reasoning;
        formats.ifPresent(ExportFormats::select);
        minMargin.ifPresent(ExportRequest::checkMargin);
        reasoning.ifPresent(ReasoningForm::parse);
        split.ifPresent(SplitRatios::parse);
        if (realRatio.isPresent() && !(realRatio.getAsDouble() > 0 && realRatio.getAsDouble() < 1)) {
            throw new IllegalArgumentException("--real-ratio must be more than 0 and less than 1, got " + realRatio.getAsDouble());
        }
        if (contextLength.isPresent() && contextLength.getAsInt() < 1) {
            throw new IllegalArgumentException("--context-length must be at least 1, got " + contextLength.getAsInt());
        }
    }

    /** A request from nullable values, as picocli and JAX-RS hand them over. */
    public static ExportRequest of(String formats, String split, Long seed, Path realFile, Double realRatio,
            Integer contextLength) {
        return of(formats, split, seed, realFile, realRatio, contextLength, null);
    }

    /** A request from nullable values; {@code foldSystem} null leaves folding the system prompt to the recipe. */
    public static ExportRequest of(String formats, String split, Long seed, Path realFile, Double realRatio,
            Integer contextLength, Boolean foldSystem) {
        return of(formats, split, seed, realFile, realRatio, contextLength, foldSystem, null);
    }

    /** A request from nullable values, with the preference pairs' margin (null: the recipe's). */
    public static ExportRequest of(String formats, String split, Long seed, Path realFile, Double realRatio,
            Integer contextLength, Boolean foldSystem, Double minMargin) {
        return of(formats, split, seed, realFile, realRatio, contextLength, foldSystem, minMargin, null);
    }

    /**
     * A request from nullable values, with the preference pairs' margin and the form of reasoning (null: the
     * recipe's).
     */
    public static ExportRequest of(String formats, String split, Long seed, Path realFile, Double realRatio,
            Integer contextLength, Boolean foldSystem, Double minMargin, String reasoning) {
        return new ExportRequest(Optional.ofNullable(formats), Optional.ofNullable(split),
                seed == null ? OptionalLong.empty() : OptionalLong.of(seed), Optional.ofNullable(realFile),
                realRatio == null ? OptionalDouble.empty() : OptionalDouble.of(realRatio),
                contextLength == null ? OptionalInt.empty() : OptionalInt.of(contextLength), Optional.ofNullable(foldSystem),
                minMargin == null ? OptionalDouble.empty() : OptionalDouble.of(minMargin), Optional.ofNullable(reasoning));
    }

    /**
     * Checks a preference margin: a number from 0 up.
     *
     * @throws IllegalArgumentException naming {@code --min-margin} when it is not
     */
    static void checkMargin(double margin) {
        if (!(margin >= 0) || Double.isInfinite(margin)) {
            throw new IllegalArgumentException("--min-margin must be a number ≥ 0, got " + margin);
        }
    }

    /**
     * The options to export with: each field from this request, else from the recipe's section.
     *
     * @throws IllegalArgumentException when the recipe's real-data file is gone, or a ratio has no file
     */
    public ExportOptions over(ExportSettings recipe) {
        Optional<Path> file = realFile.or(() -> recipe.realData().map(Path::of));
        if (realFile.isEmpty() && file.isPresent() && !Files.isRegularFile(file.get())) {
            throw new IllegalArgumentException("export.real-data: no file " + file.get() + " (named by the recipe)");
        }
        String formatList = formats.orElse(recipe.formats().isEmpty() ? null : String.join(",", recipe.formats()));
        String shares = split.orElse(recipe.split().isEmpty() ? null
                : recipe.split().stream().map(String::valueOf).collect(Collectors.joining(",")));
        ExportFormats.Selection selection = formatList == null
                ? new ExportFormats.Selection(ExportOptions.DEFAULTS.formats(), List.of())
                : ExportFormats.select(formatList);
        return new ExportOptions(selection.dialogue(), SplitRatios.parse(shares), seed.isPresent() ? seed : recipe.splitSeed(),
                file, realRatio.isPresent() ? realRatio : recipe.realRatio(),
                contextLength.isPresent() ? contextLength : recipe.contextLength(), foldSystem.orElse(recipe.foldSystem()),
                selection.preference(), minMargin,
                ReasoningForm.parse(reasoning.or(recipe::reasoning).orElse(ReasoningForm.OMIT.key())));
    }
}
