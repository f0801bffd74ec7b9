package dev.parley.export;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads a JSONL file of real dialogues to mix with synthetic ones. Each line is either OpenAI chat
 * ({@code {"messages": [{"role": "system"|"user"|"assistant", "content": …, "weight"?: 0|1}]}}) or
 * ShareGPT ({@code {"conversations": [{"from": "system"|"human"|"gpt", "value": …}]}}); other keys are
 * ignored, blank lines skipped. A dialogue without a system message gets the recipe's system prompt,
 * so that every record of the dataset starts the same way. Any problem names the file and line.
 */
public final class RealDialogues {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> FROM = Map.of("system", ExportRecord.SYSTEM, "human", ExportRecord.USER,
            "user", ExportRecord.USER, "gpt", ExportRecord.ASSISTANT, "assistant", ExportRecord.ASSISTANT);

    private RealDialogues() {
    }

    /**
     * @param systemPrompt the system prompt given to dialogues that have none, if any
     * @throws IllegalArgumentException naming the file and line of the first unusable dialogue
     */
    public static List<ExportRecord> read(Path file, Optional<String> systemPrompt) throws IOException {
        String name = file.getFileName().toString();
        List<ExportRecord> records = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int number = 0;
            while ((line = in.readLine()) != null) {
                number++;
                if (number == 1 && line.startsWith("\uFEFF")) {
                    line = line.substring(1);
                }
                if (!line.isBlank()) {
                    records.add(parse(line, name, number, systemPrompt));
                }
            }
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("real dialogues: no file " + file);
        }
        return records;
    }

    static ExportRecord parse(String line, String file, int number, Optional<String> systemPrompt) {
        JsonNode root;
        try {
            root = JSON.readTree(line);
        } catch (JsonProcessingException e) {
            throw new RealDialogueException(file, number, "", "not valid JSON (" + e.getOriginalMessage() + ")");
        }
        JsonNode list;
        String roleKey;
        String contentKey;
        if (root.path("messages").isArray()) {
            list = root.get("messages");
            roleKey = "role";
            contentKey = "content";
        } else if (root.path("conversations").isArray()) {
            list = root.get("conversations");
            roleKey = "from";
            contentKey = "value";
        } else {
            throw new RealDialogueException(file, number, "", "expected a \"messages\" (OpenAI) or \"conversations\" (ShareGPT) array");
        }
        List<ExportRecord.Message> messages = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode m = list.get(i);
            String at = (roleKey.equals("role") ? "messages[" : "conversations[") + i + "]";
            String role = FROM.get(m.path(roleKey).asText(""));
            if (role == null || (roleKey.equals("role") && !ExportRecord.ROLES.contains(m.path(roleKey).asText()))) {
                throw new RealDialogueException(file, number, at + "." + roleKey, "must be one of "
                        + (roleKey.equals("role") ? "system, user, assistant" : "system, human, gpt") + ", got '"
                        + m.path(roleKey).asText() + "'");
            }
            if (!m.path(contentKey).isTextual() || m.path(contentKey).asText().isBlank()) {
                throw new RealDialogueException(file, number, at + "." + contentKey, "must be a non-empty string");
            }
            if (role.equals(ExportRecord.SYSTEM) && i > 0) {
                throw new RealDialogueException(file, number, at, "is a system message, which may only come first");
            }
            int weight = 1;
            if (m.has("weight")) {
                if (!m.get("weight").isInt() || (m.get("weight").asInt() != 0 && m.get("weight").asInt() != 1)
                        || (m.get("weight").asInt() == 0 && !role.equals(ExportRecord.ASSISTANT))) {
                    throw new RealDialogueException(file, number, at + ".weight", "must be 0 or 1, and 0 only on an assistant message");
                }
                weight = m.get("weight").asInt();
            }
            messages.add(new ExportRecord.Message(role, m.get(contentKey).asText(), weight));
        }
        if (messages.stream().noneMatch(m -> m.role().equals(ExportRecord.USER))
                || messages.stream().noneMatch(ExportRecord.Message::isAssistant)) {
            throw new RealDialogueException(file, number, "", "a dialogue needs at least one user and one assistant message");
        }
        if (!messages.getFirst().isSystem() && systemPrompt.isPresent()) {
            messages.addFirst(ExportRecord.Message.of(ExportRecord.SYSTEM, systemPrompt.get()));
        }
        return new ExportRecord("real/" + file + ":" + number, messages, Map.of(), null, Map.of(),
                ExportRecord.Provenance.real(file, number));
    }
}
