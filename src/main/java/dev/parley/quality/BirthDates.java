package dev.parley.quality;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Dates of birth: a whole date (day, month and year, numeric or with an English, Indonesian, German,
 * French or Spanish month name) within a short reach after a birth word ("born", "date of birth",
 * "DOB", "tanggal lahir", "TTL", "lahir di Bandung,", "geboren"). A year after 2019 is no one's birth
 * date in a support chat; a promotion or a deadline between the word and the date ("birthday sale
 * until …") makes it an offer, not a birth.
 */
final class BirthDates {

    private static final String MONTHS = "(?:january|february|march|april|may|june|july|august|september|october"
            + "|november|december|januari|februari|maret|mei|juni|juli|agustus|oktober|desember|januar|februar|märz"
            + "|oktober|dezember|janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre"
            + "|enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre"
            + "|jan|feb|mar|apr|jun|jul|aug|agu|agt|sep|sept|okt|oct|nov|dec|des)\\.?";
    private static final String YEAR = "(?:19\\d{2}|20[01]\\d)";
    private static final Pattern DATE = Pattern.compile("(?iu)(?<![\\w/.-])(?:"
            + "(?<d1>\\d{1,2})[/.-](?<m1>\\d{1,2})[/.-]" + YEAR
            + "|" + YEAR + "-(?<m2>\\d{2})-(?<d2>\\d{2})"
            + "|(?<d3>\\d{1,2})(?:st|nd|rd|th|er)?\\.? (?:of |de )?" + MONTHS + ",? (?:de )?" + YEAR
            + "|" + MONTHS + " (?<d4>\\d{1,2})(?:st|nd|rd|th)?,? " + YEAR
            + ")(?![\\w/-]|\\.\\d)");
    private static final Pattern BIRTH_WORDS = Pattern.compile("(?iu)(?:\\bborn\\b|date of birth|birth ?date|birthday"
            + "|\\bd\\.?o\\.?b\\b\\.?|tanggal lahir|tgl\\.? ?lahir|\\blahir\\b|\\bttl\\b"
            + "|geboren|geburtsdatum|(?<!\\p{L})née?(?!\\p{L})"
            + "|date de naissance|fecha de nacimiento|nacido|nacida|data di nascita|\\bnato\\b|\\bnata\\b)");
    private static final Pattern NOT_A_BIRTH = Pattern.compile("(?iu)(?:promo|sale|diskon|discount|voucher|until|sampai"
            + "|hingga|ends|berakhir|berlaku|valid|order|pesanan|kirim|deliver|ship)");
    /**
     * What every match of {@link #BIRTH_WORDS} holds, in the text {@linkplain PersonNames#fold folded} as its
     * {@code (?iu)} folds it ({@code d.o.b} holds {@code d.o}, {@code do.b} holds {@code o.b}, {@code né} and
     * {@code née} hold {@code né}): most messages hold none, and looking costs far less than the pattern's scan.
     */
    private static final Literals BIRTH_WORD_PARTS = Literals.of("born", "birth", "dob", "d.o", "o.b", "lahir", "ttl", "geb",
            "né", "naissance", "nacimiento", "nacid", "nascita", "nato", "nata");
    private static final int REACH = 40;

    private BirthDates() {
    }

    /** @param folded the text {@linkplain PersonNames#fold folded} */
    static void find(String text, String folded, List<PiiFinding> found) {
        if (!BIRTH_WORD_PARTS.anyIn(folded)) {
            return;
        }
        Matcher words = BIRTH_WORDS.matcher(text);
        int after = 0;
        while (words.find()) {
            int from = Math.max(words.end(), after);
            Matcher m = DATE.matcher(text).region(from, Math.min(text.length(), words.end() + REACH + 30));
            m.useTransparentBounds(true);
            if (!m.find() || m.start() - words.end() > REACH) {
                continue;
            }
            String between = text.substring(words.end(), m.start());
            if (between.indexOf('\n') >= 0 || between.matches("(?s).*[.!?] \\p{Lu}.*")
                    || NOT_A_BIRTH.matcher(between).find() || !validDayAndMonth(m)) {
                continue;
            }
            found.add(new PiiFinding(PiiType.DATE_OF_BIRTH, m.start(), m.end()));
            after = m.end();
        }
    }

    /** Day 1–31 and month 1–12, in either order for slashed dates (US month/day/year). */
    private static boolean validDayAndMonth(Matcher m) {
        if (m.group("d1") != null) {
            int a = Integer.parseInt(m.group("d1"));
            int b = Integer.parseInt(m.group("m1"));
            return a >= 1 && b >= 1 && (a <= 31 && b <= 12 || a <= 12 && b <= 31);
        }
        if (m.group("d2") != null) {
            int d = Integer.parseInt(m.group("d2"));
            int month = Integer.parseInt(m.group("m2"));
            return d >= 1 && d <= 31 && month >= 1 && month <= 12;
        }
        int d = Integer.parseInt(m.group("d3") != null ? m.group("d3") : m.group("d4"));
        return d >= 1 && d <= 31;
    }
}
