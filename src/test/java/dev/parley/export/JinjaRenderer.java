package dev.parley.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The Node.js side of the chat-template checks: {@code @huggingface/jinja}, the Jinja renderer of transformers.js,
 * installed with {@code npm ci} into {@code src/test/node}, whose scripts render exported files with a model's chat
 * template. Tests that need it are skipped, naming what is missing, when {@code node} is not on the PATH.
 */
final class JinjaRenderer {

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
}
