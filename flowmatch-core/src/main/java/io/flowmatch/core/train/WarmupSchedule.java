package io.flowmatch.core.train;

/**
 * The linear warm-up of {@link LearningRateSchedule#warmup(long, LearningRateSchedule)}: from
 * 1/steps of the rate to the full rate over the first {@code steps} steps, then {@code after}
 * on the remaining steps (which it sees counted from 1). A record so that
 * {@link LearningRateSchedules#withWarmup(long, LearningRateSchedule)} can replace the warm-up
 * of a schedule.
 */
record WarmupSchedule(long steps, LearningRateSchedule after) implements LearningRateSchedule {

    @Override
    public double factor(long step, long totalSteps) {
        if (step <= steps) {
            return (double) step / steps;
        }
        return after.factor(step - steps, Math.max(1, totalSteps - steps));
    }

    @Override
    public String description() {
        return "warmup(" + steps + ", " + after.description() + ")";
    }
}
