package dev.parley.quality;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import dev.parley.dialogue.Dialogue;
import dev.parley.dialogue.Turn;

/**
 * Finds personal data and secrets in generated text, and redacts them with typed placeholders.
 *
 * <p>Every kind is a pattern for the shapes people write plus a check that ordinary numbers fail, and
 * context rules for what looks alike: a number after "order", "resi", "ref", "invoice", "VA" or
 * "payment" is a reference ({@link PiiContext}), a value with a mask character ({@code a****a@…}) is
 * already hidden, and a placeholder ({@code [SECRET]}) is never a finding, so redaction is idempotent.
 * <ul>
 * <li>{@link PiiType#EMAIL}: {@code local@domain.tld}, not masked.
 * <li>{@link PiiType#PHONE}: see {@link PhoneNumbers} (libphonenumber; toll-free, premium and hotline
 * numbers left alone).
 * <li>{@link PiiType#CARD}: 13–19 digits, plain or grouped by spaces or dashes, passing the Luhn
 * check, with an issuer prefix of the length: 15 digits Amex ({@code 34}, {@code 37}), 16 digits
 * starting 2–6, 17–19 digits starting 4–6; 13–14 digits only next to a word such as "card" or
 * "kartu", because many tracking numbers have that shape.
 * <li>{@link PiiType#IBAN}: a country code, two check digits and the country's length (spaces
 * allowed), passing the mod-97 check.
 * <li>{@link PiiType#NIK}: 16 digits, plain or in groups of four or 6-6-4, with the structure of a Nomor
 * Induk Kependudukan: a province code that exists, regency and district codes, a birth date (day + 40
 * for women), a serial not 0000. A number that is both a valid NIK and a valid card is a card when
 * grouped by four or next to a card word, a NIK otherwise.
 * <li>{@link PiiType#NPWP}: {@code 99.999.999.9-999.999}, or 15–16 digits after "NPWP".
 * <li>{@link PiiType#NATIONAL_ID}, {@link PiiType#PASSPORT}: see {@link IdentityNumbers}.
 * <li>{@link PiiType#IP_ADDRESS}: dotted IPv4 (not after a version, firmware, build, price or currency
 * word: {@code firmware 10.2.3.45}, {@code Rp 1.200.150.200}) and IPv6 with or without {@code ::}
 * compression and an IPv4 tail, checked group by group.
 * <li>{@link PiiType#DATE_OF_BIRTH}: see {@link BirthDates}; {@link PiiType#ADDRESS}: see
 * {@link PostalAddresses}; {@link PiiType#PERSON_NAME}: see {@link PersonNames}.
 * <li>{@link PiiType#SECRET}: keys and tokens by their published prefixes ({@code sk-…},
 * {@code sk_live_…}, {@code ghp_…}, {@code github_pat_…}, {@code AKIA…}, {@code AIza…},
 * {@code xox…-}), JWTs ({@code eyJ….….…}), PEM private keys, a value after "password", "kata sandi",
 * "api key", "secret" or "bearer" that mixes letters and digits, and any other string of 32 or more
 * token characters that mixes upper case, lower case and digits with a Shannon entropy of at least
 * 4.2 bits per character (hex digests and UUIDs stay below).
 * </ul>
 * Where findings overlap, the one starting first wins, then the longer, then the kind listed first
 * in {@link PiiType}. A detector may be given values to leave alone (a shop's own hotline or support
 * address), compared without formatting. Immutable and thread-safe.
 *
 * <p>Past 300 lines because it holds the tables (patterns, key prefixes, province codes, IBAN lengths) of the kinds
 * it finds itself and the one pass that runs every recogniser and ranks their findings against each other; the
 * larger kinds (phones, identity numbers, birth dates, addresses, names) have classes of their own.
 */
public final class PiiDetector {

    /** Gate name recorded on rejected items. */
    public static final String GATE = "pii";

    private static final Pattern EMAIL = Pattern.compile(
            "(?<![\\w.%+*•-])[A-Za-z0-9](?:[A-Za-z0-9._%+-]{0,63})@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+"
                    + "[A-Za-z]{2,24}(?![\\w-])");
    private static final Pattern IMAGE_FILE = Pattern.compile("(?i)@\\d(?:\\.\\d)?x\\.(?:png|jpe?g|gif|webp|svg|avif)$");
    private static final Pattern DIGIT_RUN = Pattern.compile("(?<![\\w-])\\d(?:[ -]?\\d){12,18}(?![\\w-])");
    /** The fewest digits of a DIGIT_RUN: a card, NIK or NPWP written without its formatting. */
    private static final int LONG_NUMBER_DIGITS = 13;
    private static final Pattern IBAN_START = Pattern.compile("(?<![A-Za-z0-9])[A-Z]{2}\\d{2}(?=[ ]?[A-Z0-9])");
    private static final Pattern IPV4 = Pattern.compile(
            "(?<![\\w.])(?:(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(?!\\.?\\d)(?!\\w)");
    /** Right before four dotted numbers, these make them a version or a price: v1.2.3.4, Rp 1.200.150.200. */
    private static final Pattern NOT_AN_ADDRESS = Pattern.compile("(?i)(?:\\bv|\\bver|versi|version|\\brp|idr|usd|[$€£])"
            + "\\s*\\.?\\s*$|(?:firmware|\\bfw\\b|\\bbuild|release|rilis|\\bos\\b|patch|driver|bios|versi|version"
            + "|harga|price|updat(?:e[sd]?|ing)|upgrad(?:e[sd]?|ing)|miui|\\bios\\b|android|windows|emui|one ?ui|coloros)"
            + "[^.,;!?\\n]{0,24}$");
    /** Right after four dotted numbers, these make them a version: "10.2.3.45 firmware". */
    private static final Pattern VERSION_AFTER = Pattern.compile("(?i)^\\s*(?:firmware|build|release|version|versi)");
    private static final Pattern IPV6 = Pattern.compile("(?<![\\w:.])[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*(?![\\w:])");
    /** A provider's key shape, and the literal text one of which every match holds (cheap to look for first). */
    private record KeyShape(Pattern pattern, List<String> literals) {
    }

    private static final List<KeyShape> KEYS = List.of(
            new KeyShape(Pattern.compile("(?<![\\w-])sk-(?:proj-|ant-|live-|test-)?[A-Za-z0-9_-]{20,}"), List.of("sk-")),
            new KeyShape(Pattern.compile("(?<![\\w-])(?:sk|pk|rk)_(?:live|test)_[A-Za-z0-9]{16,}"),
                    List.of("_live_", "_test_")),
            new KeyShape(Pattern.compile("(?<![\\w-])gh[pousr]_[A-Za-z0-9]{30,}"),
                    List.of("ghp_", "gho_", "ghu_", "ghs_", "ghr_")),
            new KeyShape(Pattern.compile("(?<![\\w-])github_pat_[A-Za-z0-9_]{22,}"), List.of("github_pat_")),
            new KeyShape(Pattern.compile("(?<![\\w-])(?:AKIA|ASIA)[0-9A-Z]{16}(?![0-9A-Za-z])"), List.of("AKIA", "ASIA")),
            new KeyShape(Pattern.compile("(?<![\\w-])AIza[0-9A-Za-z_-]{35}"), List.of("AIza")),
            new KeyShape(Pattern.compile("(?<![\\w-])xox[abprs]-[A-Za-z0-9-]{10,}"), List.of("xox")),
            new KeyShape(Pattern.compile("(?<![\\w-])eyJ[A-Za-z0-9_-]{5,}\\.[A-Za-z0-9_-]{5,}\\.[A-Za-z0-9_-]{5,}"),
                    List.of("eyJ")),
            new KeyShape(Pattern.compile("-----BEGIN [A-Z ]*PRIVATE KEY-----(?:[\\s\\S]*?-----END [A-Z ]*PRIVATE KEY-----)?"),
                    List.of("-----BEGIN ")));
    private static final Pattern SECRET_AFTER_WORD = Pattern.compile(
            "(?i)(?<![a-z0-9])(?:password|passwd|passcode|pwd?|kata sandi|sandi|api[ _-]?key|client[ _-]?secret|secret(?:[ _]access)?"
                    + "(?:[ _]key)?|bearer)"
                    + "(?:\\s*(?:[:=]|is|adalah|nya|saya|akun|my|account|baru|new|:\\s*is)){0,3}\\s*([^\\s\"'`,;]{6,})");
    /** Each key shape's literals, a group per shape in the order of KEYS. */
    private static final Literals KEY_LITERALS = Literals.of(KEYS.stream().map(KeyShape::literals).toList());
    /** What SECRET_AFTER_WORD's words hold, in lower case. */
    private static final Literals SECRET_WORD_PARTS = Literals.of("pass", "pw", "sandi", "api", "client", "secret", "bearer");
    private static final int TOKEN_LENGTH = 32;
    private static final Pattern TOKEN = Pattern.compile("(?<![A-Za-z0-9_+/-])[A-Za-z0-9_+/-]{" + TOKEN_LENGTH
            + ",}={0,2}(?![A-Za-z0-9_+/=-])");
    private static final double MIN_TOKEN_ENTROPY = 4.2;

    private static final Pattern CARD_WORDS = Pattern.compile(
            "(?i)\\b(?:kartu|card|kredit|credit|debit|visa|master|amex|cvv|cc\\b|charge)");
    private static final Pattern NIK_WORDS = Pattern.compile("(?i)\\b(?:nik|ktp|kependudukan|identitas|id card|identity card)");
    /** Words naming a card, a NIK or an NPWP: nearer than a reference word, they make the number theirs. */
    private static final Pattern OWN_WORDS = Pattern.compile(CARD_WORDS.pattern() + "|" + NIK_WORDS.pattern()
            + "|" + IdentityNumbers.NPWP_WORDS.pattern());
    /** Placeholders left by {@link #redact}: never findings, so redacting twice changes nothing. */
    private static final Pattern PLACEHOLDER = Pattern.compile(Arrays.stream(PiiType.values())
            .map(t -> Pattern.quote(t.placeholder())).collect(Collectors.joining("|")));
    private static final int MAX_REDACTION_PASSES = 4;
    private static final int CONTEXT = 40;

    /** Province codes in use (Kemendagri), including the Papua provinces formed in 2022. */
    private static final Set<Integer> PROVINCES = Set.of(11, 12, 13, 14, 15, 16, 17, 18, 19, 21, 31, 32, 33, 34, 35, 36,
            51, 52, 53, 61, 62, 63, 64, 65, 71, 72, 73, 74, 75, 76, 81, 82, 91, 92, 93, 94, 95, 96);

    /** IBAN length by country (SWIFT IBAN registry). */
    private static final Map<String, Integer> IBAN_LENGTHS = ibanLengths("AD24 AE23 AL28 AT20 AZ28 BA20 BE16 BG22 BH22"
            + " BI27 BR29 BY28 CH21 CR22 CY28 CZ24 DE22 DJ27 DK18 DO28 EE20 EG29 ES24 FI18 FK18 FO18 FR27 GB22 GE22 GI23"
            + " GL18 GR27 GT28 HR21 HU28 IE22 IL23 IQ23 IS26 IT27 JO30 KW30 KZ20 LB28 LC32 LI21 LT20 LU20 LV21 LY25 MC27"
            + " MD24 ME22 MK19 MN20 MR27 MT31 MU30 NI28 NL18 NO15 OM23 PK24 PL28 PS29 PT25 QA29 RO24 RS22 RU33 SA24 SC31"
            + " SD18 SE24 SI19 SK24 SM27 SO23 ST25 SV28 TL23 TN24 TR26 UA29 VA22 VG24 XK20 YE30");

    private final Set<PiiType> types;
    private final AllowedValues allowed;

    /** A detector for every kind. */
    public PiiDetector() {
        this(EnumSet.allOf(PiiType.class));
    }

    /** A detector for the given kinds only. */
    public PiiDetector(Set<PiiType> types) {
        this(types, List.of());
    }

    /** A detector for the given kinds that leaves the allowed values alone, however they are formatted. */
    public PiiDetector(Set<PiiType> types, Collection<String> allowed) {
        this.types = types.isEmpty() ? EnumSet.noneOf(PiiType.class) : EnumSet.copyOf(types);
        this.allowed = new AllowedValues(allowed);
    }

    /** Everything found in {@code text}, in order, not overlapping. */
    public List<PiiFinding> find(String text) {
        var found = new ArrayList<PiiFinding>();
        // Each recogniser runs only on text holding what every one of its matches holds: a digit of any
        // script (a number, a date, a house number), enough ASCII digits, an '@', the dots or colons of an
        // address. Most messages of a support chat lack most of it, and the patterns' scans, not the
        // looking, are the detector's cost.
        int anyDigits = digitCount(text);
        boolean digits = anyDigits > 0;
        int asciiDigits = digits ? asciiDigits(text) : 0;
        boolean birthDates = digits && types.contains(PiiType.DATE_OF_BIRTH);
        boolean names = types.contains(PiiType.PERSON_NAME);
        boolean addresses = digits && types.contains(PiiType.ADDRESS);
        // Words of case-insensitive patterns are looked for in the text folded as (?iu) folds it; (?i) alone
        // folds ASCII only, so that text holds every word such a pattern could match, and maybe more.
        String folded = PersonNames.fold(text);
        if (types.contains(PiiType.SECRET)) {
            secrets(text, folded, found);
        }
        if (types.contains(PiiType.EMAIL) && text.indexOf('@') >= 0) {
            emails(text, found);
        }
        if (digits && types.contains(PiiType.IBAN) && hasIbanStart(text)) {
            ibans(text, found);
        }
        if (asciiDigits >= LONG_NUMBER_DIGITS
                && (types.contains(PiiType.CARD) || types.contains(PiiType.NIK) || types.contains(PiiType.NPWP))) {
            longNumbers(text, found);
        }
        if (types.contains(PiiType.NPWP)) {
            IdentityNumbers.npwps(text, asciiDigits, found);
        }
        if (types.contains(PiiType.NATIONAL_ID)) {
            IdentityNumbers.nationalIds(text, asciiDigits, found);
        }
        if (digits && types.contains(PiiType.PASSPORT)) {
            IdentityNumbers.passports(text, folded, found);
        }
        if (digits && types.contains(PiiType.PHONE)) {
            PhoneNumbers.find(text, anyDigits, found);
        }
        if (types.contains(PiiType.IP_ADDRESS)) {
            ips(text, asciiDigits, found);
        }
        if (birthDates) {
            BirthDates.find(text, folded, found);
        }
        if (addresses) {
            PostalAddresses.find(text, folded, asciiDigits, found);
        }
        if (names) {
            PersonNames.find(text, folded, found);
        }
        if (found.isEmpty()) {
            return new ArrayList<>();
        }
        found.sort(Comparator.comparingInt(PiiFinding::start).thenComparing(f -> -(f.end() - f.start()))
                .thenComparing(PiiFinding::type));
        // Every placeholder begins with a bracket: most texts have none to look for.
        List<int[]> placeholders = text.indexOf('[') < 0 ? List.of()
                : PLACEHOLDER.matcher(text).results().map(r -> new int[] {r.start(), r.end()}).toList();
        var kept = new ArrayList<PiiFinding>();
        int end = 0;
        for (PiiFinding f : found) {
            if (f.start() >= end && !overlapsAny(f, placeholders) && !allowed.contains(f.text(text))) {
                kept.add(f);
                end = f.end();
            }
        }
        return kept;
    }

    /**
     * How many digits of any script {@code text} holds: every IBAN, card, NIK, NPWP, national ID, passport
     * number, phone number, birth date and postal address the recognisers accept has one (their
     * patterns' {@code \d} is ASCII, libphonenumber also reads other scripts' digits).
     */
    static int digitCount(String text) {
        int n = 0;
        for (int i = 0; i < text.length(); i++) {
            if (Character.isDigit(text.charAt(i))) {
                n++;
            }
        }
        return n;
    }

    /** How many ASCII digits {@code text} holds: what the patterns' {@code \\d} matches. */
    static int asciiDigits(String text) {
        int n = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                n++;
            }
        }
        return n;
    }

    /** How many times {@code c} occurs in {@code text}. */
    static int count(String text, char c) {
        int n = 0;
        for (int i = text.indexOf(c); i >= 0; i = text.indexOf(c, i + 1)) {
            n++;
        }
        return n;
    }

    /** Whether {@code text} has two capital letters and two digits in a row, as every IBAN begins. */
    private static boolean hasIbanStart(String text) {
        for (int i = 0; i + 3 < text.length(); i++) {
            if (isCapital(text.charAt(i)) && isCapital(text.charAt(i + 1)) && isAsciiDigit(text.charAt(i + 2))
                    && isAsciiDigit(text.charAt(i + 3))) {
                return true;
            }
        }
        return false;
    }

    private static boolean isCapital(char c) {
        return c >= 'A' && c <= 'Z';
    }

    private static boolean isAsciiDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /**
     * {@code text} with every finding replaced by its type's placeholder, e.g. {@code [EMAIL]}. Redacts
     * again what a redaction brings to light (a value a longer finding overlapped), so that redacting
     * the result finds nothing more.
     */
    public String redact(String text) {
        String redacted = text;
        for (int pass = 0; pass < MAX_REDACTION_PASSES; pass++) {
            List<PiiFinding> findings = find(redacted);
            if (findings.isEmpty()) {
                break;
            }
            var sb = new StringBuilder(redacted.length());
            int at = 0;
            for (PiiFinding f : findings) {
                sb.append(redacted, at, f.start()).append(f.type().placeholder());
                at = f.end();
            }
            redacted = sb.append(redacted, at, redacted.length()).toString();
        }
        return redacted;
    }

    /** How many placeholders of each kind {@code text} holds: what an earlier redaction took out. */
    public static Map<PiiType, Integer> placeholders(String text) {
        var counts = new EnumMap<PiiType, Integer>(PiiType.class);
        Matcher m = PLACEHOLDER.matcher(text);
        while (m.find()) {
            for (PiiType t : PiiType.values()) {
                if (t.placeholder().equals(m.group())) {
                    counts.merge(t, 1, Integer::sum);
                }
            }
        }
        return counts;
    }

    private static boolean overlapsAny(PiiFinding f, List<int[]> spans) {
        for (int[] span : spans) {
            if (f.start() < span[1] && span[0] < f.end()) {
                return true;
            }
        }
        return false;
    }

    private static boolean mixedCase(String value) {
        return value.substring(1).chars().anyMatch(Character::isUpperCase)
                && value.chars().anyMatch(Character::isLowerCase);
    }

    private static void emails(String text, List<PiiFinding> found) {
        Matcher m = EMAIL.matcher(text);
        while (m.find()) {
            // logo@2x.png: an image at a screen density, named the way design tools export it
            if (!PiiContext.masked(text, m.start(), m.end()) && !IMAGE_FILE.matcher(m.group()).find()) {
                found.add(new PiiFinding(PiiType.EMAIL, m.start(), m.end()));
            }
        }
    }

    /** The dialogue with every message redacted, and the reasoning an assistant turn carries. */
    public Dialogue redact(Dialogue dialogue) {
        return new Dialogue(dialogue.turns().stream().map(t -> redactReasoning(t.withContent(redact(t.content())))).toList());
    }

    /** A turn's reasoning redacted: an export may write it, so it is screened like what is said. */
    private Turn redactReasoning(Turn turn) {
        return turn.reasoning() == null ? turn : turn.withReasoning(redact(turn.reasoning()));
    }

    /** How many of each kind the dialogue holds (kinds not found are absent). */
    public Map<PiiType, Integer> count(Dialogue dialogue) {
        var counts = new EnumMap<PiiType, Integer>(PiiType.class);
        for (Turn t : dialogue.turns()) {
            for (PiiFinding f : find(t.content())) {
                counts.merge(f.type(), 1, Integer::sum);
            }
            for (PiiFinding f : t.reasoning() == null ? List.<PiiFinding>of() : find(t.reasoning())) {
                counts.merge(f.type(), 1, Integer::sum);
            }
        }
        return counts;
    }

    /**
     * The gate for recipes that reject rather than redact: turns away a dialogue holding any personal
     * data or secret. The reason names the kinds and messages, never the data.
     */
    public Optional<Rejection> check(Dialogue dialogue) {
        var where = new ArrayList<String>();
        List<Turn> turns = dialogue.turns();
        for (int i = 0; i < turns.size(); i++) {
            List<PiiFinding> findings = new ArrayList<>(find(turns.get(i).content()));
            if (turns.get(i).reasoning() != null) {
                findings.addAll(find(turns.get(i).reasoning()));
            }
            if (!findings.isEmpty()) {
                var counts = new EnumMap<PiiType, Integer>(PiiType.class);
                findings.forEach(f -> counts.merge(f.type(), 1, Integer::sum));
                where.add(counts.entrySet().stream()
                        .map(e -> e.getValue() + " " + e.getKey().placeholder())
                        .collect(Collectors.joining(", ")) + " in message " + (i + 1));
            }
        }
        return where.isEmpty() ? Optional.empty()
                : Optional.of(new Rejection(GATE, "personal data or secrets: " + String.join("; ", where)));
    }

    private static void matches(Pattern pattern, String text, PiiType type, List<PiiFinding> found) {
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            found.add(new PiiFinding(type, m.start(), m.end()));
        }
    }

    /**
     * Keys by their providers' shapes, values after a word that names a secret, and long random
     * tokens. Each pattern runs only on text holding what every one of its matches holds: most
     * messages hold none of it, and the patterns' scans were the detector's largest cost on them.
     */
    private static void secrets(String text, String folded, List<PiiFinding> found) {
        long shapes = KEY_LITERALS.in(text);
        for (int k = 0; k < KEYS.size(); k++) {
            if ((shapes & 1L << k) != 0) {
                matches(KEYS.get(k).pattern(), text, PiiType.SECRET, found);
            }
        }
        if (SECRET_WORD_PARTS.anyIn(folded)) {
            secretsAfterWords(text, found);
        }
        if (longestRun(text, PiiDetector::tokenChar) >= TOKEN_LENGTH) {
            Matcher m = TOKEN.matcher(text);
            while (m.find()) {
                if (looksRandom(m.group())) {
                    found.add(new PiiFinding(PiiType.SECRET, m.start(), m.end()));
                }
            }
        }
    }

    private static void secretsAfterWords(String text, List<PiiFinding> found) {
        Matcher m = SECRET_AFTER_WORD.matcher(text);
        while (m.find()) {
            int end = m.end(1);
            while (end > m.start(1) && ".!?)]".indexOf(text.charAt(end - 1)) >= 0) {
                end--; // sentence punctuation after the value
            }
            String value = text.substring(m.start(1), end);
            // A value of letters alone is taken only in mixed case ("mawarZ"): "password saya salah" is a word.
            if (value.length() >= 6 && value.chars().anyMatch(Character::isLetter)
                    && (value.chars().anyMatch(c -> !Character.isLetter(c)) || mixedCase(value))) {
                found.add(new PiiFinding(PiiType.SECRET, m.start(1), end));
            }
        }
    }

    /** The longest run of characters that pass {@code in}. */
    static int longestRun(String text, IntPredicate in) {
        int longest = 0;
        int run = 0;
        for (int i = 0; i < text.length(); i++) {
            run = in.test(text.charAt(i)) ? run + 1 : 0;
            longest = Math.max(longest, run);
        }
        return longest;
    }

    /** A character of TOKEN's body. */
    private static boolean tokenChar(int c) {
        return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || c == '+' || c == '/'
                || c == '-';
    }

    /**
     * Upper case, lower case and digits together, at least 4.2 bits of entropy per character, and no
     * readable part: a piece between {@code - _ / + = .} that is four or more lower-case letters
     * ({@code produk-kaos-XL-2024}, {@code pesanan/INV2024/detail}) marks a slug or a path.
     */
    static boolean looksRandom(String token) {
        for (String part : token.split("[-_/+=.]")) {
            if (part.length() >= 4 && part.chars().allMatch(c -> c >= 'a' && c <= 'z')) {
                return false;
            }
        }
        boolean upper = false;
        boolean lower = false;
        boolean digit = false;
        int[] counts = new int[128];
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            upper |= c >= 'A' && c <= 'Z';
            lower |= c >= 'a' && c <= 'z';
            digit |= c >= '0' && c <= '9';
            counts[c]++;
        }
        return upper && lower && digit && entropy(counts, token.length()) >= MIN_TOKEN_ENTROPY;
    }

    /** Shannon entropy in bits per character of a character histogram. */
    static double entropy(int[] counts, int length) {
        double h = 0;
        for (int c : counts) {
            if (c > 0) {
                double p = (double) c / length;
                h -= p * Math.log(p) / Math.log(2);
            }
        }
        return h;
    }

    /**
     * Long digit runs: a card, a NIK or an NPWP by their checks and the words before them; none after a
     * reference word (order, payment, VA) unless a card, NIK or NPWP word is nearer.
     */
    private void longNumbers(String text, List<PiiFinding> found) {
        Matcher m = DIGIT_RUN.matcher(text);
        while (m.find()) {
            String run = m.group();
            String digits = digits(run);
            boolean grouped = run.length() != digits.length();
            if (grouped && !evenlyGrouped(run) || PiiContext.masked(text, m.start(), m.end())) {
                continue;
            }
            String before = text.substring(Math.max(0, m.start() - CONTEXT), m.start());
            if (PiiContext.referenceNearer(text, m.start(), OWN_WORDS)) {
                continue;
            }
            boolean cardWords = CARD_WORDS.matcher(before).find();
            boolean nikWords = NIK_WORDS.matcher(before).find();
            boolean npwpWords = IdentityNumbers.NPWP_WORDS.matcher(before).find();
            boolean card = isCard(digits, cardWords);
            boolean nik = isNik(digits) && (!grouped || groupedLikeNik(run));
            PiiType type = null;
            if (npwpWords && !nikWords && (digits.length() == 15 || digits.length() == 16)) {
                type = PiiType.NPWP;
            } else if (card && nik) {
                type = cardWords && !nikWords || !nikWords && groupedByFour(run) ? PiiType.CARD : PiiType.NIK;
            } else if (card) {
                type = PiiType.CARD;
            } else if (nik) {
                type = PiiType.NIK;
            }
            if (type != null && types.contains(type)) {
                found.add(new PiiFinding(type, m.start(), m.end()));
            }
        }
    }

    /** A NIK is written whole, in fours (3174 0545 0892 0003) or as region, birth date and serial (317405 450892 0003). */
    private static boolean groupedLikeNik(String run) {
        return groupedByFour(run) || run.matches("\\d{6}[ -]\\d{6}[ -]\\d{4}");
    }

    private static boolean groupedByFour(String run) {
        return run.matches("\\d{4}([ -])\\d{4}\\1\\d{4}\\1\\d{4}");
    }

    /**
     * One kind of separator between groups of at least three digits (the last group may be shorter,
     * as in a 13-digit number grouped by four): "4111 1111 1111 1111", not "1 2 3 4 …".
     */
    private static boolean evenlyGrouped(String run) {
        char separator = 0;
        int group = 0;
        for (int i = 0; i < run.length(); i++) {
            char c = run.charAt(i);
            if (Character.isDigit(c)) {
                group++;
            } else {
                if (group < 3 || separator != 0 && c != separator) {
                    return false;
                }
                separator = c;
                group = 0;
            }
        }
        return true;
    }

    static boolean isCard(String digits, boolean cardWords) {
        int n = digits.length();
        char first = digits.charAt(0);
        boolean issuer = switch (n) {
            case 13, 14 -> cardWords;
            case 15 -> digits.startsWith("34") || digits.startsWith("37");
            case 16 -> first >= '2' && first <= '6';
            case 17, 18, 19 -> first >= '4' && first <= '6';
            default -> false;
        };
        return issuer && luhn(digits);
    }

    static boolean luhn(String digits) {
        int sum = 0;
        boolean twice = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int d = digits.charAt(i) - '0';
            if (twice) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            twice = !twice;
        }
        return sum % 10 == 0;
    }

    /** PP KK CC DDMMYY SSSS: province, regency, district, birth date (day + 40 for women), serial. */
    static boolean isNik(String digits) {
        if (digits.length() != 16) {
            return false;
        }
        int province = Integer.parseInt(digits.substring(0, 2));
        int regency = Integer.parseInt(digits.substring(2, 4));
        int district = Integer.parseInt(digits.substring(4, 6));
        int day = Integer.parseInt(digits.substring(6, 8));
        int month = Integer.parseInt(digits.substring(8, 10));
        int serial = Integer.parseInt(digits.substring(12, 16));
        return PROVINCES.contains(province) && regency > 0 && district > 0
                && (day >= 1 && day <= 31 || day >= 41 && day <= 71) && month >= 1 && month <= 12 && serial > 0;
    }

    private static void ibans(String text, List<PiiFinding> found) {
        Matcher m = IBAN_START.matcher(text);
        while (m.find()) {
            Integer length = IBAN_LENGTHS.get(m.group().substring(0, 2));
            if (length == null) {
                continue;
            }
            var iban = new StringBuilder(m.group());
            int i = m.end();
            while (iban.length() < length && i < text.length()) {
                char c = text.charAt(i);
                if (isIbanChar(c)) {
                    iban.append(c);
                } else if (c != ' ' || i + 1 >= text.length() || !isIbanChar(text.charAt(i + 1))) {
                    break;
                }
                i++;
            }
            boolean bounded = i >= text.length() || !Character.isLetterOrDigit(text.charAt(i));
            if (iban.length() == length && bounded && mod97(iban) == 1) {
                found.add(new PiiFinding(PiiType.IBAN, m.start(), i));
            }
        }
    }

    private static boolean isIbanChar(char c) {
        return c >= '0' && c <= '9' || c >= 'A' && c <= 'Z';
    }

    /** The IBAN check: the first four characters moved to the end, letters as 10–35, the number mod 97. */
    static int mod97(CharSequence iban) {
        int remainder = 0;
        for (int k = 0; k < iban.length(); k++) {
            char c = iban.charAt((k + 4) % iban.length());
            int value = c <= '9' ? c - '0' : c - 'A' + 10;
            remainder = value >= 10 ? (remainder * 100 + value) % 97 : (remainder * 10 + value) % 97;
        }
        return remainder;
    }

    /** IPv4 needs three dots and four digits, IPv6 two colons in one run of its characters. */
    private static void ips(String text, int asciiDigits, List<PiiFinding> found) {
        if (asciiDigits >= 4 && count(text, '.') >= 3) {
            ipv4s(text, found);
        }
        if (hasIpv6Run(text)) {
            ipv6s(text, found);
        }
    }

    /** Whether {@code text} has a run of hex digits, colons and dots with two colons: what IPV6 matches. */
    static boolean hasIpv6Run(String text) {
        int colons = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == ':') {
                if (++colons == 2) {
                    return true;
                }
            } else if (!(c == '.' || c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F')) {
                colons = 0;
            }
        }
        return false;
    }

    private static void ipv4s(String text, List<PiiFinding> found) {
        Matcher m = IPV4.matcher(text);
        while (m.find()) {
            if (!NOT_AN_ADDRESS.matcher(text.substring(Math.max(0, m.start() - CONTEXT), m.start())).find()
                    && !VERSION_AFTER.matcher(text.substring(m.end())).find()) {
                found.add(new PiiFinding(PiiType.IP_ADDRESS, m.start(), m.end()));
            }
        }
    }

    private static void ipv6s(String text, List<PiiFinding> found) {
        Matcher m = IPV6.matcher(text);
        while (m.find()) {
            int end = m.end();
            while (end > m.start() && text.charAt(end - 1) == '.') {
                end--;
            }
            if (isIpv6(text.substring(m.start(), end))) {
                found.add(new PiiFinding(PiiType.IP_ADDRESS, m.start(), end));
            }
        }
    }

    static boolean isIpv6(String s) {
        int compressed = s.indexOf("::");
        if (compressed < 0) {
            return groups(s, true) == 8;
        }
        if (s.indexOf("::", compressed + 1) >= 0) {
            return false;
        }
        int head = groups(s.substring(0, compressed), false);
        int tail = groups(s.substring(compressed + 2), true);
        return head >= 0 && tail >= 0 && head + tail >= 1 && head + tail <= 7;
    }

    /**
     * How many 16-bit groups a colon-separated run of IPv6 groups holds (an IPv4 tail counts two),
     * or -1 if it is not one; an empty run holds none.
     */
    private static int groups(String run, boolean mayEndInIpv4) {
        if (run.isEmpty()) {
            return 0;
        }
        String[] parts = run.split(":", -1);
        int groups = 0;
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i];
            if (mayEndInIpv4 && i == parts.length - 1 && p.contains(".")) {
                if (!IPV4.matcher(p).matches()) {
                    return -1;
                }
                groups += 2;
            } else if (p.isEmpty() || p.length() > 4 || !p.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
                return -1;
            } else {
                groups++;
            }
        }
        return groups;
    }

    private static String digits(String s) {
        var sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            if (Character.isDigit(s.charAt(i))) {
                sb.append(s.charAt(i));
            }
        }
        return sb.toString();
    }

    private static Map<String, Integer> ibanLengths(String table) {
        return Arrays.stream(table.trim().split(" "))
                .collect(Collectors.toUnmodifiableMap(e -> e.substring(0, 2), e -> Integer.parseInt(e.substring(2))));
    }
}
