package dev.parley.quality;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Names of people where the text says a name follows: after a title or honorific ({@code Mr.},
 * {@code Dr.}, {@code Bapak}, {@code Ibu}, {@code Mbak}, {@code Kak}), a self-introduction ("my name is",
 * "I'm", "nama saya", "atas nama") or a name field ({@code Name:}, {@code Nama:}), one to four capitalised
 * words (or upper-case words after a field). A word list keeps common words that follow a title out
 * ("Ibu Kota", "Bapak/Ibu", "atas nama PT …", "Kak, …"). Names in running text with no such cue
 * ("Budi called yesterday") are not found: telling them from other capitalised words needs a model.
 */
final class PersonNames {

    private static final String WORD = "\\p{Lu}(?:\\p{Ll}+|['’]\\p{Lu}\\p{Ll}+)(?:-\\p{Lu}?\\p{Ll}+)?";
    private static final String UPPER_WORD = "\\p{Lu}[\\p{Lu}'’-]+";
    private static final Pattern AFTER_TITLE = Pattern.compile("(?u)(?<![\\p{L}])(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Sir"
            + "|Madam|Bapak|Pak|Ibu|Bu|Sdr|Sdri|Saudara|Saudari|Mas|Mbak|Mba|Kak|Tuan|Nyonya|Nona|Herr|Frau|Señor"
            + "|Señora|Signor|Signora|Monsieur|Madame)\\.? (" + WORD + "(?: " + WORD + "){0,3})");
    private static final Pattern AFTER_INTRODUCTION = Pattern.compile("(?u)(?<![\\p{L}])(?:(?i:my name is|my name's"
            + "|nama saya|namaku|nama lengkap saya|atas nama|a\\.n\\.|this is|i'm|i am|saya adalah)) "
            + "(" + WORD + "(?: " + WORD + "){0,3})");
    private static final Pattern AFTER_FIELD = Pattern.compile("(?u)(?<![\\p{L}])(?i:name|full name|nama|nama lengkap"
            + "|recipient|penerima|account holder|pemilik rekening) ?: ?"
            + "(" + WORD + "(?: " + WORD + "){0,3}|" + UPPER_WORD + "(?: " + UPPER_WORD + "){0,3})(?![\\p{L}])");
    /** Capitalised words that follow a title or an introduction without being a name. */
    private static final Set<String> NOT_NAMES = Set.of("kota", "kami", "anda", "yang", "saya", "terima", "selamat",
            "customer", "service", "support", "team", "tim", "admin", "toko", "bank", "order", "pesanan", "sorry",
            "maaf", "thanks", "thank", "please", "hello", "halo", "hai", "good", "happy", "sure", "here", "just",
            "not", "calling", "writing", "glad", "sudah", "boleh", "bisa", "mau", "ingin", "tolong", "mohon", "ada",
            "apakah", "kalau", "jika", "the", "a", "an", "this", "that", "your", "our", "my", "pelanggan", "kakak",
            "bapak", "ibu", "pak", "bu", "kak", "januari", "februari", "maret", "april", "mei", "juni", "juli",
            "agustus", "september", "oktober", "november", "desember", "january", "february", "march", "june",
            "july", "august", "october", "december", "monday", "tuesday", "wednesday", "thursday", "friday",
            "saturday", "sunday", "senin", "selasa", "rabu", "kamis", "jumat", "sabtu", "minggu", "martens", "bean",
            "kawin", "pintu", "dinas", "rumah", "sekolah", "big", "pepper", "dollar", "rupiah", "indonesia",
            "jakarta", "english", "manager", "asisten", "assistant", "agen", "agent", "operator", "driver",
            "kurir", "courier", "pengirim", "still", "also", "really", "very", "going", "looking", "trying",
            "interested", "new", "back", "done", "ready", "okay", "ok", "fine", "pt", "cv", "ud", "yayasan",
            "koperasi", "company", "perusahaan", "chat", "whatsapp", "email", "telepon");

    private PersonNames() {
    }

    static void find(String text, List<PiiFinding> found) {
        for (Pattern p : List.of(AFTER_TITLE, AFTER_INTRODUCTION, AFTER_FIELD)) {
            Matcher m = p.matcher(text);
            while (m.find()) {
                String[] words = m.group(1).split(" ");
                int keep = 0;
                while (keep < words.length && !NOT_NAMES.contains(words[keep].toLowerCase(Locale.ROOT))) {
                    keep++;
                }
                if (keep > 0) {
                    int end = m.start(1) + String.join(" ", List.of(words).subList(0, keep)).length();
                    found.add(new PiiFinding(PiiType.PERSON_NAME, m.start(1), end));
                }
            }
        }
    }
}
