package dev.parley.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

class LiteralsTest {

    @Test
    void tells_which_groups_a_text_holds_a_literal_of_including_literals_inside_others() {
        var literals = Literals.of(List.of(List.of("he", "she"), List.of("his", "hers"), List.of("xyz")));

        // "ushers" holds "she", "he" (inside "she") and "hers", which overlap.
        assertThat(literals.in("ushers")).isEqualTo(0b011L);
        assertThat(literals.in("this")).isEqualTo(0b010L);
        assertThat(literals.in("xyz he")).isEqualTo(0b101L);
        assertThat(literals.in("nothing to see")).isZero();
        assertThat(literals.in("")).isZero();
    }

    @Test
    void matches_characters_beyond_ascii_and_takes_others_as_breaks() {
        var literals = Literals.of("allée", "né");

        assertThat(literals.anyIn("12 allée des Roses")).isTrue();
        assertThat(literals.anyIn("née le 3 mars")).isTrue();
        assertThat(literals.anyIn("12 allee des Roses")).isFalse();
        assertThat(Literals.of("ab").anyIn("a\u00e9b a\u4e2db")).isFalse();
        assertThat(Literals.of("ab").anyIn("a\u4e2dab")).isTrue();
    }

    @Test
    void finds_each_group_even_after_the_others_are_found() {
        var literals = Literals.of(List.of(List.of("a"), List.of("z")));

        assertThat(literals.in("a" + "b".repeat(100) + "z")).isEqualTo(0b11L);
    }

    /** Random literals and texts over a few letters, so that literals overlap often: the answer of String.contains. */
    @Test
    void agrees_with_looking_for_each_literal_on_its_own() {
        var random = new Random(7);
        String letters = "abcé";
        for (int trial = 0; trial < 300; trial++) {
            var groups = new ArrayList<List<String>>();
            for (int g = 0, n = 1 + random.nextInt(6); g < n; g++) {
                var group = new ArrayList<String>();
                for (int l = 0, m = random.nextInt(4); l < m; l++) {
                    group.add(randomText(random, letters, 1 + random.nextInt(4)));
                }
                groups.add(group);
            }
            var literals = Literals.of(groups);
            for (int t = 0; t < 20; t++) {
                String text = randomText(random, letters + "x", random.nextInt(30));
                long expected = 0;
                for (int g = 0; g < groups.size(); g++) {
                    if (groups.get(g).stream().anyMatch(text::contains)) {
                        expected |= 1L << g;
                    }
                }
                assertThat(literals.in(text)).as("%s in %s", groups, text).isEqualTo(expected);
            }
        }
    }

    @Test
    void refuses_an_empty_literal_and_more_groups_than_bits() {
        assertThatThrownBy(() -> Literals.of("ab", "")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("empty literal");
        List<List<String>> tooMany = Collections.nCopies(Literals.MAX_GROUPS + 1, List.of("a"));
        assertThatThrownBy(() -> Literals.of(tooMany)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not 65");
        assertThat(Literals.of(Collections.nCopies(Literals.MAX_GROUPS, List.of("a"))).in("a")).isEqualTo(-1L);
    }

    private static String randomText(Random random, String letters, int length) {
        var sb = new StringBuilder();
        for (int i = 0; i < length; i++) {
            sb.append(letters.charAt(random.nextInt(letters.length())));
        }
        return sb.toString();
    }
}
