package dev.parley.export;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

import dev.parley.store.ItemState;
import dev.parley.store.DiversityPoint;

/**
 * The report's sections on sameness and drift: diversity over time (the run's stored snapshots and the
 * gates they tripped), disparities of acceptance between dimension values, and the warnings both give.
 */
final class CollapseReport {

    /** A value is judged for disparity only once this many of its dialogues are finished. */
    static final int MIN_FINISHED = 10;

    /** Reads stored JSON into maps and lists. */
    private final Function<String, Object> parse;

    CollapseReport(Function<String, Object> parse) {
        this.parse = parse;
    }

    /** The stored snapshots, oldest first: accepted count, time, worker, window and overall measures, tripped gates. */
    List<Map<String, Object>> overTime(List<DiversityPoint> points) {
        var series = new ArrayList<Map<String, Object>>();
        for (DiversityPoint p : points) {
            var row = new LinkedHashMap<String, Object>();
            row.put("accepted", p.accepted());
            row.put("at", p.at().toString());
            row.put("worker", p.worker());
            @SuppressWarnings("unchecked")
            var measures = (Map<String, Object>) parse.apply(p.measures());
            row.putAll(measures);
            row.put("tripped", parse.apply(p.tripped()));
            series.add(row);
        }
        return series;
    }

    /** Finished and accepted dialogues per dimension value and for the whole run, counted item by item. */
    static final class DisparityCounts {
        private final Map<String, Map<String, int[]>> counts = new TreeMap<>();
        private int finished;
        private int accepted;

        /** Counts an item with its plan cell; unfinished items do not count. */
        void add(ItemState state, Map<String, String> cell) {
            if (!state.isTerminal()) {
                return;
            }
            int acceptedOne = state == ItemState.ACCEPTED ? 1 : 0;
            finished++;
            accepted += acceptedOne;
            cell.forEach((dimension, value) -> {
                int[] c = counts.computeIfAbsent(dimension, k -> new TreeMap<>()).computeIfAbsent(value, k -> new int[2]);
                c[0]++;
                c[1] += acceptedOne;
            });
        }

        /**
         * The dimension values whose acceptance rate (accepted / finished) differs from the run's by
         * more than {@code limit}, among values with at least {@link #MIN_FINISHED} finished dialogues;
         * none when the limit is 0.
         */
        List<Map<String, Object>> disparities(double limit) {
            var flagged = new ArrayList<Map<String, Object>>();
            if (limit <= 0 || finished == 0) {
                return flagged;
            }
            double runRate = (double) accepted / finished;
            counts.forEach((dimension, values) -> values.forEach((value, c) -> {
                double rate = (double) c[1] / c[0];
                if (c[0] >= MIN_FINISHED && Math.abs(rate - runRate) > limit) {
                    var row = new LinkedHashMap<String, Object>();
                    row.put("dimension", dimension);
                    row.put("value", value);
                    row.put("finished", c[0]);
                    row.put("accepted", c[1]);
                    row.put("rate", RunReporter.round(rate));
                    row.put("runRate", RunReporter.round(runRate));
                    row.put("difference", RunReporter.round(rate - runRate));
                    row.put("limit", limit);
                    flagged.add(row);
                }
            }));
            return flagged;
        }
    }

    /** One line per disparity, and one per diversity gate that tripped (how often, first and last reason). */
    static List<String> warnings(List<Map<String, Object>> disparities, List<Map<String, Object>> overTime) {
        var warnings = new ArrayList<String>();
        for (Map<String, Object> d : disparities) {
            warnings.add(String.format(Locale.ROOT, "disparity: %s=%s accepted %d of %d finished (%.0f%%), the run %.0f%%;"
                    + " the judge or the gates may be favouring or penalising it (limit %.0f points)", d.get("dimension"),
                    d.get("value"), (Integer) d.get("accepted"), (Integer) d.get("finished"), 100 * (Double) d.get("rate"),
                    100 * (Double) d.get("runRate"), 100 * (Double) d.get("limit")));
        }
        var byGate = new LinkedHashMap<String, List<String>>();
        for (Map<String, Object> point : overTime) {
            @SuppressWarnings("unchecked")
            var tripped = (List<Map<String, Object>>) point.get("tripped");
            for (Map<String, Object> t : tripped) {
                byGate.computeIfAbsent(t.get("gate") + " (" + t.get("action") + ")", k -> new ArrayList<>())
                        .add(t.get("reason") + " at " + point.get("accepted") + " accepted");
            }
        }
        byGate.forEach((gate, reasons) -> warnings.add("diversity gate " + gate + " tripped at " + reasons.size() + " of "
                + overTime.size() + " snapshots; first: " + reasons.getFirst()
                + (reasons.size() > 1 ? "; last: " + reasons.getLast() : "")));
        return warnings;
    }

}
