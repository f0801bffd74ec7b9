package dev.parley.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import dev.parley.export.ExportOptions;

/** Messages the command line and REST share name what a REST caller sends, not the command line's options. */
class ProblemMappersTest {

    @Test
    void names_query_parameters_instead_of_command_line_options() {
        String split = ProblemMappers.restNames("--split: the shares must add up to 1, got 1.2");
        String ratio = ProblemMappers.restNames("--real-ratio needs --mix-real FILE");
        String length = ProblemMappers.restNames("--context-length must be at least 1, got 0");

        assertThat(split).isEqualTo("split: the shares must add up to 1, got 1.2");
        assertThat(ratio).isEqualTo("realRatio needs a body of real dialogues");
        assertThat(length).isEqualTo("contextLength must be at least 1, got 0");
        assertThat(ProblemMappers.restNames(null)).isNull();
    }

    @Test
    void translates_the_messages_the_export_options_really_give() {
        IllegalArgumentException e = org.assertj.core.api.Assertions.catchThrowableOfType(
                IllegalArgumentException.class, () -> ExportOptions.of("openai", null, null, null, 0.5));

        assertThat(ProblemMappers.restNames(e.getMessage())).doesNotContain("--").contains("realRatio");
    }
}
