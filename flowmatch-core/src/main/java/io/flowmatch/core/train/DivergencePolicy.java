package io.flowmatch.core.train;

import java.util.Locale;

/**
 * What training does when a step's loss or gradient is NaN or infinite: {@link #stop()} (the
 * default) ends training with a {@link TrainingDivergedException} naming the step, the model
 * keeping the weights of the last good step; {@link #skipAndLowerLearningRate} drops that step's
 * update, multiplies the learning rate by a factor for the rest of the run, and goes on, up to a
 * number of such steps. Immutable.
 */
public final class DivergencePolicy {

    private static final DivergencePolicy STOP = new DivergencePolicy(1.0, 0);

    private final double learningRateFactor;
    private final int maxSkips;

    private DivergencePolicy(double learningRateFactor, int maxSkips) {
        this.learningRateFactor = learningRateFactor;
        this.maxSkips = maxSkips;
    }

    /** Stop at the first diverging step (the default). */
    public static DivergencePolicy stop() {
        return STOP;
    }

    /**
     * Skip a diverging step (no update, the next step draws a new batch) and multiply the
     * learning rate by {@code factor} from then on; stop as {@link #stop()} does at the
     * {@code maxSkips + 1}-th diverging step.
     *
     * @param factor   the learning-rate factor per skipped step, in [0.01, 1)
     * @param maxSkips how many steps may be skipped in the whole run, 1 to 100
     * @throws IllegalArgumentException if either is out of range
     */
    public static DivergencePolicy skipAndLowerLearningRate(double factor, int maxSkips) {
        if (!(factor >= 0.01 && factor < 1)) {
            throw new IllegalArgumentException("learning-rate factor must be in [0.01, 1), got " + factor);
        }
        if (maxSkips < 1 || maxSkips > 100) {
            throw new IllegalArgumentException("maximum skipped steps must be in [1, 100], got " + maxSkips);
        }
        return new DivergencePolicy(factor, maxSkips);
    }

    /** Whether diverging steps may be skipped. */
    public boolean skips() {
        return maxSkips > 0;
    }

    /** The learning-rate factor applied per skipped step (1 for {@link #stop()}). */
    public double learningRateFactor() {
        return learningRateFactor;
    }

    /** How many steps may be skipped in a run (0 for {@link #stop()}). */
    public int maxSkips() {
        return maxSkips;
    }

    /** {@code "stop"} or e.g. {@code "skip(lr_factor=0.5, max=10)"}. */
    public String description() {
        return skips() ? String.format(Locale.ROOT, "skip(lr_factor=%s, max=%d)", learningRateFactor, maxSkips) : "stop";
    }

    /**
     * Parses {@link #description()}'s form: {@code stop}, {@code skip(lr_factor=0.5, max=10)}
     * (also {@code skip:0.5,10}).
     *
     * @throws IllegalArgumentException naming the text for anything else
     */
    public static DivergencePolicy parse(String text) {
        io.flowmatch.core.internal.SpecText spec = io.flowmatch.core.internal.SpecText.parse(text, "divergence policy");
        switch (spec.name()) {
            case "stop":
                spec.allowOnly();
                return stop();
            case "skip": {
                spec.allowOnly("lr_factor", "max");
                double max = spec.number("max", 1);
                if (max != Math.rint(max)) {
                    throw new IllegalArgumentException("maximum skips must be whole in '" + text + "'");
                }
                return skipAndLowerLearningRate(spec.number("lr_factor", 0), (int) max);
            }
            default:
                throw new IllegalArgumentException("unknown divergence policy '" + text
                        + "' (expected stop or skip(lr_factor=F, max=N))");
        }
    }

    @Override
    public String toString() {
        return description();
    }
}
