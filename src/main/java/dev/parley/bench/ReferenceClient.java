package dev.parley.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.parley.bench.OpenAiStubServer.Reply;

/**
 * The hand-written client {@code parley bench --reference node} compares Parley with: the script
 * {@value #SCRIPT} on the official {@code openai} npm client, which makes per dialogue one generator
 * call and one judge call (the judge's prompt holding the dialogue the generator wrote), a given
 * number of dialogues in flight, with no store and no gates.
 *
 * <p>So that both clients send the same prompts and schemas, the bench first lets Parley run
 * against the stub through a {@link Capture}, which keeps the first generator and judge request
 * bodies; the script sends those, with each judge prompt's dialogue replaced by the one just written.
 */
public final class ReferenceClient {

    /** The script, relative to the project folder. */
    public static final String SCRIPT = "bench/node/reference.mjs";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path script;

    private ReferenceClient(Path script) {
        this.script = script;
    }

    /**
     * What the script reported about itself.
     *
     * @param calls          model calls it made
     * @param cpuMillis      CPU time of the Node process from its first call to its last answer ({@code process.cpuUsage})
     * @param callsPerSecond calls ÷ its own wall time from first call to last answer
     */
    public record Report(long calls, double cpuMillis, double callsPerSecond) {

        /** CPU per call by the script's own count. */
        public double cpuPerCallMillis() {
            return calls == 0 ? Double.NaN : cpuMillis / calls;
        }

        /** Reads the script's JSON line. */
        public static Report parse(String line) throws IOException {
            JsonNode node = JSON.readTree(line);
            if (!node.path("calls").isNumber() || !node.path("cpuMs").isNumber() || !node.path("callsPerSecond").isNumber()) {
                throw new IOException("the reference client printed no report: " + line.strip());
            }
            return new Report(node.get("calls").asLong(), node.get("cpuMs").asDouble(), node.get("callsPerSecond").asDouble());
        }
    }

    /**
     * A responder that answers like {@link OpenAiStubServer#defaultReply} and keeps the first
     * generator and the first judge request body it sees.
     */
    public static final class Capture implements Function<JsonNode, Reply> {

        private final AtomicReference<JsonNode> generator = new AtomicReference<>();
        private final AtomicReference<JsonNode> judge = new AtomicReference<>();

        @Override
        public Reply apply(JsonNode request) {
            String schema = OpenAiStubServer.schemaName(request);
            if (OpenAiStubServer.DIALOGUE.equals(schema)) {
                generator.compareAndSet(null, request);
            } else if (OpenAiStubServer.VERDICT.equals(schema)) {
                judge.compareAndSet(null, request);
            }
            return OpenAiStubServer.defaultReply(request);
        }

        public Optional<JsonNode> generator() {
            return Optional.ofNullable(generator.get());
        }

        public Optional<JsonNode> judge() {
            return Optional.ofNullable(judge.get());
        }
    }

    /**
     * The script under the first of these folders that has it (the project folder, found from the
     * jar or the working directory).
     */
    public static Optional<ReferenceClient> locate(List<Path> projectFolders) {
        return projectFolders.stream().map(p -> p.resolve(SCRIPT)).filter(Files::isRegularFile).findFirst()
                .map(p -> new ReferenceClient(p.toAbsolutePath().normalize()));
    }

    public Path script() {
        return script;
    }

    /** The script's folder, with its {@code package.json} and {@code package-lock.json}. */
    public Path folder() {
        return script.getParent();
    }

    /** Whether the {@code openai} package is installed next to the script. */
    public boolean installed() {
        return Files.isRegularFile(folder().resolve("node_modules/openai/package.json"));
    }

    /** The installed {@code openai} package's version, or "not installed". */
    public String openAiVersion() {
        try {
            return JSON.readTree(folder().resolve("node_modules/openai/package.json").toFile()).path("version").asText("unknown");
        } catch (IOException e) {
            return "not installed";
        }
    }

    /** {@code npm ci}: installs the pinned {@code openai} from the lock file. */
    public List<String> installCommand() {
        return List.of("npm", "ci", "--no-audit", "--no-fund");
    }

    /**
     * Writes the captured request bodies next to {@code dir} and returns the command that runs the
     * script against {@code baseUrl}.
     */
    public List<String> command(String baseUrl, int dialogues, int concurrency, JsonNode generator, JsonNode judge, Path dir)
            throws IOException {
        Path generatorFile = dir.resolve("reference-generator.json");
        Path judgeFile = dir.resolve("reference-judge.json");
        JSON.writeValue(generatorFile.toFile(), generator);
        JSON.writeValue(judgeFile.toFile(), judge);
        var command = new ArrayList<String>();
        command.addAll(List.of("node", script.toString(), baseUrl, Integer.toString(dialogues), Integer.toString(concurrency),
                generatorFile.toString(), judgeFile.toString()));
        return command;
    }
}
