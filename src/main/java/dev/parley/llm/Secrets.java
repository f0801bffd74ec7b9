package dev.parley.llm;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Removes credentials from text that is stored or shown: error messages of model calls, which name
 * the endpoint's URL and quote the provider's answer. A URL's user and password, bearer tokens,
 * {@code key=value} pairs whose name says secret, and strings shaped like the API keys of the common
 * providers become {@code ***}.
 */
public final class Secrets {

    /** What a removed secret reads as. */
    public static final String MASK = "***";

    private static final Pattern USER_INFO = Pattern.compile("(?i)\\b([a-z][a-z0-9+.-]*://)[^/\\s@]+@");
    private static final Pattern BEARER = Pattern.compile("(?i)\\b(bearer|basic)\\s+[A-Za-z0-9._~+/=-]{6,}");
    private static final Pattern NAMED = Pattern.compile("(?i)\\b(api[_-]?key|access[_-]?token|token|secret|password"
            + "|passwd)(\\\\?[\"']?\\s*[:=]\\s*\\\\?[\"']?)[^\\s\"'\\\\,;}&]+");
    /** OpenAI, Anthropic, Groq, Hugging Face, Google, xAI, GitHub, AWS and Slack key shapes. */
    private static final List<Pattern> KEY_SHAPES = List.of(
            Pattern.compile("\\bsk-[A-Za-z0-9_-]{8,}"),
            Pattern.compile("\\bgsk_[A-Za-z0-9]{8,}"),
            Pattern.compile("\\bhf_[A-Za-z0-9]{8,}"),
            Pattern.compile("\\bAIza[0-9A-Za-z_-]{20,}"),
            Pattern.compile("\\bxai-[A-Za-z0-9]{8,}"),
            Pattern.compile("\\bgh[pousr]_[A-Za-z0-9]{20,}"),
            Pattern.compile("\\bAKIA[0-9A-Z]{16}\\b"),
            Pattern.compile("\\bxox[abpr]-[A-Za-z0-9-]{10,}"));

    private Secrets() {
    }

    /** The text with every credential it shows masked; null stays null. */
    public static String redact(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String out = USER_INFO.matcher(text).replaceAll("$1" + MASK + "@");
        out = BEARER.matcher(out).replaceAll("$1 " + MASK);
        out = NAMED.matcher(out).replaceAll("$1$2" + MASK);
        for (Pattern key : KEY_SHAPES) {
            out = key.matcher(out).replaceAll(MASK);
        }
        return out;
    }

    /** The text with the given secrets (a configured API key, say) and every credential it shows masked. */
    public static String redact(String text, List<String> known) {
        String out = text;
        for (String secret : known) {
            // Short values would mask ordinary words; a key that short is not worth hiding anyway.
            if (out != null && secret != null && secret.length() >= 6) {
                out = out.replace(secret, MASK);
            }
        }
        return redact(out);
    }
}
