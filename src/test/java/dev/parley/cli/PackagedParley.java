package dev.parley.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The packaged application started as a process for the packaged-jar tests, its output in files of the test's folder. */
final class PackagedParley {

    static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar").toAbsolutePath();
    static final Path RECIPE = Path.of("recipes/saas-helpdesk-en.yaml").toAbsolutePath();
    static final Duration DEADLINE = Duration.ofMinutes(3);

    private PackagedParley() {
    }

    /**
     * Starts {@code java -jar quarkus-run.jar args} in {@code dir} with no {@code PARLEY_*} or {@code OPENAI_API_KEY} of
     * this environment, only {@code env}; standard output and error go to {@code name.out} and {@code name.err}.
     */
    static Process start(Path dir, Map<String, String> env, String name, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", JAR.toString()));
        command.addAll(List.of(args));
        var builder = new ProcessBuilder(command).directory(dir.toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("PARLEY_") || k.equals("OPENAI_API_KEY"));
        builder.environment().putAll(env);
        builder.redirectOutput(dir.resolve(name + ".out").toFile()).redirectError(dir.resolve(name + ".err").toFile());
        return builder.start();
    }

    /** Waits until the first line ("run ID") is printed, and returns the id. */
    static String runId(Path dir, String name) throws Exception {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        Path out = dir.resolve(name + ".out");
        while (System.nanoTime() < deadline) {
            List<String> lines = Files.exists(out) ? Files.readAllLines(out) : List.of();
            if (!lines.isEmpty() && lines.getFirst().startsWith("run ")) {
                return lines.getFirst().substring(4).strip();
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no run id from " + name + ": " + Files.readString(dir.resolve(name + ".err")));
    }

    /** Fails the test once the deadline has passed. */
    static void checkDeadline(long deadlineNanos, String what) {
        assertThat(System.nanoTime()).as("waiting for %s", what).isLessThan(deadlineNanos);
    }
}
