package dev.parley.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

class RecipeCatalogIndexTest {

    @Test
    void the_packaged_index_names_every_example_recipe_in_the_checkout() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("recipes"))) {
            var shipped = files.map(f -> f.getFileName().toString()).filter(f -> f.endsWith(".yaml"))
                    .map(f -> f.substring(0, f.length() - ".yaml".length())).toList();

            assertThat(RecipeCatalog.packagedNames()).containsExactlyInAnyOrderElementsOf(shipped);
        }
    }
}
