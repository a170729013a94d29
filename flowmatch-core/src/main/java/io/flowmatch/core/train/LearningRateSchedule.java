package io.flowmatch.core.train;

/**
 * The learning rate as a function of the optimizer step: a factor in [0, 1] applied to the base
 * rate. Implementations are immutable.
 */
@FunctionalInterface
public interface LearningRateSchedule {

    /**
     * The factor for step {@code step} (1-based) of {@code totalSteps}.
     */
    double factor(long step, long totalSteps);

    /** A short description, e.g. {@code "cosine(min=0.0)"}. */
    default String description() {
        return "custom";
    }

    /** The constant rate (the shared loop's default; continuous flows decay by a cosine, see {@code Recipe}). */
    static LearningRateSchedule constant() {
        return new LearningRateSchedule() {
            @Override
            public double factor(long step, long totalSteps) {
                return 1.0;
            }

            @Override
            public String description() {
                return "constant";
            }
        };
    }

    /**
     * Cosine decay from the base rate at step 1 to {@code minFactor} times it at the last step.
     *
     * @param minFactor the final factor, in [0, 1]
     */
    static LearningRateSchedule cosine(double minFactor) {
        if (!(minFactor >= 0 && minFactor <= 1)) {
            throw new IllegalArgumentException("cosine minimum factor must be in [0, 1], got " + minFactor);
        }
        return new LearningRateSchedule() {
            @Override
            public double factor(long step, long totalSteps) {
                double progress = totalSteps <= 1 ? 1.0 : (double) (step - 1) / (totalSteps - 1);
                return minFactor + (1 - minFactor) * 0.5 * (1 + Math.cos(Math.PI * Math.min(1.0, progress)));
            }

            @Override
            public String description() {
                return "cosine(min=" + minFactor + ")";
            }
        };
    }

    /**
     * A linear warm-up from 1/warmupSteps of the rate to the full rate over the first
     * {@code warmupSteps} steps, then {@code after} on the remaining steps (which it sees counted
     * from 1).
     */
    static LearningRateSchedule warmup(long warmupSteps, LearningRateSchedule after) {
        if (warmupSteps < 0) {
            throw new IllegalArgumentException("warm-up steps must not be negative, got " + warmupSteps);
        }
        if (after == null) {
            throw new IllegalArgumentException("the schedule after warm-up must not be null");
        }
        return new WarmupSchedule(warmupSteps, after);
    }
}
