package dev.parley.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.parley.dialogue.Dialogue;
import dev.parley.recipe.Recipe;
import dev.parley.recipe.RecipeLoader;
import dev.parley.store.ItemRepository;
import dev.parley.store.PreferenceCandidates;
import dev.parley.store.CandidatePair;
import dev.parley.store.CandidatePair.Source;
import dev.parley.store.RunOptions;
import dev.parley.store.RunRecord;
import dev.parley.store.RunStatus;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The example recipes with {@code preference: { candidates: 3 }}, end to end with the offline demo model:
 * both modes give pairs by the recipe's margin, each pair's history is the dialogue the candidates were
 * sampled after, and the chosen side is what the dialogue went on with.
 */
@QuarkusTest
class PreferenceCandidatesOfflineTest {

    @Inject
    RunEngine engine;

    @Inject
    ItemRepository items;

    @Inject
    PreferenceCandidates candidates;

    private List<CandidatePair> pairs(String file, long seed) {
        ObjectNode tree = RecipeLoader.toTree(RecipeLoader.load(Path.of(file)));
        tree.put("seed", seed);
        tree.putObject("preference").put("candidates", 3).put("min-margin", 1.0);
        // Pairs are about the dialogue as sampled; a revision would rewrite it.
        ((ObjectNode) tree.get("judge")).putObject("revise").put("rounds", 0);
        RunRecord run = engine.create(RecipeLoader.validate(tree), RunOptions.DEFAULTS);
        assertThat(engine.execute(run.id(), p -> {
        }).status()).isEqualTo(RunStatus.COMPLETED);
        List<CandidatePair> pairs = candidates.pairs(run.id());
        for (CandidatePair pair : pairs) {
            assertThat(pair.chosenScore()).isGreaterThanOrEqualTo(pair.rejectedScore() + 1.0);
            assertThat(pair.rejected()).isNotEqualTo(pair.chosen());
            Dialogue dialogue = items.item(run.id(), pair.seq()).orElseThrow().dialogue().orElseThrow();
            assertThat(dialogue.turns().subList(0, pair.turnIndex())).isEqualTo(pair.history());
            assertThat(dialogue.turns().subList(pair.turnIndex(), pair.turnIndex() + pair.chosen().size()))
                    .isEqualTo(pair.chosen());
        }
        return pairs;
    }

    @Test
    void the_role_play_example_gives_turn_pairs_offline() {
        List<CandidatePair> pairs = pairs("recipes/ecommerce-support-id-roleplay.yaml", 4401);

        assertThat(pairs).isNotEmpty().allSatisfy(p -> assertThat(p.source()).isEqualTo(Source.TURN_CANDIDATES));
    }

    @Test
    void the_whole_dialogue_example_gives_dialogue_pairs_offline() {
        Recipe recipe = RecipeLoader.load(Path.of("recipes/ecommerce-support-id.yaml"));
        assertThat(recipe.mode()).isEqualTo(Recipe.WHOLE);

        List<CandidatePair> pairs = pairs("recipes/ecommerce-support-id.yaml", 4402);

        assertThat(pairs).isNotEmpty().allSatisfy(p -> {
            assertThat(p.source()).isEqualTo(Source.DIALOGUE_CANDIDATES);
            assertThat(p.history()).hasSize(1);
        });
    }
}
