package dev.parley.quality;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Seeded generators for the privacy tests: valid examples of every kind of personal data and secret
 * in the shapes people write them, carrier sentences to plant them in, and a clean corpus of ordinary
 * support dialogue full of numbers that are not personal data.
 */
final class PlantedPii {

    /** A sentence with one planted value at [start, end). */
    record Planted(PiiType type, String text, int start, int end) {
    }

    private static final String BASE62 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final String BASE64URL = BASE62 + "-_";
    private static final String[] NAMES = {"budi", "siti.rahma", "andi_pratama", "dewi88", "j.smith", "maria-lopez",
        "putri.ayu23", "k.wijaya", "support", "rizky+toko"};
    private static final String[] DOMAINS = {"gmail.com", "yahoo.co.id", "tokokita.id", "mail.example.org", "kantor.go.id",
        "outlook.com", "student.ui.ac.id", "company.co.uk"};
    private static final String[] MOBILE_PREFIXES = {"811", "812", "813", "821", "822", "823", "852", "853", "855", "856",
        "857", "858", "859", "877", "878", "881", "882", "895", "896", "897", "898", "899"};
    private static final int[] PROVINCES = {11, 12, 13, 14, 15, 16, 17, 18, 19, 21, 31, 32, 33, 34, 35, 36, 51, 52, 53, 61,
        62, 63, 64, 65, 71, 72, 73, 74, 75, 76, 81, 82, 91, 92, 93, 94, 95, 96};
    private static final String[] CARRIERS = {"Halo kak, %s ya.", "Boleh dihubungi di %s kapan saja.", "My details: %s.",
        "Please use %s for this.", "Data saya %s mohon dicek", "(%s)", "Ini %s, terima kasih!", "%s - that's it",
        "Silakan kirim ke %s\nTerima kasih", "%s"};

    private final SplittableRandom random;

    PlantedPii(long seed) {
        this.random = new SplittableRandom(seed);
    }

    /** {@code count} sentences each holding one planted value of {@code type}. */
    List<Planted> planted(PiiType type, int count) {
        var list = new ArrayList<Planted>();
        for (int i = 0; i < count; i++) {
            String[] value = value(type); // {value, carrier or null}
            String carrier = value[1] != null ? value[1] : CARRIERS[random.nextInt(CARRIERS.length)];
            int at = carrier.indexOf("%s");
            String text = carrier.substring(0, at) + value[0] + carrier.substring(at + 2);
            list.add(new Planted(type, text, at, at + value[0].length()));
        }
        return list;
    }

    private String[] value(PiiType type) {
        return switch (type) {
            case EMAIL -> new String[] {email(), null};
            case PHONE -> new String[] {random.nextBoolean() ? indonesianPhone() : internationalPhone(), null};
            case CARD -> card();
            case IBAN -> new String[] {iban(), random.nextBoolean() ? "IBAN: %s" : null};
            case NIK -> new String[] {nik(), pick(new String[] {"NIK saya %s", "No. KTP: %s, atas nama Budi", null, null})};
            case IP_ADDRESS -> new String[] {random.nextBoolean() ? ipv4() : ipv6(), pick(new String[] {
                "server kami di %s", "Login from IP %s was blocked.", null})};
            case SECRET -> secret();
            default -> throw new IllegalArgumentException("no planted values of " + type + " here; see PiiCorpus");
        };
    }

    String email() {
        String local = NAMES[random.nextInt(NAMES.length)] + (random.nextBoolean() ? "" : Integer.toString(random.nextInt(100)));
        String address = local + "@" + DOMAINS[random.nextInt(DOMAINS.length)];
        return random.nextInt(5) == 0 ? address.toUpperCase(Locale.ROOT) : address;
    }

    String indonesianPhone() {
        String prefix = MOBILE_PREFIXES[random.nextInt(MOBILE_PREFIXES.length)];
        String rest = digits(7 + random.nextInt(3)); // 0 + 3 + 7..9 = 11..13 digits
        String a = rest.substring(0, 4);
        String b = rest.substring(4);
        return switch (random.nextInt(9)) {
            case 0 -> "0" + prefix + "-" + a + "-" + b;
            case 1 -> "0" + prefix + " " + a + " " + b;
            case 2 -> "0" + prefix + a + b;
            case 3 -> "0" + prefix + "." + a + "." + b;
            case 4 -> "(0" + prefix + ") " + a + "-" + b;
            case 5 -> "+62 " + prefix + "-" + a + "-" + b;
            case 6 -> "+62 " + prefix + " " + a + " " + b;
            case 7 -> "+62" + prefix + a + b;
            default -> "62" + prefix + a + b;
        };
    }

    String internationalPhone() {
        return switch (random.nextInt(10)) {
            case 0 -> "+44 20 " + digits(4) + " " + digits(4);
            case 1 -> "+1 " + nonZero() + digits(2) + " 555 " + digits(4);
            case 2 -> "+1 (" + nonZero() + digits(2) + ") 555-" + digits(4);
            case 3 -> "+65 6" + digits(3) + " " + digits(4);
            case 4 -> "+61 2 " + digits(4) + " " + digits(4);
            case 5 -> "+49 151 " + digits(8);
            case 6 -> "+33 6 " + digits(2) + " " + digits(2) + " " + digits(2) + " " + digits(2);
            case 7 -> "+81 90-" + digits(4) + "-" + digits(4);
            case 8 -> "+60 12-" + digits(3) + " " + digits(4);
            default -> "+91" + nonZero() + digits(9);
        };
    }

    /** {value, carrier}: 13- and 14-digit numbers only with a card word before them (see PiiDetector). */
    String[] card() {
        String digits;
        String carrier = null;
        int kind = random.nextInt(10);
        switch (kind) {
            case 0 -> digits = luhn("34" + digits(12)); // Amex, 15
            case 1 -> digits = luhn("37" + digits(12));
            case 2 -> digits = luhn("5" + (1 + random.nextInt(5)) + digits(13)); // Mastercard, 16
            case 3 -> digits = luhn("6011" + digits(11)); // Discover
            case 4 -> digits = luhn("35" + (28 + random.nextInt(62)) + digits(11)); // JCB
            case 5 -> digits = luhn("62" + digits(16)); // UnionPay, 19
            case 6 -> {
                digits = luhn("4" + digits(11)); // legacy Visa, 13
                carrier = "Nomor kartu kredit saya %s, exp 09/27";
            }
            default -> digits = luhn("4" + digits(14)); // Visa, 16
        }
        String value = switch (random.nextInt(3)) {
            case 0 -> digits;
            case 1 -> grouped(digits, ' ');
            default -> grouped(digits, '-');
        };
        if (carrier == null && random.nextBoolean()) {
            carrier = pick(new String[] {"card number %s", "Kartu debit: %s", "pakai kartu %s ya"});
        }
        return new String[] {value, carrier};
    }

    String iban() {
        String[][] countries = {{"DE", "n18"}, {"GB", "a4n14"}, {"NL", "a4n10"}, {"FR", "n10x11n2"}, {"ES", "n20"},
            {"IT", "a1n10x12"}, {"BE", "n12"}, {"CH", "n5x12"}, {"SA", "n2x18"}, {"AE", "n19"}};
        String[] c = countries[random.nextInt(countries.length)];
        var bban = new StringBuilder();
        var format = java.util.regex.Pattern.compile("([anx])(\\d+)").matcher(c[1]);
        while (format.find()) {
            int n = Integer.parseInt(format.group(2));
            for (int i = 0; i < n; i++) {
                bban.append(switch (format.group(1)) {
                    case "a" -> (char) ('A' + random.nextInt(26));
                    case "n" -> (char) ('0' + random.nextInt(10));
                    default -> "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".charAt(random.nextInt(36));
                });
            }
        }
        int check = 98 - PiiDetector.mod97(c[0] + "00" + bban);
        String iban = c[0] + String.format("%02d", check) + bban;
        return random.nextBoolean() ? iban : grouped(iban, ' ');
    }

    String nik() {
        int day = 1 + random.nextInt(28) + (random.nextBoolean() ? 40 : 0);
        return String.format("%02d%02d%02d%02d%02d%02d%04d", PROVINCES[random.nextInt(PROVINCES.length)],
                1 + random.nextInt(79), 1 + random.nextInt(50), day, 1 + random.nextInt(12), random.nextInt(100),
                1 + random.nextInt(500));
    }

    String ipv4() {
        return (1 + random.nextInt(254)) + "." + random.nextInt(256) + "." + random.nextInt(256) + "." + random.nextInt(256);
    }

    String ipv6() {
        var groups = new ArrayList<String>();
        for (int i = 0; i < 8; i++) {
            groups.add(Integer.toHexString(random.nextInt(0x10000)));
        }
        return switch (random.nextInt(5)) {
            case 0 -> String.join(":", groups);
            case 1 -> "2001:db8::" + groups.get(6) + ":" + groups.get(7);
            case 2 -> "fe80::" + groups.get(4) + ":" + groups.get(5) + ":" + groups.get(6) + ":" + groups.get(7);
            case 3 -> "::ffff:" + ipv4();
            default -> (groups.get(0) + ":" + groups.get(1) + ":" + groups.get(2) + "::" + groups.get(7)).toUpperCase(Locale.ROOT);
        };
    }

    /** {value, carrier}. */
    String[] secret() {
        return switch (random.nextInt(10)) {
            case 0 -> new String[] {"sk-proj-" + chars(BASE64URL, 48), null};
            case 1 -> new String[] {"sk-" + chars(BASE62, 48), "my OpenAI key is %s"};
            case 2 -> new String[] {"ghp_" + chars(BASE62, 36), null};
            case 3 -> new String[] {"github_pat_" + chars(BASE62, 22) + "_" + chars(BASE62, 59), null};
            case 4 -> new String[] {"AKIA" + chars(BASE62.substring(0, 26) + "234567", 16), null};
            case 5 -> new String[] {"AIza" + chars(BASE64URL, 35), null};
            case 6 -> new String[] {"xoxb-" + digits(12) + "-" + digits(13) + "-" + chars(BASE62, 24), null};
            case 7 -> new String[] {"eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ" + chars(BASE64URL, 20 + random.nextInt(60)) + "."
                + chars(BASE64URL, 43), "Authorization: Bearer %s"};
            case 8 -> new String[] {chars(BASE62, 32 + random.nextInt(33)), pick(new String[] {"token: %s", "%s", "key=%s"})};
            default -> new String[] {chars(BASE62, 6) + digits(2) + "!" + chars(BASE62, 3),
                pick(new String[] {"password saya %s", "kata sandi: %s", "My password is %s."})};
        };
    }

    /**
     * Ordinary support dialogue in Indonesian and English, with order numbers, prices, dates, times,
     * quantities, tracking numbers, vouchers, versions and links, but no personal data.
     */
    List<String> cleanCorpus(int count) {
        String[] templates = {
            "Halo kak, pesanan %ORDER% sudah kami proses dan akan dikirim %DATE%.",
            "Total belanja Kakak %PRICE%, sudah termasuk ongkir %PRICE%.",
            "Paket dengan resi %TRACK% sedang dalam perjalanan, estimasi tiba %DATE% pukul %TIME%.",
            "Hi, my order %ORDER% arrived on %DATE% but one item was missing (%QTY%).",
            "The refund of %PRICE% for %ORDER% will reach you within 3-5 business days.",
            "Voucher %VOUCHER% berlaku sampai %DATE% untuk minimal belanja %PRICE%.",
            "Mohon maaf, stok %PRODUCT% tinggal %QTY% saja.",
            "Please update the app to version %VERSION% and try again.",
            "Cek status pesanan di %URL% ya kak.",
            "Jam operasional CS kami %TIME% - %TIME% WIB, Senin sampai Jumat.",
            "I was charged %PRICE% twice on %DATE% for order %ORDER%.",
            "Nomor resi %TRACK% belum bisa dilacak, coba lagi setelah %TIME%.",
            "Harga %PRODUCT% sekarang %PRICE% (diskon %PERCENT%).",
            "Your ticket %TICKET% has been escalated; expect a reply by %DATE%, %TIME%.",
            "Pengembalian dana untuk %ORDER% sebesar %PRICE% sudah ditransfer %DATE%.",
            "Ukuran yang tersedia: S, M, L, XL. Berat paket %QTY%.",
            "Kode produk %SKU% sedang kosong, restock %DATE%.",
            "Please quote reference %TICKET% and order %ORDER% when you reply.",
            "Pesanan %ORDER% dibatalkan otomatis pada %DATE% %TIME% karena belum dibayar.",
            "Kurir %COURIER% akan mengambil paket antara %TIME% dan %TIME%.",
            "Your subscription renews on %DATE% at %PRICE% per month.",
            "Silakan pilih metode bayar: transfer bank, e-wallet, atau COD (maks. %PRICE%).",
            "Saya pesan %QTY% %PRODUCT%, tapi yang datang %QTY%.",
            "Tracking %TRACK% shows delivered at %TIME% on %DATE%.",
            "Aplikasi versi %VERSION% sudah tersedia di Play Store dan App Store.",
            "Promo %VOUCHER%: potongan %PERCENT% hingga %PRICE%, berlaku %DATE% - %DATE%.",
            "Order %ORDER% contains %QTY% of %PRODUCT% at %PRICE% each.",
            "Komplain nomor %TICKET% sudah kami terima pada %DATE% pukul %TIME%.",
            "Batas waktu retur 7 hari sejak %DATE%; simpan resi %TRACK% ya.",
            "Estimasi ongkir ke Surabaya %PRICE% untuk %QTY%.",
            "Bayar ke %VA% sebelum %DATE% %TIME%, nominal %PRICE%.",
            "Log pesanan: dibuat %STAMP%, dikirim %STAMP%.",
            "Sertifikat ISO 9001:2015, garansi resmi 12 bulan, warna %COLOR%.",
            "Checksum file update: %HASH%.",
            "Request ID %UUID% sudah kami teruskan ke tim teknis.",
            "Untuk invoice %INVOICE%, total tagihan %PRICE%.",
            "Please update to %VERSION% or later; the fix shipped in %VERSION%.",
        };
        String[][] fillers = {
            {"%ORDER%", "INV-12345", "ORD-98765", "INV/2024/05/00123", "#A1B2C3", "ORD-2024-000871", "INV-20240512-0042", "PO-7781"},
            {"%PRICE%", "Rp 150.000", "Rp1.250.000", "Rp 75rb", "$19.99", "USD 1,299.00", "€49", "Rp 12.500.000",
                "Rp 99.900,-", "IDR 2.450.000", "£7.50", "Rp 2.100.150.200", "Rp 1.200.100.100,00"},
            {"%DATE%", "12/05/2024", "2024-05-12", "12 Mei 2024", "12-05-2024", "05.12.2024", "besok", "Jumat, 7 Juni",
                "June 3rd", "31/12/2025", "2025-01-01"},
            {"%TIME%", "14:30", "08.00", "10:30:00", "7 pm", "23.59", "09:00", "16.45 WITA"},
            {"%QTY%", "2 pcs", "1,5 kg", "500 ml", "3x", "12 items", "1 lusin", "2.5 kg", "10 box"},
            {"%TRACK%", "JP1234567890", "CGK1234567890123", "1Z999AA10123456784", "SPXID012345678901", "RR123456789ID",
                "JX0987654321", "000123456789", "TKP01-23456789", "NLIDAP1234567890"},
            {"%VOUCHER%", "HEMAT50", "DISKON2024", "GRATISONGKIR", "NEWUSER10", "FLASH11.11"},
            {"%PRODUCT%", "kaos polos hitam", "sepatu lari ukuran 42", "iPhone 15 Pro 256GB", "rice cooker 1,8 L",
                "headset Bluetooth 5.3", "masker KF94"},
            {"%VERSION%", "3.2.1", "v4.10", "2024.5", "5.0.12", "versi 4.10.2.1", "v1.2.3.4", "version 10.0.19045.3"},
            {"%VA%", "VA 8808123456789012", "No. VA BCA 3901081234567890", "kode bayar 8277081234567", "rekening virtual 12345678901234"},
            {"%STAMP%", "2024-05-12T14:30:00Z", "12:30:45.123", "2024-05-12 08:15:00 +07:00", "Sen 13 Mei 09:41"},
            {"%COLOR%", "#FF5733", "#000", "navy / #1A2B3C"},
            {"%HASH%", "3f786850e387550fdab836ed7e6dc881de23001b", "E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855"},
            {"%UUID%", "85ff66e2-d773-4e0f-8f44-701e96843ffa", "85FF66E2-D773-4E0F-8F44-701E96843FFA"},
            {"%INVOICE%", "INV/20240512/MPL/3891234567890", "INV/20240512/XX/V/2205123456", "TKP-INV-000123-2024"},
            {"%URL%", "https://tokokita.co.id/bantuan", "tokokita.id/lacak?resi=JP1234567890",
                "https://www.tokokita.co.id/pesanan/INV-12345/detail", "bit.ly/cekresi"},
            {"%PERCENT%", "20%", "15 persen", "50% off", "7,5%"},
            {"%TICKET%", "TCK-004521", "CS#88231", "REF 2024-0519-77", "SR-00012345"},
            {"%SKU%", "SKU-AB12-3456", "KAOS-HTM-XL", "BRG-000123"},
            {"%COURIER%", "JNE", "J&T", "SiCepat", "AnterAja", "GoSend", "Pos Indonesia"},
        };
        var corpus = new ArrayList<String>();
        for (int i = 0; i < count; i++) {
            String text = templates[random.nextInt(templates.length)];
            for (String[] f : fillers) {
                while (text.contains(f[0])) {
                    text = text.replaceFirst(java.util.regex.Pattern.quote(f[0]),
                            java.util.regex.Matcher.quoteReplacement(f[1 + random.nextInt(f.length - 1)]));
                }
            }
            corpus.add(text);
        }
        return corpus;
    }

    private String grouped(String digits, char separator) {
        var sb = new StringBuilder();
        for (int i = 0; i < digits.length(); i++) {
            if (i > 0 && i % 4 == 0) {
                sb.append(separator);
            }
            sb.append(digits.charAt(i));
        }
        return sb.toString();
    }

    private static String luhn(String partial) {
        for (int d = 0; d <= 9; d++) {
            if (PiiDetector.luhn(partial + d)) {
                return partial + d;
            }
        }
        throw new IllegalStateException();
    }

    private String digits(int n) {
        var sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append((char) ('0' + random.nextInt(10)));
        }
        return sb.toString();
    }

    private char nonZero() {
        return (char) ('2' + random.nextInt(8));
    }

    private String chars(String alphabet, int n) {
        var sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return sb.toString();
    }

    private String pick(String[] options) {
        return options[random.nextInt(options.length)];
    }
}
