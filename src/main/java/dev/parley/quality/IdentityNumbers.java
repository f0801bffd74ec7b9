package dev.parley.quality;

import java.util.List;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * National, tax and passport numbers other than the NIK, each by its published structure and check:
 * <ul>
 * <li>US Social Security number: {@code AAA-GG-SSSS}, area not 000, 666 or 9xx, group not 00, serial
 * not 0000; with spaces or none only after "SSN" or "social security".
 * <li>UK National Insurance number: two prefix letters (not D, F, I, Q, U, V; the second not O; not BG,
 * GB, KN, NK, NT, TN, ZZ), six digits, a suffix A–D, spaced or not.
 * <li>Spanish DNI (eight digits and the mod-23 letter) and NIE ({@code X}, {@code Y} or {@code Z}, seven
 * digits and the letter).
 * <li>Italian codice fiscale: sixteen characters with the month letter and the check character.
 * <li>French NIR: sex, year, month, department, commune, order and the 97-complement key, spaced or not.
 * <li>German tax ID (eleven digits, ISO 7064 MOD 11,10), Dutch BSN (nine digits, the eleven test) and
 * Polish PESEL (eleven digits, weighted check), each only after its own name, because their checks
 * alone pass one number in ten.
 * <li>NPWP: {@code 99.999.999.9-999.999}; fifteen or sixteen digits after "NPWP".
 * <li>Passports: after a word for passport in English, Indonesian, German, French, Spanish or Italian, a
 * number of one or two letters and six to eight digits, nine digits, or nine characters of the
 * German alphabet.
 * </ul>
 */
final class IdentityNumbers {

    private static final Pattern SSN = Pattern.compile("(?<![\\w-])(\\d{3})([- ]?)(\\d{2})\\2(\\d{4})(?![\\w-])");
    private static final Pattern SSN_WORDS = Pattern.compile("(?i)\\b(?:ssn|social security)");
    private static final Pattern NINO = Pattern.compile(
            "(?<![A-Za-z0-9])([A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]) ?(\\d{2}) ?(\\d{2}) ?(\\d{2}) ?([A-D])"
                    + "(?![A-Za-z0-9])");
    private static final Pattern DNI = Pattern.compile("(?<![\\w-])([XYZ]?)-?(\\d{7,8})-?([A-Z])(?![\\w-])");
    private static final String DNI_LETTERS = "TRWAGMYFPDXBNJZSQVHLCKE";
    private static final Pattern CODICE_FISCALE = Pattern.compile(
            "(?<![A-Za-z0-9])[A-Z]{6}\\d{2}[ABCDEHLMPRST]\\d{2}[A-Z]\\d{3}[A-Z](?![A-Za-z0-9])");
    private static final Pattern NIR = Pattern.compile("(?<![\\w-])([12]) ?(\\d{2}) ?(0[1-9]|1[0-2]) ?(\\d{2}|2[AB])"
            + " ?(\\d{3}) ?(\\d{3}) ?(\\d{2})(?![\\w-])");
    private static final Pattern ELEVEN_OR_NINE = Pattern.compile(
            "(?<![\\w-])(?:\\d[ ]?){8}\\d(?:[ ]?\\d{2})?(?![\\w-])");
    private static final Pattern STEUER_WORDS = Pattern.compile("(?i)(?:steuer-?id|steuer-?idnr|steueridentifikation"
            + "|\\bidnr|tax id|identifikationsnummer)");
    private static final Pattern BSN_WORDS = Pattern.compile("(?i)(?:\\bbsn\\b|burgerservicenummer|sofinummer)");
    private static final Pattern PESEL_WORDS = Pattern.compile("(?i)\\bpesel\\b");
    private static final Pattern NPWP_FORMATTED = Pattern.compile(
            "(?<![\\w.-])(?:\\d{2}\\.\\d{3}\\.\\d{3}\\.\\d-\\d{3}\\.\\d{3}|\\d{2} \\d{3} \\d{3} \\d \\d{3} \\d{3})"
                    + "(?![\\w-]|[. ]\\d)");
    static final Pattern NPWP_WORDS = Pattern.compile("(?i)\\bnpwp\\b|nomor pokok wajib pajak|\\btax (?:number|id)");
    private static final Pattern PASSPORT_WORDS = Pattern.compile(
            "(?i)(?:passport|paspor|pasport|reisepass|passeport|pasaporte|passaporto)");
    private static final Pattern PASSPORT_NUMBER = Pattern.compile("(?<![A-Za-z0-9])(?:[A-Z]{1,2} ?\\d{6,8}|\\d{9}"
            + "|[CFGHJKLMNPRTVWXYZ][CFGHJKLMNPRTVWXYZ0-9]{8}|\\d{2}[A-Z]{2}\\d{5}|[A-Z]{3}\\d{6})(?![A-Za-z0-9])");
    /** What PASSPORT_WORDS' words hold, in lower case. */
    private static final Literals PASSPORT_WORD_PARTS = Literals.of("pass", "paspor", "pasport", "pasaporte");
    private static final int PASSPORT_REACH = 45;
    private static final int NPWP_DIGITS = 15;

    /** A national number's recogniser and the fewest ASCII digits a match of its pattern holds. */
    private record Recogniser(int digits, BiConsumer<String, List<PiiFinding>> find) {
    }

    private static final List<Recogniser> NATIONAL_IDS = List.of(
            new Recogniser(9, IdentityNumbers::ssns),
            new Recogniser(6, IdentityNumbers::ninos),
            new Recogniser(7, IdentityNumbers::dnis),
            new Recogniser(7, IdentityNumbers::codiciFiscali),
            // the department may be 2A or 2B (Corsica): one digit fewer
            new Recogniser(12, IdentityNumbers::nirs),
            new Recogniser(9, IdentityNumbers::elevenOrNine));

    private IdentityNumbers() {
    }

    /**
     * The national numbers in {@code text}; each pattern runs only on text with as many ASCII digits as
     * its shortest match holds.
     *
     * @param asciiDigits how many ASCII digits {@code text} holds
     */
    static void nationalIds(String text, int asciiDigits, List<PiiFinding> found) {
        for (Recogniser recogniser : NATIONAL_IDS) {
            if (asciiDigits >= recogniser.digits()) {
                recogniser.find().accept(text, found);
            }
        }
    }

    private static void ssns(String text, List<PiiFinding> found) {
        Matcher m = SSN.matcher(text);
        while (m.find()) {
            boolean words = SSN_WORDS.matcher(PiiContext.before(text, m.start())).find();
            if (validSsn(m.group(1), m.group(3), m.group(4)) && (words || m.group(2).equals("-")
                    && !PiiContext.reference(text, m.start()))) {
                add(found, PiiType.NATIONAL_ID, m.start(), m.end());
            }
        }
    }

    private static void ninos(String text, List<PiiFinding> found) {
        Matcher m = NINO.matcher(text);
        while (m.find()) {
            if (!List.of("BG", "GB", "KN", "NK", "NT", "TN", "ZZ").contains(m.group(1))
                    && !PiiContext.reference(text, m.start())) {
                add(found, PiiType.NATIONAL_ID, m.start(), m.end());
            }
        }
    }

    private static void dnis(String text, List<PiiFinding> found) {
        Matcher m = DNI.matcher(text);
        while (m.find()) {
            String prefix = m.group(1);
            String number = m.group(2);
            if (prefix.isEmpty() ? number.length() == 8 : number.length() == 7) {
                long value = Long.parseLong("XYZ".indexOf(prefix.isEmpty() ? "X" : prefix) + number);
                if (DNI_LETTERS.charAt((int) (value % 23)) == m.group(3).charAt(0)) {
                    add(found, PiiType.NATIONAL_ID, m.start(), m.end());
                }
            }
        }
    }

    private static void codiciFiscali(String text, List<PiiFinding> found) {
        Matcher m = CODICE_FISCALE.matcher(text);
        while (m.find()) {
            if (codiceFiscaleCheck(m.group())) {
                add(found, PiiType.NATIONAL_ID, m.start(), m.end());
            }
        }
    }

    private static void nirs(String text, List<PiiFinding> found) {
        Matcher m = NIR.matcher(text);
        while (m.find()) {
            String digits = m.group(1) + m.group(2) + m.group(3) + m.group(4).replace("2A", "19").replace("2B", "18")
                    + m.group(5) + m.group(6);
            if (97 - Long.parseLong(digits) % 97 == Integer.parseInt(m.group(7))) {
                add(found, PiiType.NATIONAL_ID, m.start(), m.end());
            }
        }
    }

    private static void elevenOrNine(String text, List<PiiFinding> found) {
        Matcher m = ELEVEN_OR_NINE.matcher(text);
        while (m.find()) {
            String digits = m.group().replace(" ", "");
            String before = PiiContext.before(text, m.start());
            boolean id = digits.length() == 11 && (STEUER_WORDS.matcher(before).find() && steuerId(digits)
                    || PESEL_WORDS.matcher(before).find() && pesel(digits))
                    || digits.length() == 9 && BSN_WORDS.matcher(before).find() && bsn(digits);
            if (id) {
                add(found, PiiType.NATIONAL_ID, m.start(), m.end());
            }
        }
    }

    static void npwps(String text, int asciiDigits, List<PiiFinding> found) {
        if (asciiDigits < NPWP_DIGITS) {
            return;
        }
        Matcher m = NPWP_FORMATTED.matcher(text);
        while (m.find()) {
            add(found, PiiType.NPWP, m.start(), m.end());
        }
    }

    /** @param folded the text {@linkplain PersonNames#fold folded} */
    static void passports(String text, String folded, List<PiiFinding> found) {
        if (!PASSPORT_WORD_PARTS.anyIn(folded)) {
            return;
        }
        Matcher words = PASSPORT_WORDS.matcher(text);
        while (words.find()) {
            int to = Math.min(text.length(), words.end() + PASSPORT_REACH);
            Matcher m = PASSPORT_NUMBER.matcher(text).region(words.end(), to);
            m.useTransparentBounds(true);
            if (m.find() && m.group().chars().anyMatch(Character::isDigit)
                    && text.substring(words.end(), m.start()).indexOf('\n') < 0) {
                add(found, PiiType.PASSPORT, m.start(), m.end());
            }
        }
    }

    static boolean validSsn(String area, String group, String serial) {
        int a = Integer.parseInt(area);
        return a != 0 && a != 666 && a < 900 && !group.equals("00") && !serial.equals("0000");
    }

    /**
     * Odd positions (1st, 3rd, …) map through a table, even ones to their plain value; the sum mod 26 is the
     * letter.
     */
    static boolean codiceFiscaleCheck(String code) {
        int[] odd = {1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23};
        int sum = 0;
        for (int i = 0; i < 15; i++) {
            char c = code.charAt(i);
            int v = Character.isDigit(c) ? c - '0' : c - 'A';
            sum += i % 2 == 0 ? odd[v] : v;
        }
        return code.charAt(15) == 'A' + sum % 26;
    }

    /** ISO 7064 MOD 11,10 over the first ten digits; the first digit is never 0. */
    static boolean steuerId(String digits) {
        if (digits.charAt(0) == '0') {
            return false;
        }
        int product = 10;
        for (int i = 0; i < 10; i++) {
            int sum = (digits.charAt(i) - '0' + product) % 10;
            product = (sum == 0 ? 10 : sum) * 2 % 11;
        }
        int check = 11 - product;
        return (check == 10 ? 0 : check) == digits.charAt(10) - '0';
    }

    /** The eleven test: 9·d1 + 8·d2 + … + 2·d8 − d9 is divisible by 11. */
    static boolean bsn(String digits) {
        int sum = 0;
        for (int i = 0; i < 8; i++) {
            sum += (9 - i) * (digits.charAt(i) - '0');
        }
        sum -= digits.charAt(8) - '0';
        return sum % 11 == 0 && sum > 0;
    }

    /** Weights 1 3 7 9 1 3 7 9 1 3; the last digit makes the sum a multiple of ten. */
    static boolean pesel(String digits) {
        int[] weights = {1, 3, 7, 9, 1, 3, 7, 9, 1, 3};
        int sum = 0;
        for (int i = 0; i < 10; i++) {
            sum += weights[i] * (digits.charAt(i) - '0');
        }
        int month = Integer.parseInt(digits.substring(2, 4)) % 20;
        return (10 - sum % 10) % 10 == digits.charAt(10) - '0' && month >= 1 && month <= 12;
    }

    private static void add(List<PiiFinding> found, PiiType type, int start, int end) {
        found.add(new PiiFinding(type, start, end));
    }
}
