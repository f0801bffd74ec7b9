package dev.parley.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.parley.store.RunRepository;
import io.quarkus.test.junit.QuarkusTest;
import picocli.CommandLine;

/** {@code parley generate} refuses a run past {@code parley.cli.max-count} before it plans or stores anything. */
@QuarkusTest
class GenerateCountLimitTest {

    @Inject
    CdiCommandFactory factory;

    @Inject
    RunRepository runs;

    @Test
    void refuses_a_count_past_the_command_line_limit_in_one_line_naming_count_and_the_setting(@TempDir Path dir)
            throws Exception {
        Path recipe = dir.resolve("huge.yaml");
        Files.writeString(recipe, """
                name: huge-cli-run
                language: en
                count: 5
                turns: { min: 2, max: 2 }
                assistant: { system-prompt: You help. }
                dimensions:
                  topic: [refund, delivery]
                """);
        int runsBefore = runs.countRuns(Optional.empty());
        CommandLine cli = ParleyCommand.commandLine(factory);
        var err = new StringWriter();
        cli.setErr(new PrintWriter(err));
        cli.setOut(new PrintWriter(new StringWriter()));

        int exit = cli.execute("generate", recipe.toString(), "--count", "1000001", "--out", dir.resolve("out").toString());

        assertThat(exit).isEqualTo(ParleyCommand.BAD_INPUT);
        assertThat(err.toString().lines().toList()).containsExactly("recipe: count must be at most 1,000,000 for the"
                + " command line (parley.cli.max-count, or PARLEY_CLI_MAX_COUNT, raises it), got 1,000,001");
        assertThat(runs.countRuns(Optional.empty())).as("nothing stored").isEqualTo(runsBefore);
    }
}
