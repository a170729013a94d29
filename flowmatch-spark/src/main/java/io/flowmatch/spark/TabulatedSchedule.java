package io.flowmatch.spark;

import io.flowmatch.core.train.LearningRateSchedule;
import java.io.Serializable;

/**
 * A learning-rate schedule evaluated once on the driver for every step of a run, so that any
 * schedule (the built-in ones are not {@link Serializable}) can travel to the executors and give
 * there exactly the factors it gives on one machine.
 */
final class TabulatedSchedule implements LearningRateSchedule, Serializable {

    /** The most steps tabulated (8 MB of factors); longer runs need a Serializable schedule. */
    static final long MAX_STEPS = 1L << 20;

    private static final long serialVersionUID = 1L;

    private final double[] factors;
    private final String description;

    private TabulatedSchedule(double[] factors, String description) {
        this.factors = factors;
        this.description = description;
    }

    /**
     * {@code schedule} itself if it is {@link Serializable}, otherwise its factors for steps
     * 1..{@code totalSteps}.
     *
     * @throws IllegalArgumentException if a non-serializable schedule has more than
     *                                  {@link #MAX_STEPS} steps to tabulate
     */
    static LearningRateSchedule portable(LearningRateSchedule schedule, long totalSteps) {
        if (schedule instanceof Serializable) {
            return schedule;
        }
        if (totalSteps > MAX_STEPS) {
            throw new IllegalArgumentException("the schedule " + schedule.description() + " is not Serializable and "
                    + totalSteps + " steps are too many to tabulate (at most " + MAX_STEPS
                    + "); pass a schedule that implements java.io.Serializable");
        }
        double[] factors = new double[(int) totalSteps];
        for (int k = 0; k < factors.length; k++) {
            factors[k] = schedule.factor(k + 1, totalSteps);
        }
        return new TabulatedSchedule(factors, schedule.description());
    }

    @Override
    public double factor(long step, long totalSteps) {
        if (totalSteps != factors.length || step < 1 || step > factors.length) {
            throw new IllegalArgumentException("tabulated for steps 1.." + factors.length + ", asked for step "
                    + step + " of " + totalSteps);
        }
        return factors[(int) (step - 1)];
    }

    @Override
    public String description() {
        return description;
    }
}
