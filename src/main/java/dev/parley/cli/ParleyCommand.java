package dev.parley.cli;

import java.io.PrintWriter;
import java.util.List;

import dev.parley.recipe.InvalidRecipeException;
import dev.parley.recipe.RecipeProblem;
import dev.parley.recipe.WorkBudget;
import dev.parley.store.UnknownRunException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code parley} command line. */
@Command(name = "parley", mixinStandardHelpOptions = true, versionProvider = ParleyCommand.Version.class,
        description = "Synthetic training dialogues: generate, judge, filter and export.",
        subcommands = {GenerateCommand.class, ResumeCommand.class, ExportCommand.class, ValidateCommand.class, ExpandCommand.class,
                BenchCommand.class, DedupBenchCommand.class, PiiBenchCommand.class,
                SemanticBenchCommand.class})
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

    /** A command that opens no store and calls no model: it runs without starting the application. */
    interface StoreFree {
    }

    /** Parley's version, and the Java it runs on (the launcher may have picked one of several). */
    static final class Version implements CommandLine.IVersionProvider {
        /** The version of this build. */
        static final String PARLEY = "0.1.0";

        @Override
        public String[] getVersion() {
            return new String[] {"Parley " + PARLEY, "Java " + Runtime.version() + " (" + System.getProperty("java.vendor")
                    + ") at " + System.getProperty("java.home")};
        }
    }

    /**
     * Whether these arguments can be answered without the store: help and the version at any level, a
     * parameter error, and the commands marked {@link StoreFree}.
     */
    public static boolean needsNoStore(String... args) {
        CommandLine.ParseResult parsed;
        try {
            parsed = new CommandLine(ParleyCommand.class, CommandLine.defaultFactory()).parseArgs(args);
        } catch (CommandLine.ParameterException e) {
            return true;
        }
        for (CommandLine.ParseResult level = parsed; level != null; level = level.subcommand()) {
            if (level.isUsageHelpRequested() || level.isVersionHelpRequested()
                    || level.commandSpec().userObject() instanceof StoreFree) {
                return true;
            }
        }
        // "parley" alone prints the usage.
        return parsed.subcommand() == null;
    }

    /** The command line with Parley's error handling: one clear line per problem and a non-zero exit. */
    public static CommandLine commandLine(CommandLine.IFactory factory) {
        var cli = new CommandLine(ParleyCommand.class, factory);
        // Every command answers --help (and --version), as the error text promises.
        cli.getSubcommands().values().forEach(sub -> sub.getCommandSpec().mixinStandardHelpOptions(true)
                .versionProvider(new Version()));
        // One work budget for the command, shared by the recipe check and the planner, as a REST request has.
        var runLast = new CommandLine.RunLast();
        cli.setExecutionStrategy(parsed -> WorkBudget.within(WorkBudget.standard(), () -> runLast.execute(parsed)));
        cli.setExitCodeExceptionMapper(e -> e instanceof CommandLine.ParameterException ? BAD_INPUT
                : e instanceof InvalidRecipeException || e instanceof UnknownRunException
                        || e instanceof IllegalArgumentException ? BAD_INPUT : RUN_FAILED);
        cli.setParameterExceptionHandler((e, args) -> {
            PrintWriter err = e.getCommandLine().getErr();
            CommandLine where = e.getCommandLine();
            String command = where.getParent() == null ? "parley" : "parley " + where.getCommandName();
            List<String> suggestions = e instanceof CommandLine.UnmatchedArgumentException unmatched
                    ? unmatched.getSuggestions() : List.of();
            if (e instanceof CommandLine.UnmatchedArgumentException unmatched && where.getParent() == null
                    && !unmatched.getUnmatched().isEmpty() && !unmatched.getUnmatched().get(0).startsWith("-")) {
                err.println("parley: unknown command '" + unmatched.getUnmatched().get(0) + "'"
                        + (suggestions.isEmpty() ? "" : "; did you mean " + String.join(" or ", suggestions) + "?"));
            } else {
                err.println("parley: " + e.getMessage()
                        + (suggestions.isEmpty() ? "" : "; did you mean " + String.join(" or ", suggestions) + "?"));
            }
            err.println("Try '" + command + " --help'.");
            err.flush();
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
