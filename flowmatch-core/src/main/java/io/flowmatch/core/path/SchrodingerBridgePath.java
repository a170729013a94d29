package io.flowmatch.core.path;

import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The Brownian-bridge path of Schrodinger-bridge conditional flow matching (Tong et al., as in
 * TorchCFM's {@code SchrodingerBridgeConditionalFlowMatcher}):
 * x_t = t x1 + (1 - t) x0 + sigma sqrt(t (1 - t)) eps with eps ~ N(0, I), and the target
 * u_t = (1 - 2t) / (2 t (1 - t)) (x_t - t x1 - (1 - t) x0) + x1 - x0
 * = (1 - 2t) sigma eps / (2 sqrt(t (1 - t))) + x1 - x0.
 *
 * <p>Pair it with the entropic coupling of regularisation 2 sigma^2
 * ({@link io.flowmatch.core.coupling.Couplings#sinkhorn(double)}) to learn the Schrodinger
 * bridge between source and data. The target's noise term grows like 1/sqrt(t) at the ends, so
 * times are clamped to [1e-4, 1 - 1e-4] in that factor (the factor at most 50 sigma).
 *
 * <p>The path draws its own noise, so it must be given the run's generator: the trainer calls
 * {@link #sample(SplittableRandom, float[], float[], float[], int, int, float[], float[])}.
 */
public final class SchrodingerBridgePath implements ProbabilityPath {

    private static final double T_CLAMP = 1e-4;

    private final double sigma;

    SchrodingerBridgePath(double sigma) {
        if (!(sigma > 0) || !Double.isFinite(sigma)) {
            throw new IllegalArgumentException("Schrodinger bridge sigma must be positive and finite, got " + sigma);
        }
        this.sigma = sigma;
    }

    /** The bridge's noise level. */
    public double sigma() {
        return sigma;
    }

    /**
     * Always throws: this path is stochastic and needs a generator.
     *
     * @throws IllegalStateException always
     */
    @Override
    public void sample(float[] x0, float[] x1, float[] t, int n, int d, float[] xt, float[] ut) {
        throw new IllegalStateException("the Schrodinger bridge path draws noise: call sample(rng, ...)");
    }

    @Override
    public void sample(SplittableRandom rng, float[] x0, float[] x1, float[] t, int n, int d, float[] xt,
            float[] ut) {
        for (int i = 0; i < n; i++) {
            double ti = t[i];
            double tc = Math.min(1 - T_CLAMP, Math.max(T_CLAMP, ti));
            float width = (float) (sigma * Math.sqrt(ti * (1 - ti)));
            float noiseVelocity = (float) ((1 - 2 * tc) * sigma / (2 * Math.sqrt(tc * (1 - tc))));
            float a = (float) ti;
            int row = i * d;
            for (int j = row; j < row + d; j++) {
                float eps = (float) rng.nextGaussian();
                xt[j] = a * x1[j] + (1 - a) * x0[j] + width * eps;
                ut[j] = x1[j] - x0[j] + noiseVelocity * eps;
            }
        }
    }

    @Override
    public String description() {
        return String.format(Locale.ROOT, "schrodinger_bridge(sigma=%s)", sigma);
    }
}
