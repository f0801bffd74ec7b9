package dev.parley.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.parley.store.PostgresTestDatabase;

/**
 * Runs the packaged application ({@code target/quarkus-app/quarkus-run.jar}) as a user would,
 * with no model configured, and checks the files it writes and what it prints.
 */
class PackagedCliIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar").toAbsolutePath();
    private static final Path RECIPES = Path.of("recipes").toAbsolutePath();

    record Result(int exit, List<String> out, List<String> err) {
    }

    private Result parley(Path workDir, Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-jar");
        command.add(JAR.toString());
        command.addAll(List.of(args));
        var builder = new ProcessBuilder(command).directory(workDir.toFile());
        // A fresh machine: no model configured anywhere.
        builder.environment().keySet().removeIf(k -> k.startsWith("PARLEY_") || k.equals("OPENAI_API_KEY"));
        builder.environment().put("PARLEY_DATA_DIR", workDir.resolve("data").toString());
        builder.environment().putAll(env);
        Path out = workDir.resolve("stdout.txt");
        Path err = workDir.resolve("stderr.txt");
        builder.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process process = builder.start();
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).as("parley finished").isTrue();
        return new Result(process.exitValue(), Files.readAllLines(out, StandardCharsets.UTF_8),
                Files.readAllLines(err, StandardCharsets.UTF_8));
    }

    @Test
    void generates_the_indonesian_example_with_the_offline_demo_model(@TempDir Path dir) throws Exception {
        Result r = parley(dir, Map.of(), "generate", RECIPES.resolve("ecommerce-support-id.yaml").toString(), "--out", "out");

        assertThat(r.exit()).as("exit code; stderr: %s", r.err()).isZero();
        assertThat(r.out().getFirst()).matches("run [0-9a-f-]{36}");
        String out = String.join("\n", r.out());
        assertThat(out).contains("of 40 dialogues accepted").contains("NOT FOR TRAINING")
                .containsPattern("mean score: \\d\\.\\d\\d of 5 · tokens: [\\d,]+ in / [\\d,]+ out · time: ");
        // Every file written is listed, data files with their records.
        try (var written = Files.walk(dir.resolve("out"))) {
            List<Path> files = written.filter(Files::isRegularFile).toList();
            assertThat(out).contains("wrote " + files.size() + " files:");
            files.forEach(f -> assertThat(out).contains(Path.of("out").resolve(dir.resolve("out").relativize(f)).toString()));
        }
        assertThat(out).containsPattern("out/train\\.jsonl +\\d+ records").containsPattern("out/train\\.provenance\\.jsonl +\\d+ records");

        List<String> lines = Files.readAllLines(dir.resolve("out/train.jsonl"));
        JsonNode report = JSON.readTree(dir.resolve("out/report.json").toFile());
        assertThat(report.get("offlineDemo").asBoolean()).isTrue();
        assertThat(report.at("/models/generator").asText()).isEqualTo("offline-demo");
        JsonNode counts = report.get("counts");
        assertThat(counts.get("planned").asInt()).isEqualTo(40);
        assertThat(counts.get("accepted").asInt()).isEqualTo(lines.size()).isBetween(20, 39);
        assertThat(counts.get("rejectedByCheck").asInt() + counts.get("rejectedByJudge").asInt()).isPositive();
        assertThat(counts.get("accepted").asInt() + counts.get("rejectedByCheck").asInt()
                + counts.get("rejectedByJudge").asInt() + counts.get("failed").asInt()).isEqualTo(40);
        assertThat(report.at("/tokens/total/input").asLong()).isPositive();

        int masked = 0;
        for (String line : lines) {
            JsonNode record = JSON.readTree(line);
            assertThat(iterable(record.fieldNames())).containsExactly("messages");
            JsonNode messages = record.get("messages");
            assertThat(messages.get(0).get("role").asText()).isEqualTo("system");
            assertThat(messages.get(0).get("content").asText()).startsWith("Kamu adalah asisten layanan pelanggan TokoKita.");
            boolean hasAssistant = false;
            for (JsonNode m : messages) {
                if (m.has("weight")) {
                    // An assistant turn the judge scored under the turn floor: kept as context only.
                    assertThat(iterable(m.fieldNames())).containsExactlyInAnyOrder("role", "content", "weight");
                    assertThat(m.get("role").asText()).isEqualTo("assistant");
                    assertThat(m.get("weight").asInt(-1)).isZero();
                    masked++;
                } else {
                    assertThat(iterable(m.fieldNames())).containsExactlyInAnyOrder("role", "content");
                }
                assertThat(m.get("role").asText()).isIn("system", "user", "assistant");
                assertThat(m.get("content").asText()).isNotBlank();
                hasAssistant |= m.get("role").asText().equals("assistant");
            }
            assertThat(hasAssistant).isTrue();
            assertThat(messages.get(messages.size() - 1).get("role").asText()).isEqualTo("assistant");
        }
        assertThat(masked).as("turns with weight 0").isEqualTo(report.get("maskedTurns").asInt());

        // The dataset card, manifest and charts, drawn headless by the packaged jar.
        assertThat(Files.readString(dir.resolve("out/README.md"))).startsWith("---\n").contains("NOT FOR TRAINING");
        JsonNode manifest = JSON.readTree(dir.resolve("out/manifest.json").toFile());
        assertThat(manifest.get("offlineDemo").asBoolean()).isTrue();
        assertThat(manifest.at("/counts/exported").asInt()).isEqualTo(lines.size());
        for (String chart : List.of("score-histogram", "length-distribution", "coverage")) {
            assertThat(javax.imageio.ImageIO.read(dir.resolve("out/charts/" + chart + ".png").toFile())).as(chart).isNotNull();
        }
        assertThat(r.err()).noneMatch(line -> line.contains("WARNING: A restricted method"));
    }

    @Test
    void re_exports_a_stored_run_in_other_formats_splits_and_mixes_without_any_model(@TempDir Path dir) throws Exception {
        Result generated = parley(dir, Map.of(), "generate", RECIPES.resolve("saas-helpdesk-en.yaml").toString(), "--out", "first",
                "--count", "10", "--format", "openai,sharegpt");
        assertThat(generated.exit()).as("stderr: %s", generated.err()).isZero();
        String runId = generated.out().getFirst().substring("run ".length());
        assertThat(dir.resolve("first/train.sharegpt.jsonl")).exists();
        Files.writeString(dir.resolve("real.jsonl"), """
                {"messages":[{"role":"user","content":"My invoice is wrong."},{"role":"assistant","content":"Let me check it."}]}
                {"conversations":[{"from":"human","value":"Reset my password?"},{"from":"gpt","value":"Use the link on the login page."}]}
                """);

        // An endpoint that cannot be reached: any model call would fail the command.
        Result exported = parley(dir, Map.of("PARLEY_LLM_BASE_URL", "http://127.0.0.1:9/v1", "PARLEY_LLM_MODEL", "any"),
                "export", runId, "--out", "again", "--format", "all", "--split", "0.5,0.5", "--mix-real", "real.jsonl");

        assertThat(exported.exit()).as("stderr: %s", exported.err()).isZero();
        assertThat(String.join("\n", exported.out())).contains("mixed: 2 real + ").contains("splits: train ")
                .contains("again/validation.parquet").contains("again/manifest.json");
        JsonNode manifest = JSON.readTree(dir.resolve("again/manifest.json").toFile());
        assertThat(manifest.at("/counts/real").asInt()).isEqualTo(2);
        assertThat(manifest.at("/counts/splits/train").asInt() + manifest.at("/counts/splits/validation").asInt())
                .isEqualTo(manifest.at("/counts/exported").asInt());
        for (String file : List.of("train.jsonl", "train.trl.jsonl", "train.sharegpt.jsonl", "train.alpaca.jsonl",
                "train.parquet", "validation.jsonl", "train.provenance.jsonl", "README.md")) {
            assertThat(dir.resolve("again").resolve(file)).as(file).exists();
        }

        Result typo = parley(dir, Map.of(), "export", runId, "--out", "again", "--format", "csv");
        assertThat(typo.exit()).isEqualTo(2);
        assertThat(typo.err()).filteredOn(line -> line.startsWith("parley:")).containsExactly(
                "parley: unknown export format 'csv' (known: openai, trl, sharegpt, alpaca, parquet, dpo, kto,"
                        + " openai-preference, or all)");

        Result noField = parley(dir, Map.of(), "export", runId, "--out", "again", "--reasoning", "field");
        assertThat(noField.exit()).isEqualTo(2);
        assertThat(noField.err()).filteredOn(line -> line.startsWith("parley:")).containsExactly("parley: --reasoning field:"
                + " openai has no reasoning field (trl and parquet have one); use --reasoning think for it, or export them"
                + " separately");
    }

    @Test
    void generate_exports_what_the_recipe_export_section_says_and_checks_it_before_any_call(@TempDir Path dir)
            throws Exception {
        String recipe = Files.readString(RECIPES.resolve("saas-helpdesk-en.yaml"));
        Files.writeString(dir.resolve("sectioned.yaml"), recipe + "\nexport: { formats: [trl], split: [0.5, 0.5], split-seed: 4 }\n");
        Files.writeString(dir.resolve("missing.yaml"), recipe + "\nexport: { real-data: nowhere.jsonl, real-ratio: 0.3 }\n");

        Result missing = parley(dir, Map.of(), "generate", "missing.yaml", "--out", "never", "--count", "4");
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).filteredOn(line -> line.startsWith("parley:")).containsExactly("parley: export.real-data: no file "
                + dir.toRealPath().resolve("nowhere.jsonl") + " (named by the recipe)");
        assertThat(missing.out()).as("no run was created").isEmpty();

        Result r = parley(dir, Map.of(), "generate", "sectioned.yaml", "--out", "out", "--count", "6");
        assertThat(r.exit()).as("stderr: %s", r.err()).isZero();
        assertThat(dir.resolve("out/train.trl.jsonl")).exists();
        assertThat(dir.resolve("out/validation.trl.jsonl")).exists();
        assertThat(dir.resolve("out/train.jsonl")).as("the recipe's formats replace the default").doesNotExist();
        assertThat(JSON.readTree(dir.resolve("out/manifest.json").toFile()).at("/seeds/split").asInt()).isEqualTo(4);
    }

    @Test
    void the_same_recipe_and_seed_give_the_same_dataset(@TempDir Path dir) throws Exception {
        String recipe = RECIPES.resolve("saas-helpdesk-en.yaml").toString();
        assertThat(parley(dir, Map.of(), "generate", recipe, "--out", "a", "--count", "12").exit()).isZero();
        assertThat(parley(dir, Map.of(), "generate", recipe, "--out", "b", "--count", "12").exit()).isZero();

        assertThat(Files.readString(dir.resolve("b/train.jsonl"))).isEqualTo(Files.readString(dir.resolve("a/train.jsonl")))
                .contains("Tasklane");
    }

    @Test
    void bench_warms_its_stub_unmeasured_then_measures_a_run_and_its_cached_rerun(@TempDir Path dir) throws Exception {
        Result r = parley(dir, Map.of(), "bench", "--dialogues", "12", "--concurrency", "4", "--latency-ms", "5",
                "--warm-up", "6");

        assertThat(r.exit()).as("bench: %s %s", String.join("\n", r.out()), String.join("\n", r.err())).isZero();
        assertThat(r.err()).anyMatch(l -> l.contains("warm-up, generate 6 dialogues (not measured)"));
        assertThat(r.out()).contains("  ok     the warm-up run finished: exit 0");
        // Run 1's 12 dialogues are a generator and a judge call each; the warm-up's calls are not counted in it.
        assertThat(r.out()).anyMatch(l -> l.startsWith("  model calls     24 at the stub (ok 24,"));
        assertThat(r.out()).anyMatch(l -> l.startsWith("  model calls     0 at the stub"));
    }

    @Test
    void help_version_and_validate_answer_without_opening_a_store(@TempDir Path dir) throws Exception {
        Result help = parley(dir, Map.of(), "--help");
        Result version = parley(dir, Map.of(), "-V");
        Result commandHelp = parley(dir, Map.of(), "generate", "--help");
        Result validate = parley(dir, Map.of(), "validate", RECIPES.resolve("ecommerce-support-id.yaml").toString());
        Result unknown = parley(dir, Map.of(), "valdate", "x.yaml");

        assertThat(help.exit()).isZero();
        assertThat(help.out().getFirst()).startsWith("Usage: parley ");
        assertThat(version.out()).first().isEqualTo("Parley 0.1.0");
        assertThat(version.out().get(1)).startsWith("Java " + Runtime.version().feature());
        assertThat(commandHelp.out().getFirst()).startsWith("Usage: parley generate ");
        assertThat(validate.exit()).isZero();
        assertThat(validate.out().getFirst()).startsWith("recipe ecommerce-support-id is valid: 40 dialogues");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err()).containsExactly("parley: unknown command 'valdate'; did you mean validate or generate?",
                "Try 'parley --help'.");
        assertThat(dir.resolve("data")).as("no store created").doesNotExist();
        try (var left = Files.list(dir)) {
            assertThat(left.map(f -> f.getFileName().toString())).containsExactlyInAnyOrder("stdout.txt", "stderr.txt");
        }
    }

    @Test
    void an_older_java_gets_one_line_saying_what_parley_needs(@TempDir Path dir) throws Exception {
        Path oldJava = olderJava();

        var p = new ProcessBuilder(oldJava.resolve("bin/java").toString(), "-jar", JAR.toString(), "--help")
                .directory(dir.toFile()).redirectErrorStream(true).start();
        List<String> lines = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();

        assertThat(p.waitFor(1, TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).isEqualTo(1);
        assertThat(lines).singleElement().asString().startsWith("parley: Parley needs Java 21 or newer; this is Java ")
                .contains(" at " + oldJava.toRealPath());
    }

    /** A JDK older than 21 under /usr/lib/jvm, as a machine whose default java is 17 has. */
    private static Path olderJava() throws IOException {
        try (var jdks = Files.list(Path.of("/usr/lib/jvm"))) {
            return jdks.filter(j -> Files.isExecutable(j.resolve("bin/java")) && !Files.isSymbolicLink(j))
                    .filter(j -> j.getFileName().toString().matches(".*\\b(1[1-7]|1\\.8\\.0)\\b.*"))
                    .findFirst().orElseThrow(() -> new AssertionError("no JDK older than 21 under /usr/lib/jvm to test with"));
        }
    }

    @Test
    void resume_of_a_complete_run_says_so_and_changes_nothing(@TempDir Path dir) throws Exception {
        Result generated = parley(dir, Map.of(), "generate", RECIPES.resolve("saas-helpdesk-en.yaml").toString(), "--out",
                "out", "--count", "4");
        String runId = generated.out().getFirst().substring("run ".length());
        byte[] report = Files.readAllBytes(dir.resolve("out/report.json"));
        var modified = Files.getLastModifiedTime(dir.resolve("out/report.json"));

        Result resumed = parley(dir, Map.of(), "resume", runId, "--out", "out");

        assertThat(resumed.exit()).isZero();
        assertThat(resumed.out()).containsExactly("run " + runId + " (saas-helpdesk-en) is already complete; nothing was"
                + " changed. To write its files again: parley export " + runId);
        assertThat(Files.readAllBytes(dir.resolve("out/report.json"))).isEqualTo(report);
        assertThat(Files.getLastModifiedTime(dir.resolve("out/report.json"))).isEqualTo(modified);
        // The recorded duration is the run's, not the resume's.
        Result exported = parley(dir, Map.of(), "export", runId, "--out", "again");
        assertThat(JSON.readTree(dir.resolve("again/report.json").toFile()).get("durationSeconds"))
                .isEqualTo(JSON.readTree(report).get("durationSeconds"));
        assertThat(exported.exit()).isZero();
    }

    @Test
    void a_training_file_under_openais_minimum_is_a_warning_naming_the_rule(@TempDir Path dir) throws Exception {
        Result r = parley(dir, Map.of(), "generate", RECIPES.resolve("saas-helpdesk-en.yaml").toString(), "--out", "out",
                "--count", "4", "--format", "openai");

        int records = Files.readAllLines(dir.resolve("out/train.jsonl")).size();
        assertThat(r.exit()).isZero();
        assertThat(r.err()).contains("parley: warning: train.jsonl holds " + records
                + " examples; OpenAI fine-tuning needs at least 10 in a training file");
    }

    @Test
    void a_bad_recipe_gets_one_line_per_problem_and_exit_code_2(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("bad.yaml"), """
                name: bad
                language: id
                count: 5
                turns: { min: 1, max: 4 }
                assistant: { system-prompt: hi }
                dimensions: { topic: [] }
                colour: blue
                """);

        Result r = parley(dir, Map.of(), "generate", "bad.yaml", "--out", "out");

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("recipe: turns.min must be ≥ 2, got 1", "recipe: dimensions.topic is empty")
                .anySatisfy(line -> assertThat(line).startsWith("recipe: colour is not a known field"));
        assertThat(dir.resolve("out")).doesNotExist();
    }

    @Test
    void an_unreachable_model_stops_with_one_clear_line_and_exit_code_1(@TempDir Path dir) throws Exception {
        Result r = parley(dir, Map.of("PARLEY_LLM_BASE_URL", "http://127.0.0.1:9/v1", "PARLEY_LLM_MODEL", "any",
                "PARLEY_LLM_MAX_RETRIES", "0"), "generate", RECIPES.resolve("ecommerce-support-id.yaml").toString(),
                "--out", "out", "--count", "3");

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).anySatisfy(line -> assertThat(line)
                .startsWith("parley: run ").contains("cannot reach the model endpoint http://127.0.0.1:9/v1")
                .contains("parley resume"));
        assertThat(r.out().getFirst()).startsWith("run ");
    }

    @Test
    void stores_runs_in_postgresql_when_the_environment_says_so(@TempDir Path dir) throws Exception {
        String schema = PostgresTestDatabase.createSchema();
        try {
            Result r = parley(dir, Map.of("PARLEY_STORE_KIND", "postgresql",
                    "PARLEY_STORE_URL", PostgresTestDatabase.urlFor(schema),
                    "PARLEY_STORE_USERNAME", PostgresTestDatabase.USER,
                    "PARLEY_STORE_PASSWORD", PostgresTestDatabase.PASSWORD),
                    "generate", RECIPES.resolve("ecommerce-support-id.yaml").toString(), "--out", "out", "--count", "5");

            assertThat(r.exit()).as("exit code; stderr: %s", r.err()).isZero();
            String id = r.out().getFirst().substring("run ".length());
            try (var c = PostgresTestDatabase.connect(PostgresTestDatabase.urlFor(schema));
                    var ps = c.prepareStatement("SELECT r.status, COUNT(i.seq) FROM runs r JOIN items i ON i.run_id = r.id "
                            + "WHERE r.id = ? GROUP BY r.status")) {
                ps.setString(1, id);
                try (var rs = ps.executeQuery()) {
                    assertThat(rs.next()).as("run %s in PostgreSQL", id).isTrue();
                    assertThat(rs.getString(1)).isEqualTo("COMPLETED");
                    assertThat(rs.getInt(2)).isEqualTo(5);
                }
            }
            assertThat(dir.resolve("data")).as("no H2 database created").doesNotExist();
            assertThat(Files.readAllLines(dir.resolve("out/train.jsonl"))).isNotEmpty();
        } finally {
            PostgresTestDatabase.dropSchema(schema);
        }
    }

    private static List<String> iterable(java.util.Iterator<String> it) {
        List<String> list = new ArrayList<>();
        it.forEachRemaining(list::add);
        return list;
    }

}
