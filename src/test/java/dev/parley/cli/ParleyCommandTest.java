package dev.parley.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import picocli.CommandLine;

/** The command line before any command runs: what needs the store, and how wrong words are answered. */
class ParleyCommandTest {

    @ParameterizedTest
    @ValueSource(strings = {"--help", "-h", "-V", "--version", "generate --help", "resume -h", "export --version",
            "validate recipes/x.yaml", "validate --plan r.yaml", "bench-dedup", "bench-pii --per-kind 5", "valdate x", "generate", "", "help"})
    void help_version_validate_and_wrong_words_need_no_store(String args) {
        assertThat(ParleyCommand.needsNoStore(words(args))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"generate recipes/x.yaml", "resume 1234", "export 1234 --out o", "expand r.yaml",
            "generate r.yaml --count 3"})
    void commands_that_store_or_read_runs_need_the_store(String args) {
        assertThat(ParleyCommand.needsNoStore(words(args))).isFalse();
    }

    @Test
    void an_unknown_command_is_one_line_with_the_nearest_commands_and_exit_2() {
        Answer answer = run("valdate", "recipe.yaml");

        assertThat(answer.exit()).isEqualTo(ParleyCommand.BAD_INPUT);
        assertThat(answer.err().lines().toList()).containsExactly(
                "parley: unknown command 'valdate'; did you mean validate or generate?", "Try 'parley --help'.");
    }

    @Test
    void a_wrong_option_of_a_command_points_at_that_commands_help() {
        Answer answer = run("validate", "r.yaml", "--plann");

        assertThat(answer.exit()).isEqualTo(ParleyCommand.BAD_INPUT);
        assertThat(answer.err()).startsWith("parley: Unknown option: '--plann'").contains("did you mean --plan?")
                .endsWith("Try 'parley validate --help'.\n").doesNotContain("parley parley");
    }

    @Test
    void the_version_names_parley_and_the_java_it_runs_on() {
        Answer answer = run("-V");

        assertThat(answer.exit()).isZero();
        assertThat(answer.out().lines().toList()).containsExactly("Parley " + ParleyCommand.Version.PARLEY,
                "Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ") at "
                        + System.getProperty("java.home"));
    }

    @Test
    void help_calls_the_program_parley_and_lists_every_command() {
        Answer answer = run("--help");

        assertThat(answer.exit()).isZero();
        assertThat(answer.out()).startsWith("Usage: parley ").contains("generate", "resume", "export", "validate",
                "expand", "bench", "bench-dedup", "bench-semantic");
    }

    @Test
    void every_command_answers_help_as_the_error_text_suggests() {
        for (String command : new String[] {"generate", "resume", "export", "validate", "bench", "bench-dedup",
                "bench-semantic"}) {
            CommandLine cli = ParleyCommand.commandLine(CommandLine.defaultFactory());
            var out = new StringWriter();
            cli.setOut(new PrintWriter(out));

            int exit = cli.execute(command, "--help");

            assertThat(exit).as(command).isZero();
            assertThat(out.toString()).as(command).startsWith("Usage: parley " + command).contains("-h, --help");
        }
    }

    @Test
    void bench_pii_with_a_missing_corpus_file_is_one_line_and_exit_2() {
        Answer answer = run("bench-pii", "--corpus", "no/such/corpus.jsonl");

        assertThat(answer.exit()).isEqualTo(ParleyCommand.BAD_INPUT);
        assertThat(answer.err().lines().toList()).containsExactly("parley: --corpus: no file no/such/corpus.jsonl");
    }

    @Test
    void validate_runs_as_it_does_before_the_application_starts() {
        var out = new java.io.ByteArrayOutputStream();
        var previous = System.out;
        int exit;
        try (var print = new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8)) {
            System.setOut(print);
            exit = ParleyCommand.commandLine(CommandLine.defaultFactory()).execute("validate",
                    "recipes/ecommerce-support-id.yaml");
        } finally {
            System.setOut(previous);
        }

        assertThat(exit).isZero();
        assertThat(out.toString(java.nio.charset.StandardCharsets.UTF_8))
                .startsWith("recipe ecommerce-support-id is valid: 40 dialogues");
    }

    record Answer(int exit, String out, String err) {
    }

    private static Answer run(String... args) {
        CommandLine cli = ParleyCommand.commandLine(CommandLine.defaultFactory());
        var out = new StringWriter();
        var err = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        cli.getSubcommands().values().forEach(sub -> {
            sub.setOut(new PrintWriter(out));
            sub.setErr(new PrintWriter(err));
        });
        int exit = cli.execute(args);
        return new Answer(exit, out.toString(), err.toString());
    }

    private static String[] words(String args) {
        return args.isBlank() ? new String[0] : args.split(" ");
    }
}
