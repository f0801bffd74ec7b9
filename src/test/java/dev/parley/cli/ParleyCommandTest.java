package dev.parley.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;

import org.junit.jupiter.api.Test;

import picocli.CommandLine;

class ParleyCommandTest {

    @Test
    void every_command_answers_help_as_the_error_text_suggests() {
        for (String command : new String[] {"generate", "resume", "export", "validate", "bench", "bench-dedup"}) {
            CommandLine cli = ParleyCommand.commandLine(CommandLine.defaultFactory());
            var out = new StringWriter();
            cli.setOut(new PrintWriter(out));

            int exit = cli.execute(command, "--help");

            assertThat(exit).as(command).isZero();
            assertThat(out.toString()).as(command).startsWith("Usage: parley " + command).contains("-h, --help");
        }
    }
}
