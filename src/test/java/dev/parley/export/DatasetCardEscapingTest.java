package dev.parley.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.parley.recipe.RecipeLoader;

/** Markup a recipe carries into the dataset card is shown as text, not rendered or run by the card's readers. */
class DatasetCardEscapingTest {

    @TempDir
    Path dir;

    @Test
    void escapes_markup_from_the_recipe_description_and_system_prompt() throws IOException {
        // given a recipe whose description and system prompt hold HTML, as a hostile recipe author writes it
        var recipe = RecipeLoader.parse("""
                name: shop-support
                description: "Support <script>alert(document.cookie)</script> & <img src=x onerror=alert(1)>"
                language: id
                count: 20
                turns: { min: 2, max: 6 }
                assistant:
                  system-prompt: "Kamu asisten <iframe src=https://evil.example></iframe>"
                dimensions:
                  topic: [refund, late, voucher]
                judge:
                  threshold: 3.5
                """);
        ExportSource fixture = ExportFixtures.source(false, 20);
        var source = new ExportSource(fixture.report(), recipe, fixture.recipeJson(), fixture.recipeHash(),
                fixture.promptHashes(), Optional.empty(), fixture.models(), Map.of(), fixture.parleyVersion());

        // when the package is written
        new DatasetPackager(new ShingleSimilarityGrouping(), new ObjectMapper())
                .write(dir, ExportFixtures.contractRecords(), source, ExportOptions.DEFAULTS, 8192);

        // then the card shows the markup as text
        String card = Files.readString(dir.resolve("README.md"));
        assertThat(card).doesNotContain("<script").doesNotContain("<img").doesNotContain("<iframe")
                .contains("Support &lt;script&gt;alert(document.cookie)&lt;/script&gt; &amp; &lt;img src=x")
                .contains("> Kamu asisten &lt;iframe src=https://evil.example&gt;&lt;/iframe&gt;");
    }
}
