// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.bench;

import java.util.List;
import java.util.function.ToDoubleFunction;

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

    /** The median of one field over {@code items}. */
    static <T> double median(List<T> items, ToDoubleFunction<? super T> field) {
        return median(items.stream().map(field::applyAsDouble).toList());
    }
}
