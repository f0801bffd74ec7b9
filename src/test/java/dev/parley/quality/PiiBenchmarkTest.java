package dev.parley.quality;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.List;

import org.junit.jupiter.api.Test;

class PiiBenchmarkTest {

    @Test
    void every_kind_meets_the_bar_in_both_languages_on_the_labelled_corpus() {
        // given the corpus the bench-pii command measures by default
        PiiBenchmark.Result result = PiiBenchmark.run(1, 400, 2400);
        result.describe().forEach(System.out::println);

        // then
        assertThat(result.scores()).hasSize(PiiType.values().length * 2);
        assertThat(result.scores()).allSatisfy(s -> assertThat(s.planted()).isEqualTo(400));
        assertMeetsBar(result);
    }

    /** Every kind in every language reaches the bar; the message lists the mistakes. */
    static void assertMeetsBar(PiiBenchmark.Result result) {
        assertThat(result.scores()).as("mistakes: %s", String.join("\n", result.mistakes()))
                .allSatisfy(s -> {
                    assertThat(s.recall()).as("%s/%s recall", s.type(), s.language())
                            .isGreaterThanOrEqualTo(PiiBenchmark.MIN_RECALL);
                    assertThat(s.precision()).as("%s/%s precision", s.type(), s.language())
                            .isGreaterThanOrEqualTo(PiiBenchmark.MIN_PRECISION);
                });
    }

    @Test
    void counts_a_miss_and_a_false_positive_against_their_kinds() {
        // given a detector of e-mails only, and a sentence with a planted phone and an unplanted e-mail
        var corpus = List.of(new PiiCorpus.Sample("en", "call 0812-3456-7890 or a@b.co",
                List.of(new PiiCorpus.Span(PiiType.PHONE, 5, 19))));

        // when
        PiiBenchmark.Result result = PiiBenchmark.measure(new PiiDetector(EnumSet.of(PiiType.EMAIL)), corpus);

        // then
        PiiBenchmark.Score phone = score(result, PiiType.PHONE, "en");
        PiiBenchmark.Score email = score(result, PiiType.EMAIL, "en");
        assertThat(phone.recall()).isZero();
        assertThat(email.findings()).isEqualTo(1);
        assertThat(email.precision()).isZero();
    }

    private static PiiBenchmark.Score score(PiiBenchmark.Result result, PiiType type, String language) {
        return result.scores().stream().filter(s -> s.type() == type && s.language().equals(language)).findFirst()
                .orElseThrow();
    }
}
