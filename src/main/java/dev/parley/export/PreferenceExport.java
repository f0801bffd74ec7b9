package dev.parley.export;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The preference pairs of one export, dealt to the splits their dialogues went to (so a dialogue's pairs are
 * always in one split, and never in a split other than its dialogue's), with what the dataset card and the
 * manifest say about them.
 *
 * @param gathered    the pairs and the margin they had to reach
 * @param formats     the preference formats asked for
 * @param bySplit     split name to the pairs whose dialogue is in it, in plan order
 * @param notExported pairs whose dialogue is in no split (left out to reach a real-data share)
 */
record PreferenceExport(PreferencePairs gathered, List<PreferenceFormat> formats, Map<String, List<PreferencePair>> bySplit,
        int notExported) {

    static final PreferenceExport NONE = new PreferenceExport(PreferencePairs.NONE, List.of(), Map.of(), 0);

    PreferenceExport {
        formats = List.copyOf(formats);
        var copy = new LinkedHashMap<String, List<PreferencePair>>();
        bySplit.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        bySplit = Collections.unmodifiableMap(copy);
    }

    /** Deals each pair to the split of the record with its dialogue's id. */
    static PreferenceExport of(PreferencePairs pairs, List<PreferenceFormat> formats,
            Map<String, List<ExportRecord>> splits) {
        Map<String, String> splitOf = new LinkedHashMap<>();
        splits.forEach((name, records) -> records.forEach(r -> splitOf.put(r.id(), name)));
        Map<String, List<PreferencePair>> bySplit = new LinkedHashMap<>();
        splits.keySet().forEach(name -> bySplit.put(name, new ArrayList<>()));
        int notExported = 0;
        for (PreferencePair pair : pairs.pairs()) {
            String split = splitOf.get(pair.dialogueId());
            if (split == null) {
                notExported++;
            } else {
                bySplit.get(split).add(pair);
            }
        }
        return new PreferenceExport(pairs, formats, bySplit, notExported);
    }

    boolean any() {
        return !formats.isEmpty();
    }

    /** Pairs in the files. */
    int exported() {
        return bySplit.values().stream().mapToInt(List::size).sum();
    }

    /** Pairs of the files that this format writes no row for. */
    int leftOut(PreferenceFormat format) {
        return bySplit.values().stream().mapToInt(format::leftOut).sum();
    }

    /** The card's {@code configs:} entries for the preference files, one per format and file type. */
    void frontMatter(StringBuilder md, Set<String> splits) {
        for (PreferenceFormat p : formats) {
            md.append("- config_name: ").append(p.format()).append("\n  data_files:\n");
            for (String split : splits) {
                md.append("  - split: ").append(split).append("\n    path: ")
                        .append(p.parquetFileName(split).orElse(p.fileName(split))).append('\n');
            }
        }
    }

    /** The card's preference section. */
    void section(StringBuilder md) {
        md.append("## Preference pairs\n\n");
        md.append(String.format(Locale.ROOT, "%d pair(s) from %d dialogue(s), each with a chosen side the judge scored at"
                + " least %s point(s) above its rejected side (`--min-margin`); %d more fell short of that margin.",
                exported(), (int) bySplit.values().stream().flatMap(List::stream).map(PreferencePair::dialogueId).distinct()
                        .count(), DatasetCard.fmt(gathered.minMargin()), gathered.belowMargin()));
        if (notExported > 0) {
            md.append(" ").append(notExported).append(" pair(s) belong to dialogues left out of this export and are not in it.");
        }
        md.append(" A dialogue's pairs are always in its own split.\n\n");
        md.append("Where they came from: ").append(gathered.bySource().isEmpty() ? "none"
                : gathered.bySource().entrySet().stream().map(e -> "`" + e.getKey().key() + "` " + e.getValue())
                        .collect(Collectors.joining(", "))).append(".\n\n");
        if (!gathered.margins().isEmpty()) {
            md.append("| margin | pairs |\n|---|---|\n");
            gathered.margins().forEach((m, n) -> md.append("| ").append(DatasetCard.fmt(m)).append(" | ").append(n)
                    .append(" |\n"));
            md.append('\n');
        }
        md.append("A pair compares two judged versions of one dialogue (a revision against what it revised) at the first")
                .append(" message where they differ, which must be an assistant turn: the prompt is the system prompt and")
                .append(" every message before it, the exact history both sides saw, and the scores are the judge's scores")
                .append(" of that turn. Later turns a revision also rewrote follow a different history and are not paired;")
                .append(" a person's edit is never a side. Only dialogues that reach the trainer give pairs.");
        if (!gathered.unpaired().isEmpty()) {
            md.append(" Not paired: ").append(gathered.unpaired().entrySet().stream()
                    .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "))).append('.');
        }
        md.append(" A candidate turned away by a PII, secret or memorisation gate is never the rejected side of a pair:")
                .append(" such a candidate is never judged or stored as a version, so rejected sides carry judged faults only.");
        if (gathered.bySource().containsKey(PreferencePair.Source.TURN_CANDIDATES)
                || gathered.bySource().containsKey(PreferencePair.Source.DIALOGUE_CANDIDATES)) {
            md.append(" Pairs of sampled candidates compare the best and the worst of the replies (`turn-candidates`) or")
                    .append(" dialogues sharing their opening (`dialogue-candidates`) the models wrote after the same history,")
                    .append(" scored by the judge with the run's rubric; the dialogue went on with the best. A candidate a")
                    .append(" personal-data, secret, memorisation or decontamination gate turned away was never judged and is on")
                    .append(" no side; one another gate turned away may be the rejected side, never the chosen one.");
        }
        md.append("\n\n");
        for (PreferenceFormat p : formats) {
            md.append("- `").append(p.format()).append("`: ").append(p.description());
            int left = leftOut(p);
            if (left > 0) {
                md.append(" **").append(left).append(" of the ").append(exported()).append(" pair(s) are not in it**: ")
                        .append(p.whyLeftOut()).append('.');
            }
            md.append('\n');
        }
        md.append("\nThe preference files are not aligned with `<split>.provenance.jsonl`: each row carries its pair's")
                .append(" own `provenance` (run, dialogue, turn, versions, both scores, margin, source), and the OpenAI")
                .append(" file has `<split>.openai-preference.provenance.jsonl` line by line.\n\n");
    }

    /** The manifest's {@code preference} object. */
    void manifest(ObjectNode root) {
        ObjectNode node = root.putObject("preference");
        node.put("minMargin", gathered.minMargin());
        node.put("pairs", exported());
        node.put("belowMargin", gathered.belowMargin());
        node.put("notExported", notExported);
        ObjectNode splits = node.putObject("splits");
        bySplit.forEach((k, v) -> splits.put(k, v.size()));
        ObjectNode sources = node.putObject("bySource");
        gathered.bySource().forEach((k, v) -> sources.put(k.key(), v));
        ObjectNode margins = node.putObject("byMargin");
        gathered.margins().forEach((k, v) -> margins.put(DatasetCard.fmt(k), v));
        ObjectNode unpaired = node.putObject("unpaired");
        gathered.unpaired().forEach(unpaired::put);
        ObjectNode leftOut = node.putObject("leftOutByFormat");
        formats.forEach(f -> leftOut.put(f.format(), leftOut(f)));
    }
}
