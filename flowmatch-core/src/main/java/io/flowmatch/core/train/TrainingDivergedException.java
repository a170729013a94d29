package io.flowmatch.core.train;

/**
 * Thrown when the loss becomes NaN or infinite; the message names the step. The model keeps the
 * parameters of the last step whose loss was finite only if the caller saved them: the trainer
 * stops before applying the non-finite gradient.
 */
public final class TrainingDivergedException extends IllegalStateException {

    private static final long serialVersionUID = 1L;
    private final long step;

    TrainingDivergedException(long step, double loss) {
        super("training diverged at step " + step + ": loss is " + loss
                + " (try a lower learning rate, gradient clipping, or normalising the data)");
        this.step = step;
    }

    /** The step whose loss was not finite. */
    public long step() {
        return step;
    }
}
