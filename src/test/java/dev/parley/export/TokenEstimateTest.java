package dev.parley.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class TokenEstimateTest {

    @Test
    void counts_a_quarter_token_per_latin_character_rounded_up_and_ignores_whitespace() {
        assertThat(TokenEstimate.of("")).isZero();
        assertThat(TokenEstimate.of("abcd")).isEqualTo(1);
        assertThat(TokenEstimate.of("abcde")).isEqualTo(2);
        assertThat(TokenEstimate.of("Halo,   dunia!\n")).isEqualTo(3); // 11 visible characters
    }

    @Test
    void counts_one_token_per_cjk_or_thai_character() {
        assertThat(TokenEstimate.of("日本語")).isEqualTo(3);
        assertThat(TokenEstimate.of("한국어 ok")).isEqualTo(4); // 3 Hangul + ceil(2/4)
        assertThat(TokenEstimate.of("สวัสดี")).isEqualTo(6);
    }

    @Test
    void adds_the_chat_template_overhead_per_message_and_per_record() {
        var messages = List.of(ExportRecord.Message.of("system", "abcd"), ExportRecord.Message.of("user", "abcdefgh"),
                ExportRecord.Message.of("assistant", "日本"));

        // 3 per record + 3 per message × 3 + 1 + 2 + 2
        assertThat(TokenEstimate.of(messages)).isEqualTo(17);
    }
}
