package io.flowmatch.discrete;

import java.util.Arrays;
import java.util.Locale;

/**
 * How a {@link DiscreteFlowModel} samples: the discrete Euler method of Gat et al. (2024) on a
 * uniform grid of {@link #steps()} steps over [0, 1], optionally with a corrector.
 *
 * <p>At time t, with step h, each token x of a sequence jumps to a token y != x with probability
 * h u_t(y, x), where for the mixture path and the network's posterior p = p(x1 | x_t)
 * <pre>
 * u_t(y, x) = a(t) p(y) + beta [kappa(t) p(y) + (1 - kappa(t)) p0(y)],   a(t) = kappa'(t) / (1 - kappa(t)),
 * </pre>
 * the first term the probability velocity that carries the source to the data and the second,
 * with strength beta = {@link #corrector()}, a divergence-free term (it leaves the marginals of
 * the path unchanged: jumps back towards the source, e.g. re-masking, and forward again) that
 * corrects earlier mistakes. The jump probabilities are valid while h (a(t) + beta) &lt;= 1: a
 * step where that fails is split into smaller ones, so the number of network evaluations can
 * exceed {@link #steps()} (for kappa = t^n with n &gt;= 1 and no corrector it never fails, as
 * convexity gives h a(t) &lt;= 1 on a grid that ends at 1). The last step replaces every token
 * not yet known (every masked token; every token for the uniform source) by a draw from the
 * posterior, so no mask token is left at t = 1. Immutable.
 */
public final class DiscreteSampler {

    /** At most this many sub-steps per grid step when the rate limit splits steps. */
    static final int MAX_SPLIT = 1_000;

    private final int steps;
    private final double corrector;

    private DiscreteSampler(int steps, double corrector) {
        this.steps = steps;
        this.corrector = corrector;
    }

    /**
     * Discrete Euler with {@code steps} steps and no corrector.
     *
     * @throws IllegalArgumentException for fewer than 1 step
     */
    public static DiscreteSampler euler(int steps) {
        if (steps < 1) {
            throw new IllegalArgumentException("sampler steps must be positive, got " + steps);
        }
        return new DiscreteSampler(steps, 0);
    }

    /**
     * This sampler with a divergence-free corrector of strength {@code beta} (jump rate, per unit
     * time; 0 switches it off). Steps split while h (a(t) + beta) &gt; 1, so a strong corrector
     * costs network evaluations.
     *
     * @throws IllegalArgumentException for a negative or non-finite strength
     */
    public DiscreteSampler withCorrector(double beta) {
        if (!(beta >= 0) || Double.isInfinite(beta)) {
            throw new IllegalArgumentException("corrector strength must be finite and non-negative, got " + beta);
        }
        return new DiscreteSampler(steps, beta);
    }

    /** Steps of the uniform grid over [0, 1]. */
    public int steps() {
        return steps;
    }

    /** The corrector's strength beta (0: none). */
    public double corrector() {
        return corrector;
    }

    /**
     * The times the sampler evaluates the network at, followed by 1: the uniform grid of
     * {@link #steps()} steps, every step but the last split where h (a(t) + beta) would exceed 1.
     *
     * @throws IllegalArgumentException if the rate is infinite or not a number before t = 1, or
     *                                  a step would need more than {@value #MAX_SPLIT} splits
     */
    public double[] timeGrid(ConvexScheduler scheduler) {
        double[] grid = new double[steps + 1];
        int size = 0;
        grid[size++] = 0.0;
        for (int k = 1; k < steps; k++) {
            double target = (double) k / steps;
            double t = grid[size - 1];
            int splits = 0;
            while (t < target) {
                double rate = scheduler.jumpRate(t) + corrector;
                if (!(rate >= 0) || Double.isInfinite(rate)) {
                    throw new IllegalArgumentException("the jump rate of " + scheduler.description() + " at t = " + t
                            + " is " + rate + ": the Euler sampler needs a finite rate before t = 1");
                }
                double h = target - t;
                if (rate * h > 1) {
                    h = 1 / rate;
                    if (++splits > MAX_SPLIT) {
                        throw new IllegalArgumentException("the step ending at t = " + target + " needs more than "
                                + MAX_SPLIT + " splits to keep jump probabilities valid: use more steps or a weaker corrector");
                    }
                }
                t = t + h >= target || splits == MAX_SPLIT ? target : t + h;
                if (size + 1 >= grid.length) {
                    grid = Arrays.copyOf(grid, grid.length * 2);
                }
                grid[size++] = t;
            }
        }
        if (size + 1 > grid.length) {
            grid = Arrays.copyOf(grid, size + 1);
        }
        grid[size++] = 1.0;
        return Arrays.copyOf(grid, size);
    }

    /** The text form, e.g. {@code euler(steps=64, corrector=0.0)}. */
    public String description() {
        return String.format(Locale.ROOT, "euler(steps=%d, corrector=%s)", steps, corrector);
    }

    @Override
    public String toString() {
        return description();
    }
}
