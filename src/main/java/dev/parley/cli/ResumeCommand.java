package dev.parley.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;

import dev.parley.store.RunStatus;
import dev.parley.store.RunRecord;
import dev.parley.store.RunRepository;
import io.quarkus.arc.Unremovable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code parley resume RUN_ID}: continues a stopped or interrupted run where its items were. */
@Dependent
@Unremovable
@Command(name = "resume", description = "Continue a run that was stopped or interrupted; finished items are kept.")
public class ResumeCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "RUN_ID", description = "The run id that generate printed.")
    String runId;

    @Option(names = "--out", paramLabel = "DIR", description = "Export folder (default: out/<recipe name>).")
    Path out;

    @Mixin
    RunOptionsMixin runOptions;

    @Mixin
    ExportOptionsMixin exportOptions;

    @Inject
    RunRepository runs;

    @Inject
    RunConsole console;

    @Override
    public Integer call() throws Exception {
        RunRecord run = runs.run(runId);
        if (run.status() == RunStatus.COMPLETED) {
            // Nothing is left to do; resuming would only export again and rewrite the recorded duration.
            System.out.println("run " + run.id() + " (" + run.name() + ") is already complete; nothing was changed."
                    + " To write its files again: parley export " + run.id());
            return 0;
        }
        var export = exportOptions.options();
        if (runOptions.any()) {
            runs.updateOptions(run.id(), runOptions.options(run.options()));
        }
        System.out.println("run " + run.id());
        return console.executeAndExport(run.id(), out != null ? out : Path.of("out", run.name()), export);
    }
}
