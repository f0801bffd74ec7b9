package dev.parley.corpus;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import dev.parley.dialogue.Dialogue;
import dev.parley.generate.SeedExamples;
import dev.parley.quality.NgramOverlap;
import dev.parley.quality.OverlapGate;
import dev.parley.recipe.InvalidRecipeException;
import dev.parley.recipe.Recipe;

/**
 * The files of real dialogues a run uses, read once when the run is created and stored with it
 * (text and SHA-256), so that a resumed run shows the same seed examples and checks against the same
 * references even if the files changed or are gone.
 *
 * @param files what the file is for ({@link #SEEDS}, {@link #REFERENCE}, {@link #EVALUATION},
 *              {@link #DEDUP_REFERENCE}) to its content
 */
public record RunInputs(Map<String, Input> files) {

    /** Seed examples shown to the generator (and references of the memorisation gate). */
    public static final String SEEDS = "seeds";
    /** Real dialogues the memorisation gate checks against besides the seeds. */
    public static final String REFERENCE = "memorisation-reference";
    /** The evaluation set of the decontamination gate. */
    public static final String EVALUATION = "decontamination";
    /** Earlier real dialogues the duplicate gates hold before the run's own ({@code checks.dedup-against.reference}). */
    public static final String DEDUP_REFERENCE = "dedup-reference";
    public static final RunInputs NONE = new RunInputs(Map.of());

    /**
     * One stored file.
     *
     * @param file the path it was read from
     * @param text its content
     */
    public record Input(String file, String text) {
        public Input {
            Objects.requireNonNull(file, "file");
            Objects.requireNonNull(text, "text");
        }

        /** Its file name, as dialogue ids and error messages name it. */
        public String name() {
            return Path.of(file).getFileName().toString();
        }
    }

    public RunInputs {
        files = Collections.unmodifiableMap(new LinkedHashMap<>(files));
    }

    /**
     * Reads the files the recipe names and checks every line.
     *
     * @throws InvalidRecipeException naming the recipe field whose file is missing or unusable
     */
    public static RunInputs load(Recipe recipe) {
        var files = new LinkedHashMap<String, Input>();
        named(recipe).forEach((purpose, named) -> files.put(purpose, read(named.field(), named.file())));
        return new RunInputs(files);
    }

    /**
     * The files a run stored when it was created. A file its recipe names that the run did not store
     * (a run made before Parley kept files for that purpose) is read from its path now.
     *
     * @throws InvalidRecipeException naming the recipe field whose unstored file is missing or unusable
     */
    public static RunInputs ofRun(Recipe recipe, List<RunInput> stored) {
        var files = new LinkedHashMap<String, Input>();
        stored.forEach(s -> files.put(s.purpose(), new Input(s.file(), s.content())));
        named(recipe).forEach((purpose, named) -> files.computeIfAbsent(purpose, p -> read(named.field(), named.file())));
        return new RunInputs(files);
    }

    /** A file the recipe names, and the field that names it. */
    private record Named(String field, String file) {
    }

    /** The files the recipe names, by purpose. */
    private static Map<String, Named> named(Recipe recipe) {
        var named = new LinkedHashMap<String, Named>();
        recipe.seeds().ifPresent(s -> named.put(SEEDS, new Named("seeds.file", s.file())));
        recipe.checks().memorisation().reference()
                .ifPresent(r -> named.put(REFERENCE, new Named("checks.memorisation.reference", r)));
        recipe.checks().decontaminate()
                .ifPresent(d -> named.put(EVALUATION, new Named("checks.decontaminate.file", d.file())));
        recipe.checks().collapse().dedupAgainst().reference()
                .ifPresent(r -> named.put(DEDUP_REFERENCE, new Named("checks.dedup-against.reference", r)));
        return named;
    }

    private static Input read(String field, String file) {
        Path path = Path.of(file);
        String text;
        try {
            text = Files.readString(path);
        } catch (NoSuchFileException e) {
            throw new InvalidRecipeException(field, "names no file: " + file);
        } catch (IOException e) {
            throw new InvalidRecipeException(field, "cannot be read (" + file + "): " + e.getMessage());
        }
        var input = new Input(file, text);
        List<DialogueFile.Entry> entries;
        try {
            entries = DialogueFile.parse(text, input.name(), "file");
        } catch (IllegalArgumentException e) {
            throw new InvalidRecipeException(field, e.getMessage());
        }
        if (entries.isEmpty()) {
            throw new InvalidRecipeException(field, "file " + input.name() + " holds no dialogue");
        }
        return input;
    }

    /** The files as the store keeps them. */
    public List<RunInput> stored() {
        return files.entrySet().stream().map(e -> new RunInput(e.getKey(), e.getValue().file(), e.getValue().text()))
                .toList();
    }

    /** The seed examples the generator is shown, as many per dialogue as the recipe says. */
    public SeedExamples seedExamples(Recipe recipe) {
        return new SeedExamples(dialogues(SEEDS).stream().map(DialogueFile.Entry::dialogue).toList(),
                recipe.seeds().map(Recipe.Seeds::examples).orElse(0));
    }

    /** The memorisation gate: the seed examples and the recipe's reference file. */
    public OverlapGate memorisationGate(Recipe recipe) {
        Recipe.Memorisation m = recipe.checks().memorisation();
        return OverlapGate.of(NgramOverlap.MEMORISATION, m.n(), m.limit(), references(SEEDS, REFERENCE));
    }

    /** The decontamination gate: the recipe's evaluation set (none: a gate that passes everything). */
    public OverlapGate decontaminationGate(Recipe recipe) {
        int n = recipe.checks().decontaminate().map(Recipe.Decontamination::n).orElse(Recipe.Decontamination.DEFAULT_N);
        return OverlapGate.of(NgramOverlap.DECONTAMINATION, n, 0, references(EVALUATION));
    }

    /** The dialogues of these files by id ({@code file:line}). */
    private Map<String, Dialogue> references(String... purposes) {
        var references = new LinkedHashMap<String, Dialogue>();
        for (String purpose : purposes) {
            file(purpose).ifPresent(f -> dialogues(purpose).forEach(e -> references.put(f.name() + ":" + e.line(), e.dialogue())));
        }
        return references;
    }

    /** The dialogues of one stored file; none when the run has no such file. */
    public List<DialogueFile.Entry> dialogues(String purpose) {
        return file(purpose).map(f -> DialogueFile.parse(f.text(), f.name(), purpose)).orElse(List.of());
    }

    public Optional<Input> file(String purpose) {
        return Optional.ofNullable(files.get(purpose));
    }
}
