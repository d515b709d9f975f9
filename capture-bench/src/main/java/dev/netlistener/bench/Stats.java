package dev.netlistener.bench;

import java.util.List;

/** The statistics the reports use. */
final class Stats {
    private Stats() {
    }

    /** The median (the mean of the two middle values for an even count). */
    static double median(List<? extends Number> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("no values");
        }
        double[] sorted = values.stream().mapToDouble(Number::doubleValue).sorted().toArray();
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
