package dev.parley.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

class SplitRatiosTest {

    @Test
    void parses_two_or_three_shares_and_defaults_to_everything_in_train() {
        assertThat(SplitRatios.parse("0.9,0.1")).isEqualTo(new SplitRatios(0.9, 0.1, 0));
        assertThat(SplitRatios.parse(" 0.8, 0.1 ,0.1")).isEqualTo(new SplitRatios(0.8, 0.1, 0.1));
        assertThat(SplitRatios.parse("1")).isEqualTo(SplitRatios.ALL_TRAIN);
        assertThat(SplitRatios.parse(null)).isEqualTo(SplitRatios.ALL_TRAIN);
        assertThat(SplitRatios.parse("0.8,0.1,0.1").shares()).containsExactly(
                java.util.Map.entry("train", 0.8), java.util.Map.entry("validation", 0.1), java.util.Map.entry("test", 0.1));
        assertThat(SplitRatios.parse("0.9,0,0.1").shares()).containsOnlyKeys("train", "test");
        assertThat(SplitRatios.parse("0.9,0.1")).hasToString("0.9,0.1,0");
    }

    @Test
    void rejects_shares_that_do_not_add_up_or_are_not_numbers_naming_the_option() {
        assertThatThrownBy(() -> SplitRatios.parse("0.9,0.2")).hasMessage("--split: the shares must add up to 1, got 1.1");
        assertThatThrownBy(() -> SplitRatios.parse("0.9,abc")).hasMessage("--split: 'abc' is not a number (e.g. 0.9,0.1)");
        assertThatThrownBy(() -> SplitRatios.parse("0,1")).hasMessage("--split: the train share must be more than 0");
        assertThatThrownBy(() -> SplitRatios.parse("1.2,-0.2")).hasMessage("--split: every share must be from 0 to 1, got 1.2");
        assertThatThrownBy(() -> SplitRatios.parse("0.5,0.2,0.2,0.1")).hasMessageStartingWith("--split takes at most three shares");
    }

    @Test
    void parses_format_lists_in_order_without_repeats_and_names_the_known_ones_on_a_typo() {
        assertThat(ExportFormats.parse("sharegpt, openai,sharegpt")).extracting(DatasetExporter::format)
                .containsExactly("sharegpt", "openai");
        assertThat(ExportFormats.parse("all")).extracting(DatasetExporter::format)
                .containsExactly("openai", "trl", "sharegpt", "alpaca", "parquet");
        assertThatThrownBy(() -> ExportFormats.parse("openai,jsonl"))
                .hasMessage("unknown export format 'jsonl' (known: openai, trl, sharegpt, alpaca, parquet, dpo, kto,"
                        + " openai-preference, or all)");
    }

    @Test
    void export_options_check_their_combinations() {
        ExportOptions options = ExportOptions.of("trl", "0.9,0.1", 5L, null, null);
        assertThat(options.formatNames()).containsExactly("trl");
        assertThat(options.seed()).hasValue(5);
        assertThat(ExportOptions.of(null, null, null, null, null)).isEqualTo(ExportOptions.DEFAULTS);
        assertThatThrownBy(() -> ExportOptions.of(null, null, null, null, 0.3)).hasMessage("--real-ratio needs --mix-real FILE");
        assertThatThrownBy(() -> ExportOptions.of(null, null, null, Path.of("real.jsonl"), 1.0))
                .hasMessage("--real-ratio must be more than 0 and less than 1, got 1.0");
        assertThatThrownBy(() -> new ExportOptions(List.of(), SplitRatios.ALL_TRAIN, null, null, null))
                .hasMessageStartingWith("--format: name at least one format");
    }
}
