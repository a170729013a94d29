package io.flowmatch.solvers;

import java.util.Arrays;

/**
 * The time points an {@link OdeSolver} steps through: t_0, t_1, ..., t_K, strictly increasing
 * (integrating forward) or strictly decreasing (integrating backward, e.g. from data at t = 1
 * to noise at t = 0). Immutable.
 */
public final class TimeGrid {

    private final double[] times;

    private TimeGrid(double[] times) {
        this.times = times;
    }

    /**
     * K equal steps from {@code start} to {@code end}.
     *
     * @throws IllegalArgumentException if {@code steps} &lt; 1, an end is not finite, or start == end
     */
    public static TimeGrid uniform(double start, double end, int steps) {
        if (steps < 1) {
            throw new IllegalArgumentException("a time grid needs at least 1 step, got " + steps);
        }
        if (!Double.isFinite(start) || !Double.isFinite(end)) {
            throw new IllegalArgumentException("time grid ends must be finite, got " + start + " and " + end);
        }
        if (start == end) {
            throw new IllegalArgumentException("time grid start and end must differ, both are " + start);
        }
        double[] t = new double[steps + 1];
        for (int i = 0; i <= steps; i++) {
            t[i] = start + (end - start) * i / steps;
        }
        t[steps] = end;
        return new TimeGrid(t);
    }

    /**
     * A grid through the given times (copied), e.g. one that concentrates steps where the flow
     * bends.
     *
     * @throws IllegalArgumentException if fewer than 2 times, a time is not finite, or the times
     *                                  are not strictly monotone
     */
    public static TimeGrid of(double... times) {
        if (times == null || times.length < 2) {
            throw new IllegalArgumentException("a time grid needs at least 2 times, got "
                    + (times == null ? 0 : times.length));
        }
        double[] t = times.clone();
        for (int i = 0; i < t.length; i++) {
            if (!Double.isFinite(t[i])) {
                throw new IllegalArgumentException("time grid has a non-finite time t[" + i + "]=" + t[i]);
            }
        }
        boolean increasing = t[1] > t[0];
        for (int i = 1; i < t.length; i++) {
            if (increasing ? !(t[i] > t[i - 1]) : !(t[i] < t[i - 1])) {
                throw new IllegalArgumentException("time grid must be strictly monotone: t[" + i + "]=" + t[i]
                        + " after t[" + (i - 1) + "]=" + t[i - 1]);
            }
        }
        return new TimeGrid(t);
    }

    /** The same points in the opposite order: integrates from {@link #end()} back to {@link #start()}. */
    public TimeGrid reversed() {
        double[] t = new double[times.length];
        for (int i = 0; i < t.length; i++) {
            t[i] = times[times.length - 1 - i];
        }
        return new TimeGrid(t);
    }

    /** The first time. */
    public double start() {
        return times[0];
    }

    /** The last time. */
    public double end() {
        return times[times.length - 1];
    }

    /** The number of intervals K. */
    public int steps() {
        return times.length - 1;
    }

    /** The time t_i, for i in 0..K. */
    public double time(int i) {
        return times[i];
    }

    /** A copy of all K + 1 times. */
    public double[] times() {
        return times.clone();
    }

    @Override
    public String toString() {
        return times.length <= 6 ? "TimeGrid" + Arrays.toString(times)
                : "TimeGrid[" + start() + " -> " + end() + ", " + steps() + " steps]";
    }
}
