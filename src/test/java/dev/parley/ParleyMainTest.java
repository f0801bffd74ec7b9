package dev.parley;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ParleyMainTest {

    @Test
    void an_old_java_is_told_in_one_line_what_parley_needs_and_which_java_it_is() {
        String line = ParleyMain.tooOld(17, "/usr/lib/jvm/java-17-openjdk-amd64");

        assertThat(line).startsWith("parley: Parley needs Java 21 or newer; this is Java 17 at /usr/lib/jvm/java-17-openjdk-amd64.")
                .doesNotContain("\n");
    }
}
