package dev.parley.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.parley.recipe.ExportSettings;

/** Options given on the command line or over REST override the recipe's export section field by field. */
class ExportRequestTest {

    @Test
    void the_recipe_knows_exactly_the_formats_the_exporters_write() {
        assertThat(ExportSettings.FORMATS).isEqualTo(ExportFormats.allNames());
        assertThat(ExportSettings.DIALOGUE_FORMATS).isEqualTo(ExportFormats.names());
    }

    @Test
    void each_option_given_overrides_its_field_and_the_rest_comes_from_the_recipe(@TempDir Path dir) throws IOException {
        Path real = Files.writeString(dir.resolve("real.jsonl"), "");
        var recipe = new ExportSettings(List.of("trl", "sharegpt"), List.of(0.8, 0.2), OptionalLong.of(11), OptionalInt.of(4096),
                Optional.of(real.toString()), OptionalDouble.of(0.3));

        ExportOptions options = ExportRequest.of("openai", null, null, null, null, 100).over(recipe);

        assertThat(options.formatNames()).containsExactly("openai");
        assertThat(options.split()).isEqualTo(new SplitRatios(0.8, 0.2, 0));
        assertThat(options.seed()).hasValue(11);
        assertThat(options.contextLength()).hasValue(100);
        assertThat(options.realFile()).hasValue(real);
        assertThat(options.realRatio()).hasValue(0.3);

        ExportOptions overridden = ExportRequest.of(null, "1", 5L, null, 0.5, null).over(recipe);
        assertThat(overridden.formatNames()).containsExactly("trl", "sharegpt");
        assertThat(overridden.split()).isEqualTo(SplitRatios.ALL_TRAIN);
        assertThat(overridden.seed()).hasValue(5);
        assertThat(overridden.contextLength()).hasValue(4096);
        assertThat(overridden.realRatio()).hasValue(0.5);
    }

    @Test
    void nothing_asked_and_no_section_is_parley_default() {
        ExportOptions options = ExportRequest.NONE.over(ExportSettings.NONE);

        assertThat(options.formatNames()).containsExactly("openai");
        assertThat(options.split()).isEqualTo(SplitRatios.ALL_TRAIN);
        assertThat(options.seed()).isEmpty();
        assertThat(options.contextLength()).isEmpty();
        assertThat(options.realFile()).isEmpty();
    }

    @Test
    void checks_each_option_when_asked_and_the_recipe_file_when_resolved(@TempDir Path dir) {
        assertThatThrownBy(() -> ExportRequest.of("csv", null, null, null, null, null))
                .hasMessage("unknown export format 'csv' (known: openai, trl, sharegpt, alpaca, parquet, dpo, kto,"
                        + " openai-preference, or all)");
        assertThatThrownBy(() -> ExportRequest.of(null, "0.9,0.3", null, null, null, null))
                .hasMessage("--split: the shares must add up to 1, got 1.2");
        assertThatThrownBy(() -> ExportRequest.of(null, null, null, null, 0.0, null))
                .hasMessage("--real-ratio must be more than 0 and less than 1, got 0.0");
        assertThatThrownBy(() -> ExportRequest.of(null, null, null, null, null, 0))
                .hasMessage("--context-length must be at least 1, got 0");
        assertThatThrownBy(() -> ExportRequest.of(null, null, null, null, 0.3, null).over(ExportSettings.NONE))
                .hasMessage("--real-ratio needs --mix-real FILE");
        Path gone = dir.resolve("gone.jsonl");
        var recipe = new ExportSettings(List.of(), List.of(), OptionalLong.empty(), OptionalInt.empty(),
                Optional.of(gone.toString()), OptionalDouble.empty());
        assertThatThrownBy(() -> ExportRequest.NONE.over(recipe))
                .hasMessage("export.real-data: no file " + gone + " (named by the recipe)");
    }
}
