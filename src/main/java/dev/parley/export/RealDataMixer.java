package dev.parley.export;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Mixes real dialogues with synthetic ones by accumulation: every real dialogue is kept, synthetic
 * ones are added on top, and nothing real is ever replaced. Training only on generated text is what
 * makes models collapse; keeping the real data in the mix is what prevents it.
 * <p>
 * The ratio is the <em>minimum share of real dialogues</em> in the result. When there are more
 * synthetic dialogues than that share allows, only as many are kept as it allows, picked one plan
 * cell at a time (round robin over the cells, seeded order within each) so that coverage survives;
 * when there are fewer, all are kept and the real share is higher than asked. Without a ratio, all
 * of both are kept.
 */
public final class RealDataMixer {

    private RealDataMixer() {
    }

    /**
     * What mixing did.
     *
     * @param real             real dialogues in the result (all that were given)
     * @param synthetic        synthetic dialogues in the result
     * @param syntheticLeftOut synthetic dialogues not used because of the ratio
     * @param requestedShare   the minimum real share asked for, if any
     * @param realShare        the real share of the result (0 when empty)
     * @param file             the file the real dialogues came from, empty when nothing was mixed
     */
    public record MixReport(int real, int synthetic, int syntheticLeftOut, OptionalDouble requestedShare,
            double realShare, String file) {
        /** Nothing mixed in: all synthetic. */
        public static MixReport syntheticOnly(int synthetic) {
            return new MixReport(0, synthetic, 0, OptionalDouble.empty(), 0, "");
        }
    }

    /** The mixed records (synthetic first, in their order, then real, in file order) and what was done. */
    public record Mix(List<ExportRecord> records, MixReport report) {
        public Mix {
            records = List.copyOf(records);
        }
    }

    /**
     * @param realShare the minimum share of real dialogues, from 0 (exclusive) to 1 (exclusive); empty to keep all
     * @param seed      decides which synthetic dialogues are kept when some must be left out
     */
    public static Mix mix(List<ExportRecord> synthetic, List<ExportRecord> real, OptionalDouble realShare, long seed,
            String file) {
        if (realShare.isPresent() && !(realShare.getAsDouble() > 0 && realShare.getAsDouble() < 1)) {
            throw new IllegalArgumentException("--real-ratio must be more than 0 and less than 1, got " + realShare.getAsDouble());
        }
        if (real.isEmpty() && realShare.isPresent()) {
            throw new IllegalArgumentException("--real-ratio: the file of real dialogues " + file + " has no dialogue");
        }
        List<ExportRecord> kept = synthetic;
        if (realShare.isPresent()) {
            double r = realShare.getAsDouble();
            // real / (real + s) >= r  <=>  s <= real * (1 - r) / r; the epsilon keeps 0.5 of 10 at exactly 10.
            int allowed = (int) Math.floor(real.size() * (1 - r) / r + 1e-9);
            if (synthetic.size() > allowed) {
                kept = coverageFirst(synthetic, allowed, seed);
            }
        }
        List<ExportRecord> records = new ArrayList<>(kept);
        records.addAll(real);
        double share = records.isEmpty() ? 0 : (double) real.size() / records.size();
        return new Mix(records, new MixReport(real.size(), kept.size(), synthetic.size() - kept.size(), realShare,
                share, file));
    }

    /** {@code n} records taken one cell at a time, returned in their original order. */
    static List<ExportRecord> coverageFirst(List<ExportRecord> records, int n, long seed) {
        Map<String, List<Integer>> byCell = new LinkedHashMap<>();
        for (int i = 0; i < records.size(); i++) {
            byCell.computeIfAbsent(records.get(i).cellKey(), k -> new ArrayList<>()).add(i);
        }
        SplittableRandom random = new SplittableRandom(seed);
        List<String> cells = new ArrayList<>(byCell.keySet());
        cells.sort(Comparator.naturalOrder());
        DatasetSplitter.shuffle(cells, random);
        for (String c : cells) {
            DatasetSplitter.shuffle(byCell.get(c), random);
        }
        Set<Integer> chosen = new HashSet<>();
        for (int round = 0; chosen.size() < n; round++) {
            for (String c : cells) {
                List<Integer> members = byCell.get(c);
                if (round < members.size() && chosen.size() < n) {
                    chosen.add(members.get(round));
                }
            }
        }
        List<ExportRecord> kept = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            if (chosen.contains(i)) {
                kept.add(records.get(i));
            }
        }
        return kept;
    }
}
