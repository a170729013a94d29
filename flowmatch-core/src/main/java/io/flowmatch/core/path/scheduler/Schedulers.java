package io.flowmatch.core.path.scheduler;

import java.util.Locale;

/**
 * The built-in {@link Scheduler}s, those of Meta's {@code flow_matching} library: linear
 * (CondOT), polynomial-convex, cosine, variance preserving, and the linear path with a minimum
 * width sigma_min.
 */
public final class Schedulers {

    private Schedulers() {
    }

    /** alpha = t, sigma = 1 - t: the straight line of rectified flow. */
    public static Scheduler condOt() {
        return CondOt.INSTANCE;
    }

    /**
     * alpha = t^n, sigma = 1 - t^n (polynomial-convex): with n &gt; 1 the path stays near the
     * source longer and moves to the data late.
     *
     * @param n the power, positive and finite
     */
    public static Scheduler polynomial(double n) {
        if (!(n > 0) || !Double.isFinite(n)) {
            throw new IllegalArgumentException("polynomial power must be positive and finite, got " + n);
        }
        return new Polynomial(n);
    }

    /** alpha = sin(pi t / 2), sigma = cos(pi t / 2): alpha^2 + sigma^2 = 1 throughout. */
    public static Scheduler cosine() {
        return Cosine.INSTANCE;
    }

    /**
     * The variance-preserving schedule of score-based diffusion written forward in time:
     * alpha = exp(-T(t)/2) with T(t) = (1 - t) betaMin + (1 - t)^2 (betaMax - betaMin) / 2, and
     * sigma = sqrt(1 - alpha^2). Note that alpha(0) = exp(-(betaMin + betaMax)/4) is small but not
     * 0 (about 0.005 with the defaults 0.1 and 20) and that sigma' diverges as t approaches 1, as
     * in the diffusion literature.
     *
     * @param betaMin the noise rate at the data end, positive
     * @param betaMax the noise rate at the source end, at least betaMin
     */
    public static Scheduler variancePreserving(double betaMin, double betaMax) {
        if (!(betaMin > 0) || !Double.isFinite(betaMin) || !(betaMax >= betaMin) || !Double.isFinite(betaMax)) {
            throw new IllegalArgumentException("VP needs 0 < beta_min <= beta_max (finite), got beta_min="
                    + betaMin + ", beta_max=" + betaMax);
        }
        return new VariancePreserving(betaMin, betaMax);
    }

    /** {@link #variancePreserving(double, double)} with beta_min = 0.1, beta_max = 20. */
    public static Scheduler variancePreserving() {
        return variancePreserving(0.1, 20.0);
    }

    /**
     * alpha = t, sigma = 1 - (1 - sigmaMin) t: the Gaussian path of Lipman et al., which ends at
     * N(x1, sigmaMin^2 I) rather than at x1 (so sigma(1) = sigmaMin, not 0).
     *
     * @param sigmaMin in [0, 1)
     */
    public static Scheduler linearWithMinimum(double sigmaMin) {
        if (!(sigmaMin >= 0 && sigmaMin < 1)) {
            throw new IllegalArgumentException("sigma_min must be in [0, 1), got " + sigmaMin);
        }
        return new LinearWithMinimum(sigmaMin);
    }

    private enum CondOt implements Scheduler {
        INSTANCE;

        @Override
        public double alpha(double t) {
            return t;
        }

        @Override
        public double sigma(double t) {
            return 1 - t;
        }

        @Override
        public double alphaDerivative(double t) {
            return 1;
        }

        @Override
        public double sigmaDerivative(double t) {
            return -1;
        }

        @Override
        public double timeOfSnr(double snr) {
            return !(snr > 0) ? 0.0 : Double.isInfinite(snr) ? 1.0 : snr / (1 + snr);
        }

        @Override
        public String description() {
            return "condot";
        }
    }

    private record Polynomial(double n) implements Scheduler {
        @Override
        public double alpha(double t) {
            return Math.pow(t, n);
        }

        @Override
        public double sigma(double t) {
            return 1 - Math.pow(t, n);
        }

        @Override
        public double alphaDerivative(double t) {
            return t == 0 && n < 1 ? Double.POSITIVE_INFINITY : n * Math.pow(t, n - 1);
        }

        @Override
        public double sigmaDerivative(double t) {
            return -alphaDerivative(t);
        }

        @Override
        public double timeOfSnr(double snr) {
            return !(snr > 0) ? 0.0 : Double.isInfinite(snr) ? 1.0 : Math.pow(snr / (1 + snr), 1 / n);
        }

        @Override
        public String description() {
            return String.format(Locale.ROOT, "polynomial(n=%s)", n);
        }
    }

    private enum Cosine implements Scheduler {
        INSTANCE;

        @Override
        public double alpha(double t) {
            return Math.sin(0.5 * Math.PI * t);
        }

        @Override
        public double sigma(double t) {
            return Math.cos(0.5 * Math.PI * t);
        }

        @Override
        public double alphaDerivative(double t) {
            return 0.5 * Math.PI * Math.cos(0.5 * Math.PI * t);
        }

        @Override
        public double sigmaDerivative(double t) {
            return -0.5 * Math.PI * Math.sin(0.5 * Math.PI * t);
        }

        @Override
        public double timeOfSnr(double snr) {
            return !(snr > 0) ? 0.0 : Double.isInfinite(snr) ? 1.0 : Math.atan(snr) * 2 / Math.PI;
        }

        @Override
        public String description() {
            return "cosine";
        }
    }

    private record VariancePreserving(double betaMin, double betaMax) implements Scheduler {
        private double integral(double t) {
            double s = 1 - t;
            return s * betaMin + 0.5 * s * s * (betaMax - betaMin);
        }

        private double integralDerivative(double t) {
            return -betaMin - (1 - t) * (betaMax - betaMin);
        }

        @Override
        public double alpha(double t) {
            return Math.exp(-0.5 * integral(t));
        }

        @Override
        public double sigma(double t) {
            double a = alpha(t);
            return Math.sqrt(Math.max(0.0, 1 - a * a));
        }

        @Override
        public double alphaDerivative(double t) {
            return -0.5 * integralDerivative(t) * alpha(t);
        }

        @Override
        public double sigmaDerivative(double t) {
            return -alpha(t) * alphaDerivative(t) / sigma(t);
        }

        @Override
        public String description() {
            return String.format(Locale.ROOT, "vp(beta_min=%s, beta_max=%s)", betaMin, betaMax);
        }
    }

    private record LinearWithMinimum(double sigmaMin) implements Scheduler {
        @Override
        public double alpha(double t) {
            return t;
        }

        @Override
        public double sigma(double t) {
            return 1 - (1 - sigmaMin) * t;
        }

        @Override
        public double alphaDerivative(double t) {
            return 1;
        }

        @Override
        public double sigmaDerivative(double t) {
            return -(1 - sigmaMin);
        }

        @Override
        public double timeOfSnr(double snr) {
            if (!(snr > 0)) {
                return 0.0;
            }
            // t / (1 - (1 - m) t) = r  =>  t = r / (1 + r (1 - m)), capped at 1 where the ratio ends
            double t = Double.isInfinite(snr) ? 1.0 / (1 - sigmaMin) : snr / (1 + snr * (1 - sigmaMin));
            return Math.min(1.0, t);
        }

        @Override
        public String description() {
            return "gaussian(sigma_min=" + sigmaMin + ")";
        }
    }
}
