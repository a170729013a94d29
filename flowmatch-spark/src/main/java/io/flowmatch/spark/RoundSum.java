package io.flowmatch.spark;

import io.flowmatch.core.train.TrainingState;
import java.io.Serializable;

/**
 * The weighted sum of the workers' states after a round, in double precision: what
 * {@code treeAggregate} combines. Each worker adds its share w = rows / all rows times its
 * parameters, optimizer moments and weight average; the sum is then the average.
 *
 * <p>With one worker (w = 1) the average is exactly the worker's state. With two, the sum does
 * not depend on which finished first (floating-point addition is commutative); with more, the
 * order in which Spark merges partial sums can change the last bits of the average between
 * runs (never its correctness).
 */
final class RoundSum implements Serializable {

    private static final long serialVersionUID = 1L;

    private int workers;
    private double weight;
    private long step = -1;
    private double[] parameters;
    private double[][] moments;
    private double[] average;
    private double lossSum;
    private long lossCount;
    private double maxComputeSeconds;
    private double sumComputeSeconds;
    private String failure;

    /** The empty sum (treeAggregate's zero). */
    RoundSum() {
    }

    /** One worker's contribution. */
    static RoundSum of(double weight, TrainingState state, double lossSum, long steps, double computeSeconds) {
        RoundSum s = new RoundSum();
        s.workers = 1;
        s.weight = weight;
        s.step = state.step();
        s.parameters = scaled(state.parameters(), weight);
        s.moments = new double[state.optimizerStateCount()][];
        for (int i = 0; i < s.moments.length; i++) {
            s.moments[i] = scaled(state.optimizerState(i), weight);
        }
        s.average = state.hasAverage() ? scaled(state.average(), weight) : null;
        s.lossSum = lossSum;
        s.lossCount = steps;
        s.maxComputeSeconds = computeSeconds;
        s.sumComputeSeconds = computeSeconds;
        return s;
    }

    /** A worker whose training failed for a reason a retry cannot fix (divergence). */
    static RoundSum failed(String message) {
        RoundSum s = new RoundSum();
        s.failure = message;
        return s;
    }

    private static double[] scaled(float[] values, double w) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = w * values[i];
        }
        return out;
    }

    /** Adds {@code other} into this sum; returns this. */
    RoundSum merge(RoundSum other) {
        if (other.failure != null && failure == null) {
            failure = other.failure;
        }
        if (other.workers == 0) {
            return this;
        }
        if (workers == 0) {
            workers = other.workers;
            weight = other.weight;
            step = other.step;
            parameters = other.parameters.clone();
            moments = new double[other.moments.length][];
            for (int i = 0; i < moments.length; i++) {
                moments[i] = other.moments[i].clone();
            }
            average = other.average == null ? null : other.average.clone();
        } else {
            if (other.step != step) {
                throw new IllegalStateException("workers ended a round at different steps: " + step + " and "
                        + other.step);
            }
            workers += other.workers;
            weight += other.weight;
            add(parameters, other.parameters);
            for (int i = 0; i < moments.length; i++) {
                add(moments[i], other.moments[i]);
            }
            if (average != null) {
                add(average, other.average);
            }
        }
        lossSum += other.lossSum;
        lossCount += other.lossCount;
        maxComputeSeconds = Math.max(maxComputeSeconds, other.maxComputeSeconds);
        sumComputeSeconds += other.sumComputeSeconds;
        return this;
    }

    private static void add(double[] into, double[] values) {
        for (int i = 0; i < into.length; i++) {
            into[i] += values[i];
        }
    }

    /** How many workers contributed. */
    int workers() {
        return workers;
    }

    /** The first failure a worker reported, or null. */
    String failure() {
        return failure;
    }

    /** The mean loss of every step of every worker in the round. */
    double meanLoss() {
        return lossSum / lossCount;
    }

    /** The longest time a worker spent in its optimizer steps this round, in seconds. */
    double maxComputeSeconds() {
        return maxComputeSeconds;
    }

    /** The time all workers spent in their optimizer steps this round, added up, in seconds. */
    double sumComputeSeconds() {
        return sumComputeSeconds;
    }

    /** The averaged state to start the next round from. */
    SharedState averaged() {
        if (workers == 0) {
            throw new IllegalStateException("no worker contributed to the round");
        }
        float[][] m = new float[moments.length][];
        for (int i = 0; i < m.length; i++) {
            m[i] = divided(moments[i]);
        }
        return new SharedState(step, divided(parameters), m, average == null ? null : divided(average));
    }

    /** sum / total weight, in float32; the weights add up to 1 but for round-off. */
    private float[] divided(double[] sum) {
        float[] out = new float[sum.length];
        for (int i = 0; i < sum.length; i++) {
            out[i] = (float) (sum[i] / weight);
        }
        return out;
    }
}
