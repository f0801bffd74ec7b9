package dev.parley.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./parley} launcher, run by {@code sh} in a copy of the checkout with fake JDKs (a {@code release}
 * file and a {@code bin/java} that says who it is) and a fake Maven wrapper that records its calls.
 */
class LauncherTest {

    private static final Path LAUNCHER = Path.of("parley").toAbsolutePath();
    /** The tools the launcher uses, reached through a folder that is the whole PATH, so no real java is found. */
    private static final List<String> TOOLS = List.of("sh", "dirname", "sed", "head", "find", "mkdir", "tail", "cat",
            "touch");

    @TempDir
    Path dir;
    Path checkout;
    Path tools;

    record Result(int exit, String out, String err) {
    }

    @BeforeEach
    void copyCheckout() throws IOException {
        checkout = Files.createDirectories(dir.resolve("checkout"));
        Files.copy(LAUNCHER, checkout.resolve("parley"));
        Files.createDirectories(checkout.resolve("src/main/java"));
        Files.writeString(checkout.resolve("src/main/java/App.java"), "class App {}");
        Files.writeString(checkout.resolve("pom.xml"), "<project/>");
        script(checkout.resolve("mvnw"), """
                echo "mvnw JAVA_HOME=$JAVA_HOME $*" >> mvnw.calls
                if [ -f fail-build ]; then echo "[ERROR] COMPILATION ERROR: App.java:[1,1] broken"; exit 1; fi
                mkdir -p target/quarkus-app && touch target/quarkus-app/quarkus-run.jar
                """);
        tools = Files.createDirectories(dir.resolve("tools"));
        for (String tool : TOOLS) {
            Path real = List.of(Path.of("/usr/bin", tool), Path.of("/bin", tool)).stream().filter(Files::isExecutable)
                    .findFirst().orElseThrow(() -> new AssertionError(tool + " not found in /usr/bin or /bin"));
            script(tools.resolve(tool), "exec " + real + " \"$@\"\n");
        }
    }

    @Test
    void java_home_of_21_or_newer_is_used_first() throws Exception {
        Path jdk21 = jdk("jdk-21", "21.0.5", 21);
        Path pathJdk = jdk("path-jdk", "25", 25);

        Result r = launch(Map.of("JAVA_HOME", jdk21.toString()), List.of(pathJdk), List.of(jdk("places/jdk-24", "24", 24)),
                "--which-java");

        assertThat(r.out()).isEqualTo(jdk21 + " (Java 21)\n");
    }

    @Test
    void an_older_java_home_gives_way_to_java_on_the_path() throws Exception {
        Path pathJdk = jdk("path-jdk", "22.0.1", 22);

        Result r = launch(Map.of("JAVA_HOME", jdk("jdk-17", "17.0.15", 17).toString()), List.of(pathJdk),
                List.of(jdk("places/jdk-24", "24", 24)), "--which-java");

        assertThat(r.out()).isEqualTo(pathJdk + " (Java 22)\n");
    }

    @Test
    void with_java_17_everywhere_else_the_newest_jdk_of_the_install_places_is_picked() throws Exception {
        Path old = jdk("places/jdk-11", "11.0.2", 11);
        Path jdk21 = jdk("places/jdk-21", "21", 21);
        Path jdk25 = jdk("places/temurin-25", "25.0.1", 25);
        Files.createDirectories(dir.resolve("places/not-a-jdk"));

        Result r = launch(Map.of("JAVA_HOME", jdk("jdk-17", "17.0.15", 17).toString()),
                List.of(jdk("path-jdk", "17.0.15", 17)), List.of(old, jdk21, jdk25, dir.resolve("places/not-a-jdk")),
                "--which-java");

        assertThat(r.out()).isEqualTo(jdk25 + " (Java 25)\n");
    }

    @Test
    void a_jdk_without_a_release_file_is_asked_for_its_version_and_java_8_numbering_is_read() throws Exception {
        Path asked = jdk("places/no-release", null, 23);
        Path eight = jdk("places/jdk8", "1.8.0_392", 8);

        Result r = launch(Map.of(), List.of(), List.of(eight, asked), "--which-java");

        assertThat(r.out()).isEqualTo(asked + " (Java 23)\n");
    }

    @Test
    void the_default_install_places_include_sdkman_under_home() throws Exception {
        Path home = Files.createDirectories(dir.resolve("home"));
        Path sdkman = jdk("home/.sdkman/candidates/java/99.0.1-tem", "99.0.1", 99);

        Result r = launch(Map.of("HOME", home.toString()), List.of(), null, "--which-java");

        assertThat(r.out()).isEqualTo(sdkman + " (Java 99)\n");
    }

    @Test
    void with_no_jdk_21_anywhere_it_says_what_to_install_in_one_line_and_fails() throws Exception {
        Result r = launch(Map.of("JAVA_HOME", jdk("jdk-17", "17.0.15", 17).toString()),
                List.of(jdk("path-jdk", "17", 17)), List.of(jdk("places/jdk-11", "11", 11)), "generate", "r.yaml");

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.err().lines().toList()).singleElement().asString()
                .startsWith("parley: no JDK 21 or newer found").contains("install a JDK 21+");
        assertThat(checkout.resolve("mvnw.calls")).doesNotExist();
    }

    @Test
    void builds_once_when_the_jar_is_missing_then_runs_the_command_with_the_chosen_java() throws Exception {
        Path jdk = jdk("places/jdk-21", "21", 21);
        List<Path> places = List.of(jdk);

        Result first = launch(Map.of(), List.of(), places, "validate", "recipes/shop.yaml");
        Result second = launch(Map.of(), List.of(), places, "validate", "recipes/shop.yaml");

        Path jar = checkout.resolve("target/quarkus-app/quarkus-run.jar");
        assertThat(first.exit()).isZero();
        assertThat(first.err().lines().toList()).singleElement().asString().startsWith("parley: building Parley with Java 21");
        assertThat(first.out()).isEqualTo("java " + jdk + " -jar " + jar + " validate recipes/shop.yaml\n");
        assertThat(second.err()).isEmpty();
        assertThat(second.out()).isEqualTo(first.out());
        assertThat(calls()).containsExactly("mvnw JAVA_HOME=" + jdk + " -B -ntp package -DskipTests");
    }

    @Test
    void starts_java_with_the_options_file_beside_the_jar_then_the_users_options() throws Exception {
        Path jdk = jdk("places/jdk-21", "21", 21);
        launch(Map.of(), List.of(), List.of(jdk), "--help");
        Path options = checkout.resolve("target/quarkus-app/jvm.options");
        Files.writeString(options, "-XX:TieredStopAtLevel=1\n");

        Result r = launch(Map.of("PARLEY_JAVA_OPTS", "-Xmx512m -Dx=1"), List.of(), List.of(jdk), "validate", "r.yaml");

        Path jar = checkout.resolve("target/quarkus-app/quarkus-run.jar");
        assertThat(r.out()).isEqualTo("java " + jdk + " @" + options + " -Xmx512m -Dx=1 -jar " + jar + " validate r.yaml\n");
    }

    @Test
    void builds_again_when_a_source_is_newer_than_the_jar() throws Exception {
        List<Path> places = List.of(jdk("places/jdk-21", "21", 21));
        launch(Map.of(), List.of(), places, "--help");
        Files.setLastModifiedTime(checkout.resolve("src/main/java/App.java"), FileTime.from(Instant.now().plusSeconds(60)));

        Result r = launch(Map.of(), List.of(), places, "--help");

        assertThat(r.err()).startsWith("parley: building Parley");
        assertThat(calls()).hasSize(2);
    }

    @Test
    void a_failed_build_shows_the_end_of_its_log_and_fails() throws Exception {
        Files.writeString(checkout.resolve("fail-build"), "");

        Result r = launch(Map.of(), List.of(), List.of(jdk("places/jdk-21", "21", 21)), "--help");

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains("parley: the build failed; the end of target/parley-build.log:")
                .contains("[ERROR] COMPILATION ERROR: App.java:[1,1] broken");
    }

    @Test
    void test_runs_maven_verify_with_the_chosen_jdk_and_passes_extra_arguments() throws Exception {
        Path jdk = jdk("places/jdk-25", "25", 25);

        Result r = launch(Map.of(), List.of(), List.of(jdk), "test", "-Dtest=Foo");

        assertThat(r.exit()).isZero();
        assertThat(calls()).containsExactly("mvnw JAVA_HOME=" + jdk + " -B -ntp verify -Dtest=Foo");
    }

    @Test
    void the_launcher_passes_shellcheck_as_a_posix_shell_script() throws Exception {
        Path shellcheck = Path.of("/usr/bin/shellcheck");
        assertThat(shellcheck).as("shellcheck (apt-get install shellcheck)").isExecutable();

        Process p = new ProcessBuilder(shellcheck.toString(), "--shell=sh", LAUNCHER.toString()).redirectErrorStream(true)
                .start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(output).isZero();
        assertThat(Files.readString(LAUNCHER)).startsWith("#!/bin/sh\n");
    }

    /** A fake JDK at {@code dir/name}: a release file (unless {@code release} is null) and a java that says who it is. */
    private Path jdk(String name, String release, int specification) throws IOException {
        Path home = Files.createDirectories(dir.resolve(name));
        if (release != null) {
            Files.writeString(home.resolve("release"), "IMPLEMENTOR=\"Fake\"\nJAVA_VERSION=\"" + release + "\"\n");
        }
        Files.createDirectories(home.resolve("bin"));
        script(home.resolve("bin/java"), """
                case "$*" in
                  *-XshowSettings*) printf '    java.home = %s\\n    java.specification.version = %s\\n' '__HOME__' '__SPEC__' >&2 ;;
                  *) echo "java __HOME__ $*" ;;
                esac
                """.replace("__HOME__", home.toString()).replace("__SPEC__", String.valueOf(specification)));
        return home;
    }

    /** Runs the launcher with these variables, java on the PATH from {@code pathJdks}, and these install places. */
    private Result launch(Map<String, String> env, List<Path> pathJdks, List<Path> places, String... args)
            throws IOException, InterruptedException {
        var command = new java.util.ArrayList<>(List.of(tools.resolve("sh").toString(), checkout.resolve("parley").toString()));
        command.addAll(List.of(args));
        var builder = new ProcessBuilder(command).directory(dir.toFile());
        Map<String, String> environment = builder.environment();
        environment.clear();
        var path = new StringBuilder();
        for (Path jdk : pathJdks) {
            path.append(jdk.resolve("bin")).append(':');
        }
        environment.put("PATH", path.append(tools).toString());
        environment.put("HOME", Files.createDirectories(dir.resolve("empty-home")).toString());
        if (places != null) {
            environment.put("PARLEY_JDK_PLACES", String.join(" ", places.stream().map(Path::toString).toList()));
        }
        environment.putAll(new HashMap<>(env));
        Process p = builder.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), out, err);
    }

    private List<String> calls() throws IOException {
        Path calls = checkout.resolve("mvnw.calls");
        return Files.exists(calls) ? Files.readAllLines(calls) : List.of();
    }

    private static void script(Path file, String body) throws IOException {
        Files.writeString(file, "#!/bin/sh\n" + body);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
