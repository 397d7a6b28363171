package dev.slipway.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Timings and their percentiles. */
public final class Stats {
    private Stats() {}

    /** Milliseconds since {@code startNanos} (a System.nanoTime()). */
    public static double ms(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e6;
    }

    /** The {@code p}th percentile by nearest rank (p 50 of an even count is the lower middle value). */
    public static <T extends Comparable<? super T>> T pct(List<T> values, int p) {
        List<T> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
    }
}
