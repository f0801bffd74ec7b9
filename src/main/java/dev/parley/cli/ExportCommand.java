package dev.parley.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;

import dev.parley.export.ExportResult;
import dev.parley.export.RunExporter;
import dev.parley.store.RunRecord;
import dev.parley.store.RunRepository;
import io.quarkus.arc.Unremovable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code parley export RUN_ID --out DIR --format … --split …}: writes a stored run's training files,
 * dataset card, charts, report and manifest again, in any format and split, without any model call.
 */
@Dependent
@Unremovable
@Command(name = "export", description = "Write a stored run's training files, dataset card, charts, report and manifest"
        + " again, in the formats and splits asked for, without calling any model.")
public class ExportCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "RUN_ID", description = "The run id.")
    String runId;

    @Option(names = "--out", paramLabel = "DIR", description = "Output folder (default: out/<recipe name>).")
    Path out;

    @Mixin
    ExportOptionsMixin exportOptions;

    @Inject
    RunRepository runs;

    @Inject
    RunExporter exporter;

    @Override
    public Integer call() throws Exception {
        var options = exportOptions.options();
        RunRecord run = runs.run(runId);
        Path dir = out != null ? out : Path.of("out", run.name());
        ExportResult result = exporter.export(runId, dir, options);
        System.out.println(RunConsole.summary(result));
        RunConsole.printWarnings(result);
        return 0;
    }
}
