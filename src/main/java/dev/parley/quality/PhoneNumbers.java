package dev.parley.quality;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import com.google.i18n.phonenumbers.PhoneNumberMatch;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.Leniency;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;

/**
 * Phone numbers through Google's libphonenumber, whose numbering plans tell a mobile from a toll-free,
 * premium-rate or shared-cost line in every country. Found: any number in international form
 * ({@code +62 877-…}, {@code (+62) 877-…}, {@code 62877…}, {@code +44 20 …}) of a personal type;
 * Indonesian and UK mobiles in national form ({@code 0812-…}, {@code 07700 …}); US numbers in their
 * national shapes ({@code (415) 555-0132}, {@code 415-555-0132}). Left alone: toll-free, premium and
 * shared-cost numbers ({@code 0800-…}, {@code 1500-…}), Indonesian landlines in national form, numbers
 * after a hotline word, and numbers in a masked context.
 */
final class PhoneNumbers {

    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();
    private static final Set<PhoneNumberType> PERSONAL = EnumSet.of(PhoneNumberType.MOBILE,
            PhoneNumberType.FIXED_LINE, PhoneNumberType.FIXED_LINE_OR_MOBILE, PhoneNumberType.PERSONAL_NUMBER,
            PhoneNumberType.VOIP, PhoneNumberType.PAGER);
    /** Indonesian mobiles in international form without the plus, as chat apps write them: 6281234567890. */
    private static final Pattern WITHOUT_PLUS = Pattern.compile("62 ?8\\d{8,11}");
    private static final Pattern US_SHAPE = Pattern.compile(
            "\\(\\d{3}\\) ?\\d{3}[-. ]\\d{4}|\\d{3}([-.])\\d{3}\\1\\d{4}");

    private PhoneNumbers() {
    }

    /** @param digits how many digits of any script {@code text} holds (libphonenumber reads them all) */
    static void find(String text, int digits, List<PiiFinding> found) {
        if (digits < 7) {
            return;
        }
        for (String region : List.of("ID", "GB", "US")) {
            if (region.equals("GB") && !text.contains("07") || region.equals("US") && !US_SHAPE.matcher(text).find()) {
                continue; // the pass could find nothing: it accepts only these shapes
            }
            for (PhoneNumberMatch m : UTIL.findNumbers(text, region, Leniency.POSSIBLE, Long.MAX_VALUE)) {
                int start = m.start();
                if (m.rawString().startsWith("(") && m.rawString().indexOf(')') < 0) {
                    start++; // "(+49 151 …)": the bracket is the sentence's
                }
                if (start > 0 && Character.isLetterOrDigit(text.charAt(start - 1))) {
                    continue; // inside a word or a hex string
                }
                if (accepts(m, region) && !PiiContext.hotline(text, start) && !PiiContext.reference(text, start)
                        && !PiiContext.masked(text, start, m.end())) {
                    found.add(new PiiFinding(PiiType.PHONE, start, m.end()));
                }
            }
        }
    }

    /**
     * International numbers need only a possible length and a personal or unknown type (numbering plans
     * change faster than their metadata); national ones must be valid numbers of a personal type.
     */
    private static boolean accepts(PhoneNumberMatch m, String region) {
        String raw = m.rawString().startsWith("(") ? m.rawString().substring(1) : m.rawString();
        PhoneNumberType type = UTIL.getNumberType(m.number());
        if (raw.startsWith("+") || region.equals("ID") && WITHOUT_PLUS.matcher(raw).matches()) {
            // One region's pass is enough for an international number; the others would find it again.
            return region.equals("ID") && UTIL.isPossibleNumber(m.number())
                    && (type == PhoneNumberType.UNKNOWN || PERSONAL.contains(type));
        }
        if (!UTIL.isValidNumber(m.number())) {
            return false;
        }
        return switch (region) {
            case "ID" -> raw.startsWith("0") && (type == PhoneNumberType.MOBILE
                    || type == PhoneNumberType.FIXED_LINE_OR_MOBILE);
            case "GB" -> raw.startsWith("07") && type == PhoneNumberType.MOBILE;
            default -> US_SHAPE.matcher(m.rawString()).matches() && PERSONAL.contains(type);
        };
    }
}
