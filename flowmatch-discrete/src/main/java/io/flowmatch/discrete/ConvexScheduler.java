package io.flowmatch.discrete;

/**
 * The "how fast" of a mixture probability path: kappa(t), the probability that a token of x_t
 * is already the data's token x1 (otherwise it is still the source's x0). The path is the convex
 * combination p_t(x | x0, x1) = kappa(t) delta(x1) + (1 - kappa(t)) delta(x0), per position.
 *
 * <p>kappa must increase from kappa(0) = 0 to kappa(1) = 1 and be differentiable on (0, 1); the
 * jump rate of a token to its predicted data value is kappa'(t) / (1 - kappa(t)), which must be
 * finite for t &lt; 1. Implementations are immutable. See {@link ConvexSchedulers}.
 */
public interface ConvexScheduler {

    /** kappa(t) for t in [0, 1]. */
    double kappa(double t);

    /** d kappa / dt at t in [0, 1]. */
    double kappaDerivative(double t);

    /**
     * The rate kappa'(t) / (1 - kappa(t)) at which a token not yet at its data value jumps to it
     * (infinite at t = 1).
     */
    default double jumpRate(double t) {
        double k = kappa(t);
        return k >= 1 ? Double.POSITIVE_INFINITY : kappaDerivative(t) / (1 - k);
    }

    /** The text form, read back by {@link ConvexSchedulers#parse(String)}, e.g. {@code polynomial(n=2.0)}. */
    String description();
}
