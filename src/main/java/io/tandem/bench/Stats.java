package io.tandem.bench;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/** Median and maximum of measured values; NaN values (not measured) are left out. */
record Stats(int n, double median, double max) {
    static final Stats NONE = new Stats(0, Double.NaN, Double.NaN);

    static Stats of(List<Double> values) {
        double[] v = values.stream().filter(Objects::nonNull).mapToDouble(Double::doubleValue)
                .filter(d -> !Double.isNaN(d)).sorted().toArray();
        if (v.length == 0) {
            return NONE;
        }
        double median = v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
        return new Stats(v.length, median, Arrays.stream(v).max().orElseThrow());
    }

    static String fmt(double ms) {
        if (Double.isNaN(ms)) {
            return "–";
        }
        return Math.abs(ms) >= 100 ? String.format("%,.0f", ms) : String.format("%.1f", ms);
    }
}
