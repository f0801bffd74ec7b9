package dev.parley.cli;

import java.io.PrintWriter;

import dev.parley.recipe.InvalidRecipeException;
import dev.parley.recipe.RecipeProblem;
import dev.parley.store.UnknownRunException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code parley} command line. */
@Command(name = "parley", mixinStandardHelpOptions = true, version = "Parley 0.1.0",
        description = "Synthetic training dialogues: generate, judge, filter and export.",
        subcommands = {GenerateCommand.class, ResumeCommand.class, ExportCommand.class, ValidateCommand.class, ExpandCommand.class,
                BenchCommand.class, DedupBenchCommand.class, PiiBenchCommand.class})
public class ParleyCommand implements Runnable {

    /** Exit code for bad input: a bad recipe, an unknown run, a wrong option. */
    public static final int BAD_INPUT = 2;
    /** Exit code for a run that stopped on a model or store error. */
    public static final int RUN_FAILED = 1;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The command line with Parley's error handling: one clear line per problem and a non-zero exit. */
    public static CommandLine commandLine(CommandLine.IFactory factory) {
        var cli = new CommandLine(ParleyCommand.class, factory);
        // Every command answers --help (and --version), as the error text promises.
        cli.getSubcommands().values().forEach(sub -> sub.getCommandSpec().mixinStandardHelpOptions(true)
                .version(cli.getCommandSpec().version()));
        cli.setExitCodeExceptionMapper(e -> e instanceof CommandLine.ParameterException ? BAD_INPUT
                : e instanceof InvalidRecipeException || e instanceof UnknownRunException
                        || e instanceof IllegalArgumentException ? BAD_INPUT : RUN_FAILED);
        cli.setParameterExceptionHandler((e, args) -> {
            PrintWriter err = e.getCommandLine().getErr();
            err.println("parley: " + e.getMessage());
            err.println("Try 'parley " + e.getCommandLine().getCommandName() + " --help'.");
            return BAD_INPUT;
        });
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            PrintWriter err = commandLine.getErr();
            if (e instanceof InvalidRecipeException invalid) {
                for (RecipeProblem p : invalid.problems()) {
                    err.println("recipe: " + p);
                }
            } else {
                err.println("parley: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
            }
            err.flush();
            return commandLine.getExitCodeExceptionMapper().getExitCode(e);
        });
        return cli;
    }
}
