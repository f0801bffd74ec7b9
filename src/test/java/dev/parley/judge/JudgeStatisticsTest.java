package dev.parley.judge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;

import org.junit.jupiter.api.Test;

class JudgeStatisticsTest {

    @Test
    void agreement_counts_exact_and_within_one_point() {
        // differences 0, 1, 2, 0 → exact 2/4, within one 3/4
        var a = JudgeStatistics.agreement(List.of(new int[] {5, 5}, new int[] {4, 3}, new int[] {2, 4}, new int[] {1, 1}));

        assertThat(a.pairs()).isEqualTo(4);
        assertThat(a.exact()).isEqualTo(0.5);
        assertThat(a.withinOne()).isEqualTo(0.75);
    }

    @Test
    void pearson_on_a_small_hand_worked_sample() {
        // x = 1,2,3,4; y = 2,4,5,4: means 2.5 and 3.75; deviations x -1.5,-.5,.5,1.5; y -1.75,.25,1.25,.25
        // sxy = 2.625-.125+.625+.375 = 3.5; sxx = 5; syy = 3.0625+.0625+1.5625+.0625 = 4.75
        // r = 3.5 / sqrt(5 × 4.75) = 3.5 / 4.8734 = 0.71818
        assertThat(JudgeStatistics.pearson(new double[] {1, 2, 3, 4}, new double[] {2, 4, 5, 4}).getAsDouble())
                .isCloseTo(3.5 / Math.sqrt(23.75), within(1e-12));
        assertThat(JudgeStatistics.pearson(new double[] {1, 2}, new double[] {3, 3})).isEmpty();
    }

    @Test
    void spearman_uses_average_ranks_for_ties() {
        assertThat(JudgeStatistics.ranks(new double[] {10, 20, 20, 30})).containsExactly(1, 2.5, 2.5, 4);
        // x ranks 1,2,3,4; y = 2,4,5,4 → ranks 1, 2.5, 4, 2.5
        // means 2.5, 2.5; dx -1.5,-.5,.5,1.5; dy -1.5,0,1.5,0 → sxy 2.25+0+.75+0 = 3; sxx 5; syy 4.5
        // rho = 3 / sqrt(22.5) = 0.63246
        assertThat(JudgeStatistics.spearman(new double[] {1, 2, 3, 4}, new double[] {2, 4, 5, 4}).getAsDouble())
                .isCloseTo(3 / Math.sqrt(22.5), within(1e-12));
        assertThat(JudgeStatistics.spearman(new double[] {1, 2, 3}, new double[] {30, 20, 10}).getAsDouble())
                .isCloseTo(-1, within(1e-12));
    }

    @Test
    void cohens_kappa_on_a_hand_worked_table() {
        // a: Y Y Y N N N N N N N ; b: Y Y N Y N N N N N N
        // agree 8/10 = 0.8; pYes a 0.3, b 0.3 → pe = 0.09 + 0.49 = 0.58; kappa = 0.22 / 0.42 = 0.5238
        List<Boolean> a = List.of(true, true, true, false, false, false, false, false, false, false);
        List<Boolean> b = List.of(true, true, false, true, false, false, false, false, false, false);

        assertThat(JudgeStatistics.cohensKappa(a, b).getAsDouble()).isCloseTo(0.22 / 0.42, within(1e-12));
        assertThat(JudgeStatistics.cohensKappa(a, a).getAsDouble()).isEqualTo(1.0);
        assertThat(JudgeStatistics.cohensKappa(List.of(true, true), List.of(true, true))).isEmpty();
    }

    @Test
    void suggests_the_threshold_that_best_matches_people() {
        // People accept the dialogues the judge scored 4.2, 3.9 and 3.6 and reject 3.4 and 2.0.
        // Any threshold in (3.4, 3.6] matches all five: 3.5 and 3.6; 3.5 is closest to the current 3.0.
        double[] scores = {4.2, 3.9, 3.6, 3.4, 2.0};
        List<Boolean> people = List.of(true, true, true, false, false);

        assertThat(JudgeStatistics.suggestThreshold(scores, people, 3.0).getAsDouble()).isEqualTo(3.5);
        assertThat(JudgeStatistics.suggestThreshold(scores, people, 4.0).getAsDouble()).isEqualTo(3.6);
        assertThat(JudgeStatistics.suggestThreshold(new double[0], List.of(), 3.5)).isEmpty();
    }
}
