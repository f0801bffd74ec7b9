package dev.parley.export;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How a dataset is divided: shares of train, validation and test that add up to 1.
 *
 * @param train      share of the training split (more than 0)
 * @param validation share of the validation split
 * @param test       share of the test split
 */
public record SplitRatios(double train, double validation, double test) {

    public static final String TRAIN = "train";
    public static final String VALIDATION = "validation";
    public static final String TEST = "test";
    /** Everything in train: what Parley writes when no split is asked for. */
    public static final SplitRatios ALL_TRAIN = new SplitRatios(1, 0, 0);

    private static final double TOLERANCE = 1e-6;

    public SplitRatios {
        for (double r : new double[] {train, validation, test}) {
            if (!(r >= 0 && r <= 1)) {
                throw new IllegalArgumentException("--split: every share must be from 0 to 1, got " + format(r));
            }
        }
        if (!(train > 0)) {
            throw new IllegalArgumentException("--split: the train share must be more than 0");
        }
        if (Math.abs(train + validation + test - 1) > TOLERANCE) {
            throw new IllegalArgumentException("--split: the shares must add up to 1, got " + format(train + validation + test));
        }
    }

    /** Parses {@code 0.9,0.1} (train, validation) or {@code 0.8,0.1,0.1} (train, validation, test) or {@code 1}. */
    public static SplitRatios parse(String text) {
        if (text == null || text.isBlank()) {
            return ALL_TRAIN;
        }
        String[] parts = text.split(",", -1);
        if (parts.length > 3) {
            throw new IllegalArgumentException("--split takes at most three shares (train,validation,test), got '" + text + "'");
        }
        double[] r = new double[3];
        for (int i = 0; i < parts.length; i++) {
            try {
                r[i] = Double.parseDouble(parts[i].strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--split: '" + parts[i].strip() + "' is not a number (e.g. 0.9,0.1)");
            }
        }
        return new SplitRatios(r[0], r[1], r[2]);
    }

    /** The splits with a share above 0, in order train, validation, test. */
    public Map<String, Double> shares() {
        var shares = new LinkedHashMap<String, Double>();
        shares.put(TRAIN, train);
        if (validation > 0) {
            shares.put(VALIDATION, validation);
        }
        if (test > 0) {
            shares.put(TEST, test);
        }
        return shares;
    }

    @Override
    public String toString() {
        return format(train) + "," + format(validation) + "," + format(test);
    }

    private static String format(double v) {
        if (!Double.isFinite(v)) {
            return String.valueOf(v);
        }
        return new java.math.BigDecimal(v).round(new java.math.MathContext(4)).stripTrailingZeros().toPlainString();
    }
}
