package io.flowmatch.core.train;

import io.flowmatch.core.internal.SpecText;

/**
 * The learning-rate schedules: {@link #constant()} (the shared loop's default), {@link #cosine(double)}
 * (continuous flows' default, with minimum 0),
 * {@link #warmup(long, LearningRateSchedule)}, and {@link #parse} for their text form. The same
 * schedules are reachable as {@code LearningRateSchedule.cosine(..)} and so on.
 */
public final class LearningRateSchedules {

    private LearningRateSchedules() {
    }

    /** The constant rate. */
    public static LearningRateSchedule constant() {
        return LearningRateSchedule.constant();
    }

    /** Cosine decay from the base rate at step 1 to {@code minFactor} (in [0, 1]) times it at the last step. */
    public static LearningRateSchedule cosine(double minFactor) {
        return LearningRateSchedule.cosine(minFactor);
    }

    /** A linear warm-up over {@code warmupSteps} steps, then {@code after}. */
    public static LearningRateSchedule warmup(long warmupSteps, LearningRateSchedule after) {
        return LearningRateSchedule.warmup(warmupSteps, after);
    }

    /**
     * {@code schedule} with its warm-up replaced: a linear warm-up over {@code warmupSteps} steps
     * in front of what follows the schedule's own warm-up (or of the whole schedule if it has
     * none); with 0 steps, that part alone. For the command line's {@code --warmup}.
     */
    public static LearningRateSchedule withWarmup(long warmupSteps, LearningRateSchedule schedule) {
        if (schedule == null) {
            throw new IllegalArgumentException("schedule must not be null");
        }
        if (warmupSteps < 0) {
            throw new IllegalArgumentException("warm-up steps must not be negative, got " + warmupSteps);
        }
        LearningRateSchedule after = schedule instanceof WarmupSchedule w ? w.after() : schedule;
        return warmupSteps == 0 ? after : warmup(warmupSteps, after);
    }

    /**
     * Parses a command-line name or a description: {@code constant}, {@code cosine},
     * {@code cosine:MIN}, {@code cosine(min=0.05)}, {@code warmup(200, cosine(min=0.0))},
     * {@code warmup:200} (then constant). {@code parse(s.description())} behaves as {@code s}.
     *
     * @throws IllegalArgumentException naming the text for an unknown name, a bad number, or a
     *                                  custom schedule's description ("custom")
     */
    public static LearningRateSchedule parse(String text) {
        SpecText spec = SpecText.parse(text, "learning-rate schedule");
        switch (spec.name()) {
            case "constant":
                spec.allowOnly();
                return constant();
            case "cosine":
                spec.allowOnly("min");
                return cosine(spec.number("min", 0, 0.0));
            case "warmup": {
                if (spec.positional().isEmpty() || spec.arity() > 2 || !spec.named().isEmpty()) {
                    throw new IllegalArgumentException("bad schedule '" + text
                            + "': expected warmup(STEPS, SCHEDULE) or warmup:STEPS");
                }
                double steps = spec.number("steps", 0);
                if (steps != Math.rint(steps)) {
                    throw new IllegalArgumentException("warm-up steps must be whole in '" + text + "'");
                }
                LearningRateSchedule after = spec.positional().size() > 1 ? parse(spec.positional().get(1)) : constant();
                return warmup((long) steps, after);
            }
            default:
                throw new IllegalArgumentException("unknown learning-rate schedule '" + text
                        + "' (expected constant, cosine[:MIN] or warmup(STEPS, SCHEDULE))");
        }
    }
}
