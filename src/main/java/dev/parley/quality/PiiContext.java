package dev.parley.quality;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The words around a candidate that decide whether it is personal data: a number after "order",
 * "resi" or "ref" is a reference, one after "hotline" or "bebas pulsa" a shop's line, and a value
 * with a mask character is already hidden.
 */
final class PiiContext {

    /** How far before a candidate its context words are looked for. */
    static final int WINDOW = 40;

    /** Words that make the number after them a reference to a thing, not to a person. */
    private static final Pattern REFERENCE_WORDS = Pattern.compile("(?i)(?:\\border|\\bpesanan|\\binvoice|\\binv\\b"
            + "|\\bresi\\b|\\btracking|\\bawb\\b|\\bref(?:erence|erensi)?\\b|\\bno\\.? ?ref|\\btransa(?:ction|ksi)"
            + "|\\bpayment|\\bpembayaran|\\bbilling|\\bkode bayar|\\bvirtual account|\\bva\\b|\\bbooking|\\btiket"
            + "|\\bticket|\\bsku\\b|\\bserial|\\bseri\\b|\\bshipment|\\bpengiriman"
            + "|\\bfaktur|\\bkupon|\\bvoucher|\\bpromo"
            + "|\\bbatch|\\blot\\b|\\bimei|\\bmodel\\b|\\bpart\\b|\\bkode produk|\\bproduct code"
            + "|\\bcase\\b|\\bcomplaint|\\bkomplain|\\bkeluhan|\\btipe\\b|\\btype\\b)");
    /** Words that make a phone number a business line meant to be published. */
    private static final Pattern HOTLINE_WORDS = Pattern.compile("(?i)(?:hotline|helpline|call ?cent(?:er|re)"
            + "|contact cent(?:er|re)|toll[- ]free|bebas pulsa|layanan pelanggan|customer (?:service|care)"
            + "|pusat bantuan)");
    private static final Pattern MASK = Pattern.compile("[*•●×]|[xX]{3,}");

    private PiiContext() {
    }

    /**
     * Up to {@link #WINDOW} characters before {@code start}, from the start of its line: in a form a person
     * fills in ("Format order:\nHP: 0812…"), the words of one field do not describe the next. A value alone on
     * its line keeps the line before, which labels it.
     */
    static String before(String text, int start) {
        int from = Math.max(0, start - WINDOW);
        int line = text.lastIndexOf('\n', start - 1);
        if (line >= from && !text.substring(line + 1, start).isBlank()) {
            from = line + 1;
        }
        return text.substring(from, start);
    }

    /** Whether the text before {@code start} calls what follows a reference (order, tracking, payment). */
    static boolean reference(String text, int start) {
        return REFERENCE_WORDS.matcher(before(text, start)).find();
    }

    /**
     * Whether a reference word stands before {@code start} and nearer to it than any word of the
     * candidate's own kind ("NIK …, bayar ke VA 5389…" is a reference; "order for NIK 3174…" is a NIK).
     */
    static boolean referenceNearer(String text, int start, Pattern ownWords) {
        String before = before(text, start);
        int reference = lastMatch(REFERENCE_WORDS, before);
        return reference >= 0 && reference > lastMatch(ownWords, before);
    }

    private static int lastMatch(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        int last = -1;
        while (m.find()) {
            last = m.start();
        }
        return last;
    }

    /** Whether the text before {@code start} calls what follows a hotline or service number. */
    static boolean hotline(String text, int start) {
        return HOTLINE_WORDS.matcher(before(text, start)).find();
    }

    /** Whether the characters right around [start, end) mask part of the value (a****a@mail.com, 0812-xxxx-1234). */
    static boolean masked(String text, int start, int end) {
        int from = Math.max(0, start - 6);
        int to = Math.min(text.length(), end + 6);
        String around = text.substring(from, to);
        return MASK.matcher(text.substring(start, end)).find()
                || MASK.matcher(around).find() && touchesMask(text, start, end);
    }

    private static boolean touchesMask(String text, int start, int end) {
        boolean left = start > 0 && isMaskChar(text.charAt(start - 1));
        boolean right = end < text.length() && isMaskChar(text.charAt(end));
        return left || right
                || start > 1 && "-. ".indexOf(text.charAt(start - 1)) >= 0 && isMaskChar(text.charAt(start - 2))
                || end + 1 < text.length() && "-. ".indexOf(text.charAt(end)) >= 0 && isMaskChar(text.charAt(end + 1));
    }

    private static boolean isMaskChar(char c) {
        return "*•●×xX".indexOf(c) >= 0;
    }
}
