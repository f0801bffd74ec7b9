package dev.parley.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

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
    int executeAndExport(String runId, Path out) throws IOException {
        PrintStream err = System.err;
        boolean terminal = System.console() != null;
        long[] lastPrint = {0};
        RunOutcome outcome = engine.execute(runId, p -> {
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
        RunReport report = exporter.export(runId, out);
        System.out.println(summary(report, out));
        if (outcome.status() == RunStatus.STOPPED) {
            System.err.println("parley: run " + runId + " stopped: " + outcome.error().orElse("budget reached")
                    + " (to go on: parley resume " + runId + " --max-tokens N or --max-cost USD)");
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

    static String summary(RunReport r, Path out) {
        var c = r.counts();
        String s = String.format("%s: %d of %d dialogues accepted (%d rejected by checks, %d by the judge, %d failed)"
                + " · mean score %s · %d+%d tokens · %.1f s%n  %s%n  %s",
                r.recipe(), c.get("accepted"), c.get("planned"), c.get("rejectedByCheck"), c.get("rejectedByJudge"),
                c.get("failed"), r.meanScores().getOrDefault("overall", Double.NaN),
                r.tokens().get("total").get("input"), r.tokens().get("total").get("output"), r.durationSeconds(),
                out.resolve("train.jsonl"), out.resolve(RunExporter.REPORT));
        return r.offlineDemo() ? s + "\n  " + r.notice() : s;
    }
}
