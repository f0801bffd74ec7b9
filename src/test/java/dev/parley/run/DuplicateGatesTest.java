package dev.parley.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.parley.corpus.RunInputs;
import dev.parley.dialogue.Dialogue;
import dev.parley.dialogue.Turn;
import dev.parley.quality.SemanticCorpus;
import dev.parley.recipe.Recipe;
import dev.parley.recipe.RecipeLoader;

/** The duplicate gates against a reference file: exact, near and semantic, each naming the line. */
class DuplicateGatesTest {

    private static final String USER = "Halo kak, paket saya dengan nomor pesanan INV-20931 belum sampai juga padahal"
            + " estimasinya kemarin sore dan status di aplikasi masih dalam perjalanan dari gudang Bekasi sejak tiga hari";
    private static final String ASSISTANT = "Mohon maaf atas keterlambatannya kak, saya sudah cek pesanan INV-20931 dan"
            + " paketnya tertahan di pusat sortir Cikarang karena volume kiriman tinggi, perkiraan tiba besok siang";

    private static Recipe.Checks checks(Path reference, double semantic) {
        return checks(Optional.of(reference.toString()), semantic);
    }

    private static Recipe.Checks checks(Optional<String> reference, double semantic) {
        return new Recipe.Checks(0.3, 0.7, Recipe.Checks.REJECT, Recipe.Memorisation.DEFAULT, Optional.empty(),
                new Recipe.CollapseChecks(List.of(), 50, 0.2, semantic, 0,
                        new Recipe.DedupAgainst(false, List.of(), reference)));
    }

    /** How many of the dialogues the semantic gate turns away, fed in order. */
    private static long semanticRejections(double cosine, List<Dialogue> dialogues) {
        var gates = new DuplicateGates(checks(Optional.empty(), cosine));
        long rejected = 0;
        for (int seq = 0; seq < dialogues.size(); seq++) {
            rejected += gates.check(seq, dialogues.get(seq)).filter(r -> r.gate().equals("semantic-duplicate"))
                    .isPresent() ? 1 : 0;
        }
        return rejected;
    }

    @Test
    void the_recommended_bar_keeps_distinct_conversations_of_one_scenario_that_the_old_bar_turned_away() {
        // given the 18 distinct English late-parcel conversations of the bench-semantic corpus, no paraphrase
        List<Dialogue> distinct = SemanticCorpus.generate(1, SemanticCorpus.COURSES).stream()
                .filter(s -> s.language().equals("en") && s.scenario().equals("late-parcel") && s.paraphrase() == null)
                .map(SemanticCorpus.Sample::dialogue).toList();
        assertThat(distinct).hasSize(SemanticCorpus.COURSES);

        // then cosine 0.85 rejects some of them as semantic duplicates, the recommended 0.97 none
        assertThat(semanticRejections(0.85, distinct)).isPositive();
        assertThat(semanticRejections(Recipe.CollapseChecks.RECOMMENDED_SEMANTIC_DUPLICATE, distinct)).isZero();
    }

    private static Dialogue dialogue(String user, String assistant) {
        return new Dialogue(List.of(new Turn(Turn.USER, user), new Turn(Turn.ASSISTANT, assistant)));
    }

    private static Path reference(Path dir) throws Exception {
        Path file = dir.resolve("real.jsonl");
        Files.writeString(file, """
                {"messages": [{"role": "system", "content": "Kamu asisten toko."}, {"role": "user", "content": "Jam buka toko hari Minggu?"}, {"role": "assistant", "content": "Jam sepuluh pagi sampai empat sore, kak."}]}

                {"conversations": [{"from": "human", "value": "%s"}, {"from": "gpt", "value": "%s"}]}
                """.formatted(USER, ASSISTANT));
        return file;
    }

    /** The reference file as a run stores it. */
    private static RunInputs stored(Path dir) throws Exception {
        Path file = reference(dir);
        return RunInputs.ofRun(RecipeLoader.parse("""
                name: shop
                language: id
                count: 2
                turns: { min: 2, max: 4 }
                assistant: { system-prompt: Bantu pelanggan. }
                dimensions: { topic: [a, b] }
                checks: { dedup-against: { reference: %s } }
                """.formatted(file)), List.of());
    }

    @Test
    void rejects_near_duplicates_of_a_reference_line_and_keeps_new_dialogues(@TempDir Path dir) throws Exception {
        var gates = new DuplicateGates(checks(reference(dir), 0));
        assertThat(gates.preload(checks(reference(dir), 0).collapse().dedupAgainst(), null, null, null, stored(dir)))
                .isEqualTo(2);

        // Line 3 (a blank line 2 is skipped) with two words changed at the end of the assistant's message.
        var edited = dialogue(USER, ASSISTANT.replace("besok siang", "lusa pagi"));
        assertThat(gates.check(0, edited)).hasValueSatisfying(r -> {
            assertThat(r.gate()).isEqualTo("near-duplicate");
            assertThat(r.reason()).matches("near duplicate of reference line 3 \\(estimated Jaccard similarity 0\\.\\d\\d ≥ 0\\.70\\)");
        });
        assertThat(gates.check(1, dialogue("Jam buka toko hari Minggu?", "Jam sepuluh pagi sampai empat sore, kak!")))
                .hasValueSatisfying(r -> assertThat(r.reason()).isEqualTo("same text as reference line 1 after normalisation"));
        assertThat(gates.check(2, dialogue("Bisa bayar pakai kartu kredit?", "Bisa kak, cicilan tiga atau enam bulan.")))
                .isEmpty();
    }

    @Test
    void with_semantic_dedup_rejects_a_paraphrase_of_a_reference_line(@TempDir Path dir) throws Exception {
        var gates = new DuplicateGates(checks(reference(dir), 0.8));
        gates.preload(checks(reference(dir), 0.8).collapse().dedupAgainst(), null, null, null, stored(dir));

        var paraphrase = dialogue("Kak, pesanan INV-20931 saya kok belum datang ya, harusnya kemarin sore sudah sampai,"
                + " di aplikasi statusnya masih dikirim dari gudang Bekasi dari tiga hari lalu",
                "Maaf ya kak paketnya terlambat. Pesanan INV-20931 sudah saya periksa, paketnya masih di tempat sortir"
                        + " Cikarang karena kiriman sedang banyak, kira-kira sampai besok siang");
        assertThat(gates.check(0, paraphrase)).hasValueSatisfying(r -> {
            assertThat(r.gate()).isEqualTo("semantic-duplicate");
            assertThat(r.reason()).startsWith("says the same as reference line 3 (cosine similarity 0.");
        });
        assertThat(gates.embedding(0)).as("a rejected dialogue is held nowhere").isEmpty();
        assertThat(gates.check(1, dialogue("Bisa bayar pakai kartu kredit?", "Bisa kak, cicilan tiga atau enam bulan.")))
                .isEmpty();
        assertThat(gates.embedding(1)).hasValueSatisfying(v -> assertThat(v).hasSize(384));
    }
}
