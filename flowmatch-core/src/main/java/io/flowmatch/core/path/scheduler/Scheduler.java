package io.flowmatch.core.path.scheduler;

/**
 * The two coefficients of an affine probability path x_t = alpha(t) x1 + sigma(t) x0 and their
 * time derivatives: the "how fast" of a path, separate from the path's arithmetic (see
 * {@link io.flowmatch.core.path.Paths#affine(Scheduler)}).
 *
 * <p>A scheduler must have alpha(0) = 0, sigma(0) = 1 (the path starts at the source) and
 * alpha(1) = 1, sigma(1) = 0 (it ends at the data), with alpha increasing and sigma decreasing, so
 * that the signal-to-noise ratio alpha/sigma increases from 0 to infinity. Implementations are
 * immutable; times are in [0, 1].
 */
public interface Scheduler {

    /** The weight of the data point at time t. */
    double alpha(double t);

    /** The weight of the source point at time t. */
    double sigma(double t);

    /** d alpha / dt at time t. */
    double alphaDerivative(double t);

    /** d sigma / dt at time t. */
    double sigmaDerivative(double t);

    /**
     * The time at which alpha/sigma equals {@code snr} (0 for snr &lt;= 0, 1 for an infinite
     * one). The default bisects, which needs only that the ratio increases; schedulers with a
     * closed form override it.
     */
    default double timeOfSnr(double snr) {
        if (!(snr > 0)) {
            return 0.0;
        }
        if (Double.isInfinite(snr)) {
            return 1.0;
        }
        double lo = 0;
        double hi = 1;
        for (int i = 0; i < 60; i++) {
            double mid = 0.5 * (lo + hi);
            if (alpha(mid) < snr * sigma(mid)) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return 0.5 * (lo + hi);
    }

    /** A short description with parameters, e.g. {@code "cosine"} or {@code "polynomial(n=2.0)"}. */
    String description();
}
