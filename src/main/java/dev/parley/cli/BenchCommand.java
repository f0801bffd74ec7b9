package dev.parley.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Set;
import java.util.StringJoiner;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;

import dev.parley.bench.OpenAiStubServer;
import dev.parley.bench.OpenAiStubServer.Counts;
import dev.parley.bench.OpenAiStubServer.Faults;
import dev.parley.bench.OpenAiStubServer.Outcome;
import dev.parley.bench.ProcessSampler;
import dev.parley.bench.ProcessSampler.CpuUse;
import dev.parley.bench.ReferenceClient;
import dev.parley.bench.RunAudit;
import dev.parley.bench.Throughput;
import io.quarkus.arc.Unremovable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code parley bench}: runs {@code generate} as a child process against an in-process
 * OpenAI-compatible stub with a fixed latency and injected faults, then runs it again to show the
 * re-run is answered from the response cache. Prints throughput against the ideal, the child's
 * peak memory and the funnel, and exits non-zero when a run did not finish or its counts do not
 * add up.
 *
 * <p>Past 300 lines because it is one benchmark read top to bottom: it runs the children and the reference client
 * against one stub, then checks and prints the same {@code ChildRun} measurements.
 */
@Dependent
@Unremovable
@Command(name = "bench", description = "Measure generate against a local stub model: calls/s against the ideal, "
        + "peak memory, the funnel under injected faults, and a re-run that must make no model call.")
public class BenchCommand implements Callable<Integer> {

    /**
     * The bars, printed with the numbers; they do not decide the exit code (machines differ). The rate's bar is
     * meant for a latency the machine can keep up with (250 ms at 64 in flight on two cores): at 20 ms the CPU
     * decides the rate, and that bench is read for the CPU per call instead.
     */
    static final double RATIO_BAR = 0.95;
    static final long RSS_BAR_MB = 768;
    /** How long the stub holds a timed-out request, and the client timeout the child gets when timeouts are injected. */
    static final Duration TIMEOUT_HOLD = Duration.ofSeconds(3);
    static final String CHILD_TIMEOUT = "2s";
    private static final String MODEL = "bench-model";

    @Option(names = "--dialogues", paramLabel = "N", defaultValue = "2000", description = "Dialogues to plan (default: ${DEFAULT-VALUE}).")
    int dialogues;

    @Option(names = "--concurrency", paramLabel = "N", defaultValue = "64",
            description = "Model calls in flight at once: the child's parley.llm.max-concurrency (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--latency-ms", paramLabel = "MS", defaultValue = "250", description = "The stub's latency per call (default: ${DEFAULT-VALUE}).")
    int latencyMs;

    @Option(names = "--rate-429", paramLabel = "P", defaultValue = "0", description = "Share of calls answered 429 with Retry-After: 1.")
    double rate429;

    @Option(names = "--rate-500", paramLabel = "P", defaultValue = "0", description = "Share of calls answered 500.")
    double rate500;

    @Option(names = "--rate-timeout", paramLabel = "P", defaultValue = "0",
            description = "Share of calls held 3 s and closed unanswered (the child's timeout is then 2 s).")
    double rateTimeout;

    @Option(names = "--rate-malformed", paramLabel = "P", defaultValue = "0", description = "Share of calls answered with content that is not JSON.")
    double rateMalformed;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1", description = "Seed of the recipe and of the fault draws (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--warm-up", paramLabel = "N", defaultValue = "200",
            description = "Dialogues of an unmeasured generate run before run 1, so the stub (in this process) answers run 1 "
                    + "with its code compiled, as it does the reference client; 0 for none (default: ${DEFAULT-VALUE}).")
    int warmUp;

    @Option(names = "--keep", description = "Keep the temporary folder (recipe, data, outputs, child logs) even when every check passes.")
    boolean keep;

    @Option(names = "--reference", paramLabel = "CLIENT",
            description = "Also run a hand-written client against the same stub after run 1 and compare calls/s and CPU per call: "
                    + "node (" + ReferenceClient.SCRIPT + " on the official openai npm client; needs Node.js 20+).")
    String reference;

    @Option(names = "--rounds", paramLabel = "N", defaultValue = "1",
            description = "With --reference: run 1 and the reference client this many times, one after the other, each "
                    + "run 1 in a fresh data folder, and judge CPU per call by the median of the rounds' ratios. The "
                    + "machine's speed moves between benches; within a round it moves both alike (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Inject
    ObjectMapper json;

    /** One {@code generate} process as the benchmark saw it. */
    record ChildRun(boolean finished, int exitCode, Duration wall, OptionalLong peakRssKb, OptionalLong cpuMillis,
            Optional<CpuUse> busyCpu, Counts stub, Optional<JsonNode> report, long trainLines, Path stderr) {

        String runId() {
            return report.map(r -> r.path("runId").asText(null)).orElse(null);
        }

        boolean completed() {
            return finished && exitCode == 0 && report.map(r -> "completed".equals(r.path("status").asText())).orElse(false);
        }

        int count(String key) {
            return report.map(r -> r.path("counts").path(key).asInt()).orElse(0);
        }

        int rejected() {
            return count("rejectedByCheck") + count("rejectedByJudge");
        }

        /** Model call attempts the child recorded (cache hits are not calls). */
        long recordedCalls() {
            long n = 0;
            for (JsonNode v : report.map(r -> r.path("modelCalls")).orElse(MissingNode.getInstance())) {
                n += v.asLong();
            }
            return n;
        }
    }

    /**
     * A child process as the benchmark measured it.
     *
     * @param busyCpu CPU use in the call window, or from start to exit
     * @param stub    what the stub counted while it ran
     */
    record Measured(boolean finished, int exitCode, Duration wall, OptionalLong peakRssKb, OptionalLong cpuMillis,
            Optional<CpuUse> busyCpu, Counts stub) {
    }

    /** The reference client's run: as measured, and its own report (empty when it printed none). */
    record ReferenceRun(Measured measured, Optional<ReferenceClient.Report> report, String client) {

        boolean completed() {
            return measured.finished() && measured.exitCode() == 0 && report.isPresent();
        }

        /** CPU of the process per call the stub received, in the call window. */
        OptionalDouble cpuPerCallMillis() {
            return perCall(measured.busyCpu(), measured.stub().total());
        }
    }

    /** One line of the verdict. */
    record Check(String what, boolean ok) {
    }

    /** One round of run 1 and the reference client, one after the other: CPU per call (ms) and calls/s of each. */
    record Round(OptionalDouble parleyCpu, OptionalDouble referenceCpu, double parleyRate, double referenceRate) {

        OptionalDouble cpuRatio() {
            return parleyCpu.isPresent() && referenceCpu.isPresent() && referenceCpu.getAsDouble() > 0
                    ? OptionalDouble.of(parleyCpu.getAsDouble() / referenceCpu.getAsDouble())
                    : OptionalDouble.empty();
        }

        OptionalDouble rateRatio() {
            return referenceRate > 0 ? OptionalDouble.of(parleyRate / referenceRate) : OptionalDouble.empty();
        }
    }

    /** The median of the values present (the mean of the middle two for an even count); empty when none is. */
    static OptionalDouble median(List<OptionalDouble> values) {
        double[] sorted = values.stream().filter(OptionalDouble::isPresent).mapToDouble(OptionalDouble::getAsDouble)
                .sorted().toArray();
        if (sorted.length == 0) {
            return OptionalDouble.empty();
        }
        int mid = sorted.length / 2;
        return OptionalDouble.of(sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2);
    }

    /** The rounds, one line each, and the medians of their ratios. */
    static String roundsSummary(List<Round> rounds) {
        var s = new StringBuilder("rounds: run 1 and the reference client, one after the other\n");
        for (int i = 0; i < rounds.size(); i++) {
            Round r = rounds.get(i);
            line(s, "round " + (i + 1), String.format(Locale.ROOT, "CPU per call %s ÷ %s = %s · calls/s %.1f ÷ %.1f = %s",
                    millis(r.parleyCpu()), millis(r.referenceCpu()), ratio(r.cpuRatio()), r.parleyRate(),
                    r.referenceRate(), ratio(r.rateRatio())));
        }
        List<OptionalDouble> cpu = rounds.stream().map(Round::cpuRatio).toList();
        line(s, "median", String.format(Locale.ROOT, "CPU per call ÷ the reference's %s (%s) · calls/s %s",
                ratio(median(cpu)), range(cpu), ratio(median(rounds.stream().map(Round::rateRatio).toList()))));
        return s.toString();
    }

    private static String ratio(OptionalDouble r) {
        return r.isPresent() ? String.format(Locale.ROOT, "%.2f", r.getAsDouble()) : "n/a";
    }

    private static String range(List<OptionalDouble> values) {
        var present = values.stream().filter(OptionalDouble::isPresent).mapToDouble(OptionalDouble::getAsDouble)
                .summaryStatistics();
        return present.getCount() == 0 ? "no round measured"
                : String.format(Locale.ROOT, "%.2f–%.2f over %d rounds", present.getMin(), present.getMax(), present.getCount());
    }

    /**
     * The child's command line: {@code java}, the JVM options file beside the jar when there is one (as the
     * launcher passes it), {@code -jar}, then {@code generate RECIPE --out} (the folder is added per run).
     */
    static List<String> childCommand(Path java, Path jar, Path recipe) {
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        Path options = jar.resolveSibling("jvm.options");
        if (Files.isRegularFile(options)) {
            command.add("@" + options);
        }
        command.addAll(List.of("-jar", jar.toString(), "generate", recipe.toString(), "--out"));
        return List.copyOf(command);
    }

    @Override
    public Integer call() throws Exception {
        if (dialogues < 1 || concurrency < 1 || latencyMs < 0 || warmUp < 0) {
            throw new IllegalArgumentException(
                    "--dialogues and --concurrency must be at least 1, --latency-ms and --warm-up at least 0");
        }
        if (rounds < 1) {
            throw new IllegalArgumentException("--rounds must be at least 1, got " + rounds);
        }
        if (rounds > 1 && reference == null) {
            throw new IllegalArgumentException("--rounds " + rounds + " compares with a reference client: add --reference node");
        }
        var faults = new Faults(rate429, rate500, rateTimeout, rateMalformed, seed, TIMEOUT_HOLD);
        CodeSource codeSource = BenchCommand.class.getProtectionDomain().getCodeSource();
        Path jar = locateJar(System.getProperty("java.class.path", ""), codeSource == null ? null : pathOf(codeSource),
                Path.of("").toAbsolutePath()).orElseThrow(() -> new IllegalArgumentException(
                        "cannot find quarkus-run.jar: run the bench from the packaged application "
                                + "(java -jar target/quarkus-app/quarkus-run.jar bench) or from the project folder"));
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Optional<ReferenceClient> client = referenceClient(jar);
        Path dir = Files.createTempDirectory("parley-bench-");
        Path recipe = dir.resolve("bench.yaml");
        Files.writeString(recipe, recipe(dialogues, seed), StandardCharsets.UTF_8);
        Duration latency = Duration.ofMillis(latencyMs);
        PrintStream err = System.err;

        ChildRun first;
        ChildRun second;
        Optional<ReferenceRun> referenceRun = Optional.empty();
        Optional<ChildRun> warm = Optional.empty();
        List<ChildRun> laterParley = new ArrayList<>();
        List<ReferenceRun> laterReference = new ArrayList<>();
        try (OpenAiStubServer stub = OpenAiStubServer.start()) {
            stub.recordRequests(false);
            stub.latency(latency);
            List<String> generate = childCommand(java, jar, recipe);
            err.printf("bench: stub %s · child %s · folder %s%n", stub.baseUrl(), String.join(" ", generate), dir);
            if (warmUp > 0) {
                warm = Optional.of(warmUp(java, jar, dir, stub));
            }
            var capture = new ReferenceClient.Capture();
            stub.respondWith(capture);
            stub.injectFaults(faults);
            Map<String, String> env = childEnvironment(stub.baseUrl(), concurrency, dir.resolve("data"), faults.timeout() > 0);
            err.printf("bench: run 1, generate %d dialogues …%n", dialogues);
            first = runChild(generate, dir, "run-1", env, stub, true);
            err.printf("bench: run 1 ended in %.1f s%n", seconds(first.wall()));
            if (client.isPresent()) {
                err.printf("bench: the reference client, %d dialogues …%n", dialogues);
                referenceRun = Optional.of(runReference(client.get(), capture, stub, dir, "reference"));
                err.printf("bench: the reference client ended in %.1f s%n", seconds(referenceRun.get().measured().wall()));
                for (int round = 2; round <= rounds; round++) {
                    err.printf("bench: round %d of %d: run 1 again in a fresh data folder, then the reference client …%n",
                            round, rounds);
                    Map<String, String> fresh = childEnvironment(stub.baseUrl(), concurrency,
                            dir.resolve("data-round-" + round), faults.timeout() > 0);
                    laterParley.add(runChild(generate, dir, "run-1-round-" + round, fresh, stub, true));
                    laterReference.add(runReference(client.get(), capture, stub, dir, "reference-round-" + round));
                }
            }
            err.println("bench: run 2, the same generate again …");
            second = runChild(generate, dir, "run-2", env, stub, false);
            err.printf("bench: run 2 ended in %.1f s%n", seconds(second.wall()));
        }

        Optional<RunAudit> firstAudit = audit(dir.resolve("data"), first);
        Optional<RunAudit> secondAudit = audit(dir.resolve("data"), second);
        var throughput = new Throughput(first.stub().total(), first.stub().window(), concurrency, latency);
        List<Check> checks = new ArrayList<>();
        warm.ifPresent(w -> checks.add(new Check("the warm-up run finished: exit " + w.exitCode() + tail(w), w.completed())));
        checks.addAll(checks(dialogues, first, second, firstAudit, secondAudit));
        referenceRun.ifPresent(r -> checks.add(new Check("the reference client finished: exit " + r.measured().exitCode() + ", "
                + r.report().map(x -> x.calls() + " calls").orElse("no report"), r.completed())));
        List<Round> allRounds = new ArrayList<>();
        referenceRun.ifPresent(r -> allRounds.add(round(first, r)));
        for (int i = 0; i < laterReference.size(); i++) {
            ChildRun parley = laterParley.get(i);
            ReferenceRun ref = laterReference.get(i);
            checks.add(new Check("round " + (i + 2) + ": run 1 again finished: exit " + parley.exitCode() + ", "
                    + parley.count("accepted") + " accepted of " + parley.count("planned") + tail(parley), parley.completed()));
            checks.add(new Check("round " + (i + 2) + ": the reference client finished: exit " + ref.measured().exitCode(),
                    ref.completed()));
            allRounds.add(round(parley, ref));
        }

        PrintStream out = System.out;
        out.print(summary(faults, latency, first, second, firstAudit, secondAudit, throughput));
        referenceRun.ifPresent(r -> out.print(comparison(first, throughput, r, latency)));
        if (allRounds.size() > 1) {
            out.print(roundsSummary(allRounds));
        }
        out.println("checks");
        for (Check c : checks) {
            out.printf("  %-6s %s%n", c.ok() ? "ok" : "FAILED", c.what());
        }
        out.println("bars (reported, not part of the exit code)");
        out.printf("  %-6s calls/s ≥ %.0f %% of ideal: %s%n", verdict(throughput.ratio() >= RATIO_BAR), RATIO_BAR * 100,
                percent(throughput.ratio()));
        out.printf("  %-6s peak RSS < %d MB: %s%n",
                verdict(first.peakRssKb().isPresent() && first.peakRssKb().getAsLong() / 1024.0 < RSS_BAR_MB), RSS_BAR_MB,
                megabytes(first.peakRssKb()));
        if (allRounds.size() > 1) {
            OptionalDouble median = median(allRounds.stream().map(Round::cpuRatio).toList());
            out.printf("  %-6s CPU per call ≤ the reference client's: the median ratio of %d rounds is %s%n",
                    verdict(median.isPresent() && median.getAsDouble() <= 1), allRounds.size(), ratio(median));
        } else if (!allRounds.isEmpty()) {
            OptionalDouble parley = allRounds.getFirst().parleyCpu();
            OptionalDouble ref = allRounds.getFirst().referenceCpu();
            boolean met = parley.isPresent() && ref.isPresent() && parley.getAsDouble() <= ref.getAsDouble();
            out.printf("  %-6s CPU per call ≤ the reference client's: %s against %s%n", verdict(met), millis(parley), millis(ref));
        }

        boolean passed = checks.stream().allMatch(Check::ok);
        if (passed && !keep) {
            deleteTree(dir);
        } else {
            out.println("files kept in " + dir);
        }
        return passed ? 0 : ParleyCommand.RUN_FAILED;
    }

    // ---- the child process ------------------------------------------------------------------------

    /** The environment of a child: the stub as the only model, its own data folder, nothing from the caller's PARLEY_*. */
    static Map<String, String> childEnvironment(String baseUrl, int concurrency, Path dataDir, boolean timeouts) {
        var env = new java.util.TreeMap<String, String>();
        env.put("PARLEY_LLM_BASE_URL", baseUrl);
        env.put("PARLEY_LLM_MODEL", MODEL);
        env.put("PARLEY_LLM_API_KEY", "bench");
        env.put("PARLEY_LLM_MAX_CONCURRENCY", Integer.toString(concurrency));
        env.put("PARLEY_DATA_DIR", dataDir.toString());
        env.put("PARLEY_LLM_RETRY_BACKOFF", "200ms");
        if (timeouts) {
            env.put("PARLEY_LLM_TIMEOUT", CHILD_TIMEOUT);
        }
        return env;
    }

    /**
     * Runs one {@code generate} child and measures it: CPU in the call window (from the stub's first
     * request to its last answer) when {@code callWindow}, else from start to exit.
     */
    private ChildRun runChild(List<String> generate, Path dir, String name, Map<String, String> env, OpenAiStubServer stub,
            boolean callWindow) throws IOException, InterruptedException {
        Path outDir = dir.resolve(name);
        List<String> command = new ArrayList<>(generate);
        command.add(outDir.toString());
        var builder = new ProcessBuilder(command).directory(dir.toFile());
        // The child must never reach a real provider, whatever the caller's environment holds.
        builder.environment().keySet().removeIf(k -> k.startsWith("PARLEY_") || k.equals("OPENAI_API_KEY"));
        builder.environment().putAll(env);
        Path stdout = dir.resolve(name + ".out");
        Path stderr = dir.resolve(name + ".err");
        builder.redirectOutput(stdout.toFile()).redirectError(stderr.toFile());

        Measured m = measure(builder, stub, callWindow);
        Path reportFile = outDir.resolve("report.json");
        Optional<JsonNode> report = Files.isRegularFile(reportFile) ? Optional.of(json.readTree(reportFile.toFile()))
                : Optional.empty();
        Path train = outDir.resolve("train.jsonl");
        long lines = 0;
        if (Files.isRegularFile(train)) {
            try (Stream<String> s = Files.lines(train)) {
                lines = s.filter(l -> !l.isBlank()).count();
            }
        }
        return new ChildRun(m.finished(), m.exitCode(), m.wall(), m.peakRssKb(), m.cpuMillis(), m.busyCpu(), m.stub(),
                report, lines, stderr);
    }

    /**
     * Starts a child and samples it until it exits (or is stopped at the deadline): CPU in the call
     * window (from the stub's first request to its last answer) when {@code callWindow}, else from
     * start to exit.
     */
    private Measured measure(ProcessBuilder builder, OpenAiStubServer stub, boolean callWindow)
            throws IOException, InterruptedException {
        stub.resetCounts();
        long start = System.nanoTime();
        Process process = builder.start();
        try (ProcessSampler sampler = ProcessSampler.watch(process.toHandle(), Duration.ofMillis(100))) {
            boolean finished = process.waitFor(deadline(dialogues, concurrency, latencyMs).toMillis(), TimeUnit.MILLISECONDS);
            if (!finished) {
                process.destroyForcibly().waitFor();
            }
            sampler.close();
            long end = System.nanoTime();
            Counts counts = stub.counts();
            Optional<CpuUse> busy = callWindow && counts.total() > 0
                    ? sampler.cpuBetween(counts.firstArrival(), counts.lastDone())
                    : sampler.cpuBetween(start, end);
            return new Measured(finished, finished ? process.exitValue() : -1, Duration.ofNanos(end - start),
                    sampler.peakRssKilobytes(), sampler.cpuMillis(), busy, counts);
        }
    }

    /**
     * An unmeasured {@code generate} of {@link #warmUp} dialogues (at most those of run 1), with a data folder of its
     * own and no faults: the stub runs in this process, and without it the stub's first second of run 1 would be
     * its JIT compiling, charged to the child as latency, while the reference client later meets a warm stub.
     */
    private ChildRun warmUp(Path java, Path jar, Path dir, OpenAiStubServer stub) throws IOException, InterruptedException {
        Path recipe = dir.resolve("warm-up.yaml");
        int count = Math.min(warmUp, dialogues);
        Files.writeString(recipe, recipe(count, seed), StandardCharsets.UTF_8);
        System.err.printf("bench: warm-up, generate %d dialogues (not measured) …%n", count);
        ChildRun run = runChild(childCommand(java, jar, recipe), dir, "warm-up",
                childEnvironment(stub.baseUrl(), concurrency, dir.resolve("warm-up-data"), false), stub, false);
        System.err.printf("bench: warm-up ended in %.1f s%n", seconds(run.wall()));
        return run;
    }

    // ---- the reference client -----------------------------------------------------------------------

    /** The reference client {@code --reference} names, ready to run (its package installed), or empty without the option. */
    private Optional<ReferenceClient> referenceClient(Path jar) throws IOException, InterruptedException {
        if (reference == null) {
            return Optional.empty();
        }
        if (!"node".equals(reference)) {
            throw new IllegalArgumentException("--reference takes node, got " + reference);
        }
        // target/quarkus-app/quarkus-run.jar in the project folder
        Path fromJar = jar.getParent() == null || jar.getParent().getParent() == null ? null : jar.getParent().getParent().getParent();
        List<Path> folders = new ArrayList<>();
        if (fromJar != null) {
            folders.add(fromJar);
        }
        folders.add(Path.of("").toAbsolutePath());
        ReferenceClient client = ReferenceClient.locate(folders).orElseThrow(() -> new IllegalArgumentException(
                "--reference node: cannot find " + ReferenceClient.SCRIPT + " under " + folders + "; run the bench from the project folder"));
        if (!succeeds(List.of("node", "--version"), client.folder())) {
            throw new IllegalArgumentException("--reference node needs Node.js 20 or newer as node on the PATH");
        }
        if (!client.installed()) {
            System.err.println("bench: installing the reference client's packages (npm ci in " + client.folder() + ") …");
            if (!succeeds(client.installCommand(), client.folder())) {
                throw new IllegalStateException("npm ci failed in " + client.folder() + ": the reference client cannot run");
            }
        }
        return Optional.of(client);
    }

    private static boolean succeeds(List<String> command, Path dir) throws InterruptedException {
        try {
            Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            return p.waitFor() == 0;
        } catch (IOException e) {
            return false;
        }
    }

    /** Runs the reference client against the stub with the request bodies Parley sent in run 1. */
    private ReferenceRun runReference(ReferenceClient client, ReferenceClient.Capture capture, OpenAiStubServer stub, Path dir,
            String name) throws IOException, InterruptedException {
        JsonNode generator = capture.generator().orElseThrow(
                () -> new IllegalStateException("run 1 sent no generator request: nothing for the reference client to send"));
        JsonNode judge = capture.judge().orElseThrow(
                () -> new IllegalStateException("run 1 sent no judge request: nothing for the reference client to send"));
        List<String> command = client.command(stub.baseUrl(), dialogues, concurrency, generator, judge, dir);
        Path stdout = dir.resolve(name + ".out");
        var builder = new ProcessBuilder(command).directory(client.folder().toFile())
                .redirectOutput(stdout.toFile()).redirectError(dir.resolve(name + ".err").toFile());
        Measured m = measure(builder, stub, true);
        Optional<ReferenceClient.Report> report = Optional.empty();
        List<String> lines = Files.readAllLines(stdout);
        if (!lines.isEmpty()) {
            try {
                report = Optional.of(ReferenceClient.Report.parse(lines.getLast()));
            } catch (IOException e) {
                System.err.println("bench: " + e.getMessage());
            }
        }
        return new ReferenceRun(m, report, "node " + client.script().getFileName() + " on openai " + client.openAiVersion());
    }

    private static Optional<RunAudit> audit(Path dataDir, ChildRun run) {
        if (run.runId() == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(RunAudit.of(dataDir, run.runId()));
        } catch (java.sql.SQLException e) {
            System.err.println("bench: cannot read the child's store: " + e.getMessage());
            return Optional.empty();
        }
    }

    // ---- the verdict --------------------------------------------------------------------------------

    static List<Check> checks(int dialogues, ChildRun first, ChildRun second, Optional<RunAudit> firstAudit,
            Optional<RunAudit> secondAudit) {
        var checks = new ArrayList<Check>();
        checks.add(new Check("run 1 finished: exit " + first.exitCode() + ", status "
                + first.report().map(r -> r.path("status").asText()).orElse("unknown") + tail(first),
                first.completed()));
        checks.add(new Check("run 1 planned " + first.count("planned") + " of " + dialogues, first.count("planned") == dialogues));
        checks.add(addsUp("run 1", first));
        checks.add(new Check("run 1 train.jsonl has " + first.trainLines() + " lines for " + first.count("accepted")
                + " accepted", first.report().isPresent() && first.trainLines() == first.count("accepted")));
        checks.add(new Check("run 1 every failed item has a reason", firstAudit.map(a -> a.failedWithoutReason() == 0).orElse(false)));
        checks.add(new Check("run 1 no item answered twice (one usable answer per item and role)",
                firstAudit.map(a -> a.answeredTwice() == 0).orElse(false)));
        checks.add(new Check("run 1 every call the child recorded reached the stub (" + first.recordedCalls() + " recorded, "
                + first.stub().total() + " at the stub)", first.report().isPresent() && first.recordedCalls() == first.stub().total()));

        checks.add(new Check("run 2 finished: exit " + second.exitCode() + ", status "
                + second.report().map(r -> r.path("status").asText()).orElse("unknown") + tail(second),
                second.completed()));
        checks.add(addsUp("run 2", second));
        checks.add(new Check("run 2 no item answered twice", secondAudit.map(a -> a.answeredTwice() == 0).orElse(false)));
        if (firstAudit.isPresent() && secondAudit.isPresent()) {
            RunAudit a = firstAudit.get();
            RunAudit b = secondAudit.get();
            if (a.failedItems().isEmpty()) {
                checks.add(new Check("run 2 made " + second.stub().total() + " model calls (must be 0)", second.stub().total() == 0));
            } else {
                Set<Integer> stray = new TreeSet<>(b.calledItems());
                stray.removeAll(a.failedItems());
                checks.add(new Check("run 2 called the model only for items that failed in run 1 (" + b.calledItems().size()
                        + " items called, " + a.failedItems().size() + " failed in run 1, " + stray.size() + " others)",
                        stray.isEmpty()));
            }
            checks.add(new Check("run 2 answered from the cache every request run 1 had answered (" + b.cacheHits()
                    + " cache hits, " + a.okCalls() + " answers in run 1)", b.cacheHits() == a.okCalls()));
        } else {
            checks.add(new Check("the child's store could be read", false));
        }
        return checks;
    }

    private static Check addsUp(String label, ChildRun run) {
        int planned = run.count("planned");
        int sum = run.count("accepted") + run.rejected() + run.count("failed");
        return new Check(String.format("%s %d accepted + %d rejected + %d failed = %d of %d planned, %d unfinished", label,
                run.count("accepted"), run.rejected(), run.count("failed"), sum, planned, run.count("unfinished")),
                run.report().isPresent() && sum == planned && run.count("unfinished") == 0);
    }

    /** The last line of the child's standard error when it did not complete: usually the reason. */
    private static String tail(ChildRun run) {
        if (run.completed()) {
            return "";
        }
        if (!run.finished()) {
            return " (stopped after " + run.wall().toSeconds() + " s without finishing)";
        }
        try (Stream<String> lines = Files.lines(run.stderr())) {
            return lines.filter(l -> !l.isBlank()).reduce((x, y) -> y).map(l -> " (" + l.strip() + ")").orElse("");
        } catch (IOException e) {
            return "";
        }
    }

    // ---- the summary --------------------------------------------------------------------------------

    private String summary(Faults faults, Duration latency, ChildRun first, ChildRun second, Optional<RunAudit> firstAudit,
            Optional<RunAudit> secondAudit, Throughput t) {
        var s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "parley bench: %d dialogues · concurrency %d · latency %d ms · faults %s · seed %d%n",
                dialogues, concurrency, latency.toMillis(), describe(faults), seed));
        s.append("run 1: generate\n");
        line(s, "model calls", first.stub().total() + " at the stub (" + byOutcome(first.stub()) + ")");
        firstAudit.ifPresent(a -> line(s, "", "child recorded " + a.attemptsByOutcome().entrySet().stream()
                .map(e -> e.getKey() + " " + e.getValue()).reduce((x, y) -> x + ", " + y).orElse("none")));
        line(s, "peak in flight", first.stub().peakInFlight() + " (concurrency " + concurrency + ")");
        line(s, "wall time", String.format(Locale.ROOT, "%.1f s process, %.1f s from first call to last answer",
                seconds(first.wall()), seconds(first.stub().window())));
        line(s, "calls/s", String.format(Locale.ROOT, "%.1f achieved · %.1f ideal (%d ÷ %.3f s) · %s", t.achievedPerSecond(),
                t.idealPerSecond(), concurrency, seconds(latency), percent(t.ratio())));
        line(s, "overhead/call", String.format(Locale.ROOT, "%.1f ms", t.overheadMillis()));
        line(s, "peak RSS", megabytes(first.peakRssKb()));
        line(s, "child CPU", cpu(first, first.stub().total(), "in the call window"));
        line(s, "stub CPU", stubCpu(first));
        line(s, "machine CPU", machine(first, "in the call window"));
        line(s, "funnel", funnel(first, firstAudit));
        line(s, "train.jsonl", first.trainLines() + " lines");
        s.append("run 2: the same generate again (same recipe, same data folder)\n");
        line(s, "model calls", second.stub().total() + " at the stub (" + byOutcome(second.stub()) + ")");
        secondAudit.ifPresent(a -> line(s, "cache hits", Long.toString(a.cacheHits())));
        line(s, "wall time", String.format(Locale.ROOT, "%.1f s process", seconds(second.wall())));
        line(s, "peak RSS", megabytes(second.peakRssKb()));
        line(s, "child CPU", cpu(second, secondAudit.map(RunAudit::cacheHits).orElse(0L) + second.stub().total(),
                "from start to exit"));
        line(s, "machine CPU", machine(second, "from start to exit"));
        line(s, "funnel", funnel(second, secondAudit));
        return s.toString();
    }

    /** The reference client's figures and Parley's against them, from the same bench. */
    private static String comparison(ChildRun parley, Throughput parleyRate, ReferenceRun ref, Duration latency) {
        var s = new StringBuilder();
        Measured m = ref.measured();
        var rate = new Throughput(m.stub().total(), m.stub().window(), parleyRate.concurrency(), latency);
        s.append("reference: ").append(ref.client()).append(", the same stub, dialogues and concurrency\n");
        line(s, "model calls", m.stub().total() + " at the stub (" + byOutcome(m.stub()) + ")");
        line(s, "peak in flight", Integer.toString(m.stub().peakInFlight()));
        line(s, "calls/s", String.format(Locale.ROOT, "%.1f achieved · %s of ideal%s", rate.achievedPerSecond(),
                percent(rate.ratio()), ref.report().map(r -> String.format(Locale.ROOT, " · its own count %.1f",
                        r.callsPerSecond())).orElse("")));
        line(s, "peak RSS", megabytes(m.peakRssKb()));
        line(s, "client CPU", millis(ref.cpuPerCallMillis()) + " per call in the call window"
                + ref.report().map(r -> String.format(Locale.ROOT, " · its own count (process.cpuUsage) %.2f ms per call",
                        r.cpuPerCallMillis())).orElse(""));
        OptionalDouble parleyCpu = perCall(parley.busyCpu(), parley.stub().total());
        s.append("parley ÷ reference\n");
        line(s, "calls/s", String.format(Locale.ROOT, "%.1f ÷ %.1f = %.2f", parleyRate.achievedPerSecond(),
                rate.achievedPerSecond(), parleyRate.achievedPerSecond() / rate.achievedPerSecond()));
        line(s, "CPU per call", parleyCpu.isPresent() && ref.cpuPerCallMillis().isPresent()
                ? String.format(Locale.ROOT, "%s ÷ %s = %.2f", millis(parleyCpu), millis(ref.cpuPerCallMillis()),
                        parleyCpu.getAsDouble() / ref.cpuPerCallMillis().getAsDouble())
                : "n/a");
        return s.toString();
    }

    /** One round's figures: run 1 (or its repeat) and the reference client run right after it. */
    private Round round(ChildRun parley, ReferenceRun ref) {
        Duration latency = Duration.ofMillis(latencyMs);
        Counts reference = ref.measured().stub();
        return new Round(perCall(parley.busyCpu(), parley.stub().total()), ref.cpuPerCallMillis(),
                new Throughput(parley.stub().total(), parley.stub().window(), concurrency, latency).achievedPerSecond(),
                new Throughput(reference.total(), reference.window(), concurrency, latency).achievedPerSecond());
    }

    /** CPU time per call over a stretch, in milliseconds. */
    static OptionalDouble perCall(Optional<CpuUse> use, long calls) {
        return use.filter(u -> calls > 0).map(u -> OptionalDouble.of(u.processCpu().toNanos() / 1e6 / calls))
                .orElse(OptionalDouble.empty());
    }

    private static String millis(OptionalDouble ms) {
        return ms.isPresent() ? String.format(Locale.ROOT, "%.2f ms", ms.getAsDouble()) : "n/a";
    }

    private static void line(StringBuilder s, String label, String value) {
        s.append(String.format("  %-15s %s%n", label, value));
    }

    private static String funnel(ChildRun run, Optional<RunAudit> audit) {
        String failedBy = audit.filter(a -> !a.failedByGate().isEmpty())
                .map(a -> " (" + a.failedByGate().entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                        .reduce((x, y) -> x + ", " + y).orElse("") + ")")
                .orElse("");
        return String.format("%d planned = %d accepted + %d rejected + %d failed%s", run.count("planned"),
                run.count("accepted"), run.rejected(), run.count("failed"), failedBy);
    }

    /** CPU time of the child in all, and in the stretch measured: per request (model call or cache hit) and in cores. */
    private static String cpu(ChildRun run, long requests, String stretch) {
        if (run.cpuMillis().isEmpty()) {
            return "n/a";
        }
        String all = String.format(Locale.ROOT, "%.1f s in all", run.cpuMillis().getAsLong() / 1000.0);
        return run.busyCpu().map(u -> String.format(Locale.ROOT, "%s; %.1f s %s = %s%.2f cores", all,
                seconds(u.processCpu()), stretch, requests > 0 ? String.format(Locale.ROOT, "%.1f ms per request, ",
                        u.processCpu().toNanos() / 1e6 / requests) : "", u.processCores())).orElse(all);
    }

    /**
     * CPU time of this process (the stub, and the sampler, which costs little) per call the stub
     * answered in the call window: the stub shares the machine with the child, a real endpoint would not.
     */
    private static String stubCpu(ChildRun run) {
        long calls = run.stub().total();
        return run.busyCpu().filter(u -> calls > 0).map(u -> String.format(Locale.ROOT, "%.2f ms per call, %.2f cores",
                u.samplerCpu().toNanos() / 1e6 / calls, u.samplerCores())).orElse("n/a");
    }

    /** How busy the whole machine was: other work on it skews every number above. */
    private static String machine(ChildRun run, String stretch) {
        return run.busyCpu().filter(u -> !Double.isNaN(u.machineCores()))
                .map(u -> String.format(Locale.ROOT, "%.2f of %d cores busy %s: the child %.2f, this bench with its stub %.2f,"
                        + " other processes %.2f", u.machineCores(), Runtime.getRuntime().availableProcessors(), stretch,
                        u.processCores(), u.samplerCores(), u.machineCores() - u.processCores() - u.samplerCores()))
                .orElse("n/a (no /proc/stat)");
    }

    static String byOutcome(Counts counts) {
        var joiner = new StringJoiner(", ");
        for (Outcome o : Outcome.values()) {
            if (o != Outcome.OTHER_ERROR || counts.of(o) > 0) {
                joiner.add(o.key() + " " + counts.of(o));
            }
        }
        return joiner.toString();
    }

    static String describe(Faults f) {
        if (!f.any()) {
            return "none";
        }
        return String.format(Locale.ROOT, "429 %s, 500 %s, timeout %s, malformed %s", percent(f.rateLimited()),
                percent(f.serverError()), percent(f.timeout()), percent(f.malformed()));
    }

    static String percent(double fraction) {
        return Double.isNaN(fraction) ? "n/a" : String.format(Locale.ROOT, "%.1f %%", fraction * 100);
    }

    static String megabytes(OptionalLong kb) {
        return kb.isPresent() ? String.format(Locale.ROOT, "%.0f MB", kb.getAsLong() / 1024.0) : "n/a (no /proc)";
    }

    private static String verdict(boolean met) {
        return met ? "met" : "NOT met";
    }

    private static double seconds(Duration d) {
        return d.toNanos() / 1e9;
    }

    // ---- set-up -------------------------------------------------------------------------------------

    /**
     * How long a child may take before it is stopped and counts as not finished: five minutes, plus
     * ten times what the calls would take at the ideal rate (two per dialogue, retries aside).
     */
    static Duration deadline(int dialogues, int concurrency, int latencyMs) {
        long idealMillis = 2L * dialogues * Math.max(latencyMs, 1) / concurrency;
        return Duration.ofMinutes(5).plusMillis(10 * idealMillis);
    }

    /** The benchmark recipe: English help-desk dialogues of 4 to 6 messages over a 5 × 4 × 3 grid. */
    static String recipe(int count, long seed) {
        return """
                name: bench
                description: Written by parley bench for one benchmark run
                language: en
                count: %d
                seed: %d
                turns: { min: 4, max: 6 }
                assistant:
                  system-prompt: |
                    You are the help desk of Benchshop. Answer briefly and accurately.
                dimensions:
                  topic: [refund, late delivery, change of address, broken voucher, locked account]
                  persona: [student, parent, small business owner, retiree]
                  mood: [calm, confused, annoyed]
                judge:
                  threshold: 3.5
                  # One call per step of each item: the judge recheck is measured by the tests, not here.
                  recheck: 0
                checks:
                  # The stub's canned dialogues differ in a few words, so they are near duplicates by
                  # construction; near-duplicate detection has its own benchmark (bench-dedup).
                  near-duplicate: 0
                """.formatted(count, seed);
    }

    /**
     * Where the packaged application is, to start the child with: the class path when it is the
     * one {@code quarkus-run.jar} ({@code java -jar …}), else a {@code quarkus-run.jar} next to or
     * above the code source of this class (which in the packaged layout is {@code app/parley-….jar}),
     * else {@code target/quarkus-app/quarkus-run.jar} under the working directory.
     */
    static Optional<Path> locateJar(String classPath, Path codeSource, Path workingDir) {
        var candidates = new ArrayList<Path>();
        if (!classPath.isBlank() && !classPath.contains(java.io.File.pathSeparator) && classPath.endsWith("quarkus-run.jar")) {
            candidates.add(workingDir.resolve(classPath));
        }
        if (codeSource != null) {
            candidates.add(codeSource.resolveSibling("quarkus-run.jar"));
            if (codeSource.getParent() != null) {
                candidates.add(codeSource.getParent().resolveSibling("quarkus-run.jar"));
            }
        }
        candidates.add(workingDir.resolve("target/quarkus-app/quarkus-run.jar"));
        return candidates.stream().filter(Files::isRegularFile).map(p -> p.toAbsolutePath().normalize()).findFirst();
    }

    private static Path pathOf(CodeSource source) {
        try {
            return source.getLocation() == null ? null : Path.of(source.getLocation().toURI());
        } catch (URISyntaxException | IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
            return null;
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
