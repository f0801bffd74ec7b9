package dev.parley.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.parley.export.ExportRequest;
import dev.parley.export.ExportResult;
import dev.parley.export.RealDataMixer;
import dev.parley.export.RunExporter;
import dev.parley.export.RunReport;
import dev.parley.llm.ModelGateway;
import dev.parley.run.ItemState;
import dev.parley.run.RunEngine;
import dev.parley.run.RunOutcome;
import dev.parley.run.RunProgress;
import dev.parley.run.RunStatus;

/** Executes a run in the foreground with a progress line, then exports it and prints a summary. */
@ApplicationScoped
public class RunConsole {

    /** Why a run stopped when the process got SIGTERM. */
    static final String STOPPED_BY_SIGNAL = "the process received SIGTERM";
    private static final sun.misc.Signal TERM = new sun.misc.Signal("TERM");

    private final RunEngine engine;
    private final RunExporter exporter;
    private final ModelGateway gateway;

    @Inject
    public RunConsole(RunEngine engine, RunExporter exporter, ModelGateway gateway) {
        this.engine = engine;
        this.exporter = exporter;
        this.gateway = gateway;
    }

    /** Runs to the end and exports; returns the process exit code. */
    int executeAndExport(String runId, Path out, ExportRequest export) throws IOException {
        PrintStream err = System.err;
        boolean terminal = System.console() != null;
        long[] lastPrint = {0};
        // SIGTERM stops the run cleanly instead of killing the process: leases released, run STOPPED, resumable.
        sun.misc.SignalHandler previous = sun.misc.Signal.handle(TERM, signal -> engine.stopAll(STOPPED_BY_SIGNAL));
        RunOutcome outcome;
        try {
            outcome = execute(runId, err, terminal, lastPrint);
        } finally {
            sun.misc.Signal.handle(TERM, previous);
        }
        ExportResult result = exporter.export(runId, out, export);
        System.out.println(summary(result));
        printWarnings(result);
        if (outcome.status() == RunStatus.STOPPED && outcome.error().filter(STOPPED_BY_SIGNAL::equals).isPresent()) {
            System.err.println("parley: run " + runId + " stopped: " + STOPPED_BY_SIGNAL + " (to go on: parley resume " + runId + ")");
            return ParleyCommand.RUN_FAILED;
        }
        return report(runId, outcome);
    }

    private RunOutcome execute(String runId, PrintStream err, boolean terminal, long[] lastPrint) {
        return engine.execute(runId, p -> {
            long now = System.nanoTime();
            boolean last = p.done() == p.planned();
            if (last || now - lastPrint[0] > (terminal ? 200_000_000L : 2_000_000_000L)) {
                lastPrint[0] = now;
                synchronized (err) {
                    String pauses = gateway.pauses().isEmpty() ? "" : " · " + String.join("; ", gateway.pauses());
                    err.print((terminal ? "\r" : "") + progressLine(p) + pauses + (terminal && !last ? "" : "\n"));
                    err.flush();
                }
            }
        });
    }

    private static int report(String runId, RunOutcome outcome) {
        if (outcome.status() == RunStatus.STOPPED) {
            String error = outcome.error().orElse("budget reached");
            System.err.println("parley: run " + runId + " stopped: " + error + (error.startsWith("diversity gate ")
                    ? " (to go on: parley resume " + runId + ")"
                    : " (to go on: parley resume " + runId + " --max-tokens N or --max-cost USD)"));
            return ParleyCommand.RUN_FAILED;
        }
        if (outcome.status() != RunStatus.COMPLETED) {
            System.err.println("parley: run " + runId + " stopped: " + outcome.error().orElse("unknown reason")
                    + " (fix the cause, then: parley resume " + runId + ")");
            return ParleyCommand.RUN_FAILED;
        }
        return 0;
    }

    static String progressLine(RunProgress p) {
        int percent = p.planned() == 0 ? 100 : p.done() * 100 / p.planned();
        return String.format(java.util.Locale.ROOT,
                "[%3d%%] %d/%d done · %d accepted · %d rejected · %d failed · %,d tokens (projected %,d) · $%.4f (projected $%.4f)",
                percent, p.done(), p.planned(), p.count(ItemState.ACCEPTED), p.count(ItemState.REJECTED),
                p.count(ItemState.FAILED), p.tokens(), p.projectedTokens(), p.cost(), p.projectedCost());
    }

    /** What the run made and where the files are: one line of counts, then one line per file. */
    static String summary(ExportResult result) {
        RunReport r = result.report();
        var c = r.counts();
        var s = new StringBuilder(String.format("%s: %d of %d dialogues accepted (%d rejected by checks, %d by the judge,"
                + " %d failed) · mean score %s · %d+%d tokens · %.1f s",
                r.recipe(), c.get("accepted"), c.get("planned"), c.get("rejectedByCheck"), c.get("rejectedByJudge"),
                c.get("failed"), r.meanScores().getOrDefault("overall", Double.NaN),
                r.tokens().get("total").get("input"), r.tokens().get("total").get("output"), r.durationSeconds()));
        RealDataMixer.MixReport mix = result.mix();
        if (mix.real() > 0) {
            s.append(String.format(java.util.Locale.ROOT, "%n  mixed: %d real + %d synthetic (real share %.1f%%%s)",
                    mix.real(), mix.synthetic(), mix.realShare() * 100,
                    mix.syntheticLeftOut() > 0 ? ", " + mix.syntheticLeftOut() + " synthetic left out" : ""));
        }
        if (result.splits().size() > 1) {
            s.append("\n  splits: ").append(result.splits().entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                    .collect(java.util.stream.Collectors.joining(" · ")));
        }
        for (ExportResult.WrittenFile f : result.files()) {
            if (!f.format().equals("provenance") && !f.format().equals("chart")) {
                s.append("\n  ").append(result.dir().resolve(f.path()));
            }
        }
        if (r.offlineDemo()) {
            s.append("\n  ").append(r.notice());
        }
        return s.toString();
    }

    /** Each export warning as one line on standard error. */
    static void printWarnings(ExportResult result) {
        for (String w : result.warnings()) {
            System.err.println("parley: warning: " + w);
        }
        for (String w : result.report().warnings()) {
            System.err.println("parley: warning: " + w);
        }
    }
}
