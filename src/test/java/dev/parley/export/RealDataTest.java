package dev.parley.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading real dialogues and mixing them with synthetic ones. */
class RealDataTest {

    @TempDir
    Path dir;

    private Path file(String... lines) throws IOException {
        Path file = dir.resolve("real.jsonl");
        Files.writeString(file, String.join("\n", lines) + "\n");
        return file;
    }

    @Test
    void reads_openai_and_sharegpt_lines_and_gives_the_system_prompt_to_dialogues_without_one() throws IOException {
        Path file = file(
                "\uFEFF{\"messages\":[{\"role\":\"user\",\"content\":\"Halo\"},{\"role\":\"assistant\",\"content\":\"Hai 👋\",\"weight\":0},"
                        + "{\"role\":\"user\",\"content\":\"Lagi\"},{\"role\":\"assistant\",\"content\":\"Ya\"}]}",
                "",
                "{\"conversations\":[{\"from\":\"system\",\"value\":\"Own prompt\"},{\"from\":\"human\",\"value\":\"Q\"},"
                        + "{\"from\":\"gpt\",\"value\":\"A\"}],\"source\":\"ticket-9\"}");

        List<ExportRecord> records = RealDialogues.read(file, Optional.of("Recipe prompt"));

        assertThat(records).hasSize(2);
        ExportRecord first = records.getFirst();
        assertThat(first.id()).isEqualTo("real/real.jsonl:1");
        assertThat(first.systemPrompt()).hasValue("Recipe prompt");
        assertThat(first.messages()).extracting(ExportRecord.Message::role)
                .containsExactly("system", "user", "assistant", "user", "assistant");
        assertThat(first.messages().get(2)).isEqualTo(new ExportRecord.Message("assistant", "Hai 👋", 0));
        assertThat(first.provenance().origin()).isEqualTo(ExportRecord.Origin.REAL);
        assertThat(first.provenance().source()).isEqualTo("real.jsonl");
        assertThat(first.cell()).isEmpty();
        assertThat(first.score()).isEmpty();
        ExportRecord second = records.get(1);
        assertThat(second.id()).isEqualTo("real/real.jsonl:3");
        assertThat(second.provenance().position()).isEqualTo(3);
        assertThat(second.messages()).containsExactly(ExportRecord.Message.of("system", "Own prompt"),
                ExportRecord.Message.of("user", "Q"), ExportRecord.Message.of("assistant", "A"));
    }

    @Test
    void names_the_file_and_line_of_a_dialogue_it_cannot_use() throws IOException {
        String ok = "{\"messages\":[{\"role\":\"user\",\"content\":\"a\"},{\"role\":\"assistant\",\"content\":\"b\"}]}";

        assertThatThrownBy(() -> RealDialogues.read(file(ok, "{oops"), Optional.empty()))
                .hasMessageStartingWith("real dialogues real.jsonl line 2: not valid JSON");
        assertThatThrownBy(() -> RealDialogues.read(file(ok, ok, "{\"text\":\"x\"}"), Optional.empty()))
                .hasMessage("real dialogues real.jsonl line 3: expected a \"messages\" (OpenAI) or \"conversations\" (ShareGPT) array");
        assertThatThrownBy(() -> RealDialogues.read(file("{\"conversations\":[{\"from\":\"bot\",\"value\":\"x\"}]}"), Optional.empty()))
                .hasMessage("real dialogues real.jsonl line 1: conversations[0].from must be one of system, human, gpt, got 'bot'");
        assertThatThrownBy(() -> RealDialogues.read(file("{\"messages\":[{\"role\":\"user\",\"content\":\"only\"}]}"), Optional.empty()))
                .hasMessage("real dialogues real.jsonl line 1: a dialogue needs at least one user and one assistant message");
        assertThatThrownBy(() -> RealDialogues.read(file("{\"messages\":[{\"role\":\"user\",\"content\":\"a\",\"weight\":0},"
                + "{\"role\":\"assistant\",\"content\":\"b\"}]}"), Optional.empty()))
                .hasMessage("real dialogues real.jsonl line 1: messages[0].weight must be 0 or 1, and 0 only on an assistant message");
        assertThatThrownBy(() -> RealDialogues.read(dir.resolve("missing.jsonl"), Optional.empty()))
                .hasMessageStartingWith("real dialogues: no file ");
    }

    private static List<ExportRecord> synthetic(int cells, int perCell) {
        List<ExportRecord> records = new ArrayList<>();
        for (int c = 0; c < cells; c++) {
            for (int i = 0; i < perCell; i++) {
                int n = records.size();
                records.add(ExportFixtures.synthetic("run-1/" + n, Map.of("topic", "t" + c), "q" + n, "a" + n));
            }
        }
        return records;
    }

    private static List<ExportRecord> real(int n) {
        List<ExportRecord> records = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            records.add(RealDialogues.parse("{\"messages\":[{\"role\":\"user\",\"content\":\"real q" + i
                    + "\"},{\"role\":\"assistant\",\"content\":\"real a" + i + "\"}]}", "real.jsonl", i, Optional.of("S")));
        }
        return records;
    }

    @Test
    void keeps_every_real_dialogue_and_leaves_out_synthetic_ones_beyond_the_minimum_real_share() {
        List<ExportRecord> synthetic = synthetic(4, 10);
        List<ExportRecord> real = real(12);

        var mix = RealDataMixer.mix(synthetic, real, OptionalDouble.of(0.3), 7, "real.jsonl");

        // 12 real at 30% or more allow at most 12 * 0.7 / 0.3 = 28 synthetic.
        assertThat(mix.report().real()).isEqualTo(12);
        assertThat(mix.report().synthetic()).isEqualTo(28);
        assertThat(mix.report().syntheticLeftOut()).isEqualTo(12);
        assertThat(mix.report().realShare()).isEqualTo(0.3);
        assertThat(mix.records()).containsAll(real).hasSize(40);
        assertThat(mix.records().stream().filter(r -> r.provenance().origin() == ExportRecord.Origin.REAL)).hasSize(12);
        // Synthetic ones are taken one cell at a time: every cell keeps 7 of its 10.
        assertThat(mix.records().stream().filter(r -> r.provenance().origin() == ExportRecord.Origin.SYNTHETIC)
                .collect(Collectors.groupingBy(ExportRecord::cellKey, Collectors.counting())))
                .hasSize(4).allSatisfy((cell, n) -> assertThat(n).isEqualTo(7L));
    }

    @Test
    void keeps_everything_when_the_real_share_is_already_met_or_no_ratio_is_given() {
        var enough = RealDataMixer.mix(synthetic(1, 5), real(10), OptionalDouble.of(0.5), 1, "real.jsonl");
        assertThat(enough.report().synthetic()).isEqualTo(5);
        assertThat(enough.report().syntheticLeftOut()).isZero();
        assertThat(enough.report().realShare()).isEqualTo(10 / 15.0);

        var all = RealDataMixer.mix(synthetic(2, 5), real(3), OptionalDouble.empty(), 1, "real.jsonl");
        assertThat(all.records()).hasSize(13);
        assertThat(all.report().realShare()).isEqualTo(3 / 13.0);
        assertThat(all.report().requestedShare()).isEmpty();
    }

    @Test
    void leaves_out_the_same_synthetic_dialogues_for_the_same_seed() {
        var a = RealDataMixer.mix(synthetic(3, 10), real(5), OptionalDouble.of(0.25), 9, "real.jsonl");
        var b = RealDataMixer.mix(synthetic(3, 10), real(5), OptionalDouble.of(0.25), 9, "real.jsonl");
        var c = RealDataMixer.mix(synthetic(3, 10), real(5), OptionalDouble.of(0.25), 10, "real.jsonl");

        assertThat(a.records()).extracting(ExportRecord::id).isEqualTo(b.records().stream().map(ExportRecord::id).toList());
        assertThat(a.records()).extracting(ExportRecord::id).isNotEqualTo(c.records().stream().map(ExportRecord::id).toList());
        assertThat(a.report().synthetic()).isEqualTo(15);
    }

    @Test
    void rejects_a_ratio_outside_zero_to_one_and_a_ratio_with_no_real_dialogue() {
        assertThatThrownBy(() -> RealDataMixer.mix(synthetic(1, 2), real(1), OptionalDouble.of(1.0), 1, "f"))
                .hasMessage("--real-ratio must be more than 0 and less than 1, got 1.0");
        assertThatThrownBy(() -> RealDataMixer.mix(synthetic(1, 2), List.of(), OptionalDouble.of(0.2), 1, "f.jsonl"))
                .hasMessage("--real-ratio: the file of real dialogues f.jsonl has no dialogue");
    }
}
