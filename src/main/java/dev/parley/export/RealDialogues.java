package dev.parley.export;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.parley.corpus.DialogueFile;

/**
 * Reads a JSONL file of real dialogues to mix with synthetic ones ({@link DialogueFile} reads the
 * OpenAI or ShareGPT lines). A dialogue without a system message gets the recipe's system prompt,
 * so that every record of the dataset starts the same way. Any problem names the file and line.
 */
public final class RealDialogues {

    private static final String WHAT = "real dialogues";

    private RealDialogues() {
    }

    /**
     * @param systemPrompt the system prompt given to dialogues that have none, if any
     * @throws IllegalArgumentException naming the file and line of the first unusable dialogue
     */
    public static List<ExportRecord> read(Path file, Optional<String> systemPrompt) throws IOException {
        String name = file.getFileName().toString();
        return DialogueFile.read(file, WHAT).stream().map(e -> record(e, name, systemPrompt)).toList();
    }

    static ExportRecord parse(String line, String file, int number, Optional<String> systemPrompt) {
        return record(DialogueFile.parseLine(line, file, number, WHAT), file, systemPrompt);
    }

    private static ExportRecord record(DialogueFile.Entry entry, String file, Optional<String> systemPrompt) {
        List<ExportRecord.Message> messages = new ArrayList<>();
        entry.messages().forEach(m -> messages.add(new ExportRecord.Message(m.role(), m.content(), m.weight())));
        if (!messages.getFirst().isSystem() && systemPrompt.isPresent()) {
            messages.addFirst(ExportRecord.Message.of(ExportRecord.SYSTEM, systemPrompt.get()));
        }
        return new ExportRecord("real/" + file + ":" + entry.line(), messages, Map.of(), null, Map.of(),
                ExportRecord.Provenance.real(file, entry.line()));
    }
}
