package dev.parley.corpus;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.parley.dialogue.Dialogue;
import dev.parley.dialogue.Turn;

/**
 * Reads a JSONL file of real dialogues: seed examples, a memorisation reference, an evaluation set
 * to decontaminate against, or real data mixed into an export. Each line is either OpenAI chat
 * ({@code {"messages": [{"role": "system"|"user"|"assistant", "content": …, "weight"?: 0|1}]}}) or
 * ShareGPT ({@code {"conversations": [{"from": "system"|"human"|"gpt", "value": …}]}}); other keys are
 * ignored, blank lines skipped. Any problem names the file and line.
 */
public final class DialogueFile {

    public static final String SYSTEM = "system";
    public static final String USER = "user";
    public static final String ASSISTANT = "assistant";
    private static final Set<String> ROLES = Set.of(SYSTEM, USER, ASSISTANT);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> FROM = Map.of("system", SYSTEM, "human", USER, "user", USER, "gpt", ASSISTANT,
            "assistant", ASSISTANT);

    private DialogueFile() {
    }

    /**
     * One message as the file has it.
     *
     * @param role    {@code system}, {@code user} or {@code assistant}
     * @param weight  1, or 0 on an assistant message not to be trained on
     */
    public record Message(String role, String content, int weight) {
        public Message {
            Objects.requireNonNull(role, "role");
            Objects.requireNonNull(content, "content");
        }
    }

    /**
     * One dialogue of the file.
     *
     * @param line     its line number, 1-based
     * @param messages its messages, a system message (if any) first
     */
    public record Entry(int line, List<Message> messages) {
        public Entry {
            messages = List.copyOf(messages);
        }

        /** The user and assistant messages, without the system message. */
        public Dialogue dialogue() {
            return new Dialogue(messages.stream().filter(m -> !m.role().equals(SYSTEM))
                    .map(m -> new Turn(m.role(), m.content())).toList());
        }
    }

    /**
     * @param what what the file is, opening every error message (e.g. {@code real dialogues})
     * @throws IllegalArgumentException naming the file and line of the first unusable dialogue
     */
    public static List<Entry> read(Path file, String what) throws IOException {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(in, file.getFileName().toString(), what);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(what + ": no file " + file);
        }
    }

    /** Reads dialogues from text already loaded (a run keeps its files' text, so a resume reads the same). */
    public static List<Entry> parse(String text, String file, String what) {
        try {
            return read(new BufferedReader(new StringReader(text)), file, what);
        } catch (IOException e) {
            throw new IllegalStateException("reading a string failed", e);
        }
    }

    private static List<Entry> read(BufferedReader in, String name, String what) throws IOException {
        List<Entry> entries = new ArrayList<>();
        String line;
        int number = 0;
        while ((line = in.readLine()) != null) {
            number++;
            if (number == 1 && line.startsWith("\uFEFF")) {
                line = line.substring(1);
            }
            if (!line.isBlank()) {
                entries.add(parseLine(line, name, number, what));
            }
        }
        return entries;
    }

    /** One line of the file. */
    public static Entry parseLine(String line, String file, int number, String what) {
        JsonNode root;
        try {
            root = JSON.readTree(line);
        } catch (JsonProcessingException e) {
            throw new DialogueFileException(what, file, number, "", "not valid JSON (" + e.getOriginalMessage() + ")");
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
            throw new DialogueFileException(what, file, number, "", "expected a \"messages\" (OpenAI) or \"conversations\" (ShareGPT) array");
        }
        List<Message> messages = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode m = list.get(i);
            String at = (roleKey.equals("role") ? "messages[" : "conversations[") + i + "]";
            String role = FROM.get(m.path(roleKey).asText(""));
            if (role == null || (roleKey.equals("role") && !ROLES.contains(m.path(roleKey).asText()))) {
                throw new DialogueFileException(what, file, number, at + "." + roleKey, "must be one of "
                        + (roleKey.equals("role") ? "system, user, assistant" : "system, human, gpt") + ", got '"
                        + m.path(roleKey).asText() + "'");
            }
            if (!m.path(contentKey).isTextual() || m.path(contentKey).asText().isBlank()) {
                throw new DialogueFileException(what, file, number, at + "." + contentKey, "must be a non-empty string");
            }
            if (role.equals(SYSTEM) && i > 0) {
                throw new DialogueFileException(what, file, number, at, "is a system message, which may only come first");
            }
            int weight = 1;
            if (m.has("weight")) {
                if (!m.get("weight").isInt() || (m.get("weight").asInt() != 0 && m.get("weight").asInt() != 1)
                        || (m.get("weight").asInt() == 0 && !role.equals(ASSISTANT))) {
                    throw new DialogueFileException(what, file, number, at + ".weight", "must be 0 or 1, and 0 only on an assistant message");
                }
                weight = m.get("weight").asInt();
            }
            messages.add(new Message(role, m.get(contentKey).asText(), weight));
        }
        if (messages.stream().noneMatch(m -> m.role().equals(USER)) || messages.stream().noneMatch(m -> m.role().equals(ASSISTANT))) {
            throw new DialogueFileException(what, file, number, "", "a dialogue needs at least one user and one assistant message");
        }
        return new Entry(number, messages);
    }
}
