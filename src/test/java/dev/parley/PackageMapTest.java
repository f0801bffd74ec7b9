package dev.parley;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/**
 * The package map reads as the data flow: each package uses only the packages listed for it here,
 * all of them earlier in the flow, and no two packages depend on each other through any path.
 */
class PackageMapTest {

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.parley");

    @Test
    void every_package_uses_only_packages_before_it_in_the_flow() {
        layeredArchitecture()
                .consideringOnlyDependenciesInLayers()
                .layer("config").definedBy("dev.parley.config..")
                .layer("dialogue").definedBy("dev.parley.dialogue..")
                .layer("recipe").definedBy("dev.parley.recipe..")
                .layer("llm").definedBy("dev.parley.llm..")
                .layer("plan").definedBy("dev.parley.plan..")
                .layer("generate").definedBy("dev.parley.generate..")
                .layer("judge").definedBy("dev.parley.judge..")
                .layer("quality").definedBy("dev.parley.quality..")
                .layer("corpus").definedBy("dev.parley.corpus..")
                .layer("demo").definedBy("dev.parley.demo..")
                .layer("store").definedBy("dev.parley.store..")
                .layer("run").definedBy("dev.parley.run..")
                .layer("export").definedBy("dev.parley.export..")
                .layer("bench").definedBy("dev.parley.bench..")
                .layer("api").definedBy("dev.parley.api..")
                .layer("cli").definedBy("dev.parley.cli..")
                .layer("application").definedBy("dev.parley")

                .whereLayer("config").mayNotAccessAnyLayer()
                .whereLayer("dialogue").mayNotAccessAnyLayer()
                .whereLayer("recipe").mayOnlyAccessLayers("dialogue")
                .whereLayer("llm").mayOnlyAccessLayers("config")
                .whereLayer("plan").mayOnlyAccessLayers("config", "dialogue", "recipe", "llm")
                .whereLayer("generate").mayOnlyAccessLayers("config", "dialogue", "recipe", "llm", "plan")
                .whereLayer("judge").mayOnlyAccessLayers("config", "dialogue", "recipe", "llm", "generate")
                .whereLayer("quality").mayOnlyAccessLayers("config", "dialogue", "recipe")
                .whereLayer("corpus").mayOnlyAccessLayers("dialogue", "recipe", "generate", "quality")
                .whereLayer("demo").mayOnlyAccessLayers("dialogue", "recipe", "llm", "plan", "generate", "judge")
                .whereLayer("store").mayOnlyAccessLayers("config", "dialogue", "recipe", "llm", "judge", "corpus")
                .whereLayer("run").mayOnlyAccessLayers("config", "dialogue", "recipe", "llm", "plan", "generate",
                        "judge", "quality", "corpus", "store")
                .whereLayer("export").mayOnlyAccessLayers("config", "dialogue", "recipe", "llm", "plan", "generate",
                        "judge", "quality", "corpus", "store")
                .whereLayer("bench").mayOnlyAccessLayers("config", "dialogue", "llm", "store")
                .whereLayer("api").mayOnlyAccessLayers("config", "dialogue", "recipe", "llm", "plan", "generate",
                        "judge", "quality", "corpus", "store", "run", "export")
                .whereLayer("cli").mayOnlyAccessLayers("config", "dialogue", "recipe", "llm", "plan", "generate",
                        "judge", "quality", "corpus", "store", "run", "export", "bench")
                .whereLayer("application").mayOnlyAccessLayers("config", "dialogue", "recipe", "llm", "plan",
                        "generate", "judge", "quality", "corpus", "store", "run", "export", "api", "cli")

                .whereLayer("demo").mayNotBeAccessedByAnyLayer()
                .whereLayer("bench").mayOnlyBeAccessedByLayers("cli")
                .check(MAIN);
    }

    @Test
    void no_two_packages_depend_on_each_other() {
        slices().matching("dev.parley.(*)..").should().beFreeOfCycles().check(MAIN);
    }

    @Test
    void every_package_says_what_it_does_and_what_it_may_use() throws IOException {
        Path root = Path.of("src/main/java/dev/parley");
        List<Path> packages;
        try (Stream<Path> dirs = Files.walk(root)) {
            packages = dirs.filter(Files::isDirectory)
                    .filter(dir -> hasJava(dir))
                    .toList();
        }
        assertThat(packages).hasSizeGreaterThan(10);
        assertThat(packages).allSatisfy(dir -> assertThat(dir.resolve("package-info.java")).isRegularFile());
    }

    /** A class longer than this says at the top of its javadoc why it is not split. */
    private static final int LONG_CLASS_LINES = 330;
    private static final Pattern LONG_CLASS_REASON = Pattern.compile("(past|over) 300 lines|longer than most classes",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern TOP_LEVEL_TYPE = Pattern.compile("^(?:(?:public|protected|abstract|final|sealed"
            + "|non-sealed|strictfp)\\s+)*(?:class|record|interface|enum|@interface)\\s", Pattern.MULTILINE);

    @Test
    void every_class_past_300_lines_says_why_at_its_top() throws IOException {
        List<String> silent;
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            silent = files.filter(f -> f.toString().endsWith(".java"))
                    .filter(PackageMapTest::longWithoutReason)
                    .map(Path::toString)
                    .sorted()
                    .toList();
        }
        assertThat(silent)
                .as("classes over %d lines whose class javadoc does not say why (\"<p>Past 300 lines because ...\")",
                        LONG_CLASS_LINES)
                .isEmpty();
    }

    private static boolean longWithoutReason(Path file) {
        String source;
        try {
            source = Files.readString(file);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file, e);
        }
        return source.lines().count() > LONG_CLASS_LINES && !LONG_CLASS_REASON.matcher(topJavadoc(source)).find();
    }

    /** The javadoc right before the first top-level type, annotations allowed between; empty when there is none. */
    static String topJavadoc(String source) {
        Matcher type = TOP_LEVEL_TYPE.matcher(source);
        if (!type.find()) {
            return "";
        }
        String before = source.substring(0, type.start());
        int end = before.lastIndexOf("*/");
        int start = end < 0 ? -1 : before.lastIndexOf("/**", end);
        if (start < 0) {
            return "";
        }
        // Between the comment and the type only annotations may stand: their lines start with '@' or continue one.
        boolean annotationsOnly = before.substring(end + 2).lines()
                .allMatch(line -> line.isBlank() || line.startsWith("@") || Character.isWhitespace(line.charAt(0)));
        return annotationsOnly ? before.substring(start, end + 2) : "";
    }

    private static boolean hasJava(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.anyMatch(f -> f.toString().endsWith(".java"));
        } catch (IOException e) {
            throw new IllegalStateException("cannot list " + dir, e);
        }
    }
}
