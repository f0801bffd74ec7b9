package dev.parley.export;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import dev.parley.generate.Dialogue;
import dev.parley.generate.Turn;
import dev.parley.recipe.RecipeLoader;
import dev.parley.store.ItemRecord;
import dev.parley.store.RunRecord;
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
        RunReport report = reporter.report(runId);
        Path train = dir.resolve(OpenAiChatExporter.FILE);
        Path tmp = Files.createTempFile(dir, ".train", ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp)) {
            new OpenAiChatExporter().write(records(store.run(runId), report.offlineDemo()), out);
        }
        Files.move(tmp, train, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        Path reportTmp = Files.createTempFile(dir, ".report", ".tmp");
        json.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValue(reportTmp.toFile(), report);
        Files.move(reportTmp, dir.resolve(REPORT), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return report;
    }

    /** The run's accepted dialogues as OpenAI chat JSONL. */
    public String jsonl(String runId) {
        var out = new ByteArrayOutputStream();
        try {
            new OpenAiChatExporter().write(records(store.run(runId), reporter.report(runId).offlineDemo()), out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /**
     * One record per accepted item, in plan order. An assistant turn is masked (weight 0) when the
     * stored verdict lists its 1-based message position in {@code maskedTurns}; verdicts without that
     * field (judges that do not score turns) mask nothing.
     */
    List<ExportRecord> records(RunRecord run, boolean offlineDemo) {
        String systemPrompt = RecipeLoader.validate(tree(run.recipe())).assistant().systemPrompt();
        List<ExportRecord> records = new ArrayList<>();
        for (ItemRecord item : reporter.acceptedItems(run.id())) {
            Dialogue dialogue = read(item.dialogue().orElseThrow(), Dialogue.class);
            JsonNode verdict = item.verdict().map(this::tree).orElse(json.nullNode());
            Set<Integer> masked = new HashSet<>();
            verdict.path("maskedTurns").forEach(n -> masked.add(n.asInt()));
            List<ExportRecord.Message> messages = new ArrayList<>();
            messages.add(ExportRecord.Message.of(ExportRecord.SYSTEM, systemPrompt));
            for (int i = 0; i < dialogue.turns().size(); i++) {
                Turn t = dialogue.turns().get(i);
                messages.add(new ExportRecord.Message(t.role(), t.content(), t.isAssistant() && masked.contains(i + 1) ? 0 : 1));
            }
            Map<String, Integer> scores = new LinkedHashMap<>();
            verdict.path("scores").forEach(s -> scores.put(s.path("criterion").asText(), s.path("score").asInt()));
            Map<String, String> cell;
            try {
                cell = json.readValue(item.cell(), new TypeReference<LinkedHashMap<String, String>>() {
                });
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("stored cell is unreadable: " + e.getOriginalMessage(), e);
            }
            records.add(new ExportRecord(run.id() + "/" + item.seq(), messages, cell,
                    item.score().map(OptionalDouble::of).orElse(OptionalDouble.empty()), scores,
                    new ExportRecord.Provenance(ExportRecord.Origin.SYNTHETIC, run.id(), item.seq(),
                            Optional.of(run.generatorModel()), Optional.of(run.judgeModel()), OptionalLong.of(item.seed()),
                            offlineDemo)));
        }
        return records;
    }

    private JsonNode tree(String text) {
        try {
            return json.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored JSON is unreadable: " + e.getOriginalMessage(), e);
        }
    }

    private <T> T read(String text, Class<T> type) {
        try {
            return json.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored " + type.getSimpleName() + " is unreadable", e);
        }
    }
}
