package dev.parley.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.parley.export.ExportRequest;
import dev.parley.export.ExportResult;
import dev.parley.export.RealDataMixer;
import dev.parley.export.RunExporter;
import dev.parley.export.RunReport;
import dev.parley.llm.ModelGateway;
import dev.parley.llm.RunBatches;
import dev.parley.store.ItemState;
import dev.parley.run.RunEngine;
import dev.parley.run.RunOutcome;
import dev.parley.store.RunProgress;
import dev.parley.store.RunStatus;

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
        return String.format(Locale.ROOT,
                "[%3d%%] %d/%d done · %d accepted · %d rejected · %d failed · %,d tokens (projected %,d) · $%.4f (projected $%.4f)",
                percent, p.done(), p.planned(), p.count(ItemState.ACCEPTED), p.count(ItemState.REJECTED),
                p.count(ItemState.FAILED), p.tokens(), p.projectedTokens(), p.cost(), p.projectedCost())
                + (p.openBatches().isEmpty() ? "" : " · " + RunBatches.describe(p.openBatches()));
    }

    /**
     * What the run made and where the files are: a line of counts, a line of labelled figures, then every file
     * written, with its records where it holds any.
     */
    static String summary(ExportResult result) {
        RunReport r = result.report();
        var c = r.counts();
        var s = new StringBuilder(String.format(Locale.ROOT, "%s: %d of %d dialogues accepted (%d rejected by checks,"
                + " %d by the judge, %d failed)%n  mean score: %s · tokens: %,d in / %,d out%s · time: %.1f s",
                r.recipe(), c.get("accepted"), c.get("planned"), c.get("rejectedByCheck"), c.get("rejectedByJudge"),
                c.get("failed"), meanScore(r.meanScores().get("overall")), r.tokens().get("total").get("input"),
                r.tokens().get("total").get("output"),
                r.costUsd() > 0 ? String.format(Locale.ROOT, " · cost: $%.4f", r.costUsd())
                        + (r.costWithoutBatchUsd() == null ? "" : String.format(Locale.ROOT,
                                " ($%.4f without batch mode)", r.costWithoutBatchUsd())) : "",
                r.durationSeconds()));
        RealDataMixer.MixReport mix = result.mix();
        if (mix.real() > 0) {
            s.append(String.format(Locale.ROOT, "%n  mixed: %d real + %d synthetic (real share %.1f%%%s)",
                    mix.real(), mix.synthetic(), mix.realShare() * 100,
                    mix.syntheticLeftOut() > 0 ? ", " + mix.syntheticLeftOut() + " synthetic left out" : ""));
        }
        if (result.splits().size() > 1) {
            s.append("\n  splits: ").append(result.splits().entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                    .collect(Collectors.joining(" · ")));
        }
        s.append("\n  wrote ").append(result.files().size()).append(" files:");
        int width = result.files().stream().mapToInt(f -> result.dir().resolve(f.path()).toString().length()).max().orElse(0);
        for (ExportResult.WrittenFile f : result.files()) {
            String path = result.dir().resolve(f.path()).toString();
            s.append("\n    ").append(f.records() < 0 ? path
                    : String.format(Locale.ROOT, "%-" + width + "s  %,d records", path, f.records()));
        }
        if (r.offlineDemo()) {
            s.append("\n  ").append(r.notice());
        }
        return s.toString();
    }

    private static String meanScore(Double score) {
        return score == null || score.isNaN() ? "none" : String.format(Locale.ROOT, "%.2f of 5", score);
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
