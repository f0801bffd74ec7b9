package dev.parley.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;

import dev.parley.export.RunExporter;
import dev.parley.export.RunReport;
import dev.parley.store.RunRecord;
import dev.parley.store.RunStore;
import io.quarkus.arc.Unremovable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code parley export RUN_ID --out DIR}: writes a stored run's files again, without any model call. */
@Dependent
@Unremovable
@Command(name = "export", description = "Write a stored run's train.jsonl and report.json again, without calling any model.")
public class ExportCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "RUN_ID", description = "The run id.")
    String runId;

    @Option(names = "--out", paramLabel = "DIR", description = "Output folder (default: out/<recipe name>).")
    Path out;

    @Inject
    RunStore store;

    @Inject
    RunExporter exporter;

    @Override
    public Integer call() throws Exception {
        RunRecord run = store.run(runId);
        Path dir = out != null ? out : Path.of("out", run.name());
        RunReport report = exporter.export(runId, dir);
        System.out.println(RunConsole.summary(report, dir));
        return 0;
    }
}
