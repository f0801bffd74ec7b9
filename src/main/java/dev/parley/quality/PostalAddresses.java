package dev.parley.quality;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Postal addresses with a street and a house number, in the orders each country writes them, with
 * what follows them on the same line (flat, postcode, town) when it is there:
 * <ul>
 * <li>US and UK: a number, capitalised street words and a street type ({@code 1600 Pennsylvania Avenue NW},
 * {@code 221B Baker Street}), then a unit, a town, a state and ZIP code or a UK postcode.
 * <li>German and Dutch: a street whose name ends in its type, then the number ({@code Hauptstraße 12},
 * {@code Keizersgracht 123}), then a postcode and town ({@code 10115 Berlin}, {@code 1015 CJ Amsterdam}).
 * <li>French: a number, a street type and its name ({@code 12 rue de la Paix, 75002 Paris}).
 * <li>Italian and Spanish: a street type, its name and the number ({@code Via Roma 12},
 * {@code Calle Mayor, 5}), then a postcode and town.
 * <li>Indonesian: {@code Jl.}/{@code Jalan}/{@code Gg.}/{@code Komplek}/{@code Perum} and a name with a
 * house number ({@code No. 5}, {@code Kav. 52}) or an {@code RT/RW}, then the block, RT/RW, village,
 * district, town and postcode.
 * </ul>
 * A street named without a number ("Main Street", "Jalan Sudirman") is a place, not an address.
 */
final class PostalAddresses {

    private static final String CAP = "\\p{Lu}[\\p{L}'’]*(?:-\\p{Lu}?[\\p{L}'’]+)*\\.?";
    private static final String NAME = CAP + "(?: " + CAP + "){0,3}";
    private static final String UK_POSTCODE = "[A-Z]{1,2}\\d[A-Z\\d]? ?\\d[A-Z]{2}";
    private static final String PLACE = "(?:,? (?:" + NAME + "),?)?";
    private static final String US_STREET_TYPES = "(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr"
            + "|Court|Ct|Way|Place|Pl|Terrace|Close|Crescent|Gardens|Grove|Mews|Square|Sq|Parkway|Pkwy|Highway|Hwy"
            + "|Hill|Row|Walk|Circle|Cir)\\.?";
    private static final Pattern ANGLO = Pattern.compile("(?u)(?<![\\w.,])(?:(?:Flat|Apt\\.?|Apartment|Unit|Suite)"
            + " \\w+,? )?\\d{1,5}[A-Z]?,? (?:[NSEW]\\.? )?(?:" + CAP + " ){1,3}" + US_STREET_TYPES
            + "(?: (?:NW|NE|SW|SE|N|S|E|W)\\b)?"
            + "(?:,? (?:Apt|Apartment|Suite|Ste|Unit|Flat|Fl)\\.? ?#?\\w+)?"
            + "(?:" + PLACE + " (?:[A-Z]{2} \\d{5}(?:-\\d{4})?|" + UK_POSTCODE + ")(?![\\w]))?");
    private static final Pattern ANGLO_LOWER = Pattern.compile("(?<![\\w.,])\\d{1,5} (?:[a-z']+ ){1,3}"
            + US_STREET_TYPES.toLowerCase(Locale.ROOT) + "(?: [a-z]+){1,2},? [a-z]{2},? \\d{5}(?:-\\d{4})?(?!\\w)");
    private static final Pattern GERMANIC = Pattern.compile("(?u)(?<![\\w.])\\p{Lu}[\\p{L}-]*(?:straße|strasse|str\\."
            + "|weg|platz|allee|gasse|ring|damm|ufer|straat|laan|plein|gracht|kade|singel|dijk|steeg)"
            + " \\d{1,4}[a-zA-Z]?(?:-\\d{1,4})?"
            + "(?:,? (?:\\d{5}|\\d{4} ?[A-Z]{2}) " + NAME + ")?");
    private static final Pattern FRENCH = Pattern.compile("(?iu)(?<![\\w.])\\d{1,4}(?: ?(?:bis|ter))?,? "
            + "(?:rue|avenue|av\\.|boulevard|bd|place|chemin|allée|impasse|quai|cours|route)"
            + " (?:de la |de l'|du |des |de |d')?(?-i:" + NAME + ")"
            + "(?:,? \\d{5} (?-i:" + NAME + "))?");
    private static final Pattern LATIN = Pattern.compile("(?u)(?<![\\w.])(?:Via|Viale|Piazza|Piazzale|Corso|Largo"
            + "|Vicolo|Calle|C/|Avenida|Avda\\.|Plaza|Paseo|Carrer|Camino|Ronda|Travesía)"
            + " (?:(?:de la|de los|de las|del|de|dei|degli|delle|della|di) )?" + NAME
            + ",? (?:n[º.°]? ?|nº ?|no\\.? ?)?\\d{1,4}[A-Za-z]?(?:,? \\d{1,2}º ?[A-Z]?)?"
            + "(?:,? \\d{5} " + NAME + "(?: \\(?[A-Z]{2}\\)?)?)?");
    /** A word of an Indonesian street name: not the house number, RT/RW or area marker that follows it. */
    private static final String ID_NAME_WORD = "(?:(?!(?:No|Nomor|Kav|Blok|Blk|RT|RW|Kel|Kec|Kota|Kab|Desa|Ds)\\b)"
            + "\\p{L}[\\p{L}'’]*(?:-\\p{L}+)*\\.?|\\d+(?![/\\d]))";
    /** A town written in capitals or lower case, as the rest of the address is: "MEDAN 20112", "malang". */
    private static final String ID_TOWN = "\\p{L}[\\p{L}'’]*(?: \\p{L}[\\p{L}'’]*){0,2}";
    private static final Pattern INDONESIAN = Pattern.compile("(?iu)(?<![\\w.])(?:Jl\\.?|Jln\\.?|Jalan|Gg\\.|Gang"
            + "|Komp(?:lek|\\.)|Perum(?:ahan|\\.)) ?" + ID_NAME_WORD + "(?: " + ID_NAME_WORD + "){0,4}"
            + "(?<number>,? (?:No\\.?|Nomor|Kav\\.?|#) ?\\d+[A-Za-z]?(?:[/-]\\d+)?)?"
            + "(?:,? (?:Blok|Blk\\.?) [A-Z0-9]+(?:[/-]\\d+)?)?"
            + "(?<rtrw>,? RT\\.? ?\\d{1,3} ?(?:/ ?)?RW\\.? ?\\d{1,3})?"
            + "(?:,? (?:Kel\\.|Kelurahan|Desa|Ds\\.) (?-i:" + NAME + "))?"
            + "(?:,? (?:Kec\\.|Kecamatan) (?-i:" + NAME + "))?"
            + "(?:,? (?:Kota|Kab\\.|Kabupaten) (?-i:" + NAME + "))?"
            + "(?:,? (?:" + ID_TOWN + " )?\\d{5}(?!\\d)|,? (?-i:" + NAME + ")(?=[.,)]?$|[.,]? ?\\())?");

    private PostalAddresses() {
    }

    /**
     * A pattern and text every one of its matches holds: {@code literals} as written, {@code folded} in the
     * text {@linkplain PersonNames#fold folded} as the pattern's {@code (?iu)} folds it, and {@code digits}
     * ASCII digits at least. Most messages hold none of a pattern's street words; looking for them costs
     * far less than the pattern's scan.
     */
    private record Shape(Pattern pattern, List<String> literals, List<String> folded, int digits) {
    }

    /** Every street type follows a space; " St" also stands for " Street", " Pl" for " Place" and so on. */
    private static final List<String> US_STREET_WORDS = List.of(" St", " Ave", " Road", " Rd", " Boulevard", " Blvd",
            " Lane", " Ln", " Dr", " Court", " Ct", " Way", " Pl", " Terrace", " Close", " Crescent", " Gardens",
            " Grove", " Mews", " Sq", " Parkway", " Pkwy", " Highway", " Hwy", " Hill", " Row", " Walk", " Cir");

    private static final List<Shape> SHAPES = List.of(
            new Shape(ANGLO, US_STREET_WORDS, List.of(), 1),
            // a ZIP code of five digits
            new Shape(ANGLO_LOWER, US_STREET_WORDS.stream().map(w -> w.toLowerCase(Locale.ROOT)).toList(), List.of(), 5),
            new Shape(GERMANIC, List.of("straße ", "strasse ", "str. ", "weg ", "platz ", "allee ", "gasse ", "ring ",
                    "damm ", "ufer ", "straat ", "laan ", "plein ", "gracht ", "kade ", "singel ", "dijk ", "steeg "),
                    List.of(), 1),
            new Shape(FRENCH, List.of(), List.of(" rue ", " avenue ", " av. ", " boulevard ", " bd ", " place ",
                    " chemin ", " allée ", " impasse ", " quai ", " cours ", " route "), 1),
            new Shape(LATIN, List.of("Via ", "Viale ", "Piazza", "Corso ", "Largo ", "Vicolo ", "Calle ", "C/ ",
                    "Avenida ", "Avda. ", "Plaza ", "Paseo ", "Carrer ", "Camino ", "Ronda ", "Travesía "), List.of(), 1));
    /** Each shape's literals, a group per shape in the order of SHAPES. */
    private static final Literals LITERALS = Literals.of(SHAPES.stream().map(Shape::literals).toList());
    /** Each shape's folded words, a group per shape, and last INDONESIAN's street words. */
    private static final Literals FOLDED = Literals.of(Stream.concat(
            SHAPES.stream().map(Shape::folded), Stream.of(List.of("jl", "jalan", "gg.", "gang", "komp",
                    "perum"))).toList());
    private static final long INDONESIAN_WORDS = 1L << SHAPES.size();

    /**
     * @param folded      the text {@linkplain PersonNames#fold folded}
     * @param asciiDigits how many ASCII digits the text holds
     */
    static void find(String text, String folded, int asciiDigits, List<PiiFinding> found) {
        long words = LITERALS.in(text) | FOLDED.in(folded);
        for (int s = 0; s < SHAPES.size(); s++) {
            Shape shape = SHAPES.get(s);
            if ((words & 1L << s) == 0 || asciiDigits < shape.digits()) {
                continue;
            }
            Matcher m = shape.pattern().matcher(text);
            while (m.find()) {
                add(text, m.start(), m.end(), found);
            }
        }
        if ((words & INDONESIAN_WORDS) == 0) {
            return;
        }
        Matcher m = INDONESIAN.matcher(text);
        while (m.find()) {
            if (m.group("number") != null || m.group("rtrw") != null) {
                add(text, m.start(), m.end(), found);
            }
        }
    }

    private static void add(String text, int start, int end, List<PiiFinding> found) {
        while (end > start && ",. ".indexOf(text.charAt(end - 1)) >= 0) {
            end--;
        }
        found.add(new PiiFinding(PiiType.ADDRESS, start, end));
    }
}
