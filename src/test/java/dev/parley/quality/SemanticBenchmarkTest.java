package dev.parley.quality;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.parley.quality.SemanticBenchmark.PairKind;
import dev.parley.quality.SemanticBenchmark.Rule;
import dev.parley.quality.SemanticCorpus.Sample;

/** Semantic dedup measured on the labelled corpus of same-scenario dialogues the bench-semantic command uses. */
class SemanticBenchmarkTest {

    @Test
    void the_corpus_pairs_every_conversation_with_one_paraphrase_and_its_translation() {
        // given 2 scenarios × 2 languages × 5 conversations, each with one paraphrase
        List<Sample> corpus = SemanticCorpus.generate(7, 5);

        // then 40 dialogues; per scenario and language C(10, 2) = 45 pairs, 5 of them paraphrases
        assertThat(corpus).hasSize(40);
        var result = SemanticBenchmark.measure(corpus, text -> new float[] {1, text.length()}, new WordOverlap(1));
        assertThat(result.pairs()).filteredOn(p -> p.kind() == PairKind.PARAPHRASE).hasSize(20);
        assertThat(result.pairs()).filteredOn(p -> p.kind() == PairKind.SAME_SCENARIO).hasSize(4 * 45 - 20);
        assertThat(result.pairs()).filteredOn(p -> p.kind() == PairKind.TRANSLATION).hasSize(10);
        // a paraphrase keeps its original's facts: the order number of the opening turn
        Sample original = corpus.get(0);
        Sample paraphrase = corpus.get(1);
        assertThat(paraphrase.conversation()).isEqualTo(original.conversation());
        assertThat(paraphrase.paraphrase()).isNotNull();
        assertThat(paraphrase.dialogue().text()).isNotEqualTo(original.dialogue().text());
        assertThat(digits(paraphrase.dialogue().turns().getFirst().content()))
                .isEqualTo(digits(original.dialogue().turns().getFirst().content()));
    }

    @Test
    void cosine_alone_at_the_old_bar_rejects_mostly_distinct_same_scenario_dialogues() {
        // given the corpus the bench-semantic command measures by default
        var result = SemanticBenchmark.run(1, SemanticCorpus.COURSES, SentenceEmbedder.load());

        // when the old recommendation, cosine ≥ 0.85 alone, judges it
        var old = result.score(new Rule(0.85, 0));

        // then most of what it flags are distinct conversations of one scenario
        assertThat(old.precision()).isLessThan(0.5);
        // and the default rule reaches the precision bar while still catching paraphrases
        var rule = result.score(Rule.DEFAULT);
        assertThat(rule.precision()).isGreaterThanOrEqualTo(SemanticBenchmark.MIN_PRECISION);
        assertThat(rule.correct()).isPositive();
    }

    @Test
    void translations_are_never_flagged_by_the_default_rule() {
        var result = SemanticBenchmark.run(2, 6, SentenceEmbedder.load());

        assertThat(result.pairs()).filteredOn(p -> p.kind() == PairKind.TRANSLATION)
                .isNotEmpty().noneMatch(p -> p.cosine() >= Rule.DEFAULT.cosine());
    }

    private static String digits(String text) {
        return text.replaceAll("\\D", "");
    }
}
