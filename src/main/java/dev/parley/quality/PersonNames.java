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

    /** A capitalised word, also with a capital inside as Gaelic and Dutch names have one: McAllister, DeVries. */
    private static final String WORD = "\\p{Lu}(?:\\p{Ll}+(?:\\p{Lu}\\p{Ll}{2,})?|['’]\\p{Lu}\\p{Ll}+)(?:-\\p{Lu}?\\p{Ll}+)?";
    /** A name typed in lower case, taken only where it fills its field up to the end of the line or a comma. */
    private static final String LOWER_TO_END = "\\p{Ll}+(?: \\p{Ll}+){0,3}(?=\\s*(?:$|[,\\n]))";
    private static final String UPPER_WORD = "\\p{Lu}[\\p{Lu}'’-]+";
    private static final Pattern AFTER_TITLE = Pattern.compile("(?u)(?<![\\p{L}])(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Sir"
            + "|Madam|Bapak|Pak|Ibu|Bu|Sdr|Sdri|Saudara|Saudari|Mas|Mbak|Mba|Kak|Tuan|Nyonya|Nona|Herr|Frau|Señor"
            + "|Señora|Signor|Signora|Monsieur|Madame)\\.? (" + WORD + "(?: " + WORD + "){0,3})");
    private static final Pattern AFTER_INTRODUCTION = Pattern.compile("(?u)(?<![\\p{L}])(?:(?i:my name is|my name's"
            + "|nama saya|namaku|nama lengkap saya|atas nama|a\\.n\\.|this is|i'm|i am|saya adalah|\\p{L}+['’]s name,?)) "
            + "(" + WORD + "(?: " + WORD + "){0,3})");
    private static final Pattern AFTER_FIELD = Pattern.compile("(?u)(?<![\\p{L}])(?i:name|full name|nama|nama lengkap"
            + "|recipient|penerima|account holder|pemilik rekening|ship to) ?: ?"
            + "(" + WORD + "(?: " + WORD + "){0,3}|" + UPPER_WORD + "(?: " + UPPER_WORD + "){0,3}"
            // a field filled in lower case, up to the end of its line or the next field
            + "|" + LOWER_TO_END + ")(?![\\p{L}])");
    /** "Nama penerima Budi Santoso": the fields whose name says a name follows even without a colon. */
    private static final Pattern AFTER_FIELD_WITHOUT_COLON = Pattern.compile("(?u)(?<![\\p{L}])(?i:nama penerima"
            + "|nama lengkap|recipient name) (" + WORD + "(?: " + WORD + "){0,3}|" + LOWER_TO_END + ")|(?i:nama|name) ("
            + WORD + "(?: " + WORD + "){0,3}),");
    /** A sign-off at the end of a message: "Thanks, Emily Clarke", "Terima kasih, Budi". */
    private static final Pattern SIGNED_OFF = Pattern.compile("(?u)(?<![\\p{L}])(?i:thanks|thank you|regards"
            + "|best wishes|cheers|terima kasih|makasih|salam|hormat saya),\\s+(" + WORD + "(?: " + WORD + "){0,3}"
            + "|\\p{Ll}+(?: \\p{Ll}+){0,2})[.!]?\\s*$");
    /** A self-introduction in the third person: "Hello, James Walsh here". */
    private static final Pattern NAME_HERE = Pattern.compile("(?u)(?<![\\p{L}])(?i:hello|hi|hai|halo),? (" + WORD
            + "(?: " + WORD + "){0,3}) here\\b");
    /** A self-introduction with "saya" or "aku" followed by a comma: "Saya Rina, yang …". */
    private static final Pattern SAYA_NAME = Pattern.compile("(?u)(?<![\\p{L}])(?i:saya|aku) (" + WORD + "(?: " + WORD
            + "){0,3}),");
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
            "kurir", "courier", "pengirim", "postman", "postie", "officer", "bye", "banyak", "ya", "min", "gan", "sis",
            "bro", "everyone", "all", "guys", "semua", "still", "also", "really", "very", "going", "looking", "trying",
            "interested", "new", "back", "done", "ready", "okay", "ok", "fine", "pt", "cv", "ud", "yayasan",
            "koperasi", "company", "perusahaan", "chat", "whatsapp", "email", "telepon");

    private PersonNames() {
    }

    /** The name's words up to the first that is no name ("Budi Customer Service" keeps "Budi"). */
    private static void add(String text, String name, int start, List<PiiFinding> found) {
        String[] words = name.split(" ");
        int keep = 0;
        while (keep < words.length && !NOT_NAMES.contains(words[keep].toLowerCase(Locale.ROOT))) {
            keep++;
        }
        if (keep > 0) {
            int end = start + String.join(" ", List.of(words).subList(0, keep)).length();
            found.add(new PiiFinding(PiiType.PERSON_NAME, start, end));
        }
    }

    /**
     * Text every match of a pattern holds: one of {@code titles} as written (they are matched case-sensitively)
     * or one of {@code words} in the text {@linkplain #fold folded} as the patterns' {@code (?iu)} groups fold
     * it; with {@code both}, one of each.
     */
    private record Cue(Pattern pattern, List<String> titles, List<String> words, boolean both) {

        Cue(Pattern pattern, List<String> titles, List<String> words) {
            this(pattern, titles, words, false);
        }

        boolean present(long titlesPresent, long wordsPresent, long bit) {
            long title = titlesPresent & bit;
            long word = wordsPresent & bit;
            return both ? title != 0 && word != 0 : (title | word) != 0;
        }
    }

    private static final List<Cue> CUES = List.of(
            new Cue(AFTER_TITLE, List.of("Mr", "Ms", "Miss", "Mx", "Dr", "Prof", "Sir", "Madam", "Bapak", "Pak", "Ibu", "Bu",
                    "Sdr", "Saudar", "Mas", "Mba", "Kak", "Tuan", "Nyonya", "Nona", "Herr", "Frau", "Señor", "Signor",
                    "Monsieur", "Madame"), List.of()),
            new Cue(AFTER_INTRODUCTION, List.of(),
                    List.of("my name", "nama", "a.n.", "this is", "i'm", "i am", "saya adalah", "s name")),
            new Cue(AFTER_FIELD, List.of(), List.of("name", "nama", "recipient", "penerima", "account holder",
                    "pemilik rekening", "ship to")),
            new Cue(AFTER_FIELD_WITHOUT_COLON, List.of(), List.of("nama", "name")),
            new Cue(SIGNED_OFF, List.of(), List.of("thanks,", "thank you,", "regards,", "best wishes,", "cheers,",
                    "terima kasih,", "makasih,", "salam,", "hormat saya,")),
            new Cue(NAME_HERE, List.of(" here"), List.of("hello", "hi", "hai", "halo"), true),
            new Cue(SAYA_NAME, List.of(), List.of("saya ", "aku ")));
    /** Each cue's titles, a group per cue in the order of CUES. */
    private static final Literals TITLES = Literals.of(CUES.stream().map(Cue::titles).toList());
    /** Each cue's words, a group per cue in the order of CUES. */
    private static final Literals WORDS = Literals.of(CUES.stream().map(Cue::words).toList());

    /**
     * Each character as a {@code (?iu)} match compares it with a lower-case pattern character: upper
     * case, then lower case ({@code İ} and {@code ı} become {@code i}, the Kelvin sign {@code k}).
     */
    static String fold(String text) {
        char[] chars = text.toCharArray();
        for (int i = 0; i < chars.length; i++) {
            chars[i] = Character.toLowerCase(Character.toUpperCase(chars[i]));
        }
        return new String(chars);
    }

    /** @param folded the text {@linkplain #fold folded} */
    static void find(String text, String folded, List<PiiFinding> found) {
        // Most messages hold no cue for most patterns, and a pattern's scan costs far more than looking.
        long titles = TITLES.in(text);
        long words = WORDS.in(folded);
        for (int c = 0; c < CUES.size(); c++) {
            if (!CUES.get(c).present(titles, words, 1L << c)) {
                continue;
            }
            Pattern p = CUES.get(c).pattern();
            Matcher m = p.matcher(text);
            while (m.find()) {
                for (int g = 1; g <= m.groupCount(); g++) {
                    if (m.group(g) != null) {
                        add(text, m.group(g), m.start(g), found);
                    }
                }
            }
        }
    }
}
