package dev.parley.export;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

import dev.parley.export.ExportRecord.Message;

/** Records for the export tests, built by hand so that every expected value is known. */
final class ExportFixtures {

    static final String SYSTEM_PROMPT = "Kamu adalah asisten layanan pelanggan TokoKita. Jawab dengan sopan.";
    /** Text that breaks careless encoders: Indonesian, an emoji outside the BMP, CJK, a quote, a backslash, a newline. */
    static final String UNICODE = "Terima kasih 🙏 — 日本語 “kutip” \\ baris\nbaru";
    static final String MASKED = "Maaf, saya tidak tahu. Coba tanya yang lain.";

    private ExportFixtures() {
    }

    /** A synthetic record with the recipe's system prompt, alternating turns and the given cell. */
    static ExportRecord synthetic(String id, Map<String, String> cell, String... turns) {
        List<Message> messages = new ArrayList<>();
        messages.add(Message.of(ExportRecord.SYSTEM, SYSTEM_PROMPT));
        for (int i = 0; i < turns.length; i++) {
            messages.add(Message.of(i % 2 == 0 ? ExportRecord.USER : ExportRecord.ASSISTANT, turns[i]));
        }
        return synthetic(id, cell, messages, 4.2);
    }

    static ExportRecord synthetic(String id, Map<String, String> cell, List<Message> messages, double score) {
        var scores = new LinkedHashMap<String, Integer>();
        scores.put("helpfulness", 4);
        scores.put("correctness", 5);
        return new ExportRecord(id, messages, cell, OptionalDouble.of(score), scores,
                new ExportRecord.Provenance(ExportRecord.Origin.SYNTHETIC, "run-1", position(id),
                        Optional.of("gen-model"), Optional.of("judge-model"), OptionalLong.of(42), false));
    }

    /** The number after the last slash of an id such as {@code run-1/7}, else 0. */
    static int position(String id) {
        String tail = id.substring(id.lastIndexOf('/') + 1);
        return tail.matches("\\d+") ? Integer.parseInt(tail) : 0;
    }

    /**
     * The contract's records: a plain two-turn dialogue; a four-turn dialogue whose first assistant
     * turn is masked; and one that carries the unicode text in a user and an assistant turn.
     */
    static List<ExportRecord> contractRecords() {
        ExportRecord plain = synthetic("run-1/0", Map.of("topic", "refund"), "Halo, dana saya belum kembali.",
                "Boleh saya minta nomor pesanannya?");
        ExportRecord masked = synthetic("run-1/1", Map.of("topic", "late"), List.of(
                Message.of(ExportRecord.SYSTEM, SYSTEM_PROMPT),
                Message.of(ExportRecord.USER, "Paket saya terlambat."),
                new Message(ExportRecord.ASSISTANT, MASKED, 0),
                Message.of(ExportRecord.USER, "Nomornya INV-123."),
                Message.of(ExportRecord.ASSISTANT, "Paket INV-123 tiba besok.")), 3.9);
        ExportRecord unicode = synthetic("run-1/2", Map.of("topic", "refund"), UNICODE, "Sama-sama! " + UNICODE);
        return List.of(plain, masked, unicode);
    }

    /** Index (in the messages, system included) of the masked turn of the second contract record. */
    static final int MASKED_INDEX = 2;
}
