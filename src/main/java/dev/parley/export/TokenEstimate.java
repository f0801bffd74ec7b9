package dev.parley.export;

import java.util.List;

/**
 * An approximate token count, without a tokenizer: Parley does not know which model will be
 * trained, and every tokenizer counts differently. The rule:
 * <ul>
 * <li>a character of Han, Hiragana, Katakana, Hangul or Thai script counts as one token;</li>
 * <li>every other non-whitespace character counts as a quarter of a token (BPE tokenizers average
 * about four characters per token on English and Indonesian text), rounded up per message;</li>
 * <li>each message adds 3 tokens for the chat template's role markers, and each record 3 more for
 * the reply primer (the same overhead OpenAI's cookbook counts for its chat models).</li>
 * </ul>
 * Expect it to be within about 20% of a real tokenizer on Latin-script text; it is meant for the
 * context-length warning and length statistics, not for billing.
 */
public final class TokenEstimate {

    /** Tokens the chat template adds per message. */
    static final int PER_MESSAGE = 3;
    /** Tokens the chat template adds per record. */
    static final int PER_RECORD = 3;

    private TokenEstimate() {
    }

    /** Approximate tokens of a text. */
    public static int of(String text) {
        int wide = 0;
        int other = 0;
        for (int i = 0; i < text.length();) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (Character.isWhitespace(cp)) {
                continue;
            }
            if (isWide(cp)) {
                wide++;
            } else {
                other++;
            }
        }
        return wide + (other + 3) / 4;
    }

    /** Approximate tokens of a record's messages, template overhead and reasoning kept as a field included. */
    public static int of(List<ExportRecord.Message> messages) {
        int n = PER_RECORD;
        for (ExportRecord.Message m : messages) {
            n += PER_MESSAGE + of(m.content()) + (m.reasoning() == null ? 0 : of(m.reasoning()));
        }
        return n;
    }

    private static boolean isWide(int cp) {
        Character.UnicodeScript script = Character.UnicodeScript.of(cp);
        return script == Character.UnicodeScript.HAN || script == Character.UnicodeScript.HIRAGANA
                || script == Character.UnicodeScript.KATAKANA || script == Character.UnicodeScript.HANGUL
                || script == Character.UnicodeScript.THAI;
    }
}
