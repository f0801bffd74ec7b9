package dev.parley.export;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import dev.parley.recipe.RecipeLoader;
import dev.parley.store.RunStore;

/** Writes a stored run to a folder: {@code train.jsonl} and {@code report.json}. Makes no model call. */
@ApplicationScoped
public class RunExporter {

    public static final String REPORT = "report.json";

    private final RunStore store;
    private final RunReporter reporter;
    private final ObjectMapper json;

    @Inject
    public RunExporter(RunStore store, RunReporter reporter, ObjectMapper json) {
        this.store = store;
        this.reporter = reporter;
        this.json = json;
    }

    /** Exports the run and returns its report. Files appear whole or not at all. */
    public RunReport export(String runId, Path dir) throws IOException {
        Files.createDirectories(dir);
        String systemPrompt = systemPrompt(runId);
        Path train = dir.resolve(OpenAiChatExporter.FILE);
        Path tmp = Files.createTempFile(dir, ".train", ".tmp");
        try (Writer out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            OpenAiChatExporter.export(reporter.accepted(runId), systemPrompt, out);
        }
        Files.move(tmp, train, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        RunReport report = reporter.report(runId);
        Path reportTmp = Files.createTempFile(dir, ".report", ".tmp");
        json.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValue(reportTmp.toFile(), report);
        Files.move(reportTmp, dir.resolve(REPORT), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return report;
    }

    /** The run's accepted dialogues as OpenAI chat JSONL. */
    public String jsonl(String runId) {
        String systemPrompt = systemPrompt(runId);
        var sb = new StringBuilder();
        for (var d : reporter.accepted(runId)) {
            sb.append(OpenAiChatExporter.line(d, systemPrompt)).append('\n');
        }
        return sb.toString();
    }

    private String systemPrompt(String runId) {
        try {
            return RecipeLoader.validate(json.readTree(store.run(runId).recipe())).assistant().systemPrompt();
        } catch (IOException e) {
            throw new IllegalStateException("stored recipe of run " + runId + " is unreadable", e);
        }
    }
}
