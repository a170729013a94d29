package io.flowmatch.core.coupling;

import io.flowmatch.core.metrics.LinearAssignment;
import java.util.SplittableRandom;

/**
 * Minibatch optimal transport (OT-CFM, Tong et al.; Pooladian et al.): within each batch, the
 * data rows are permuted by the assignment that minimises the total squared distance
 * sum_i |x0_i - x1_pi(i)|^2, found exactly by the Jonker-Volgenant solver of
 * {@link LinearAssignment}. Each pair then lies on a nearly straight segment of the global
 * transport, so the learned flow bends less and few-step sampling improves.
 *
 * <p>Cost: O(n^2 d) for the distances and roughly O(n^3) worst case for the assignment
 * (about a millisecond at n = 256); batches above {@link #MAX_BATCH} are refused. Scratch arrays
 * are kept per thread.
 */
final class ExactOtCoupling implements Coupling {

    /** The largest batch the exact solver accepts. */
    static final int MAX_BATCH = 4096;

    static final ExactOtCoupling INSTANCE = new ExactOtCoupling();

    private final ThreadLocal<Scratch> scratch = new ThreadLocal<>();

    private ExactOtCoupling() {
    }

    @Override
    public void couple(SplittableRandom rng, float[] x0, float[] x1, int n, int d) {
        if (n > MAX_BATCH) {
            throw new IllegalArgumentException("exact OT coupling handles batches up to " + MAX_BATCH
                    + " rows, got " + n + "; use a Sinkhorn coupling or a smaller batch");
        }
        Scratch s = scratch.get();
        if (s == null || s.cost.length != n * n || s.copy.length != n * d) {
            s = new Scratch(n, d);
            scratch.set(s);
        }
        PairCosts.squaredDistances(x0, x1, n, d, s.cost);
        int[] column = LinearAssignment.solve(s.cost, n);
        System.arraycopy(x1, 0, s.copy, 0, n * d);
        for (int i = 0; i < n; i++) {
            System.arraycopy(s.copy, column[i] * d, x1, i * d, d);
        }
    }

    @Override
    public String description() {
        return "exact_ot";
    }

    private static final class Scratch {
        final double[] cost;
        final float[] copy;

        Scratch(int n, int d) {
            cost = new double[n * n];
            copy = new float[n * d];
        }
    }
}
