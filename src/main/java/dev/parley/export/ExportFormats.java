package dev.parley.export;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The training-file formats Parley writes, by name. */
public final class ExportFormats {

    private static final Map<String, DatasetExporter> ALL = new LinkedHashMap<>();

    static {
        for (DatasetExporter e : List.of(new OpenAiChatExporter(), new TrlChatExporter(), new ShareGptExporter(),
                new AlpacaExporter(), new ParquetExporter())) {
            ALL.put(e.format(), e);
        }
    }

    private ExportFormats() {
    }

    /** Every format, in a fixed order. */
    public static List<DatasetExporter> all() {
        return List.copyOf(ALL.values());
    }

    /** Names of every format, for messages and help. */
    public static List<String> names() {
        return List.copyOf(ALL.keySet());
    }

    /** One format by name ({@code openai}, {@code trl}, {@code sharegpt}, {@code alpaca}, {@code parquet}). */
    public static DatasetExporter byName(String name) {
        String key = name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
        DatasetExporter e = ALL.get(key);
        if (e == null) {
            throw new IllegalArgumentException("unknown export format '" + name + "' (known: " + String.join(", ", names())
                    + ", or all)");
        }
        return e;
    }

    /**
     * A comma-separated list such as {@code openai,sharegpt}, or {@code all}; repeats are dropped and
     * the order is kept.
     */
    public static List<DatasetExporter> parse(String list) {
        if (list == null || list.isBlank()) {
            throw new IllegalArgumentException("the format list is empty (known: " + String.join(", ", names()) + ")");
        }
        if (list.strip().equalsIgnoreCase("all")) {
            return all();
        }
        List<DatasetExporter> formats = new ArrayList<>();
        for (String name : list.split(",")) {
            DatasetExporter e = byName(name);
            if (!formats.contains(e)) {
                formats.add(e);
            }
        }
        return formats;
    }
}
