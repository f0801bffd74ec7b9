package dev.parley.quality;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * A labelled corpus for measuring {@link PiiDetector}: support-chat sentences in English and
 * Indonesian, each holding planted personal values of known kind and position, and hard negatives
 * that look like personal data and are not (order and tracking numbers, prices, versions and firmware,
 * hotlines and toll-free numbers, masked values, payment references, dates that are no one's birth,
 * streets without a house, titles without a name).
 *
 * <p>Values are made by format generators written from each kind's official description (numbering
 * plans of the operators, the SSA's SSN rules, HMRC's NINO prefixes, the Dukcapil NIK layout, the
 * DJP NPWP layout, the SWIFT IBAN registry, ISO/IEC 7812 issuer ranges, national postal formats) and
 * computing their own check digits; they share no pattern with the detector. Seeded: the same seed
 * gives the same corpus.
 *
 * <p>Past 300 lines because it is mostly tables, templates and generators: one generator per kind and one per sort
 * of hard negative, all drawing on the corpus's one seeded random, so that a seed gives the whole corpus.
 */
public final class PiiCorpus {

    /** The languages of the corpus. */
    public static final List<String> LANGUAGES = List.of("en", "id");

    /** A planted value: its kind and where it lies in its sample's text. */
    public record Span(PiiType type, int start, int end) {
        public Span {
            Objects.requireNonNull(type, "type");
            if (start < 0 || end <= start) {
                throw new IllegalArgumentException("a span needs 0 ≤ start < end");
            }
        }
    }

    /** One sentence or short message with its planted values (none in a hard negative). */
    public record Sample(String language, String text, List<Span> planted) {
        public Sample {
            Objects.requireNonNull(language, "language");
            Objects.requireNonNull(text, "text");
            planted = List.copyOf(planted);
        }
    }

    private static final String[] EN_FIRST = {"James", "Mary", "Robert", "Patricia", "Michael", "Jennifer", "David",
        "Linda", "Oliver", "Amelia", "George", "Isla", "Harry", "Emily", "Thomas", "Sophie", "Lukas", "Marie",
        "Pierre", "Camille", "Giulia", "Marco", "Lucía", "Javier"};
    private static final String[] EN_LAST = {"Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller",
        "Taylor", "Wilson", "Evans", "Thompson", "O'Connor", "Müller", "Schmidt", "Dubois", "Rossi", "Fernández",
        "Kowalski", "Van Dijk", "Clarke"};
    private static final String[] ID_FIRST = {"Budi", "Siti", "Agus", "Dewi", "Rina", "Andi", "Putri", "Wahyu", "Sri",
        "Eko", "Nur", "Rizky", "Fitri", "Hendra", "Yuni", "Bambang", "Indah", "Fajar", "Ayu", "Dimas", "Kartika",
        "Teguh", "Lestari", "Joko"};
    private static final String[] ID_LAST = {"Santoso", "Wijaya", "Rahayu", "Saputra", "Pratama", "Kusuma", "Hidayat",
        "Lestari", "Setiawan", "Nugroho", "Siregar", "Nasution", "Simanjuntak", "Harahap", "Sihombing", "Gunawan",
        "Halim", "Wibowo", "Susanti", "Purnomo"};
    private static final String[] DOMAINS = {"gmail.com", "yahoo.com", "yahoo.co.id", "outlook.com", "hotmail.co.uk",
        "mail.com", "icloud.com", "ymail.com", "kantor-saya.co.id", "univ.ac.id", "web.de", "orange.fr", "libero.it"};
    /** Indonesian mobile prefixes by operator: Telkomsel, Indosat, XL/Axis, Tri, Smartfren. */
    private static final String[] ID_MOBILE = {"811", "812", "813", "821", "822", "823", "851", "852", "853", "814",
        "815", "816", "855", "856", "857", "858", "817", "818", "819", "859", "877", "878", "831", "832", "838", "895",
        "896", "897", "898", "899", "881", "882", "883", "887", "888", "889"};
    private static final String[] US_AREAS = {"212", "415", "312", "617", "646", "713", "305", "206", "303", "404",
        "512", "602", "702", "808"};
    private static final int[] NIK_PROVINCES = {11, 12, 13, 14, 15, 16, 17, 18, 19, 21, 31, 32, 33, 34, 35, 36, 51, 52,
        53, 61, 62, 63, 64, 65, 71, 72, 73, 74, 75, 76, 81, 82, 91, 92, 94};
    private static final String[] EN_MONTHS = {"January", "February", "March", "April", "May", "June", "July", "August",
        "September", "October", "November", "December"};
    private static final String[] ID_MONTHS = {"Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli",
        "Agustus", "September", "Oktober", "November", "Desember"};
    private static final String[] ID_CITIES = {"Bandung", "Surabaya", "Medan", "Semarang", "Makassar", "Yogyakarta",
        "Malang", "Denpasar", "Palembang", "Bogor"};
    private static final String[] STREET_WORDS = {"Oak", "Maple", "Cedar", "Park", "Church", "Mill", "Victoria",
        "King", "Queen", "Station", "High", "Elm", "Washington", "Lincoln", "Highland", "Sunset"};
    private static final String[] ID_STREETS = {"Merdeka", "Sudirman", "Gatot Subroto", "Diponegoro", "Ahmad Yani",
        "Pahlawan", "Cempaka Putih", "Melati", "Kebon Jeruk", "Raya Bogor", "H. Agus Salim", "Veteran"};

    private final SplittableRandom random;

    private PiiCorpus(long seed) {
        this.random = new SplittableRandom(seed);
    }

    /**
     * The corpus for {@code seed}: per language, {@code perKind} samples of every kind and
     * {@code negatives} hard negatives, each hard negative drawn from every confusable sort in turn.
     */
    public static List<Sample> generate(long seed, int perKind, int negatives) {
        var corpus = new PiiCorpus(seed);
        var samples = new ArrayList<Sample>();
        for (String language : LANGUAGES) {
            boolean en = language.equals("en");
            for (PiiType type : PiiType.values()) {
                for (int i = 0; i < perKind; i++) {
                    samples.add(corpus.positive(type, en));
                }
            }
            for (int i = 0; i < negatives; i++) {
                samples.add(new Sample(language, corpus.negative(i, en), List.of()));
            }
        }
        return samples;
    }

    /** A sample with one planted value of {@code type}, sometimes followed by a hard negative. */
    private Sample positive(PiiType type, boolean en) {
        String[] carrier = carrier(type, en);
        String value = carrier[1];
        int at = carrier[0].indexOf("{}");
        String text = carrier[0].substring(0, at) + value + carrier[0].substring(at + 2);
        if (random.nextInt(4) == 0) {
            text = text + " " + negative(random.nextInt(NEGATIVE_SORTS), en);
        }
        return new Sample(en ? "en" : "id", text, List.of(new Span(type, at, at + value.length())));
    }

    /** {template with one {}, value}. */
    private String[] carrier(PiiType type, boolean en) {
        return switch (type) {
            case EMAIL -> pair(en ? new String[] {"You can reach me at {} anytime.", "My email is {}",
                "Please send the invoice to {}, thanks.", "Contact: {}", "I registered with {} last year."}
                : new String[] {"Email saya {} ya kak.", "Tolong kirim ke {}", "Bisa hubungi saya di {}, terima kasih.",
                    "Akun saya pakai email {}.", "email: {}"}, email());
            case PHONE -> pair(en ? new String[] {"Call me on {} after 5pm.", "My number is {}.",
                "Text me at {} please", "Mobile: {}", "You can WhatsApp me on {} if easier."}
                : new String[] {"Nomor HP saya {} kak.", "Hubungi saya di {} ya", "WA: {}",
                    "Tolong telepon {} sore ini.", "No. saya {}, bisa ditelepon kapan saja."}, phone(en));
            case CARD -> pair(en ? new String[] {"My card number is {}.", "Charge it to {} please.",
                "Visa {} expiring soon", "I used the card {} for the order."}
                : new String[] {"Nomor kartu kredit saya {}", "Kartu {} ditolak terus kak.",
                    "Pakai kartu debit {} ya", "Ini nomor kartunya: {}"}, card());
            case IBAN -> pair(en ? new String[] {"Refund to IBAN {} please.", "My IBAN is {}.",
                "Bank account: {}", "Send it to {}, that's my account."}
                : new String[] {"Refund ke IBAN {} ya.", "Rekening saya di Eropa: {}", "IBAN: {}",
                    "Tolong transfer ke {} kak"}, iban());
            case NIK -> pair(en ? new String[] {"My NIK is {}.", "KTP number: {}", "ID card (KTP) {} for verification.",
                "Here is my NIK {}"}
                : new String[] {"NIK saya {} kak.", "No. KTP: {}", "Nomor induk kependudukan {}",
                    "Ini NIK-nya {} untuk verifikasi.", "Data KTP {} sudah benar"}, nik());
            case NPWP -> npwp(en);
            case NATIONAL_ID -> pair(en ? new String[] {"My ID number is {}.", "For the form: {}", "ID: {}",
                "Identity document {} attached."}
                : new String[] {"Nomor identitas saya {}.", "ID: {}", "Dokumen identitas {} terlampir."},
                    nationalIdValue(en));
            case PASSPORT -> pair(en ? new String[] {"My passport number is {}.", "Passport no. {}",
                "passport: {}", "Booking under passport {} please."}
                : new String[] {"Nomor paspor saya {}.", "Paspor: {}", "No. paspor {} ya kak.",
                    "Pakai paspor {} untuk tiketnya."}, passport());
            case IP_ADDRESS -> pair(en ? new String[] {"I logged in from {} yesterday.", "My IP is {}",
                "The router shows {} as the address.", "Blocked from IP {}?"}
                : new String[] {"IP saya {} kak.", "Login dari IP {} kemarin.", "Alamat IP router {}",
                    "Kenapa IP {} diblokir?"}, ip());
            case SECRET -> pair(en ? new String[] {"Here's my API key: {}", "Use token {} for the webhook.",
                "The key {} stopped working."}
                : new String[] {"API key saya {}", "Pakai token {} untuk webhook.", "Key {} tidak bisa dipakai."},
                    secret());
            case DATE_OF_BIRTH -> pair(en ? new String[] {"I was born on {}.", "Date of birth: {}", "DOB {}",
                "My birthday is {}, if you need it.", "born {} in Leeds"}
                : new String[] {"Tanggal lahir saya {}.", "Tgl lahir: {}", "Saya lahir di " + pick(ID_CITIES) + ", {}.",
                    "TTL: " + pick(ID_CITIES) + ", {}", "lahir tanggal {}"}, birthDate(en));
            case ADDRESS -> pair(en ? new String[] {"Ship it to {}.", "My address is {}", "Deliver to {} please.",
                "Address: {}"}
                : new String[] {"Kirim ke {} ya kak.", "Alamat saya {}", "Alamat: {}", "Tolong antar ke {}."},
                    address(en));
            case PERSON_NAME -> name(en);
        };
    }

    private String[] pair(String[] templates, String value) {
        return new String[] {pick(templates), value};
    }

    // ---- values, from the formats' descriptions

    String email() {
        String first = (random.nextBoolean() ? pick(EN_FIRST) : pick(ID_FIRST)).toLowerCase(Locale.ROOT)
                .replace("í", "i").replace("ü", "u");
        String last = (random.nextBoolean() ? pick(EN_LAST) : pick(ID_LAST)).toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z]", "");
        String local = switch (random.nextInt(5)) {
            case 0 -> first + "." + last;
            case 1 -> first + last + random.nextInt(100);
            case 2 -> first.charAt(0) + last;
            case 3 -> first + "_" + last;
            default -> first + "+shop";
        };
        String address = local + "@" + pick(DOMAINS);
        return random.nextInt(8) == 0 ? address.toUpperCase(Locale.ROOT) : address;
    }

    String phone(boolean en) {
        int form = random.nextInt(en ? 10 : 14);
        if (form < 6 || !en && form < 12) {
            String prefix = pick(ID_MOBILE);
            String rest = digits(7 + random.nextInt(2));
            String a = rest.substring(0, 4);
            String b = rest.substring(4);
            return switch (random.nextInt(9)) {
                case 0 -> "0" + prefix + "-" + a + "-" + b;
                case 1 -> "0" + prefix + " " + a + " " + b;
                case 2 -> "0" + prefix + a + b;
                case 3 -> "+62 " + prefix + " " + a + " " + b;
                case 4 -> "+62" + prefix + a + b;
                case 5 -> "(+62) " + prefix + "-" + a + "-" + b;
                case 6 -> "62" + prefix + a + b;
                case 7 -> "(0" + prefix + ") " + a + "-" + b;
                default -> "+62-" + prefix + "-" + a + "-" + b;
            };
        }
        return switch (random.nextInt(5)) {
            case 0 -> "07" + pick(new String[] {"4", "5", "7", "8", "9"}) + digits(2) + " " + digits(6);
            case 1 -> "+44 7" + pick(new String[] {"4", "5", "7", "8", "9"}) + digits(2) + " " + digits(6);
            case 2 -> "(" + pick(US_AREAS) + ") " + (2 + random.nextInt(8)) + digits(2) + "-" + digits(4);
            case 3 -> "+1 " + pick(US_AREAS) + " " + (2 + random.nextInt(8)) + digits(2) + " " + digits(4);
            default -> random.nextBoolean() ? "+49 15" + pick(new String[] {"1", "2", "7"}) + " " + digits(8)
                    : "+33 6 " + digits(2) + " " + digits(2) + " " + digits(2) + " " + digits(2);
        };
    }

    /** An ISO/IEC 7812 number: issuer prefix, account digits, Luhn check digit; grouped as printed. */
    String card() {
        String[] issuer = switch (random.nextInt(5)) {
            case 0 -> new String[] {"4", "16"};
            case 1 -> new String[] {Integer.toString(51 + random.nextInt(5)), "16"};
            case 2 -> new String[] {Integer.toString(2221 + random.nextInt(500)), "16"};
            case 3 -> new String[] {random.nextBoolean() ? "34" : "37", "15"};
            default -> new String[] {Integer.toString(3528 + random.nextInt(62)), "16"};
        };
        int length = Integer.parseInt(issuer[1]);
        String body = issuer[0] + digits(length - 1 - issuer[0].length());
        String number = body + luhnDigit(body);
        if (length == 15) {
            return random.nextBoolean() ? number
                    : number.substring(0, 4) + " " + number.substring(4, 10) + " " + number.substring(10);
        }
        return switch (random.nextInt(3)) {
            case 0 -> number;
            case 1 -> number.replaceAll("(\\d{4})(?=\\d)", "$1 ");
            default -> number.replaceAll("(\\d{4})(?=\\d)", "$1-");
        };
    }

    /** Country, ISO 7064 mod-97 check digits and a BBAN of the country's length (SWIFT registry). */
    String iban() {
        String[][] countries = {{"DE", "18n"}, {"NL", "4a10n"}, {"GB", "4a14n"}, {"FR", "23n"}, {"ES", "20n"},
            {"IT", "1a22n"}, {"BE", "12n"}, {"AT", "16n"}};
        String[] c = countries[random.nextInt(countries.length)];
        var bban = new StringBuilder();
        var spec = c[1];
        int i = 0;
        while (i < spec.length()) {
            int j = i;
            while (Character.isDigit(spec.charAt(j))) {
                j++;
            }
            int n = Integer.parseInt(spec.substring(i, j));
            for (int k = 0; k < n; k++) {
                boolean letter = spec.charAt(j) == 'a';
                bban.append(letter ? (char) ('A' + random.nextInt(26)) : (char) ('0' + random.nextInt(10)));
            }
            i = j + 1;
        }
        String rearranged = bban + c[0] + "00";
        var numeric = new StringBuilder();
        for (char ch : rearranged.toCharArray()) {
            numeric.append(Character.isLetter(ch) ? Integer.toString(ch - 'A' + 10) : String.valueOf(ch));
        }
        int check = 98 - new BigInteger(numeric.toString()).mod(BigInteger.valueOf(97)).intValue();
        String iban = c[0] + String.format(Locale.ROOT, "%02d", check) + bban;
        return random.nextBoolean() ? iban : iban.replaceAll("(.{4})(?=.)", "$1 ");
    }

    /** Dukcapil layout: province, regency, district, birth date (day + 40 for women), serial. */
    String nik() {
        int day = 1 + random.nextInt(28) + (random.nextBoolean() ? 40 : 0);
        String nik = String.format(Locale.ROOT, "%02d%02d%02d%02d%02d%02d%04d", NIK_PROVINCES[random.nextInt(
                NIK_PROVINCES.length)], 1 + random.nextInt(79), 1 + random.nextInt(40), day, 1 + random.nextInt(12),
                random.nextInt(100), 1 + random.nextInt(999));
        return switch (random.nextInt(4)) {
            case 0 -> nik.replaceAll("(\\d{4})(?=\\d)", "$1 ");
            case 1 -> nik.substring(0, 6) + " " + nik.substring(6, 12) + " " + nik.substring(12);
            default -> nik;
        };
    }

    /** DJP layout: 99.999.999.9-999.999 (15 digits), or the 16-digit form used since 2024. */
    private String[] npwp(boolean en) {
        String fifteen = digits(15);
        int form = random.nextInt(3);
        String value = switch (form) {
            case 0 -> fifteen.substring(0, 2) + "." + fifteen.substring(2, 5) + "." + fifteen.substring(5, 8) + "."
                    + fifteen.substring(8, 9) + "-" + fifteen.substring(9, 12) + "." + fifteen.substring(12);
            case 1 -> fifteen;
            default -> "0" + fifteen;
        };
        String[] templates = form == 0
                ? en ? new String[] {"Tax number {} for the invoice.", "Our company tax ID is {}.", "NPWP {}"}
                        : new String[] {"NPWP saya {}", "Faktur pakai NPWP {} ya.", "Ini nomor pajaknya: {}"}
                : en ? new String[] {"My NPWP is {}.", "NPWP: {}", "Tax number (NPWP) {}"}
                        : new String[] {"NPWP saya {}", "NPWP: {} atas nama saya.", "Nomor NPWP {} sudah terdaftar."};
        return new String[] {pick(templates), value};
    }

    /** SSN, NINO, DNI, NIE, codice fiscale, NIR, Steuer-ID, BSN, PESEL; the last three with their name. */
    String nationalIdValue(boolean en) {
        return switch (random.nextInt(9)) {
            case 0 -> ssn();
            case 1 -> nino();
            case 2 -> dni();
            case 3 -> nie();
            case 4 -> codiceFiscale();
            case 5 -> nir();
            case 6 -> "Steuer-ID " + steuerId();
            case 7 -> "BSN " + bsn();
            default -> "PESEL " + pesel();
        };
    }

    /** SSA rules: area 001–899 except 666, group 01–99, serial 0001–9999. */
    String ssn() {
        int area;
        do {
            area = 1 + random.nextInt(899);
        } while (area == 666);
        String s = String.format(Locale.ROOT, "%03d-%02d-%04d", area, 1 + random.nextInt(99), 1 + random.nextInt(9999));
        return random.nextInt(4) == 0 ? "SSN " + s.replace("-", random.nextBoolean() ? " " : "") : s;
    }

    /** HMRC: prefix letters without D F I Q U V (second also not O), not BG GB KN NK NT TN ZZ; six digits; A–D. */
    String nino() {
        String first = "ABCEGHJKLMNPRSTWXYZ";
        String second = "ABCEGHJKLMNPRSTWXYZ".replace("O", "");
        String prefix;
        do {
            prefix = "" + first.charAt(random.nextInt(first.length())) + second.charAt(random.nextInt(second.length()));
        } while (List.of("BG", "GB", "KN", "NK", "NT", "TN", "ZZ").contains(prefix));
        String d = digits(6);
        char suffix = "ABCD".charAt(random.nextInt(4));
        return random.nextBoolean() ? prefix + d + suffix
                : prefix + " " + d.substring(0, 2) + " " + d.substring(2, 4) + " " + d.substring(4) + " " + suffix;
    }

    String dni() {
        long number = 10_000_000L + random.nextInt(89_999_999);
        return number + (random.nextBoolean() ? "" : "-") + "TRWAGMYFPDXBNJZSQVHLCKE".charAt((int) (number % 23));
    }

    String nie() {
        int prefix = random.nextInt(3);
        String seven = digits(7);
        long value = Long.parseLong(prefix + seven);
        return "XYZ".charAt(prefix) + seven + "TRWAGMYFPDXBNJZSQVHLCKE".charAt((int) (value % 23));
    }

    /** Surname and name consonants, year, month letter, day (+40 for women), town code, check letter. */
    String codiceFiscale() {
        var sb = new StringBuilder();
        String consonants = "BCDFGHJKLMNPRSTVZ";
        for (int i = 0; i < 6; i++) {
            sb.append(consonants.charAt(random.nextInt(consonants.length())));
        }
        sb.append(digits(2)).append("ABCDEHLMPRST".charAt(random.nextInt(12)));
        sb.append(String.format(Locale.ROOT, "%02d", 1 + random.nextInt(28) + (random.nextBoolean() ? 40 : 0)));
        sb.append((char) ('A' + random.nextInt(26))).append(digits(3));
        // Odd positions (1st, 3rd, …) by the decree's table, even positions by their plain value.
        String oddTable = "BAKPLCQDREVOSFTGUHMINJWZYX";
        int sum = 0;
        for (int i = 0; i < 15; i++) {
            char c = sb.charAt(i);
            int plain = Character.isDigit(c) ? c - '0' : c - 'A';
            sum += i % 2 == 1 ? plain : oddTable.indexOf(Character.isDigit(c) ? (char) ('A' + (c - '0')) : c);
        }
        return sb.append((char) ('A' + sum % 26)).toString();
    }

    /** INSEE: sex, year, month, department, commune, order; key 97 − (number mod 97). */
    String nir() {
        String body = (1 + random.nextInt(2)) + digits(2) + String.format(Locale.ROOT, "%02d", 1 + random.nextInt(12))
                + String.format(Locale.ROOT, "%02d", 1 + random.nextInt(95)) + digits(3) + digits(3);
        long key = 97 - Long.parseLong(body) % 97;
        String nir = body + String.format(Locale.ROOT, "%02d", key);
        return random.nextBoolean() ? nir : nir.charAt(0) + " " + nir.substring(1, 3) + " " + nir.substring(3, 5) + " "
                + nir.substring(5, 7) + " " + nir.substring(7, 10) + " " + nir.substring(10, 13) + " "
                + nir.substring(13);
    }

    /** Bundeszentralamt für Steuern: eleven digits, the first not 0, ISO 7064 MOD 11,10 check digit. */
    String steuerId() {
        String ten = (1 + random.nextInt(9)) + digits(9);
        int product = 10;
        for (char c : ten.toCharArray()) {
            int sum = (c - '0' + product) % 10;
            if (sum == 0) {
                sum = 10;
            }
            product = sum * 2 % 11;
        }
        int check = (11 - product) % 10;
        return ten + check;
    }

    /** Nine digits passing the eleven test. */
    String bsn() {
        while (true) {
            String eight = (1 + random.nextInt(9)) + digits(7);
            int sum = 0;
            for (int i = 0; i < 8; i++) {
                sum += (9 - i) * (eight.charAt(i) - '0');
            }
            int last = sum % 11;
            if (last <= 9) {
                return eight + last;
            }
        }
    }

    /** Birth date YYMMDD (month + 20 for the 2000s), serial, check digit of weights 1 3 7 9. */
    String pesel() {
        int year = 50 + random.nextInt(60);
        int month = 1 + random.nextInt(12) + (year >= 100 ? 20 : 0);
        String ten = String.format(Locale.ROOT, "%02d%02d%02d", year % 100, month, 1 + random.nextInt(28)) + digits(4);
        int[] w = {1, 3, 7, 9, 1, 3, 7, 9, 1, 3};
        int sum = 0;
        for (int i = 0; i < 10; i++) {
            sum += w[i] * (ten.charAt(i) - '0');
        }
        return ten + (10 - sum % 10) % 10;
    }

    /** Indonesian (letter and seven digits), US and UK (nine digits), German, French, Italian, Spanish. */
    String passport() {
        return switch (random.nextInt(7)) {
            case 0 -> "ABCEX".charAt(random.nextInt(5)) + digits(7);
            case 1, 2 -> (1 + random.nextInt(9)) + digits(8);
            case 3 -> {
                String alphabet = "CFGHJKLMNPRTVWXYZ";
                var sb = new StringBuilder().append(alphabet.charAt(random.nextInt(alphabet.length())));
                String chars = alphabet + "0123456789";
                while (sb.length() < 9) {
                    sb.append(sb.length() < 4 ? (char) ('0' + random.nextInt(10))
                            : chars.charAt(random.nextInt(chars.length())));
                }
                yield sb.toString();
            }
            case 4 -> digits(2) + letters(2) + digits(5);
            case 5 -> letters(2) + digits(7);
            default -> letters(3) + digits(6);
        };
    }

    String ip() {
        return switch (random.nextInt(4)) {
            case 0 -> "192.168." + random.nextInt(256) + "." + (1 + random.nextInt(254));
            case 1 -> (11 + random.nextInt(180)) + "." + random.nextInt(256) + "." + random.nextInt(256) + "."
                    + (1 + random.nextInt(254));
            case 2 -> {
                var groups = new ArrayList<String>();
                for (int i = 0; i < 8; i++) {
                    groups.add(Integer.toHexString(random.nextInt(0x10000)));
                }
                yield String.join(":", groups);
            }
            default -> "2001:db8:" + Integer.toHexString(random.nextInt(0x10000)) + "::" + Integer.toHexString(1
                    + random.nextInt(0xffff));
        };
    }

    /** Published key shapes: OpenAI, GitHub, AWS access key ids, Stripe, JWTs. */
    String secret() {
        String base62 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        return switch (random.nextInt(5)) {
            case 0 -> "sk-proj-" + randomOf(base62, 40);
            case 1 -> "ghp_" + randomOf(base62, 36);
            case 2 -> "AKIA" + randomOf("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16);
            case 3 -> "sk_live_" + randomOf(base62, 24);
            default -> "eyJhbGciOiJIUzI1NiJ9." + randomOf(base62, 30) + "." + randomOf(base62 + "-_", 43);
        };
    }

    String birthDate(boolean en) {
        int year = 1950 + random.nextInt(58);
        int month = 1 + random.nextInt(12);
        int day = 1 + random.nextInt(28);
        String[] months = en ? EN_MONTHS : ID_MONTHS;
        return switch (random.nextInt(6)) {
            case 0 -> String.format(Locale.ROOT, "%02d/%02d/%d", day, month, year);
            case 1 -> en ? String.format(Locale.ROOT, "%02d/%02d/%d", month, day, year)
                    : String.format(Locale.ROOT, "%02d-%02d-%d", day, month, year);
            case 2 -> String.format(Locale.ROOT, "%d-%02d-%02d", year, month, day);
            case 3 -> day + " " + months[month - 1] + " " + year;
            case 4 -> en ? months[month - 1] + " " + day + ", " + year
                    : day + " " + months[month - 1].substring(0, 3) + " " + year;
            default -> String.format(Locale.ROOT, "%02d.%02d.%d", day, month, year);
        };
    }

    /** Postal formats: USPS, Royal Mail, Deutsche Post, PostNL, La Poste, Poste Italiane, Correos, Pos Indonesia. */
    String address(boolean en) {
        int n = 1 + random.nextInt(1999);
        String street = pick(STREET_WORDS);
        if (!en || random.nextInt(3) == 0) {
            String base = pick(new String[] {"Jl. ", "Jalan ", "Jln. ", "Gg. "}) + pick(ID_STREETS);
            return switch (random.nextInt(4)) {
                case 0 -> base + " No. " + (1 + random.nextInt(200));
                case 1 -> base + " No." + (1 + random.nextInt(200)) + ", RT " + String.format(Locale.ROOT, "%03d",
                        1 + random.nextInt(20)) + "/RW " + String.format(Locale.ROOT, "%03d", 1 + random.nextInt(15))
                        + ", Kel. Sukajadi, Kec. Sukasari, Kota " + pick(ID_CITIES) + " " + digits(5);
                case 2 -> base + " RT 0" + (1 + random.nextInt(9)) + "/RW 0" + (1 + random.nextInt(9))
                        + ", Desa Sukamaju";
                default -> base + " Kav. " + (1 + random.nextInt(90)) + ", " + "Jakarta Selatan "
                        + (12000 + random.nextInt(999));
            };
        }
        return switch (random.nextInt(7)) {
            case 0 -> n + " " + street + " " + pick(new String[] {"Street", "St.", "Avenue", "Ave", "Road", "Drive",
                    "Lane"})
                    + ", " + pick(new String[] {"Springfield", "Austin", "Denver", "Portland"}) + ", "
                    + pick(new String[] {"IL", "TX", "CO", "OR"}) + " " + digits(5);
            case 1 -> (1 + random.nextInt(300)) + " " + street + " " + pick(new String[] {"Road", "Street", "Lane",
                    "Close",
                "Gardens", "Crescent"}) + ", " + pick(new String[] {"London", "Leeds", "Bristol", "York"}) + " "
                    + pick(new String[] {"SW1A 1AA", "LS1 4AP", "BS1 5TR", "YO1 7HH", "EC1A 1BB", "M1 1AE"});
            case 2 -> pick(new String[] {"Haupt", "Linden", "Berliner ", "Garten", "Schiller"}) .trim()
                    + pick(new String[] {"straße", "weg", "allee"}) + " " + (1 + random.nextInt(150)) + ", " + digits(5)
                    + " " + pick(new String[] {"Berlin", "München", "Hamburg", "Köln"});
            case 3 -> pick(new String[] {"Keizers", "Heren", "Prinsen"}) + "gracht " + (1 + random.nextInt(600)) + ", "
                    + (1000 + random.nextInt(8999)) + " " + letters(2) + " Amsterdam";
            case 4 -> (1 + random.nextInt(150)) + " rue " + pick(new String[] {"de la Paix", "du Bac", "des Lilas",
                "Victor Hugo"}) + ", " + (75001 + random.nextInt(20)) + " Paris";
            case 5 -> "Via " + pick(new String[] {"Roma", "Garibaldi", "Dante", "Giuseppe Verdi"}) + " "
                    + (1 + random.nextInt(200)) + ", " + (20100 + random.nextInt(99)) + " Milano";
            default -> "Calle " + pick(new String[] {"Mayor", "de Alcalá", "Gran Vía", "del Prado"}) + ", "
                    + (1 + random.nextInt(200)) + ", " + (28001 + random.nextInt(50)) + " Madrid";
        };
    }

    private String[] name(boolean en) {
        String full = en ? pick(EN_FIRST) + " " + pick(EN_LAST) : pick(ID_FIRST) + " " + pick(ID_LAST);
        String last = full.substring(full.indexOf(' ') + 1);
        if (en) {
            return switch (random.nextInt(6)) {
                case 0 -> new String[] {"Hi, my name is {} and I have a question.", full};
                case 1 -> new String[] {"Please put it under Mr. {}.", last};
                case 2 -> new String[] {"Dr. {} will pick it up.", full};
                case 3 -> new String[] {"Name: {}", full.toUpperCase(Locale.ROOT)};
                case 4 -> new String[] {"Hello, I'm {}, I ordered last week.", full};
                default -> new String[] {"Thanks, Ms. {}!", last};
            };
        }
        String first = full.substring(0, full.indexOf(' '));
        return switch (random.nextInt(6)) {
            case 0 -> new String[] {"Nama saya {}, mau tanya soal pesanan.", full};
            case 1 -> new String[] {"Baik Pak {}, kami proses ya.", first};
            case 2 -> new String[] {"Transfer atas nama {} sudah masuk.", full};
            case 3 -> new String[] {"Terima kasih Ibu {}.", full};
            case 4 -> new String[] {"Nama: {}", full.toUpperCase(Locale.ROOT)};
            default -> new String[] {"Halo Kak {}, ada yang bisa dibantu?", first};
        };
    }

    // ---- hard negatives: values of every confusable sort, none personal

    private static final int NEGATIVE_SORTS = 12;

    /** Hard negative number {@code i}: sorts taken in turn so every sort is equally represented. */
    String negative(int i, boolean en) {
        return switch (i % NEGATIVE_SORTS) {
            case 0 -> orderNumber(en);
            case 1 -> tracking(en);
            case 2 -> price(en);
            case 3 -> version(en);
            case 4 -> hotline(en);
            case 5 -> masked(en);
            case 6 -> paymentReference(en);
            case 7 -> notABirthDate(en);
            case 8 -> placeNotAddress(en);
            case 9 -> titleNotName(en);
            case 10 -> codes(en);
            default -> failedChecks(en);
        };
    }

    private String orderNumber(boolean en) {
        String number = switch (random.nextInt(5)) {
            case 0 -> "ORD-" + (2020 + random.nextInt(6)) + "-" + digits(6);
            case 1 -> "INV/" + (2020 + random.nextInt(6)) + String.format(Locale.ROOT, "%02d%02d",
                    1 + random.nextInt(12),
                    1 + random.nextInt(28)) + "/MPL/" + digits(10);
            case 2 -> "08" + digits(10);
            case 3 -> digits(3) + "-" + digits(2) + "-" + digits(4);
            default -> "#" + digits(9);
        };
        return en ? pick(new String[] {"My order number is " + number + ".", "Order " + number + " hasn't arrived.",
            "Invoice " + number + " attached."}) : pick(new String[] {"Nomor pesanan " + number + " belum sampai.",
                "Pesanan saya " + number + " kak.", "Invoice " + number + " sudah dibayar."});
    }

    private String tracking(boolean en) {
        String code = switch (random.nextInt(5)) {
            case 0 -> "JP" + digits(10);
            case 1 -> "1Z" + letters(3).toUpperCase(Locale.ROOT) + digits(3) + "0" + digits(9);
            case 2 -> "SPXID0" + digits(11);
            case 3 -> digits(13);
            default -> "JNE" + digits(12);
        };
        return en ? pick(new String[] {"Tracking number " + code + " shows it in transit.", "The AWB is " + code + "."})
                : pick(new String[] {"Resi " + code + " belum update.", "No. resi: " + code + ", mohon dicek."});
    }

    private String price(boolean en) {
        String amount = switch (random.nextInt(4)) {
            case 0 -> "Rp " + (1 + random.nextInt(999)) + "." + digits(3) + "." + digits(3);
            case 1 -> "Rp" + (1 + random.nextInt(9)) + "." + digits(3) + "." + digits(3) + "." + digits(3);
            case 2 -> "IDR " + (1 + random.nextInt(99)) + "." + digits(3) + ".000";
            default -> "$" + (1 + random.nextInt(9)) + "," + digits(3) + "." + digits(2);
        };
        return en ? "The total came to " + amount + " including tax."
                : "Totalnya " + amount + " sudah termasuk ongkir.";
    }

    private String version(boolean en) {
        String v = (1 + random.nextInt(20)) + "." + random.nextInt(20) + "." + random.nextInt(10) + "."
                + random.nextInt(300);
        return switch (random.nextInt(4)) {
            case 0 -> en ? "Please update the firmware to " + v + " first."
                    : "Update firmware ke " + v + " dulu ya kak.";
            case 1 -> en ? "I'm on build " + v + " of the app." : "Aplikasi saya build " + v + ".";
            case 2 -> en ? "Version v" + v + " fixed it." : "Sudah versi " + v + " kak.";
            default -> en ? "It runs " + v + " firmware." : "Router pakai " + v + " firmware.";
        };
    }

    private String hotline(boolean en) {
        String number = switch (random.nextInt(5)) {
            case 0 -> "0800-1-" + digits(3) + "-" + digits(3);
            case 1 -> "0800 1" + digits(2) + " " + digits(4);
            case 2 -> "1500-" + digits(3);
            case 3 -> "14" + digits(3);
            default -> "0804-1-" + digits(3) + "-" + digits(3);
        };
        return en ? pick(new String[] {"Call our toll-free hotline " + number + ".", "Customer service: " + number,
            "You can call " + number + " for free."}) : pick(new String[] {"Hubungi call center " + number + " ya.",
                "Layanan pelanggan bebas pulsa " + number + ".", "Silakan telepon " + number + " untuk bantuan."});
    }

    private String masked(boolean en) {
        String value = switch (random.nextInt(5)) {
            case 0 -> pick(ID_FIRST).toLowerCase(Locale.ROOT).charAt(0) + "****" + "a@" + pick(DOMAINS);
            case 1 -> "0812-****-" + digits(4);
            case 2 -> "**** **** **** " + digits(4);
            case 3 -> "3174********" + digits(4);
            default -> "08" + digits(2) + "xxxx" + digits(4);
        };
        return en ? "We sent the code to " + value + "." : "Kode dikirim ke " + value + " ya kak.";
    }

    private String paymentReference(boolean en) {
        String ref = digits(16);
        return switch (random.nextInt(4)) {
            case 0 -> en ? "Payment reference " + ref + " is confirmed."
                    : "No. referensi pembayaran " + ref + " sudah masuk.";
            case 1 -> en ? "Pay to virtual account " + ref + "." : "Bayar ke VA " + ref + " ya.";
            case 2 -> en ? "Transaction ID " + ref : "ID transaksi " + ref;
            default -> en ? "Billing code " + ref + " expires tonight."
                    : "Kode bayar " + ref + " berlaku sampai malam.";
        };
    }

    private String notABirthDate(boolean en) {
        int year = 2021 + random.nextInt(5);
        String date = String.format(Locale.ROOT, "%02d/%02d/%d", 1 + random.nextInt(28), 1 + random.nextInt(12), year);
        return switch (random.nextInt(4)) {
            case 0 -> en ? "It was delivered on " + date + "." : "Dikirim tanggal " + date + ".";
            case 1 -> en ? "The birthday sale runs until " + date + "."
                    : "Promo ulang tahun berlaku sampai " + date + ".";
            case 2 -> en ? "Your warranty ends " + (1 + random.nextInt(28)) + " " + pick(EN_MONTHS) + " " + year + "."
                    : "Garansi berakhir " + (1 + random.nextInt(28)) + " " + pick(ID_MONTHS) + " " + year + ".";
            default -> en ? "Card expiry 0" + (1 + random.nextInt(9)) + "/2" + (6 + random.nextInt(4)) + " is fine."
                    : "Masa berlaku kartu 0" + (1 + random.nextInt(9)) + "/2" + (6 + random.nextInt(4)) + ".";
        };
    }

    private String placeNotAddress(boolean en) {
        return en ? pick(new String[] {"Our store on " + pick(STREET_WORDS) + " Street opens at 9.",
            "It's near the " + pick(STREET_WORDS) + " Road station.", "We have 3 branches in London.",
            "Turn left at " + pick(STREET_WORDS) + " Avenue."})
                : pick(new String[] {"Toko kami di Jalan " + pick(ID_STREETS) + " buka jam 9.",
                    "Lagi jalan-jalan ke Bali kak.", "Cabang kami ada di Jl. " + pick(ID_STREETS) + " dan Mall Kota.",
                    "Sedang dalam perjalanan ke gudang."});
    }

    private String titleNotName(boolean en) {
        return en ? pick(new String[] {"Dear Sir or Madam, thank you.", "Dr. Martens boots are back in stock.",
            "Thanks, Mr. Customer Service!", "Hi Ms., your parcel is here.", "This is great, thanks!",
            "I'm happy with it.", "The Name: field is empty."})
                : pick(new String[] {"Bapak/Ibu yang terhormat,", "Pindah ke Ibu Kota Nusantara tahun depan.",
                    "Terima kasih Kak!", "Pak, pesanannya sudah dikirim.", "Transfer atas nama PT Sinar Jaya Abadi.",
                    "Nama saya sudah terdaftar.", "Baik Bu, ditunggu ya."});
    }

    private String codes(boolean en) {
        return switch (random.nextInt(4)) {
            case 0 -> (en ? "Request id " : "ID permintaan ")
                    + UUID.nameUUIDFromBytes(digits(8).getBytes(StandardCharsets.UTF_8));
            case 1 -> (en ? "Product code " : "Kode produk ") + letters(2).toUpperCase(Locale.ROOT) + digits(6)
                    + "ABCD".charAt(random.nextInt(4)) + ".";
            case 2 -> (en ? "Voucher " : "Voucher ") + letters(4).toUpperCase(Locale.ROOT) + digits(4) + ".";
            default -> (en ? "Commit " : "Commit ") + randomOf("0123456789abcdef", 40);
        };
    }

    private String failedChecks(boolean en) {
        String card = card().replace(" ", "").replace("-", "");
        int last = card.charAt(card.length() - 1) - '0';
        String wrong = card.substring(0, card.length() - 1) + (char) ('0' + (last + 5) % 10);
        String ibanValue = iban().replace(" ", "");
        String badIban = ibanValue.substring(0, 2) + String.format(Locale.ROOT, "%02d",
                (Integer.parseInt(ibanValue.substring(2, 4)) + 1) % 100) + ibanValue.substring(4);
        return switch (random.nextInt(3)) {
            case 0 -> (en ? "Serial number " : "Nomor seri ") + wrong + ".";
            case 1 -> (en ? "Reference " : "Referensi ") + badIban + ".";
            default -> (en ? "Ticket " : "Tiket ") + "9" + digits(2) + "-" + digits(2) + "-" + digits(4) + ".";
        };
    }

    // ---- helpers

    private static int luhnDigit(String body) {
        int sum = 0;
        for (int i = 0; i < body.length(); i++) {
            int d = body.charAt(body.length() - 1 - i) - '0';
            if (i % 2 == 0) {
                d = d * 2 > 9 ? d * 2 - 9 : d * 2;
            }
            sum += d;
        }
        return (10 - sum % 10) % 10;
    }

    private String digits(int n) {
        var sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            sb.append((char) ('0' + random.nextInt(10)));
        }
        return sb.toString();
    }

    private String letters(int n) {
        return randomOf("ABCDEFGHIJKLMNOPQRSTUVWXYZ", n);
    }

    private String randomOf(String alphabet, int n) {
        var sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return sb.toString();
    }

    private String pick(String[] options) {
        return options[random.nextInt(options.length)];
    }
}
