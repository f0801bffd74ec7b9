package dev.parley.quality;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;

/**
 * The one text normalisation the duplicate, diversity and overlap measures share, so that they
 * agree on what a word is.
 *
 * <p>In order: Unicode NFKC (full-width and compatibility forms fold to their plain letters and
 * digits), lower case per code point ({@link Character#toLowerCase(int)}, locale-independent),
 * punctuation ({@code \p{P}}) and invisible format characters ({@code \p{Cf}}, e.g. zero-width
 * spaces) removed without a trace, every run of whitespace collapsed to one space, no leading or
 * trailing space. Removing punctuation rather than turning it into a space follows common dedup
 * practice: {@code "Rp 150.000"} becomes {@code "rp 150000"} and {@code "INV-12345"} becomes
 * {@code "inv12345"}. Symbols ({@code $}, {@code +}, emoji) are kept.
 */
public final class TextNormalizer {

    private static final byte KEEP = 0;
    private static final byte SPACE = 1;
    private static final byte DROP = 2;
    /** The class of every ASCII character, precomputed by the general rule so the two cannot disagree. */
    private static final byte[] ASCII = new byte[128];

    static {
        for (int c = 0; c < 128; c++) {
            ASCII[c] = isSpace(c) ? SPACE : isDropped(c) ? DROP : KEEP;
        }
    }

    private TextNormalizer() {
    }

    /** The normalised form of {@code text}. */
    public static String normalize(String text) {
        String s = isAscii(text) ? text : Normalizer.normalize(text, Normalizer.Form.NFKC);
        var sb = new StringBuilder(s.length());
        boolean space = false;
        for (int i = 0; i < s.length();) {
            int cp = s.charAt(i);
            byte kind;
            if (cp < 128) {
                kind = ASCII[cp];
                i++;
            } else {
                cp = s.codePointAt(i);
                i += Character.charCount(cp);
                kind = isSpace(cp) ? SPACE : isDropped(cp) ? DROP : KEEP;
            }
            if (kind == SPACE) {
                space = sb.length() > 0;
            } else if (kind == KEEP) {
                if (space) {
                    sb.append(' ');
                    space = false;
                }
                if (cp >= 'A' && cp <= 'Z') {
                    sb.append((char) (cp + ('a' - 'A')));
                } else if (cp < 128) {
                    sb.append((char) cp);
                } else {
                    sb.appendCodePoint(Character.toLowerCase(cp));
                }
            }
        }
        return sb.toString();
    }

    /** The words of the normalised text, in order. */
    public static List<String> words(String text) {
        String normalized = normalize(text);
        var words = new ArrayList<String>();
        int start = 0;
        for (int i = 0; i <= normalized.length(); i++) {
            if (i == normalized.length() || normalized.charAt(i) == ' ') {
                if (i > start) {
                    words.add(normalized.substring(start, i));
                }
                start = i + 1;
            }
        }
        return words;
    }

    private static boolean isSpace(int cp) {
        return Character.isWhitespace(cp) || Character.isSpaceChar(cp);
    }

    private static boolean isDropped(int cp) {
        return switch (Character.getType(cp)) {
            case Character.CONNECTOR_PUNCTUATION, Character.DASH_PUNCTUATION, Character.START_PUNCTUATION,
                    Character.END_PUNCTUATION, Character.INITIAL_QUOTE_PUNCTUATION, Character.FINAL_QUOTE_PUNCTUATION,
                    Character.OTHER_PUNCTUATION, Character.FORMAT -> true;
            default -> false;
        };
    }

    // ASCII text is already NFKC; skipping the normaliser keeps large dedup passes fast.
    private static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }
}
