package io.flowmatch.core.coupling;

import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Entropic minibatch optimal transport: computes the Sinkhorn plan of the batch's squared
 * distances with regularisation {@code reg} and draws n (x0, x1) pairs from it with replacement,
 * as TorchCFM's {@code OTPlanSampler} does. With reg = 2 sigma^2 and the
 * {@link io.flowmatch.core.path.SchrodingerBridgePath} of the same sigma this is Schrodinger
 * bridge CFM; with a small reg it approaches {@link ExactOtCoupling}.
 *
 * <p>The regularisation is absolute, in the units of squared distance. Cost per batch:
 * O(n^2) exponentials per Sinkhorn iteration, up to {@code maxIterations} iterations.
 */
final class SinkhornCoupling implements Coupling {

    private final double reg;
    private final int maxIterations;
    private final ThreadLocal<Scratch> scratch = new ThreadLocal<>();

    SinkhornCoupling(double reg, int maxIterations) {
        if (!(reg > 0) || !Double.isFinite(reg)) {
            throw new IllegalArgumentException("Sinkhorn regularisation must be positive and finite, got " + reg);
        }
        if (maxIterations < 1) {
            throw new IllegalArgumentException("Sinkhorn iterations must be at least 1, got " + maxIterations);
        }
        this.reg = reg;
        this.maxIterations = maxIterations;
    }

    @Override
    public void couple(SplittableRandom rng, float[] x0, float[] x1, int n, int d) {
        Scratch s = scratch.get();
        if (s == null || s.n != n || s.d != d) {
            s = new Scratch(n, d);
            scratch.set(s);
        }
        PairCosts.squaredDistances(x0, x1, n, d, s.cost);
        double[] plan = Sinkhorn.plan(s.cost, n, n, reg, maxIterations, 1e-3 / n);
        double total = 0;
        for (int k = 0; k < plan.length; k++) {
            total += plan[k];
            s.cumulative[k] = total;
        }
        System.arraycopy(x0, 0, s.x0, 0, n * d);
        System.arraycopy(x1, 0, s.x1, 0, n * d);
        for (int r = 0; r < n; r++) {
            double u = rng.nextDouble() * total;
            int k = Arrays.binarySearch(s.cumulative, u);
            k = k >= 0 ? k : Math.min(plan.length - 1, -k - 1);
            int i = k / n;
            int j = k % n;
            System.arraycopy(s.x0, i * d, x0, r * d, d);
            System.arraycopy(s.x1, j * d, x1, r * d, d);
        }
    }

    /** {@code sinkhorn(reg=R)}, with {@code , max_iterations=M} unless M is the default 1000. */
    @Override
    public String description() {
        return String.format(Locale.ROOT, "sinkhorn(reg=%s%s)", reg,
                maxIterations == Couplings.SINKHORN_ITERATIONS ? "" : ", max_iterations=" + maxIterations);
    }

    private static final class Scratch {
        final int n;
        final int d;
        final double[] cost;
        final double[] cumulative;
        final float[] x0;
        final float[] x1;

        Scratch(int n, int d) {
            this.n = n;
            this.d = d;
            cost = new double[n * n];
            cumulative = new double[n * n];
            x0 = new float[n * d];
            x1 = new float[n * d];
        }
    }
}
