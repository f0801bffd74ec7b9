package dev.parley;

import jakarta.inject.Inject;

import dev.parley.cli.ParleyCommand;
import dev.parley.cli.CdiCommandFactory;
import dev.parley.run.RunEngine;
import dev.parley.run.RunShutdown;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import picocli.CommandLine;

/**
 * The application behind {@link ParleyMain}: with no arguments (or {@code serve}) Parley serves its REST API and
 * web UI; with a command ({@code generate}, {@code resume}, {@code export}, {@code validate}) it runs that
 * command and exits. Help, the version, parameter errors and the commands that touch no store ({@code validate}
 * and the measuring commands that store nothing) are answered before Quarkus starts: no database is opened and
 * no {@code ./data} folder made.
 */
public class ParleyApplication implements QuarkusApplication {

    @Inject
    CdiCommandFactory factory;

    @Inject
    RunEngine engine;

    @Inject
    RunShutdown shutdown;

    public static void main(String... args) {
        // Charts for the dataset card are drawn with Java2D; there is never a display to draw on.
        setIfAbsent("java.awt.headless", "true");
        if (isCommand(args) && ParleyCommand.needsNoStore(args)) {
            System.exit(ParleyCommand.commandLine(CommandLine.defaultFactory()).execute(args));
        }
        if (isCommand(args)) {
            // A command needs no HTTP listener (and must not collide with a running server), and its
            // console is for the user: only warnings are logged, to standard error.
            System.setProperty("quarkus.http.host-enabled", "false");
            setIfAbsent("quarkus.log.level", "WARN");
            setIfAbsent("quarkus.log.console.stderr", "true");
            // A start that fails (an unreachable database, say) is reported in one line by the exit handler, not as a stack trace.
            setIfAbsent("quarkus.log.category.\"io.quarkus.runtime.Application\".level", "OFF");
            Quarkus.run(ParleyApplication.class, (exitCode, failure) -> {
                if (failure != null) {
                    System.err.println("parley: cannot start: " + startFailure(failure));
                }
                System.exit(exitCode);
            }, args);
            return;
        }
        Quarkus.run(ParleyApplication.class, args);
    }

    /** The innermost message of a failed start, naming the store when the database is what failed. */
    static String startFailure(Throwable failure) {
        String message = failure.getMessage();
        boolean store = false;
        for (Throwable t = failure; t != null; t = t.getCause()) {
            store |= t instanceof java.sql.SQLException;
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                message = t.getMessage();
            }
            if (store) {
                break;
            }
        }
        String line = (message == null ? failure.getClass().getSimpleName() : message).lines().findFirst().orElse("");
        return store ? "the store's database is unreachable (parley.store.url): " + line : line;
    }

    @Override
    public int run(String... args) {
        if (!isCommand(args)) {
            // Runs left running by a process that stopped are taken up again once no worker reports on
            // them; one another process is executing is left to it. Runs the last shutdown stopped go on.
            engine.resumeInterrupted();
            shutdown.resumeStopped();
            Quarkus.waitForExit();
            return 0;
        }
        return ParleyCommand.commandLine(factory).execute(args);
    }

    static boolean isCommand(String... args) {
        return args.length > 0 && !"serve".equals(args[0]);
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
