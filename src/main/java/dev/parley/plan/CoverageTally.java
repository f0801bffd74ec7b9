package dev.parley.plan;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Counts a run's items per plan cell and per dimension value, for the report: what the plan asked
 * for, how many attempts were made (planned items plus adaptive top-ups), how many were accepted,
 * and by how much each cell fell short.
 *
 * <p>Items numbered below the plan's size are the planned ones; those above are top-ups, new
 * attempts for a cell whose dialogue was rejected. So a cell's {@code planned} count never
 * changes, and {@code attempts - planned} is what adaptive sampling added to it.
 */
public final class CoverageTally {

    private final int planned;
    /** Cell key to {planned, attempts, accepted}. */
    private final Map<String, int[]> cells = new TreeMap<>();
    /** Dimension to value to {planned, attempts, accepted}. */
    private final Map<String, Map<String, int[]>> values = new TreeMap<>();

    /** @param planned the plan's size: items numbered below it are planned, the others top-ups */
    public CoverageTally(int planned) {
        this.planned = planned;
    }

    /** Counts one item. */
    public void add(int seq, String cellKey, Map<String, String> cell, boolean accepted) {
        count(cells.computeIfAbsent(cellKey, k -> new int[3]), seq, accepted);
        cell.forEach((dimension, value) -> count(
                values.computeIfAbsent(dimension, k -> new TreeMap<>()).computeIfAbsent(value, k -> new int[3]), seq, accepted));
    }

    private void count(int[] c, int seq, boolean accepted) {
        c[0] += seq < planned ? 1 : 0;
        c[1]++;
        c[2] += accepted ? 1 : 0;
    }

    /**
     * The coverage table: per cell planned, attempts, accepted and short-by, with the number of
     * cells, those with an accepted dialogue, those short of their plan, and the top-ups made.
     *
     * @param extraBudget the extra attempts the recipe allowed (adaptive sampling), 0 when off
     */
    public Map<String, Object> coverage(int extraBudget) {
        var table = new java.util.ArrayList<Map<String, Object>>();
        int covered = 0;
        int shortCells = 0;
        int topUps = 0;
        for (var e : cells.entrySet()) {
            int[] c = e.getValue();
            var row = new LinkedHashMap<String, Object>();
            row.put("cell", e.getKey());
            row.put("planned", c[0]);
            row.put("attempts", c[1]);
            row.put("accepted", c[2]);
            row.put("shortBy", Math.max(0, c[0] - c[2]));
            table.add(row);
            covered += c[2] > 0 ? 1 : 0;
            shortCells += c[2] < c[0] ? 1 : 0;
            topUps += c[1] - c[0];
        }
        var result = new LinkedHashMap<String, Object>();
        result.put("cells", cells.size());
        result.put("cellsCovered", covered);
        result.put("cellsShort", shortCells);
        if (extraBudget > 0 || topUps > 0) {
            result.put("topUps", topUps);
            result.put("extraBudget", extraBudget);
        }
        result.put("table", table);
        return result;
    }

    /** Per dimension value: planned, attempts, accepted, and the acceptance rate (accepted per attempt). */
    public Map<String, Map<String, Map<String, Object>>> acceptanceByValue() {
        var result = new TreeMap<String, Map<String, Map<String, Object>>>();
        values.forEach((dimension, byValue) -> {
            var rows = new TreeMap<String, Map<String, Object>>();
            byValue.forEach((value, c) -> {
                var row = new LinkedHashMap<String, Object>();
                row.put("planned", c[0]);
                row.put("attempts", c[1]);
                row.put("accepted", c[2]);
                row.put("rate", Math.round(1000.0 * c[2] / c[1]) / 1000.0);
                rows.put(value, row);
            });
            result.put(dimension, rows);
        });
        return result;
    }
}
