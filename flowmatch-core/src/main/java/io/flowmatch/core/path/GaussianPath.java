package io.flowmatch.core.path;

/**
 * The Gaussian conditional path of Lipman et al. with a minimum width sigma_min:
 * x_t = (1 - (1 - sigma_min) t) x0 + t x1, target u_t = x1 - (1 - sigma_min) x0. At t = 1 the
 * conditional distribution is N(x1, sigma_min^2 I) instead of a point mass; sigma_min = 0 is the
 * {@link CondOtPath}.
 */
public final class GaussianPath extends AffinePath {

    private final double sigmaMin;

    /**
     * @param sigmaMin the width at t = 1, in [0, 1)
     * @throws IllegalArgumentException otherwise
     */
    GaussianPath(double sigmaMin) {
        if (!(sigmaMin >= 0 && sigmaMin < 1)) {
            throw new IllegalArgumentException("sigma_min must be in [0, 1), got " + sigmaMin);
        }
        this.sigmaMin = sigmaMin;
    }

    /** The width at t = 1. */
    public double sigmaMin() {
        return sigmaMin;
    }

    @Override
    public double alpha(double t) {
        return t;
    }

    @Override
    public double sigma(double t) {
        return 1.0 - (1.0 - sigmaMin) * t;
    }

    @Override
    public double alphaDerivative(double t) {
        return 1.0;
    }

    @Override
    public double sigmaDerivative(double t) {
        return -(1.0 - sigmaMin);
    }

    @Override
    public String description() {
        return "gaussian(sigma_min=" + sigmaMin + ")";
    }
}
