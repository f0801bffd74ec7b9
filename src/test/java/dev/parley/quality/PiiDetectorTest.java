package dev.parley.quality;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import dev.parley.dialogue.Dialogue;
import dev.parley.dialogue.Turn;

class PiiDetectorTest {

    private final PiiDetector detector = new PiiDetector();

    @Test
    void finds_each_kind_in_a_sentence_with_its_span() {
        String text = "Email budi.santoso+toko@mail.example.co.id, HP 0812-3456-7890, kartu 4111 1111 1111 1111,"
                + " IBAN DE89 3704 0044 0532 0130 00, NIK 3174054508920003, IP 192.168.1.20 / 2001:db8::8a2e:370:7334,"
                + " key AKIAIOSFODNN7EXAMPLE.";

        assertThat(detector.find(text)).extracting(f -> f.type() + " " + f.text(text)).containsExactly(
                "EMAIL budi.santoso+toko@mail.example.co.id",
                "PHONE 0812-3456-7890",
                "CARD 4111 1111 1111 1111",
                "IBAN DE89 3704 0044 0532 0130 00",
                "NIK 3174054508920003",
                "IP_ADDRESS 192.168.1.20",
                "IP_ADDRESS 2001:db8::8a2e:370:7334",
                "SECRET AKIAIOSFODNN7EXAMPLE");
    }

    @Test
    void counts_digits_of_any_script_and_still_finds_the_kinds_that_need_none() {
        assertThat(PiiDetector.digitCount("tanpa angka sama sekali")).isZero();
        assertThat(PiiDetector.digitCount("nomor \u0660\u0668\u0661\u0662")).isEqualTo(4); // Arabic-Indic digits
        assertThat(PiiDetector.digitCount("kode \uff11")).isEqualTo(1); // a full-width one
        assertThat(PiiDetector.digitCount("ada 1 paket")).isEqualTo(1);

        String text = "Nama saya Budi Santoso, email budi.santoso@tokokita.id, token ghp_" + "a".repeat(18) + "B".repeat(18);
        assertThat(detector.find(text)).extracting(PiiFinding::type)
                .containsExactly(PiiType.PERSON_NAME, PiiType.EMAIL, PiiType.SECRET);
    }

    @ParameterizedTest
    @ValueSource(strings = {"kuncinya sk-proj-Ab3dEf6hIj9kLm2nOp5qRs8t ya", "pakai sk_live_4eC39HqLyjWDarjtT1zdp7dc",
            "token ghp_a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8", "github_pat_11ABCDEFG0123456789_abcdefghij dipakai",
            "AWS AKIAIOSFODNN7EXAMPLE", "key=AIzaSyA1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q", "slack xoxb-123456789012-abcdefghij",
            "jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NSJ9.abcdefGHIJK",
            "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\n-----END RSA PRIVATE KEY-----",
            "PASSWORD: Mawar123!", "Kata Sandi saya Rahasia99", "Bearer abcDEF123456ghi",
            "kode Zq8Xv2Lm9Rt4Kw7Pb3Nc6Hd1Fs5Gj0YeUaIoQxWz di sini"})
    void finds_every_key_shape_and_secrets_after_words_in_any_ascii_case(String text) {
        assertThat(detector.find(text)).extracting(PiiFinding::type).contains(PiiType.SECRET);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Terima kasih, Mrs Emily Clarke", "Bapak Joko Widodo menelepon", "Señora Lucía Gómez llamó",
            "MY NAME IS Hans Müller", "Halo, nama saya Siti Aminah", "I'm Rina Kusuma", "İ AM Budi Santoso",
            "Budi's name is not here, ship to: Andi Wijaya", "NAMA PENERIMA Dewi Lestari", "NAME John Smith, yang menelepon",
            "Regards, Emily Clarke", "Hello, James Walsh here", "saya Rina, yang pesan kemarin", "atas nama Joko Susilo",
            "Recipient: ANDI WIJAYA", "nama: budi santoso"})
    void finds_names_after_every_kind_of_cue_in_any_case(String text) {
        assertThat(detector.find(text)).extracting(PiiFinding::type).contains(PiiType.PERSON_NAME);
    }

    @Test
    void folds_as_a_unicode_case_insensitive_match_compares() {
        assertThat(PersonNames.fold("İ AM Nama \u212aak ſaya")).isEqualTo("i am nama kak saya");
    }

    @Test
    void measures_runs_and_counts_digits_and_colons_as_the_patterns_need_them() {
        assertThat(PiiDetector.longestRun("ab-cd efghij k", c -> c != ' ')).isEqualTo(6);
        assertThat(PiiDetector.asciiDigits("no. 12, \u0660\u0661 dan \uff13")).isEqualTo(2);
        assertThat(PiiDetector.count("1.2.3", '.')).isEqualTo(2);
        assertThat(PiiDetector.hasIpv6Run("fe80::1")).isTrue();
        assertThat(PiiDetector.hasIpv6Run("ab:cd:ef")).isTrue();
        assertThat(PiiDetector.hasIpv6Run("topic: refund, persona: student")).isFalse();
        assertThat(PiiDetector.hasIpv6Run("12:30 or 14:45")).isFalse();
        assertThat(PiiDetector.hasIpv6Run("a:g:b")).isFalse();
    }

    @Test
    void redacts_with_typed_placeholders() {
        String text = "Hubungi saya di +62 812 3456 7890 atau siti@tokokita.id; token ghp_"
                + "a".repeat(18) + "B".repeat(18) + " ya.";

        assertThat(detector.redact(text)).isEqualTo("Hubungi saya di [PHONE] atau [EMAIL]; token [SECRET] ya.");
        assertThat(detector.redact("Tidak ada data pribadi di sini, pesanan INV-12345.")).isEqualTo(
                "Tidak ada data pribadi di sini, pesanan INV-12345.");
    }

    @Test
    void redacts_a_dialogue_and_counts_by_kind() {
        var dialogue = new Dialogue(List.of(new Turn(Turn.USER, "Nomor saya 081234567890, email a@b.co"),
                new Turn(Turn.ASSISTANT, "Terima kasih, kami hubungi 081234567890.")));

        assertThat(detector.redact(dialogue).turns()).extracting(Turn::content)
                .containsExactly("Nomor saya [PHONE], email [EMAIL]", "Terima kasih, kami hubungi [PHONE].");
        assertThat(detector.count(dialogue)).isEqualTo(Map.of(PiiType.PHONE, 2, PiiType.EMAIL, 1));
    }

    @Test
    void gate_names_kinds_and_messages_but_not_the_data() {
        var dialogue = new Dialogue(List.of(new Turn(Turn.USER, "Kartu saya 4111-1111-1111-1111, HP 0812 3456 7890"),
                new Turn(Turn.ASSISTANT, "Baik, kami cek."), new Turn(Turn.USER, "NIK 3174054508920003"),
                new Turn(Turn.ASSISTANT, "Terima kasih.")));

        assertThat(detector.check(dialogue)).hasValueSatisfying(r -> {
            assertThat(r.gate()).isEqualTo("pii");
            assertThat(r.reason()).isEqualTo("personal data or secrets: 1 [CARD], 1 [PHONE] in message 1; 1 [NIK] in message 3");
        });
        assertThat(detector.check(new Dialogue(List.of(new Turn(Turn.USER, "Halo"), new Turn(Turn.ASSISTANT, "Hai"))))).isEmpty();
    }

    @Test
    void ignores_lookalikes_that_fail_their_checks() {
        // Luhn fails (last digit changed), mod-97 fails (check digits changed), month 13 in a NIK,
        // an octet above 255, a time, a 3-group colon string, a version number.
        for (String text : List.of("4111 1111 1111 1112", "DE88 3704 0044 0532 0130 00", "3174054513920003",
                "192.168.1.256", "10:30:00", "cafe:babe:1", "v1.2.3.4", "0812-34", "+1 555")) {
            assertThat(detector.find(text)).as(text).isEmpty();
        }
    }

    @Test
    void a_sixteen_digit_number_valid_as_both_nik_and_card_follows_its_context() {
        // 5171014508900001: province 51 (Bali), regency 71, district 01, born 5 Aug 1990 (woman),
        // serial 0001; and a Mastercard-prefixed number that passes Luhn.
        String both = "5171014508900001";
        assertThat(PiiDetector.isNik(both)).isTrue();
        assertThat(PiiDetector.luhn(both)).isTrue();

        assertThat(detector.find("NIK " + both)).extracting(PiiFinding::type).containsExactly(PiiType.NIK);
        assertThat(detector.find("kartu kredit " + both)).extracting(PiiFinding::type).containsExactly(PiiType.CARD);
        assertThat(detector.find("nomornya " + both)).extracting(PiiFinding::type).containsExactly(PiiType.NIK);
        assertThat(detector.find("nomornya 5171 0145 0890 0001")).extracting(PiiFinding::type).containsExactly(PiiType.CARD);
    }

    @Test
    void a_detector_for_some_kinds_ignores_the_rest() {
        var emailsOnly = new PiiDetector(EnumSet.of(PiiType.EMAIL));

        assertThat(emailsOnly.redact("a@b.co 0812-3456-7890")).isEqualTo("[EMAIL] 0812-3456-7890");
    }

    @Test
    void iban_check_is_mod_97() {
        // DE89 3704 0044 0532 0130 00 -> 370400440532013000 DE89 -> 370400440532013000 1314 89; mod 97 = 1.
        assertThat(PiiDetector.mod97("DE89370400440532013000")).isEqualTo(1);
        assertThat(PiiDetector.mod97("GB82WEST12345698765432")).isEqualTo(1);
    }

    @Test
    void luhn_doubles_every_second_digit_from_the_right() {
        // 79927398713: 3 + (1·2=2) + 7 + (8·2=16→7) + 9 + (3·2=6) + 7 + (2·2=4) + 9 + (9·2=18→9) + 7 = 70.
        assertThat(PiiDetector.luhn("79927398713")).isTrue();
        assertThat(PiiDetector.luhn("79927398710")).isFalse();
    }

    @ParameterizedTest
    @EnumSource(value = PiiType.class, names = {"SECRET", "EMAIL", "IBAN", "CARD", "NIK", "PHONE", "IP_ADDRESS"})
    void finds_at_least_95_percent_of_planted_values_of_each_kind(PiiType type) {
        var planted = new PlantedPii(20_240_601L + type.ordinal()).planted(type, 400);
        var missed = new ArrayList<String>();
        for (var p : planted) {
            boolean found = detector.find(p.text()).stream()
                    .anyMatch(f -> f.type() == type && f.start() == p.start() && f.end() == p.end());
            if (!found) {
                missed.add(p.text() + " -> " + detector.find(p.text()).stream().map(f -> f.type() + " " + f.text(p.text())).toList());
            }
        }
        double recall = 1 - (double) missed.size() / planted.size();
        System.out.printf("PII recall %s: %.4f (%d of %d missed)%n", type, recall, missed.size(), planted.size());

        assertThat(recall).as("missed: %s", missed).isGreaterThanOrEqualTo(0.95);
    }

    @Test
    void finds_nothing_in_ordinary_support_dialogue() {
        List<String> corpus = new PlantedPii(7).cleanCorpus(2000);
        var falsePositives = new ArrayList<String>();
        for (String text : corpus) {
            for (PiiFinding f : detector.find(text)) {
                falsePositives.add(f.type() + " '" + f.text(text) + "' in: " + text);
            }
        }

        assertThat(falsePositives).isEmpty();
    }

    /** Every way the birth-word pattern is written, in any case, still reaches it past the literal look-ahead. */
    @ParameterizedTest
    @ValueSource(strings = {"BORN", "Date of Birth", "birthdate", "Birth date", "DOB", "D.O.B.", "d.ob", "Do.B", "Tanggal Lahir",
            "TGL. LAHIR", "tgl lahir", "Lahir", "TTL", "Geboren", "GEBURTSDATUM", "Née", "NÉ", "Date de naissance",
            "FECHA DE NACIMIENTO", "Nacido", "NACIDA", "Data di nascita", "Nato", "NATA"})
    void finds_a_birth_date_after_each_birth_word_in_any_case(String word) {
        String text = "Customer " + word + " 17/08/1990, order ready.";

        assertThat(detector.find(text)).extracting(f -> f.type() + " " + f.text(text)).contains("DATE_OF_BIRTH 17/08/1990");
    }

    @Test
    void finds_the_kinds_that_need_a_structure_or_a_cue() {
        String text = "SSN 123-45-6789, NI number QQ 12 34 56 C is not valid but AB 12 34 56 C is, DNI 12345678Z,"
                + " NPWP 01.234.567.8-901.234, passport no. A1234567, born on 17 August 1990,"
                + " Jl. Merdeka No. 5, RT 003/RW 005, Bandung; Nama saya Budi Santoso.";

        assertThat(detector.find(text)).extracting(f -> f.type() + " " + f.text(text)).containsExactly(
                "NATIONAL_ID 123-45-6789",
                "NATIONAL_ID AB 12 34 56 C",
                "NATIONAL_ID 12345678Z",
                "NPWP 01.234.567.8-901.234",
                "PASSPORT A1234567",
                "DATE_OF_BIRTH 17 August 1990",
                "ADDRESS Jl. Merdeka No. 5, RT 003/RW 005",
                "PERSON_NAME Budi Santoso");
    }

    @Test
    void finds_indonesian_numbers_in_the_shapes_people_write() {
        for (String phone : List.of("(+62) 877-1234-5678", "+62 877 1234 5678", "6287712345678", "0877.1234.5678")) {
            assertThat(detector.find("HP saya " + phone + " ya")).as(phone).extracting(f -> f.type() + " " + f.text(
                    "HP saya " + phone + " ya")).containsExactly("PHONE " + phone);
        }
        assertThat(detector.find("NIK 3174 0545 0892 0003")).extracting(PiiFinding::type).containsExactly(PiiType.NIK);
    }

    @Test
    void leaves_versions_toll_free_numbers_masked_values_and_references_alone() {
        for (String text : List.of("Update firmware ke 10.2.3.45 dulu", "build 4.18.0.112 of the app",
                "It runs 3.1.0.7 firmware", "Telepon 0800-1-500-888 bebas pulsa", "Call 0800 1 500 888",
                "Kode dikirim ke a****a@yahoo.com", "HP 0812-****-7890", "Bayar ke VA 3174054508920003",
                "No. referensi pembayaran 3174054508920003", "Order 081234567890 belum sampai",
                "Promo ulang tahun berlaku sampai 17/08/2024", "Toko kami di Jalan Sudirman", "Bapak/Ibu yang terhormat",
                "Transfer atas nama PT Sinar Jaya", "Dr. Martens boots are back")) {
            assertThat(detector.find(text)).as(text).isEmpty();
        }
    }

    @Test
    void a_detector_leaves_allowed_values_alone_however_they_are_written() {
        var shop = new PiiDetector(EnumSet.allOf(PiiType.class), List.of("+62 812 1111 2222", "cs@tokokita.id"));

        assertThat(shop.redact("Hubungi 0812-1111-2222 atau CS@TokoKita.id, bukan 0812-3333-4444."))
                .isEqualTo("Hubungi 0812-1111-2222 atau CS@TokoKita.id, bukan [PHONE].");
    }

    @Test
    void takes_addresses_in_the_case_people_type_them() {
        assertThat(found("alamat: jl. kenanga no.12 rt.03/rw.05 malang")).containsExactly(
                "ADDRESS jl. kenanga no.12 rt.03/rw.05");
        assertThat(found("Alamat saya JL. MERDEKA NO. 5 RT 003 RW 005 BANDUNG 40162")).containsExactly(
                "ADDRESS JL. MERDEKA NO. 5 RT 003 RW 005 BANDUNG 40162");
        assertThat(found("ship to 12 oak lane austin tx 78701 please")).containsExactly(
                "ADDRESS 12 oak lane austin tx 78701");
        assertThat(found("we drove 300 miles down the road")).isEmpty();
    }

    @Test
    void takes_names_in_sign_offs_forms_and_lower_case_fields() {
        assertThat(found("Thanks, Megan McAllister")).containsExactly("PERSON_NAME Megan McAllister");
        assertThat(found("Terima kasih, joko")).containsExactly("PERSON_NAME joko");
        assertThat(found("Hello, James Walsh here. Still waiting.")).containsExactly("PERSON_NAME James Walsh");
        assertThat(found("Nama: eko lestari\nHP: 0812 3456 7890")).containsExactly("PERSON_NAME eko lestari",
                "PHONE 0812 3456 7890");
        assertThat(found("Terima kasih, bye")).isEmpty();
        assertThat(found("ok thanks Mr. Postman lol")).isEmpty();
    }

    @Test
    void leaves_image_files_versions_after_update_and_numbers_after_case_words_alone() {
        assertThat(found("file logo@2x.png is missing")).isEmpty();
        assertThat(found("Still broken after MIUI 14.0.6.0")).isEmpty();
        assertThat(found("udah update ke 13.7.18.16 tapi sama aja")).isEmpty();
        assertThat(found("Nomor komplain 195-72-7741")).isEmpty();
        assertThat(found("login from 103.147.8.21, not me")).containsExactly("IP_ADDRESS 103.147.8.21");
    }

    @Test
    void a_word_on_an_earlier_line_of_a_form_does_not_describe_the_next_field() {
        assertThat(found("Format order:\nHP : 0858 2076 0996")).containsExactly("PHONE 0858 2076 0996");
        assertThat(found("No. pesanan:\n081234567890")).isEmpty();
    }

    @Test
    void takes_spaced_npwps_far_passport_numbers_and_plain_passwords_in_mixed_case() {
        assertThat(found("NPWP: 47 666 110 3 470 002")).containsExactly("NPWP 47 666 110 3 470 002");
        assertThat(found("Nomor paspor di tiket salah, harusnya A3351588")).containsExactly("PASSPORT A3351588");
        assertThat(found("Login: my email, pw mawarZ")).containsExactly("SECRET mawarZ");
        assertThat(found("password saya salah terus")).isEmpty();
    }

    /**
     * Every street word each address shape accepts, in an address of that shape: the detector looks for
     * a shape's street words before running its pattern, and a word left out of that look would lose
     * every address written with it.
     */
    @ParameterizedTest
    @ValueSource(strings = {
        "42 Baker Street", "42 Baker St", "42 Baker Avenue", "42 Baker Ave", "42 Baker Road", "42 Baker Rd",
        "42 Baker Boulevard", "42 Baker Blvd", "42 Baker Lane", "42 Baker Ln", "42 Baker Drive", "42 Baker Dr",
        "42 Baker Court", "42 Baker Ct", "42 Baker Way", "42 Baker Place", "42 Baker Pl", "42 Baker Terrace",
        "42 Baker Close", "42 Baker Crescent", "42 Baker Gardens", "42 Baker Grove", "42 Baker Mews",
        "42 Baker Square", "42 Baker Sq", "42 Baker Parkway", "42 Baker Pkwy", "42 Baker Highway", "42 Baker Hwy",
        "42 Baker Hill", "42 Baker Row", "42 Baker Walk", "42 Baker Circle", "42 Baker Cir",
        "42 baker street austin tx 78701", "42 baker ave austin tx 78701", "42 baker hwy austin tx 78701",
        "Hauptstraße 12", "Hauptstrasse 12", "Hauptstr. 12", "Waldweg 12", "Marktplatz 12", "Lindenallee 12",
        "Bäckergasse 12", "Kaiserring 12", "Kurfürstendamm 12", "Mainufer 12", "Kalverstraat 12", "Stationslaan 12",
        "Stationsplein 12", "Keizersgracht 12", "Handelskade 12", "Lijnbaanssingel 12", "Zeedijk 12", "Zandsteeg 12",
        "12 rue de la Paix", "12 RUE de la Paix", "12 avenue de la Paix", "12 av. Foch", "12 boulevard Haussmann",
        "12 bd Haussmann", "12 place Vendôme", "12 chemin des Vignes", "12 allée des Roses", "12 ALLÉE des Roses",
        "12 impasse Lepic", "12 quai Voltaire", "12 cours Mirabeau", "12 route de Lyon",
        "Via Roma 12", "Viale Monza 12", "Piazza Navona 12", "Piazzale Loreto 12", "Corso Buenos Aires 12",
        "Largo Augusto 12", "Vicolo Stretto 12", "Calle Mayor 12", "C/ Mayor 12", "Avenida Diagonal 12",
        "Avda. Diagonal 12", "Plaza Mayor 12", "Paseo Colón 12", "Carrer Gran 12", "Camino Real 12", "Ronda Sant 12",
        "Travesía Alta 12",
        "Jl. Merdeka No. 5", "Jl Merdeka No. 5", "Jln. Merdeka No. 5", "Jalan Merdeka No. 5", "JALAN MERDEKA NO. 5",
        "Gg. Mawar No. 5", "Gang Mawar No. 5", "Komplek Griya Asri No. 5", "Komp. Griya Asri No. 5",
        "Perumahan Griya Asri No. 5", "Perum. Griya Asri No. 5"})
    void finds_an_address_written_with_each_street_word(String address) {
        assertThat(found("Please send it to " + address)).containsExactly("ADDRESS " + address);
    }

    /**
     * The shortest match of each other recogniser that looks before it scans: the fewest digits, a
     * passport word in each language, an IPv6 address without a decimal digit.
     */
    @Test
    void finds_the_shortest_matches_of_the_recognisers_that_look_first() {
        assertThat(found("NIR 2 84 12 2A 004 123 70")).containsExactly("NATIONAL_ID 2 84 12 2A 004 123 70");
        assertThat(found("NINO AB 12 34 56 C")).containsExactly("NATIONAL_ID AB 12 34 56 C");
        assertThat(found("NIE X1234567L")).containsExactly("NATIONAL_ID X1234567L");
        assertThat(found("NPWP 01.234.567.8-901.234")).containsExactly("NPWP 01.234.567.8-901.234");
        assertThat(found("host abcd:ef::ab went down")).containsExactly("IP_ADDRESS abcd:ef::ab");
        assertThat(found("from 1.2.3.4 today")).containsExactly("IP_ADDRESS 1.2.3.4");
        for (String word : List.of("passport", "PASSPORT", "paspor", "pasport", "Reisepass", "passeport", "pasaporte",
                "passaporto")) {
            assertThat(found(word + " A1234567")).as(word).containsExactly("PASSPORT A1234567");
        }
    }

    private List<String> found(String text) {
        return detector.find(text).stream().map(f -> f.type() + " " + f.text(text)).toList();
    }
}
