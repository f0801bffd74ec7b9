package dev.parley.quality;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

import org.junit.jupiter.api.Test;

class IndependentPiiCorpusTest {

    @Test
    void every_kind_meets_the_bar_in_both_languages_on_the_independently_written_corpus() {
        // given the support-chat corpus written apart from the detector and its own corpus
        List<PiiCorpus.Sample> corpus = supportChat();

        // when
        PiiBenchmark.Result result = PiiBenchmark.run(corpus);
        result.describe().forEach(System.out::println);
        result.mistakes().forEach(System.out::println);

        // then
        assertThat(result.scores()).allSatisfy(s -> assertThat(s.planted()).as("%s/%s planted", s.type(),
                s.language()).isGreaterThanOrEqualTo(40));
        PiiBenchmarkTest.assertMeetsBar(result);
    }

    static List<PiiCorpus.Sample> supportChat() {
        var stream = Objects.requireNonNull(IndependentPiiCorpusTest.class.getResourceAsStream(
                "/pii/support-chat.jsonl"), "support-chat.jsonl on the test class path");
        return LabelledPiiCorpus.read(new InputStreamReader(stream, StandardCharsets.UTF_8));
    }
}
