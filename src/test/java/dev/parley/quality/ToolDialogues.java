package dev.parley.quality;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.parley.dialogue.Cell;
import dev.parley.dialogue.Dialogue;
import dev.parley.dialogue.ToolCall;
import dev.parley.dialogue.Turn;
import dev.parley.recipe.Recipe;
import dev.parley.recipe.RecipeLoader;

/** A recipe with one lookup tool and a well-formed dialogue that uses it, for the tool gates' tests. */
final class ToolDialogues {

    private ToolDialogues() {
    }

    static final Recipe RECIPE = RecipeLoader.parse("""
            name: shop-tools
            language: id
            count: 10
            turns: { min: 4, max: 6 }
            assistant:
              system-prompt: Kamu asisten TokoKita. Jangan menebak status pesanan.
            dimensions:
              topic: [status]
              tool-scenario: [needs-lookup, no-tool-needed]
            tools:
              - name: cek_status_pesanan
                description: Mengecek status pengiriman sebuah pesanan.
                parameters:
                  type: object
                  properties:
                    nomor_pesanan: { type: string, pattern: "^INV-[0-9]{5}$" }
                  required: [nomor_pesanan]
                  additionalProperties: false
            """);

    static final Cell NEEDS_LOOKUP = new Cell(Map.of("topic", "status", "tool-scenario", "needs-lookup"));

    /** user, assistant asks, user gives the order, assistant calls, tool answers, assistant answers from it. */
    static Dialogue lookup(String arguments, String resultId, String result, String answer) {
        return new Dialogue(List.of(
                new Turn(Turn.USER, "Halo, paket saya belum sampai."),
                new Turn(Turn.ASSISTANT, "Baik, boleh saya minta nomor pesanannya?"),
                new Turn(Turn.USER, "Nomornya INV-48213."),
                Turn.toolCalling("", List.of(new ToolCall("call_1", "cek_status_pesanan", arguments))),
                Turn.toolResult(resultId, result),
                new Turn(Turn.ASSISTANT, answer)));
    }

    static final String ARGUMENTS = "{\"nomor_pesanan\": \"INV-48213\"}";
    static final String RESULT = "{\"nomor_pesanan\": \"INV-48213\", \"status\": \"dalam pengiriman\", \"estimasi\": \"2026-12-09\"}";
    static final String ANSWER = "Pesanan INV-48213 sedang dalam pengiriman dan diperkirakan tiba 9 Desember.";

    /** The clean dialogue: every gate lets it through. */
    static final Dialogue CLEAN = lookup(ARGUMENTS, "call_1", RESULT, ANSWER);

    /** {@link #CLEAN} with one turn replaced (0-based index). */
    static Dialogue with(Dialogue dialogue, int index, Turn turn) {
        List<Turn> turns = new ArrayList<>(dialogue.turns());
        turns.set(index, turn);
        return new Dialogue(turns);
    }
}
