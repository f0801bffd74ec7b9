package dev.parley.export;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import dev.parley.judge.DialogueJudge;
import dev.parley.llm.ModelSettings;
import dev.parley.quality.HeuristicCheck;
import dev.parley.quality.StructureCheck;
import dev.parley.recipe.Recipe;

/**
 * The export folder's {@code README.md}: a Hugging Face dataset card, with YAML front matter the Hub
 * reads (language, license left for the user, task categories, size category, tags, one config per
 * format) and a body that says what the data is, how it was made, what it contains, and how to use it
 * without inviting model collapse.
 *
 * <p>Past 300 lines because the card is one document: each method writes one of its sections from the same
 * {@link Facts}, in the order the card reads, with the Markdown and number helpers they share.
 */
final class DatasetCard {

    static final String FILE = "README.md";
    static final String DEMO_BANNER = "NOT FOR TRAINING: made by Parley's offline demo model to show the workflow.";

    /**
     * Everything the card states.
     *
     * @param source         the run and recipe
     * @param options        formats, split, mixing
     * @param stats          numbers about the exported records
     * @param splits         records per split
     * @param mix            real/synthetic mixing
     * @param nearDuplicates near-duplicate groups kept within one split
     * @param dataFiles      the training files written
     * @param leftOut        what a format could not carry so that no masked turn is trained on, per format
     * @param charts         whether the charts were drawn
     * @param contextLength  the configured context length
     * @param seed           the split and mixing seed
     * @param preference     the preference pairs and their files
     */
    record Facts(ExportSource source, ExportOptions options, DatasetStats stats, Map<String, Integer> splits,
            RealDataMixer.MixReport mix, int nearDuplicates, List<ExportResult.WrittenFile> dataFiles,
            Map<String, FormatLoss> leftOut, boolean charts, int contextLength, long seed, PreferenceExport preference) {
    }

    private DatasetCard() {
    }

    static String render(Facts f) {
        RunReport report = f.source().report();
        var md = new StringBuilder();
        frontMatter(md, f);
        md.append("# ").append(f.source().recipe().name()).append("\n\n");
        if (report.offlineDemo()) {
            md.append("> [!CAUTION]\n> **").append(DEMO_BANNER).append("** Its dialogues come from phrase pools and its")
                    .append(" judge scores by simple rules; they show what Parley produces, not data worth training on.")
                    .append(" Configure a real model and run the recipe again.\n\n");
        }
        if (!f.source().recipe().description().isBlank()) {
            md.append(escaped(f.source().recipe().description().strip())).append("\n\n");
        }
        whatItIs(md, f);
        howItWasMade(md, f);
        funnel(md, f);
        scoresAndLengths(md, f);
        coverageAndDiversity(md, f);
        if (!f.options().formats().isEmpty()) {
            weights(md, f);
        }
        if (f.preference().any()) {
            f.preference().section(md);
        }
        privacy(md, f);
        mixing(md, f);
        files(md, f);
        reproduce(md, f);
        return md.toString();
    }

    private static void frontMatter(StringBuilder md, Facts f) {
        md.append("---\n");
        md.append("language:\n- ").append(f.source().recipe().language()).append('\n');
        var license = f.source().recipe().export().license();
        md.append(license.map(l -> "license: " + l + "\n").orElse(
                "license:  # choose before publishing (e.g. cc-by-4.0, apache-2.0), or set export.license in the"
                        + " recipe\n"));
        md.append("pretty_name: ").append(f.source().recipe().name()).append('\n');
        md.append("task_categories:\n- text-generation\n");
        md.append("task_ids:\n- dialogue-modeling\n");
        md.append("size_categories:\n- ").append(sizeCategory(f.stats().records())).append('\n');
        md.append("tags:\n- synthetic\n- conversational\n- sft\n- parley\n");
        if (f.preference().any()) {
            md.append("- preference\n");
        }
        if (f.mix().real() > 0) {
            md.append("- mixed-real-synthetic\n");
        }
        if (f.source().report().offlineDemo()) {
            md.append("- offline-demo\n- not-for-training\n");
        }
        md.append("configs:\n");
        boolean first = true;
        for (DatasetExporter e : f.options().formats()) {
            md.append("- config_name: ").append(e.format()).append('\n');
            if (first) {
                md.append("  default: true\n");
                first = false;
            }
            md.append("  data_files:\n");
            for (String split : f.splits().keySet()) {
                md.append("  - split: ").append(split).append("\n    path: ").append(e.fileName(split)).append('\n');
            }
        }
        f.preference().frontMatter(md, f.splits().keySet());
        md.append("---\n\n");
    }

    static String sizeCategory(int n) {
        if (n < 1_000) {
            return "n<1K";
        } else if (n < 10_000) {
            return "1K<n<10K";
        } else if (n < 100_000) {
            return "10K<n<100K";
        } else if (n < 1_000_000) {
            return "100K<n<1M";
        } else if (n < 10_000_000) {
            return "1M<n<10M";
        }
        return "10M<n<100M";
    }

    private static void whatItIs(StringBuilder md, Facts f) {
        DatasetStats s = f.stats();
        md.append("## What this is\n\n");
        md.append(String.format(Locale.ROOT, "%d chat dialogues in language `%s` for fine-tuning an assistant with this"
                + " system prompt:%n%n", s.records(), f.source().recipe().language()));
        md.append(quote(f.source().recipe().assistant().systemPrompt())).append('\n');
        md.append(s.synthetic()).append(" of them are **synthetic**, ")
                .append(f.source().report().offlineDemo() ? "written and judged by Parley's offline demo model"
                        : "written and judged by language models")
                .append(" with [Parley](https://parley.dev)");
        if (s.real() > 0) {
            md.append("; ").append(s.real()).append(" are **real** dialogues mixed in from `").append(f.mix().file())
                    .append('`');
        }
        md.append(". Each record is one conversation: the system prompt, then user and assistant turns.\n\n");
    }

    private static void howItWasMade(StringBuilder md, Facts f) {
        ExportSource src = f.source();
        RunReport report = src.report();
        md.append("## How it was made\n\n");
        md.append("Parley planned ").append(report.counts().getOrDefault("planned", 0))
                .append(" dialogues over the recipe's coverage grid (")
                .append(src.recipe().dimensions().entrySet().stream()
                        .map(e -> e.getKey() + " × " + e.getValue().size()).collect(Collectors.joining(", ")))
                .append(String.format(Locale.ROOT, " = %d cells), seed %d, %d–%d messages each.",
                        f.stats().gridSize(), src.recipe().seed(), src.recipe().turns().min(), src.recipe().turns().max()))
                .append(" A generator model wrote each dialogue in one structured call; deterministic checks ran first;")
                .append(" a rubric judge scored what passed.\n\n");
        md.append("| role | model | host | temperature | top-p | max tokens | |\n|---|---|---|---|---|---|---|\n");
        src.models().forEach((role, m) -> md.append("| ").append(role).append(" | `").append(m.model()).append("` | ")
                .append(m.settings().map(ModelSettings::host).orElse("unknown")).append(" | ")
                .append(m.temperature().isPresent() ? fmt(m.temperature().getAsDouble()) : "unknown").append(" | ")
                .append(m.settings().map(x -> x.topP().isPresent() ? fmt(x.topP().getAsDouble()) : "provider default")
                        .orElse("unknown")).append(" | ")
                .append(m.settings().map(x -> x.maxTokens().isPresent() ? String.valueOf(x.maxTokens().getAsInt())
                        : "provider default").orElse("unknown")).append(" | ")
                .append(m.note()).append(" |\n"));
        src.rubric().ifPresent(rubric -> {
            md.append("\n**Rubric** `").append(rubric.name()).append("` (1–5 per criterion, weighted mean): ");
            md.append(rubric.criteria().stream().map(c -> "`" + c.name() + "` ×" + fmt(c.weight())
                    + (c.floor() > 1 ? " (floor " + c.floor() + ")" : "")).collect(Collectors.joining(", ")));
            md.append(". ");
            if (rubric.turnFloor() > 1) {
                md.append("Assistant turns the judge scores under ").append(rubric.turnFloor())
                        .append(" are kept for context but masked from training. ");
            }
        });
        md.append(String.format(Locale.ROOT, "**Acceptance**: weighted mean ≥ %s and no criterion under its floor.%n%n",
                fmt(src.recipe().judge().threshold())));
        Recipe.Revise revise = src.recipe().judge().revise();
        if (revise.rounds() > 0) {
            md.append(String.format(Locale.ROOT, "**Revision**: dialogues that miss the bar but score at least %s are sent"
                    + " back with the judge's critique (%s) and judged again, up to %d round(s); every version is kept.",
                    fmt(revise.floor()), Recipe.Revise.TURNS.equals(revise.mode()) ? "rewriting the weak assistant turns"
                            : "rewriting the whole dialogue", revise.rounds()));
            if (!src.report().revision().isEmpty()) {
                md.append(" In this run: ").append(flat(src.report().revision())).append('.');
            }
            md.append("\n\n");
        } else {
            md.append("**Revision**: off (`judge.revise.rounds: 0`).\n\n");
        }
        md.append("**Checks before the judge**: `").append(StructureCheck.GATE).append("` (roles alternate starting with")
                .append(" the user, the assistant speaks last, no empty message, message count within the recipe's range);")
                .append(" `").append(HeuristicCheck.STOCK_PHRASE).append("`, `").append(HeuristicCheck.REPETITION)
                .append("` and `").append(HeuristicCheck.STOCK_OPENING).append("` (refusals and stock phrases, repeated")
                .append(" messages, too many stock openings). Prompt templates, the recipe and their SHA-256 hashes are in")
                .append(" `manifest.json`.\n\n");
        if (!src.report().judgeHygiene().isEmpty()) {
            md.append("**Judge hygiene** (details in `report.json`):\n\n");
            src.report().judgeHygiene().forEach((k, v) -> md.append("- ").append(words(k)).append(": ")
                    .append(v instanceof Map<?, ?> m ? flat(m) : String.valueOf(v)).append('\n'));
            md.append('\n');
            peoplesDecisions(src.report().judgeHygiene()).ifPresent(md::append);
        }
    }

    /** The sentence on people's decisions, from the report's {@code human.decisions}, when a person decided any. */
    static Optional<String> peoplesDecisions(Map<String, Object> judgeHygiene) {
        if (!(judgeHygiene.get("human") instanceof Map<?, ?> human) || !(human.get("decisions") instanceof Map<?, ?> d)) {
            return Optional.empty();
        }
        long total = d.values().stream().mapToLong(v -> ((Number) v).longValue()).sum();
        return total == 0 ? Optional.empty() : Optional.of(String.format(Locale.ROOT,
                "**People's decisions**: %s dialogue(s) accepted, %s rejected and %s edited by a person (%s decision(s)"
                        + " undone); the files hold the dialogues as people last decided.%n%n",
                d.get("accept"), d.get("reject"), d.get("edit"), d.get("undone")));
    }

    private static String measure(Object value) {
        return value instanceof Number n ? fmt(n.doubleValue()) : "not measured";
    }

    /**
     * A report map in plain words: {@code key: value, key: value} with each key as words, nested maps
     * in parentheses, yes/no for flags and "n/a" for absent values.
     */
    static String flat(Map<?, ?> map) {
        return map.entrySet().stream().map(e -> words(String.valueOf(e.getKey())) + ": " + (e.getValue() == null ? "n/a"
                : e.getValue() instanceof Map<?, ?> m ? "(" + flat(m) + ")"
                        : e.getValue() instanceof Double d ? fmt(d)
                                : e.getValue() instanceof Boolean b ? (b ? "yes" : "no")
                                        : String.valueOf(e.getValue())))
                .collect(Collectors.joining(", "));
    }

    /** What a report key means, in words for the card's reader; keys without an entry are split at their capitals. */
    private static final Map<String, String> WORDS = Map.ofEntries(
            Map.entry("savedByRevision", "accepted after revision"),
            Map.entry("consistency", "consistency (the same dialogues judged twice)"),
            Map.entry("criterionPairs", "criterion scores compared"),
            Map.entry("withinOneAgreement", "agreement within one point"),
            Map.entry("flagged", "below the 0.8 agreement bar"),
            Map.entry("lengthBias", "length bias (correlation of length and score)"),
            Map.entry("pearson", "Pearson"),
            Map.entry("spearman", "Spearman"),
            Map.entry("human", "people's reviews against the judge"),
            Map.entry("cohensKappa", "Cohen's kappa on accept or reject"),
            Map.entry("panel", "judge panel"),
            Map.entry("decisionsDiffer", "members decide differently"),
            Map.entry("selfBleu", "self-BLEU"),
            Map.entry("distinct3", "distinct-3"),
            Map.entry("topAssistantOpeningShare", "share of the most common assistant opening"),
            Map.entry("coverageEntropyNormalized", "coverage entropy (normalised)"));

    static String words(String key) {
        String known = WORDS.get(key);
        if (known != null) {
            return known;
        }
        return key.replaceAll("([a-z0-9])([A-Z])", "$1 $2").toLowerCase(Locale.ROOT);
    }

    private static void funnel(StringBuilder md, Facts f) {
        RunReport report = f.source().report();
        Map<String, Integer> c = report.counts();
        md.append("## Counts\n\n| stage | dialogues |\n|---|---|\n");
        for (String k : List.of("planned", "generated", "rejectedByCheck", "rejectedByJudge", "failed", "unfinished", "accepted")) {
            md.append("| ").append(label(k)).append(" | ").append(c.getOrDefault(k, 0)).append(" |\n");
        }
        if (f.mix().syntheticLeftOut() > 0) {
            md.append("| left out to keep the real share | ").append(f.mix().syntheticLeftOut()).append(" |\n");
        }
        if (f.mix().real() > 0) {
            md.append("| real dialogues added | ").append(f.mix().real()).append(" |\n");
        }
        md.append("| **exported** | **").append(f.stats().records()).append("** |\n\n");
        if (!report.rejectedByGate().isEmpty()) {
            md.append("Rejections per gate: ").append(new java.util.TreeMap<>(report.rejectedByGate()).entrySet().stream()
                    .map(e -> "`" + e.getKey() + "` " + e.getValue()).collect(Collectors.joining(", "))).append(".\n\n");
        }
        md.append("Splits (seed ").append(f.seed()).append(", stratified by plan cell, near duplicates kept together): ")
                .append(f.splits().entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                        .collect(Collectors.joining(", ")))
                .append(".\n\n");
    }

    private static void scoresAndLengths(StringBuilder md, Facts f) {
        DatasetStats s = f.stats();
        RunReport report = f.source().report();
        md.append("## Scores and lengths\n\n");
        if (f.charts()) {
            md.append("![Judge scores](").append(DatasetCharts.SCORES).append(")\n\n");
        }
        if (!report.meanScores().isEmpty()) {
            md.append("Mean judge score over every judged dialogue (accepted or not): ")
                    .append(report.meanScores().entrySet().stream().map(e -> "`" + e.getKey() + "` " + fmt(e.getValue()))
                            .collect(Collectors.joining(", ")))
                    .append(".\n\n");
        }
        String bins = report.scoreHistogram().entrySet().stream().filter(e -> e.getValue() > 0)
                .map(e -> e.getKey() + ": " + e.getValue()).collect(Collectors.joining(", "));
        md.append("Judged dialogues of the run (accepted or not) per mean judge score: ")
                .append(bins.isEmpty() ? "none" : bins).append(".\n\n");
        if (f.charts()) {
            md.append("![Length distribution](").append(DatasetCharts.LENGTHS).append(")\n\n");
        }
        md.append("Messages per dialogue (system prompt not counted): ").append(s.messages().entrySet().stream()
                .map(e -> e.getKey() + " × " + e.getValue()).collect(Collectors.joining(", "))).append(".\n");
        if (!s.tokens().isEmpty()) {
            md.append("Approximate tokens per record (system prompt included): ").append(s.tokens().entrySet().stream()
                    .map(e -> e.getKey() + " " + fmt(e.getValue())).collect(Collectors.joining(", ")))
                    .append(". Tokens are estimated, not counted with a tokenizer: about four characters per token, one")
                    .append(" per CJK or Thai character, plus 3 per message and 3 per record.");
        }
        md.append(String.format(Locale.ROOT, " %d record(s) exceed the context length of %d tokens.%n%n",
                s.overContextLength().size(), f.contextLength()));
    }

    private static void coverageAndDiversity(StringBuilder md, Facts f) {
        DatasetStats s = f.stats();
        md.append("## Coverage and diversity\n\n");
        if (f.charts()) {
            md.append("![Coverage](").append(DatasetCharts.COVERAGE).append(")\n\n");
        }
        Map<String, Object> coverage = f.source().report().coverage();
        md.append(String.format(Locale.ROOT, "- Planned cells with an accepted dialogue: %s of %s (the grid has %d).%n",
                coverage.getOrDefault("cellsCovered", "n/a"), coverage.getOrDefault("cells", "n/a"), s.gridSize()));
        s.coverage().forEach((dim, values) -> {
            List<String> missing = values.entrySet().stream().filter(e -> e.getValue() == 0).map(Map.Entry::getKey).toList();
            if (!missing.isEmpty()) {
                md.append("- `").append(dim).append("` values with no exported dialogue: ").append(escaped(String.join(", ", missing)))
                        .append(".\n");
            }
        });
        Map<String, Object> diversity = f.source().report().diversity();
        md.append(String.format(Locale.ROOT, "- Distinct-1 / distinct-2 over the run's accepted dialogues: %s / %s"
                + " (distinct words and word pairs over all; higher is more varied).%n",
                measure(diversity.get("distinct1")),
                measure(diversity.get("distinct2"))));
        md.append(String.format(Locale.ROOT, "- Near-duplicate groups found at export (word-shingle Jaccard ≥ %s or equal"
                + " after normalising): %d, each kept within one split.%n", fmt(ShingleSimilarityGrouping.DEFAULT_THRESHOLD),
                f.nearDuplicates()));
        for (String measure : List.of("distinct3", "compressionRatio", "selfBleu", "topAssistantOpeningShare",
                "coverageEntropyNormalized", "embeddingSpread")) {
            Object v = f.source().diversity().get(measure);
            md.append("- ").append(words(measure)).append(": ")
                    .append(v == null ? "not computed by this version of Parley"
                    : v instanceof Double d ? fmt(d) : v)
                    .append('\n');
        }
        md.append('\n');
    }

    private static void weights(StringBuilder md, Facts f) {
        md.append("## Training weights\n\n");
        md.append(f.stats().maskedTurns()).append(" assistant turn(s) are kept for context but marked not to be trained")
                .append(" on (the judge scored them under the turn floor). How each format says so:\n\n");
        for (DatasetExporter e : f.options().formats()) {
            md.append("- `").append(e.format()).append("`: ").append(e.description());
            FormatLoss loss = f.leftOut().getOrDefault(e.format(), FormatLoss.NONE);
            if (loss.losesTurns()) {
                md.append(" Here ").append(loss.trainedTurns()).append(" assistant turn(s) worth training on are not")
                        .append(" trained, and ").append(loss.dialogues())
                        .append(" dialogue(s) are not in the file at all.");
            }
            if (loss.textBesideCalls() > 0) {
                md.append(" The text ").append(loss.textBesideCalls()).append(" assistant message(s) said beside their")
                        .append(" tool calls is not in it: its tool-call entries hold the calls only.");
            }
            md.append('\n');
        }
        md.append('\n');
    }

    private static void privacy(StringBuilder md, Facts f) {
        Map<String, Integer> gates = f.source().report().rejectedByGate();
        List<String> privacyGates = gates.keySet().stream().sorted()
                .filter(g -> g.contains("pii") || g.contains("secret") || g.contains("privacy") || g.contains("memor"))
                .toList();
        md.append("## Personal data\n\n");
        if (privacyGates.isEmpty()) {
            md.append("No dialogue was rejected by a PII, secret or memorisation gate during generation (such gates")
                    .append(" either did not run or found nothing). ");
        } else {
            md.append("During generation, privacy gates rejected: ").append(privacyGates.stream()
                    .map(g -> "`" + g + "` " + gates.get(g)).collect(Collectors.joining(", "))).append(". ");
        }
        DatasetStats s = f.stats();
        if (s.piiRecords().isEmpty()) {
            md.append("At export, Parley's PII detector (e-mail addresses, phone numbers, card numbers, IBANs, NIK,")
                    .append(" IP addresses, keys and tokens) found nothing in the exported records.");
        } else {
            md.append("At export, Parley's PII detector found something that looks like personal data or a secret in ")
                    .append(s.piiRecords().size()).append(" record(s) (")
                    .append(s.piiByType().entrySet().stream().map(e -> e.getKey().toLowerCase(Locale.ROOT) + " " + e.getValue())
                            .collect(Collectors.joining(", ")))
                    .append("). They are exported as they are, not redacted; their ids are in `manifest.json` (`pii.records`).");
        }
        md.append(" The dialogues are written from the recipe's grid, not from anyone's records, but a model can")
                .append(" still produce realistic names or addresses that no detector recognises: review the data before")
                .append(" publishing it.");
        if (f.mix().real() > 0) {
            md.append(" The ").append(f.mix().real()).append(" real dialogues were taken as given: Parley did not check")
                    .append(" them for personal data.");
        }
        md.append("\n\n");
    }

    private static void mixing(StringBuilder md, Facts f) {
        RealDataMixer.MixReport mix = f.mix();
        md.append("## Real and synthetic data\n\n");
        md.append(String.format(Locale.ROOT, "Real: %d · synthetic: %d · real share: %.1f%%", mix.real(), mix.synthetic(),
                mix.realShare() * 100));
        if (mix.requestedShare().isPresent()) {
            md.append(String.format(Locale.ROOT, " (at least %.1f%% asked for)", mix.requestedShare().getAsDouble() * 100));
        }
        md.append(". Each record's origin is in its provenance (`origin`: `real` or `synthetic`).\n\n");
        md.append("**Model collapse.** A model trained on text that models generated, generation after generation, loses")
                .append(" the rare and the unusual: its outputs become narrower, more biased and less accurate. Synthetic")
                .append(" data is safe to train on only alongside real data. So: keep every real dialogue you have and")
                .append(" add synthetic ones to it (accumulate, never replace); keep a real share in every fine-tuning")
                .append(" mix (`parley export RUN_ID --mix-real real.jsonl --real-ratio 0.3`); do not train the model")
                .append(" that wrote this data on it, or train the next generator on its own output; and evaluate on real")
                .append(" conversations, not on a synthetic validation split alone.\n\n");
    }

    private static void files(StringBuilder md, Facts f) {
        md.append("## Files\n\n| file | format | split | records |\n|---|---|---|---|\n");
        for (ExportResult.WrittenFile file : f.dataFiles()) {
            md.append("| `").append(file.path()).append("` | ").append(file.format()).append(" | ").append(file.split())
                    .append(" | ").append(file.records()).append(" |\n");
        }
        md.append("\n`<split>.provenance.jsonl` is aligned line by line with every JSONL file of its split (id, synthetic,")
                .append(" origin, run or file, plan cell, seed, generator, user-simulator and judge models, recipe and prompt")
                .append(" hashes, scores, revisions, the seeds' synthetic depth, masked turns, tokens); TRL and ShareGPT lines")
                .append(" carry the same object as `provenance`, Parquet as a `provenance` column. `manifest.json` lists")
                .append(" every file with its SHA-256, and `report.json` is the run's full report.\n\n");
    }

    private static void reproduce(StringBuilder md, Facts f) {
        RunReport report = f.source().report();
        md.append("## Reproduce\n\n");
        md.append("Run `").append(report.runId()).append("` made this with Parley ").append(f.source().parleyVersion())
                .append(". The recipe (SHA-256 `").append(f.source().recipeHash()).append("`), prompt hashes, models and")
                .append(" seeds are in `manifest.json`; `parley export ").append(report.runId()).append(" --format ")
                .append(String.join(",", f.options().formatNames())).append(" --split ").append(f.options().split())
                .append(" --seed ").append(f.seed())
                .append(f.options().minMargin().isPresent() ? " --min-margin " + fmt(f.options().minMargin().getAsDouble()) : "")
                .append(f.options().contextLength().isPresent() ? " --context-length " + f.options().contextLength().getAsInt() : "")
                .append(f.mix().file().isEmpty() ? "" : " --mix-real " + f.mix().file()
                        + (f.mix().requestedShare().isPresent() ? " --real-ratio " + fmt(f.mix().requestedShare().getAsDouble()) : ""))
                .append("` writes these files again from the stored run without")
                .append(" calling a model.\n");
    }

    private static String label(String key) {
        return switch (key) {
            case "rejectedByCheck" -> "rejected by checks";
            case "rejectedByJudge" -> "rejected by the judge (`" + DialogueJudge.JUDGE_GATE + "`)";
            default -> key;
        };
    }

    private static String quote(String text) {
        return escaped(text.strip()).lines().map(l -> "> " + l).collect(Collectors.joining("\n")) + "\n";
    }

    /**
     * Text from the recipe, which the card's readers render as Markdown with HTML (the Hugging Face
     * Hub does): markup in it is shown as written, never run or rendered.
     */
    static String escaped(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    static String fmt(double v) {
        if (!Double.isFinite(v)) {
            return String.valueOf(v);
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return String.valueOf((long) v);
        }
        return new java.math.BigDecimal(v).round(new java.math.MathContext(4)).stripTrailingZeros().toPlainString();
    }
}
