package dev.parley.export;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The training-file formats Parley writes, by name: the dialogue formats ({@link DatasetExporter}, one record per
 * dialogue) and the preference formats ({@link PreferenceFormat}, rows per preference pair). One {@code --format}
 * list names either kind; {@code all} names every dialogue format (preference formats are named one by one, since
 * most runs have few pairs or none).
 */
public final class ExportFormats {

    private static final Map<String, DatasetExporter> ALL = new LinkedHashMap<>();
    private static final Map<String, PreferenceFormat> PREFERENCE = new LinkedHashMap<>();

    static {
        for (DatasetExporter e : List.of(new OpenAiChatExporter(), new TrlChatExporter(), new ShareGptExporter(),
                new AlpacaExporter(), new ParquetExporter())) {
            ALL.put(e.format(), e);
        }
        for (PreferenceFormat p : List.of(new PreferenceFormat.Dpo(), new PreferenceFormat.Kto(), new PreferenceFormat.OpenAi())) {
            PREFERENCE.put(p.format(), p);
        }
    }

    /**
     * What a format list names.
     *
     * @param dialogue   the dialogue formats, in the list's order
     * @param preference the preference formats, in the list's order
     */
    public record Selection(List<DatasetExporter> dialogue, List<PreferenceFormat> preference) {
        public Selection {
            dialogue = List.copyOf(dialogue);
            preference = List.copyOf(preference);
        }
    }

    private ExportFormats() {
    }

    /** Every format, in a fixed order. */
    public static List<DatasetExporter> all() {
        return List.copyOf(ALL.values());
    }

    /** Names of every dialogue format. */
    public static List<String> names() {
        return List.copyOf(ALL.keySet());
    }

    /** Names of every preference format. */
    public static List<String> preferenceNames() {
        return List.copyOf(PREFERENCE.keySet());
    }

    /** Names of every format, dialogue formats first, for messages, help and the recipe's {@code export.formats}. */
    public static List<String> allNames() {
        List<String> names = new ArrayList<>(ALL.keySet());
        names.addAll(PREFERENCE.keySet());
        return List.copyOf(names);
    }

    /** One preference format by name ({@code dpo}, {@code kto}, {@code openai-preference}). */
    public static PreferenceFormat preferenceByName(String name) {
        PreferenceFormat p = PREFERENCE.get(key(name));
        if (p == null) {
            throw unknown(name);
        }
        return p;
    }

    /** Whether the name is one of a preference format. */
    public static boolean isPreference(String name) {
        return PREFERENCE.containsKey(key(name));
    }

    private static String key(String name) {
        return name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
    }

    private static IllegalArgumentException unknown(String name) {
        return new IllegalArgumentException("unknown export format '" + name + "' (known: " + String.join(", ", allNames())
                + ", or all)");
    }

    /** One format by name ({@code openai}, {@code trl}, {@code sharegpt}, {@code alpaca}, {@code parquet}). */
    public static DatasetExporter byName(String name) {
        DatasetExporter e = ALL.get(key(name));
        if (e == null) {
            throw unknown(name);
        }
        return e;
    }

    /** The dialogue formats of a list such as {@code openai,sharegpt,dpo}, or all of them for {@code all}. */
    public static List<DatasetExporter> parse(String list) {
        return select(list).dialogue();
    }

    /**
     * A comma-separated list such as {@code openai,dpo}, or {@code all} for every dialogue format; repeats are
     * dropped and the order is kept.
     *
     * @throws IllegalArgumentException naming an unknown format, or when the list is empty
     */
    public static Selection select(String list) {
        if (list == null || list.isBlank()) {
            throw new IllegalArgumentException("the format list is empty (known: " + String.join(", ", allNames()) + ")");
        }
        if (list.strip().equalsIgnoreCase("all")) {
            return new Selection(all(), List.of());
        }
        List<DatasetExporter> formats = new ArrayList<>();
        List<PreferenceFormat> preference = new ArrayList<>();
        for (String name : list.split(",")) {
            if (isPreference(name)) {
                PreferenceFormat p = preferenceByName(name);
                if (!preference.contains(p)) {
                    preference.add(p);
                }
                continue;
            }
            DatasetExporter e = byName(name);
            if (!formats.contains(e)) {
                formats.add(e);
            }
        }
        return new Selection(formats, preference);
    }
}
