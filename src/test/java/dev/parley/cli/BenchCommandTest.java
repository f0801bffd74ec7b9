package dev.parley.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.parley.bench.OpenAiStubServer.Counts;
import dev.parley.bench.OpenAiStubServer.Outcome;
import dev.parley.bench.RunAudit;
import dev.parley.cli.BenchCommand.Check;
import dev.parley.cli.BenchCommand.ChildRun;
import dev.parley.cli.BenchCommand.Round;
import dev.parley.recipe.Recipe;
import dev.parley.recipe.RecipeLoader;

class BenchCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void the_median_of_the_rounds_skips_unmeasured_ones_and_averages_the_middle_two() {
        OptionalDouble none = OptionalDouble.empty();
        assertThat(BenchCommand.median(List.of(OptionalDouble.of(2.0), none, OptionalDouble.of(1.5), OptionalDouble.of(1.7)))
                .getAsDouble()).isEqualTo(1.7);
        assertThat(BenchCommand.median(List.of(OptionalDouble.of(2.0), OptionalDouble.of(1.0), OptionalDouble.of(1.6),
                OptionalDouble.of(1.2))).getAsDouble()).isCloseTo(1.4, within(1e-9));
        assertThat(BenchCommand.median(List.of(none, none))).isEmpty();
    }

    @Test
    void the_rounds_summary_gives_each_rounds_ratios_and_their_median() {
        var rounds = List.of(
                new Round(OptionalDouble.of(2.4), OptionalDouble.of(1.2), 600, 1000),
                new Round(OptionalDouble.of(3.0), OptionalDouble.of(2.0), 500, 1000),
                new Round(OptionalDouble.of(1.8), OptionalDouble.of(1.0), 900, 1000));

        String summary = BenchCommand.roundsSummary(rounds);

        assertThat(summary.lines().toList()).containsExactly(
                "rounds: run 1 and the reference client, one after the other",
                "  round 1         CPU per call 2.40 ms ÷ 1.20 ms = 2.00 · calls/s 600.0 ÷ 1000.0 = 0.60",
                "  round 2         CPU per call 3.00 ms ÷ 2.00 ms = 1.50 · calls/s 500.0 ÷ 1000.0 = 0.50",
                "  round 3         CPU per call 1.80 ms ÷ 1.00 ms = 1.80 · calls/s 900.0 ÷ 1000.0 = 0.90",
                "  median          CPU per call ÷ the reference's 1.80 (1.50–2.00 over 3 rounds) · calls/s 0.60");
    }

    @Test
    void rounds_need_a_reference_client_and_at_least_one_round() {
        var bench = new BenchCommand();
        bench.dialogues = 10;
        bench.concurrency = 4;
        bench.rounds = 3;
        assertThatThrownBy(bench::call).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--rounds 3 compares with a reference client: add --reference node");
        bench.rounds = 0;
        bench.reference = "node";
        assertThatThrownBy(bench::call).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--rounds must be at least 1, got 0");
    }

    @Test
    void writes_a_valid_recipe_with_the_requested_count_and_seed() {
        Recipe recipe = RecipeLoader.parse(BenchCommand.recipe(2000, 7));

        assertThat(recipe.count()).isEqualTo(2000);
        assertThat(recipe.seed()).isEqualTo(7);
        assertThat(recipe.turns().min()).isEqualTo(4);
        assertThat(recipe.turns().max()).isEqualTo(6);
        assertThat(recipe.dimensions()).containsOnlyKeys("topic", "persona", "mood");
    }

    @Test
    void gives_the_child_a_short_timeout_only_when_timeouts_are_injected(@TempDir Path dir) {
        Map<String, String> plain = BenchCommand.childEnvironment("http://127.0.0.1:1/v1", 64, dir, false);
        Map<String, String> faulty = BenchCommand.childEnvironment("http://127.0.0.1:1/v1", 64, dir, true);

        assertThat(plain).containsEntry("PARLEY_LLM_BASE_URL", "http://127.0.0.1:1/v1")
                .containsEntry("PARLEY_LLM_MAX_CONCURRENCY", "64").containsEntry("PARLEY_LLM_MODEL", "bench-model")
                .containsEntry("PARLEY_LLM_RETRY_BACKOFF", "200ms").containsEntry("PARLEY_DATA_DIR", dir.toString())
                .doesNotContainKey("PARLEY_LLM_TIMEOUT");
        assertThat(faulty).containsEntry("PARLEY_LLM_TIMEOUT", "2s");
        // The stub holds a timed-out call longer than the child waits for it.
        assertThat(BenchCommand.TIMEOUT_HOLD).isGreaterThan(Duration.parse("PT" + BenchCommand.CHILD_TIMEOUT));
    }

    @Test
    void stops_a_child_after_five_minutes_plus_ten_times_its_ideal_duration() {
        // 4000 calls at 256/s take 15.6 s at best.
        assertThat(BenchCommand.deadline(2000, 64, 250)).isEqualTo(Duration.ofMinutes(5).plusMillis(156_250));
        assertThat(BenchCommand.deadline(10, 8, 0)).isBetween(Duration.ofMinutes(5), Duration.ofMinutes(6));
    }

    @Test
    void finds_the_jar_from_the_class_path_the_code_source_or_the_working_directory(@TempDir Path dir) throws Exception {
        Path app = Files.createDirectories(dir.resolve("target/quarkus-app/app"));
        Path jar = Files.createFile(dir.resolve("target/quarkus-app/quarkus-run.jar"));
        Path appJar = Files.createFile(app.resolve("parley-0.1.0-SNAPSHOT.jar"));
        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));

        assertThat(BenchCommand.locateJar("target/quarkus-app/quarkus-run.jar", null, dir)).hasValue(jar);
        assertThat(BenchCommand.locateJar("", appJar, elsewhere)).hasValue(jar);
        assertThat(BenchCommand.locateJar("", dir.resolve("target/classes"), dir)).hasValue(jar);
        assertThat(BenchCommand.locateJar("a.jar" + java.io.File.pathSeparator + "b.jar", null, elsewhere)).isEmpty();
    }

    @Test
    void starts_the_child_with_the_jvm_options_beside_the_jar_as_the_launcher_does(@TempDir Path dir) throws Exception {
        Path jar = Files.createFile(dir.resolve("quarkus-run.jar"));
        Path java = Path.of("/jdk/bin/java");
        Path recipe = dir.resolve("bench.yaml");

        assertThat(BenchCommand.childCommand(java, jar, recipe))
                .containsExactly("/jdk/bin/java", "-jar", jar.toString(), "generate", recipe.toString(), "--out");

        Path options = Files.writeString(dir.resolve("jvm.options"), "-XX:TieredStopAtLevel=1\n");
        assertThat(BenchCommand.childCommand(java, jar, recipe))
                .containsExactly("/jdk/bin/java", "@" + options, "-jar", jar.toString(), "generate", recipe.toString(), "--out");
    }

    @Test
    void passes_a_clean_run_and_a_rerun_without_model_calls() {
        ChildRun first = run(report(2000, 2000, 0, 0, Map.of("generator", 2000, "judge", 2000)), 2000, 4000);
        ChildRun second = run(report(2000, 2000, 0, 0, Map.of()), 2000, 0);

        List<Check> checks = BenchCommand.checks(2000, first, second, Optional.of(audit(4000, 0, Set.of(), Set.of())),
                Optional.of(audit(0, 4000, Set.of(), Set.of())));

        assertThat(checks).allMatch(Check::ok);
    }

    @Test
    void fails_when_the_funnel_does_not_add_up_or_the_rerun_calls_the_model_again() {
        ChildRun first = run(report(2000, 1990, 0, 5, Map.of("generator", 2000, "judge", 1995)), 1990, 3995);
        ChildRun second = run(report(2000, 2000, 0, 0, Map.of("generator", 3)), 2000, 3);

        List<Check> checks = BenchCommand.checks(2000, first, second, Optional.of(audit(3990, 0, Set.of(), Set.of())),
                Optional.of(audit(0, 3990, Set.of(1, 2, 3), Set.of())));

        assertThat(checks).filteredOn(c -> !c.ok()).extracting(Check::what).anySatisfy(
                w -> assertThat(w).contains("1990 accepted + 0 rejected + 5 failed = 1995 of 2000 planned"))
                .anySatisfy(w -> assertThat(w).contains("run 2 made 3 model calls (must be 0)"));
    }

    @Test
    void accepts_rerun_calls_for_exactly_the_items_that_failed_in_the_first_run() {
        ChildRun first = run(report(2000, 1997, 0, 3, Map.of("generator", 2400, "judge", 2300)), 1997, 4700);
        ChildRun second = run(report(2000, 2000, 0, 0, Map.of("generator", 3, "judge", 3)), 2000, 6);
        Optional<RunAudit> firstAudit = Optional.of(audit(3994, 0, Set.of(), Set.of(17, 400, 1999)));

        assertThat(BenchCommand.checks(2000, first, second, firstAudit,
                Optional.of(audit(6, 3994, Set.of(17, 400, 1999), Set.of())))).allMatch(Check::ok);
        assertThat(BenchCommand.checks(2000, first, second, firstAudit,
                Optional.of(audit(6, 3994, Set.of(17, 400, 5), Set.of()))))
                .filteredOn(c -> !c.ok()).extracting(Check::what)
                .containsExactly("run 2 called the model only for items that failed in run 1 (3 items called, 3 failed in run 1, 1 others)");
    }

    private static ChildRun run(JsonNode report, long trainLines, long stubCalls) {
        var byOutcome = new EnumMap<Outcome, Long>(Outcome.class);
        byOutcome.put(Outcome.OK, stubCalls);
        return new ChildRun(true, 0, Duration.ofSeconds(20), OptionalLong.of(400_000), OptionalLong.of(20_000),
                Optional.empty(), new Counts(byOutcome, 64, 1_000_000_000L, 17_000_000_000L),
                Optional.of(report), trainLines, Path.of("run.err"));
    }

    private static JsonNode report(int planned, int accepted, int rejected, int failed, Map<String, Integer> calls) {
        var root = JSON.createObjectNode();
        root.put("runId", "0f9e2a56-0000-4000-8000-000000000001").put("status", "completed");
        root.putObject("counts").put("planned", planned).put("accepted", accepted).put("rejectedByCheck", rejected)
                .put("rejectedByJudge", 0).put("failed", failed).put("unfinished", planned - accepted - rejected - failed);
        var modelCalls = root.putObject("modelCalls");
        calls.forEach(modelCalls::put);
        return root;
    }

    private static RunAudit audit(long okCalls, long cacheHits, Set<Integer> called, Set<Integer> failed) {
        return new RunAudit(0, 0, okCalls, cacheHits, called, failed, Map.of(), Map.of());
    }
}
