package dev.parley.export;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.parley.dialogue.ToolCall;
import dev.parley.recipe.ToolDefinition;

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
                        Optional.of("gen-model"), Optional.of("judge-model"), OptionalLong.of(42), false,
                        Optional.of("user-model"), Optional.of("abc123"), Map.of("write-dialogue.system.md", "f00d"),
                        REVISIONS, SEED_DEPTH));
    }

    /** Revisions and seed synthetic depth every fixture record carries in its provenance. */
    static final int REVISIONS = 1;
    static final int SEED_DEPTH = 2;

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

    /** The tool the tool records declare, in OpenAI's function format, written here rather than by a recipe reader. */
    static final ToolDefinition LOOKUP = new ToolDefinition("cek_status_pesanan", "Mengecek status pesanan.",
            FormatReader.JSON.createObjectNode().put("type", "object").<ObjectNode>set("properties",
                    FormatReader.JSON.createObjectNode().set("nomor_pesanan",
                            FormatReader.JSON.createObjectNode().put("type", "string")))
                    .set("required", FormatReader.JSON.createArrayNode().add("nomor_pesanan")));
    static final String TOOL_RESULT = "{\"status\": \"dalam pengiriman\"}";
    static final String TOOL_ANSWER = "Pesanan INV-123 sedang dalam pengiriman.";

    /**
     * Records with tool use: a lookup answered from its result; and one whose first call is masked (the judge
     * scored it low), followed by a second call and the answer.
     */
    static List<ExportRecord> toolRecords() {
        Message call = new Message(ExportRecord.ASSISTANT, "", 1,
                List.of(new ToolCall("call_1", LOOKUP.name(), "{\"nomor_pesanan\": \"INV-123\"}")), null);
        ExportRecord lookup = withTools(synthetic("run-1/5", Map.of("topic", "late"), List.of(
                Message.of(ExportRecord.SYSTEM, SYSTEM_PROMPT),
                Message.of(ExportRecord.USER, "Paket INV-123 saya di mana?"),
                call,
                new Message(ExportRecord.TOOL, TOOL_RESULT, 1, List.of(), "call_1"),
                Message.of(ExportRecord.ASSISTANT, TOOL_ANSWER)), 4.4));
        ExportRecord maskedCall = withTools(synthetic("run-1/6", Map.of("topic", "late"), List.of(
                Message.of(ExportRecord.SYSTEM, SYSTEM_PROMPT),
                Message.of(ExportRecord.USER, "Paket INV-123 saya di mana?"),
                new Message(ExportRecord.ASSISTANT, "", 0,
                        List.of(new ToolCall("call_1", LOOKUP.name(), "{\"nomor_pesanan\": \"123\"}")), null),
                new Message(ExportRecord.TOOL, "{\"error\": \"tidak ditemukan\"}", 1, List.of(), "call_1"),
                new Message(ExportRecord.ASSISTANT, "Saya cek ulang.", 1,
                        List.of(new ToolCall("call_2", LOOKUP.name(), "{\"nomor_pesanan\": \"INV-123\"}")), null),
                new Message(ExportRecord.TOOL, TOOL_RESULT, 1, List.of(), "call_2"),
                Message.of(ExportRecord.ASSISTANT, TOOL_ANSWER)), 3.8));
        return List.of(lookup, maskedCall);
    }

    private static ExportRecord withTools(ExportRecord r) {
        return new ExportRecord(r.id(), r.messages(), r.cell(), r.score(), r.scores(), r.provenance(), List.of(LOOKUP));
    }

    /** Index (in the messages, system included) of the masked turn of the second contract record. */
    static final int MASKED_INDEX = 2;

    /** The judged dialogues of the fixture report per score bin: one at 3.5–4.0, two at 4.0–4.5, one at 2.5–3.0. */
    static final Map<String, Integer> SCORE_HISTOGRAM = histogram();

    private static Map<String, Integer> histogram() {
        var bins = new LinkedHashMap<String, Integer>();
        RunReport.SCORE_BINS.forEach(b -> bins.put(b, 0));
        bins.put("2.5–3.0", 1);
        bins.put("3.5–4.0", 1);
        bins.put("4.0–4.5", 2);
        return bins;
    }

    /** A run report as the store would give it; in one place so that new report fields change one line. */
    static RunReport report(boolean offlineDemo, int accepted) {
        var counts = new LinkedHashMap<String, Integer>();
        counts.put("planned", accepted + 3);
        counts.put("generated", accepted + 3);
        counts.put("rejectedByCheck", 1);
        counts.put("rejectedByJudge", 2);
        counts.put("accepted", accepted);
        counts.put("failed", 0);
        counts.put("unfinished", 0);
        return new RunReport("run-1", "shop-support", "completed", null, offlineDemo,
                offlineDemo ? "Made by the offline demo model to show the workflow: NOT FOR TRAINING." : null,
                Map.of("generator", offlineDemo ? "offline-demo" : "gen-model", "judge", offlineDemo ? "offline-demo" : "judge-model"),
                counts, Map.of("structure", 1, "judge", 2), Map.of("helpfulness", 4.0, "overall", 4.1),
                new java.util.TreeMap<>(Map.of("revised", 2, "savedByRevision", 1)), 1, Map.of("lengthBias", Map.of("spearman", 0.12)),
                Map.of("cells", 2, "cellsCovered", 2), Map.of(), Map.of("distinct1", 0.23, "distinct2", 0.41, "selfBleu", 0.3),
                Map.of("email", 1), Map.of("total", Map.of("input", 1000L, "output", 500L)), Map.of("generator", accepted + 3), 0,
                0.0, null, List.of(), Map.of(), 1.5, List.of(), List.of(), List.of(), SCORE_HISTOGRAM);
    }

    static final String RECIPE_YAML = """
            name: shop-support
            description: Support chats for a small shop
            language: id
            count: 10
            seed: 7
            turns: { min: 2, max: 6 }
            assistant:
              system-prompt: "%s"
            dimensions:
              topic: [refund, late, voucher]
            judge:
              threshold: 3.5
            """.formatted(SYSTEM_PROMPT);

    /** Where the contract records came from, as the export package describes it. */
    static ExportSource source(boolean offlineDemo, int accepted) {
        var recipe = dev.parley.recipe.RecipeLoader.parse(RECIPE_YAML);
        var rubric = dev.parley.judge.Rubric.parse("""
                name: test
                turn-floor: 3
                criteria:
                  - { name: helpfulness, weight: 2, description: helps }
                  - { name: correctness, weight: 1, description: correct, floor: 2 }
                """);
        var models = new LinkedHashMap<String, ExportSource.ModelInfo>();
        models.put("generator", new ExportSource.ModelInfo("gen-model", OptionalDouble.of(0.9), "as configured"));
        models.put("judge", new ExportSource.ModelInfo("judge-model", OptionalDouble.of(0.0), "as configured"));
        return new ExportSource(report(offlineDemo, accepted), recipe, "{\"name\":\"shop-support\"}", "abc123",
                Map.of("write-dialogue.system.md", "f00d"), Optional.of(rubric), models, Map.of(), "9.9.9-test");
    }
}
