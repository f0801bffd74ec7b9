package dev.parley.export;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;

/**
 * The dataset card's charts, drawn with Java2D into PNG images without a display
 * ({@code java.awt.headless=true} is set before any AWT class is touched).
 */
final class DatasetCharts {

    static final String SCORES = "charts/score-histogram.png";
    static final String LENGTHS = "charts/length-distribution.png";
    static final String COVERAGE = "charts/coverage.png";

    private static final int WIDTH = 800;
    private static final Color BAR = new Color(0x3B6EA5);
    private static final Color EMPTY = new Color(0xC0392B);
    private static final Color GRID = new Color(0xE3E3E3);
    private static final Color TEXT = new Color(0x222222);

    static {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private DatasetCharts() {
    }

    /** The three charts as PNG bytes, by file name. */
    static Map<String, byte[]> draw(DatasetStats stats, RunReport report, String title) throws IOException {
        var charts = new LinkedHashMap<String, byte[]>();
        charts.put(SCORES, columns(title + ": judge score (weighted mean) of the run's judged dialogues", "dialogues",
                report.scoreHistogram()));
        charts.put(LENGTHS, columns(title + ": approximate tokens per record", "records", stats.tokenBins()));
        charts.put(COVERAGE, coverage(title + ": exported synthetic dialogues per dimension value · "
                + report.coverage().getOrDefault("cellsCovered", 0) + " of "
                + report.coverage().getOrDefault("cells", 0)
                + " planned cells accepted", stats.coverage()));
        return charts;
    }

    /** A vertical bar chart, one bar per entry, labelled below and with its count above. */
    static byte[] columns(String title, String unit, Map<String, Integer> values) throws IOException {
        int height = 420;
        BufferedImage image = new BufferedImage(WIDTH, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = start(image, title);
        int left = 60;
        int right = WIDTH - 20;
        int top = 60;
        int bottom = height - 60;
        // The axis ends on a round number so that its four grid lines fall on whole counts.
        int step = DatasetStats.niceWidth((Math.max(1, values.values().stream().mapToInt(Integer::intValue).max().orElse(0)) + 3) / 4);
        int max = step * 4;
        axis(g, left, top, right, bottom, step, unit);
        int n = Math.max(1, values.size());
        double slot = (double) (right - left) / n;
        int i = 0;
        for (var e : values.entrySet()) {
            int x = (int) (left + i * slot + slot * 0.15);
            int w = Math.max(1, (int) (slot * 0.7));
            int h = (int) Math.round((double) e.getValue() / max * (bottom - top));
            g.setColor(BAR);
            g.fillRect(x, bottom - h, w, h);
            g.setColor(TEXT);
            centre(g, String.valueOf(e.getValue()), x + w / 2, bottom - h - 4);
            centre(g, e.getKey(), x + w / 2, bottom + 16 + (n > 8 && i % 2 == 1 ? 14 : 0));
            i++;
        }
        if (values.isEmpty()) {
            centre(g, "no records", WIDTH / 2, (top + bottom) / 2);
        }
        return finish(g, image);
    }

    /** Horizontal bars per dimension value, grouped by dimension; values with no dialogue are marked. */
    static byte[] coverage(String title, Map<String, Map<String, Integer>> coverage) throws IOException {
        List<String[]> rows = new ArrayList<>();
        int max = 1;
        for (var dim : coverage.entrySet()) {
            rows.add(new String[] {dim.getKey(), null});
            for (var v : dim.getValue().entrySet()) {
                rows.add(new String[] {v.getKey(), String.valueOf(v.getValue())});
                max = Math.max(max, v.getValue());
            }
        }
        int rowHeight = 20;
        int height = Math.max(160, 70 + rows.size() * rowHeight + 20);
        BufferedImage image = new BufferedImage(WIDTH, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = start(image, title);
        int labelWidth = 260;
        int left = labelWidth + 10;
        int right = WIDTH - 60;
        int y = 60;
        for (String[] row : rows) {
            if (row[1] == null) {
                g.setFont(g.getFont().deriveFont(Font.BOLD));
                g.setColor(TEXT);
                g.drawString(clip(g, row[0], labelWidth), 10, y + 14);
                g.setFont(g.getFont().deriveFont(Font.PLAIN));
            } else {
                int count = Integer.parseInt(row[1]);
                int w = (int) Math.round((double) count / max * (right - left));
                g.setColor(TEXT);
                g.drawString(clip(g, row[0], labelWidth - 20), 24, y + 14);
                g.setColor(count == 0 ? EMPTY : BAR);
                g.fillRect(left, y + 3, Math.max(count == 0 ? 2 : 1, w), rowHeight - 6);
                g.setColor(count == 0 ? EMPTY : TEXT);
                g.drawString(count == 0 ? "0 (not covered)" : String.valueOf(count), left + w + 6, y + 14);
            }
            y += rowHeight;
        }
        if (rows.isEmpty()) {
            g.setColor(TEXT);
            centre(g, "the recipe has no dimensions", WIDTH / 2, height / 2);
        }
        return finish(g, image);
    }

    private static Graphics2D start(BufferedImage image, String title) {
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        g.setColor(TEXT);
        g.drawString(clip(g, title, image.getWidth() - 20), 10, 28);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        return g;
    }

    private static void axis(Graphics2D g, int left, int top, int right, int bottom, int step, String unit) {
        g.setStroke(new BasicStroke(1));
        for (int k = 0; k <= 4; k++) {
            int y = bottom - (bottom - top) * k / 4;
            g.setColor(GRID);
            g.drawLine(left, y, right, y);
            g.setColor(TEXT);
            String label = String.valueOf(step * k);
            g.drawString(label, left - 8 - g.getFontMetrics().stringWidth(label), y + 4);
        }
        g.drawString(unit, 10, top - 12);
        g.setColor(TEXT);
        g.drawLine(left, bottom, right, bottom);
    }

    private static void centre(Graphics2D g, String text, int x, int y) {
        FontMetrics fm = g.getFontMetrics();
        g.drawString(text, x - fm.stringWidth(text) / 2, y);
    }

    private static String clip(Graphics2D g, String text, int width) {
        FontMetrics fm = g.getFontMetrics();
        if (fm.stringWidth(text) <= width) {
            return text;
        }
        String s = text;
        while (!s.isEmpty() && fm.stringWidth(s + "…") > width) {
            s = s.substring(0, s.length() - 1);
        }
        return s + "…";
    }

    private static byte[] finish(Graphics2D g, BufferedImage image) throws IOException {
        g.dispose();
        var out = new ByteArrayOutputStream();
        if (!ImageIO.write(image, "png", out)) {
            throw new IOException("no PNG writer available");
        }
        return out.toByteArray();
    }
}
