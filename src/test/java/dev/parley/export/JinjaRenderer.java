package dev.parley.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The Node.js side of the chat-template checks: {@code @huggingface/jinja}, the Jinja renderer of transformers.js,
 * installed with {@code npm ci} into {@code src/test/node}, whose scripts render exported records with a model's own
 * chat template (a fixture under {@code src/test/resources/chat-templates}: its {@code tokenizer_config.json}'s
 * template and tokens). Tests that need it are skipped, naming what is missing, when {@code node} is not on the PATH.
 */
final class JinjaRenderer {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final Path NODE_DIR = Path.of("src/test/node");
    static final Path TEMPLATES = Path.of("src/test/resources/chat-templates");

    private JinjaRenderer() {
    }

    /** Skips the calling test without Node.js; installs the renderer once, logging {@code npm ci} into {@code logDir}. */
    static void install(Path logDir) throws IOException, InterruptedException {
        assumeTrue(runs("node", "--version"), "Node.js is not on the PATH: the chat-template checks need node 18+ and"
                + " npm (Debian: apt-get install nodejs npm); they run @huggingface/jinja from src/test/node");
        if (!Files.isDirectory(NODE_DIR.resolve("node_modules/@huggingface/jinja"))) {
            Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund").directory(NODE_DIR.toFile())
                    .redirectErrorStream(true).redirectOutput(logDir.resolve("npm-ci.log").toFile()).start();
            assertThat(npm.waitFor(5, TimeUnit.MINUTES) && npm.exitValue() == 0)
                    .as("npm ci in src/test/node (log: %s)", logDir.resolve("npm-ci.log")).isTrue();
        }
    }

    private static boolean runs(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** What the template makes of each line of the file: {@code {"ok": true, "text"}} or {@code {"ok": false, "error"}}. */
    static List<JsonNode> render(String template, Path records) throws IOException, InterruptedException {
        return render(template, records, "plain");
    }

    /** As {@link #render(String, Path)}; in mode {@code tools} with the messages' tool calls and the line's tools. */
    static List<JsonNode> render(String template, Path records, String mode) throws IOException, InterruptedException {
        Process node = new ProcessBuilder("node", NODE_DIR.resolve("render.mjs").toString(),
                TEMPLATES.resolve(template + ".json").toString(), records.toString(), mode).redirectErrorStream(true).start();
        String output = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(node.waitFor(60, TimeUnit.SECONDS) && node.exitValue() == 0).as(output).isTrue();
        List<JsonNode> results = new ArrayList<>();
        for (String line : output.split("\n")) {
            if (!line.isBlank()) {
                results.add(JSON.readTree(line));
            }
        }
        assertThat(results).hasSize(Files.readAllLines(records).size());
        return results;
    }
}
